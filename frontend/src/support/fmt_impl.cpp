// fmt's out-of-line functions (vformat, vprint, format_error, ...), compiled
// into our binaries instead of loading libfmt.so; see the wasmaot-fmt target
// in cmake/Dependencies.cmake. Without FMT_HEADER_ONLY, format-inl.h defines
// them as ordinary external functions: this is what fmt's own format.cc does
// for the functions our code calls.
#include <fmt/format-inl.h>

FMT_BEGIN_NAMESPACE
namespace detail {
// The templates format.h declares but only the library instantiates.
template FMT_API auto thousands_sep_impl(locale_ref)
    -> thousands_sep_result<char>;
template FMT_API auto decimal_point_impl(locale_ref) -> char;
template FMT_API locale_ref::locale_ref(const std::locale &);
template FMT_API auto locale_ref::get<std::locale>() const -> std::locale;
} // namespace detail
FMT_END_NAMESPACE
