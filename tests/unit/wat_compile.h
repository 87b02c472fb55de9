// For codegen_* unit tests: assemble WebAssembly text with wabt's wat2wasm
// at test time and compile it to an artifact with codegen, so a test can
// state its module in a few readable lines. Tests skip without wat2wasm.
#pragma once

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::test {

inline bool haveWat2Wasm() {
  static bool Have = std::system("wat2wasm --version >/dev/null 2>&1") == 0;
  return Have;
}

#define NEED_WAT2WASM()                                                        \
  if (!::wasmaot::test::haveWat2Wasm())                                        \
  GTEST_SKIP() << "wat2wasm (wabt) not installed"

/// Assembles \p Wat (with its names, for backtraces) and compiles it to
/// artifact bytes; empty (and a test failure) if either step fails.
inline std::vector<uint8_t> compileWat(const std::string &Wat,
                                       codegen::CompileOptions O = {}) {
  namespace fs = std::filesystem;
  static std::atomic<int> N{0};
  fs::path Dir = fs::temp_directory_path() /
                 ("wasmaot-wat-" + std::to_string(::getpid()) + "-" +
                  std::to_string(N++));
  fs::create_directories(Dir);
  std::string Base = (Dir / "m").string();
  std::ofstream(Base + ".wat") << Wat;
  std::string Cmd =
      "wat2wasm --debug-names " + Base + ".wat -o " + Base + ".wasm";
  EXPECT_EQ(std::system(Cmd.c_str()), 0) << Cmd;
  std::ifstream In(Base + ".wasm", std::ios::binary);
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)), {});
  fs::remove_all(Dir);
  auto M = frontend::readModule(Bytes);
  EXPECT_TRUE(M) << M.error().Message;
  if (!M)
    return {};
  EXPECT_TRUE(frontend::validateModule(*M));
  auto So = codegen::compileModule(*M, O);
  EXPECT_TRUE(So) << So.error().Message;
  return So ? std::move(*So) : std::vector<uint8_t>{};
}

} // namespace wasmaot::test
