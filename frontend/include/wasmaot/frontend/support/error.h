// Errors as values. Every frontend error carries the absolute byte offset in
// the input where it was found, so the CLI can print `file:0xOFF: error: ...`.
// Libraries never throw; fallible functions return Expected<T>.
#pragma once

#include <cassert>
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

namespace wasmaot {

enum class ErrorKind : uint8_t {
  Malformed,   ///< bytes are not a well-formed binary (spec: "malformed")
  Invalid,     ///< well-formed but fails validation (spec: "invalid")
  Unsupported, ///< valid but uses a feature that is disabled or not built
  Limit,       ///< exceeds an implementation limit
  Link,        ///< imports cannot be satisfied
  Io,          ///< the file system said no
  Internal,    ///< a bug reported as an error rather than a crash
};

const char *errorKindName(ErrorKind K);

struct Error {
  static constexpr uint64_t kNoOffset = ~uint64_t(0);

  ErrorKind Kind = ErrorKind::Internal;
  uint64_t Offset = kNoOffset;
  std::string Message;
  std::vector<std::string> Notes;

  bool hasOffset() const { return Offset != kNoOffset; }

  /// `FILE:0xOFF: error: MESSAGE` followed by `FILE: note: ...` lines; no
  /// trailing newline.
  std::string format(std::string_view File) const;
};

template <typename... Args>
Error makeError(ErrorKind K, uint64_t Offset, fmt::format_string<Args...> F,
                Args &&...A) {
  return Error{K, Offset, fmt::format(F, std::forward<Args>(A)...), {}};
}

/// A value or an Error. Cheap to move; check with `if (!E)` and take the
/// error with `E.error()` / `E.takeError()`.
template <typename T> class [[nodiscard]] Expected {
public:
  Expected(T V) : Storage(std::in_place_index<0>, std::move(V)) {}
  Expected(Error E) : Storage(std::in_place_index<1>, std::move(E)) {}

  explicit operator bool() const { return Storage.index() == 0; }
  T &operator*() { return check(), std::get<0>(Storage); }
  const T &operator*() const { return check(), std::get<0>(Storage); }
  T *operator->() { return &**this; }
  const T *operator->() const { return &**this; }
  const Error &error() const {
    assert(!*this);
    return std::get<1>(Storage);
  }
  Error takeError() { return std::move(std::get<1>(Storage)); }

private:
  void check() const { assert(Storage.index() == 0 && "unchecked Expected"); }
  std::variant<T, Error> Storage;
};

template <> class [[nodiscard]] Expected<void> {
public:
  Expected() = default;
  Expected(Error E) : Err(std::move(E)), Failed(true) {}
  explicit operator bool() const { return !Failed; }
  const Error &error() const {
    assert(Failed);
    return Err;
  }
  Error takeError() { return std::move(Err); }

private:
  Error Err;
  bool Failed = false;
};

using Status = Expected<void>;

#define WASMAOT_TRY(Expr)                                                      \
  do {                                                                         \
    if (auto Status_ = (Expr); !Status_)                                       \
      return Status_.takeError();                                              \
  } while (0)

#define WASMAOT_UNREACHABLE(Msg)                                               \
  do {                                                                         \
    assert(false && Msg);                                                      \
    __builtin_unreachable();                                                   \
  } while (0)

} // namespace wasmaot
