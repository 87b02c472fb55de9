// CLI11 without <iostream>'s start-up cost. <CLI/CLI.hpp> includes
// <iostream>, and with libstdc++ every translation unit that does gets a
// static std::ios_base::Init, which constructs the eight standard streams
// and the classic locale's facets before main: measured at about a third of
// the CLI's own start-up work in `wasmaot run hello.so` (bench/startup.sh).
// The plain run path never touches a standard stream, so the streams are
// declared here and constructed on first need by initIostreams(), which
// every path into CLI11 calls first (main.cpp).
#pragma once

#include <istream>
#include <ostream>

#if defined(__GLIBCXX__) && !defined(_GLIBCXX_IOSTREAM)
#define _GLIBCXX_IOSTREAM 1
namespace std {
extern istream cin;
extern ostream cout;
extern ostream cerr;
extern ostream clog;
} // namespace std
#define WASMAOT_LAZY_IOSTREAMS 1
#endif

#include <CLI/CLI.hpp>

namespace wasmaot::cli {

/// Constructs std::cout, std::cerr, ... (idempotent). Call before CLI11 may
/// print anything.
void initIostreams();

} // namespace wasmaot::cli
