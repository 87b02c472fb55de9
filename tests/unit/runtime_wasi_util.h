// Helpers for the WASI tests: compile a C guest from tests/wasi/guests/ with
// clang-19 --target=wasm32-wasi at test time, compile that with codegen,
// run `_start` through a WasiCtx with stdout/stderr captured in temp files,
// and snapshot host directory trees to prove nothing outside changed.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"
#include "wasmaot/runtime/runtime.h"
#include "wasmaot/runtime/wasi.h"

namespace wasmaot::runtime::wasitest {

namespace fs = std::filesystem;

inline Engine &engine() {
  static Engine E;
  return E;
}

inline std::string readAll(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  std::stringstream S;
  S << In.rdbuf();
  return S.str();
}

inline void writeFile(const fs::path &P, const std::string &Text) {
  std::ofstream(P, std::ios::binary) << Text;
}

/// A fresh directory under $TMPDIR, removed at destruction.
struct TempDir {
  fs::path Path;
  TempDir() {
    std::string T = (fs::temp_directory_path() / "wasmaot-wasi-XXXXXX").string();
    Path = mkdtemp(T.data());
  }
  ~TempDir() {
    std::error_code EC;
    fs::remove_all(Path, EC);
  }
};

/// Whether clang-19 can build wasm32-wasi guests here.
inline bool haveWasiClang() {
  static const bool Have =
      std::system("clang-19 --version >/dev/null 2>&1") == 0 &&
      fs::exists("/usr/lib/wasm32-wasi/libc.a");
  return Have;
}

/// tests/wasi/guests/NAME.c → .wasm → artifact → Module (cached).
inline std::shared_ptr<Module> guest(const std::string &Name) {
  static std::map<std::string, std::shared_ptr<Module>> Cache;
  static TempDir Build;
  if (auto It = Cache.find(Name); It != Cache.end())
    return It->second;
  std::string Src =
      std::string(WASMAOT_SOURCE_DIR) + "/tests/wasi/guests/" + Name + ".c";
  std::string Wasm = (Build.Path / (Name + ".wasm")).string();
  std::string Cmd = "clang-19 --target=wasm32-wasi --sysroot=/usr -O2 " + Src +
                    " -o " + Wasm;
  EXPECT_EQ(std::system(Cmd.c_str()), 0) << Cmd;
  std::string Bytes = readAll(Wasm);
  auto M = frontend::readModule(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t *>(Bytes.data()), Bytes.size()));
  EXPECT_TRUE(M) << (M ? "" : M.error().Message);
  if (!M)
    return nullptr;
  auto V = frontend::validateModule(*M);
  EXPECT_TRUE(V) << (V ? "" : V.error().Message);
  auto So = codegen::compileModule(*M, {});
  EXPECT_TRUE(So) << (So ? "" : So.error().Message);
  if (!So)
    return nullptr;
  auto Mod = Module::loadBytes(engine(), *So, Name);
  EXPECT_TRUE(Mod) << (Mod ? "" : Mod.error().Message);
  if (!Mod)
    return nullptr;
  return Cache[Name] = *Mod;
}

struct RunResult {
  int32_t Status = -1;  ///< exit status (0 when _start returns)
  std::string Out, Err; ///< captured stdout, stderr
  std::optional<Trap> TrapValue;
};

/// Runs guest \p Name with \p C plus captured stdio (stdin from \p Stdin).
inline RunResult run(const std::string &Name, WasiConfig C,
                     const std::string &Stdin = "", bool Stdio = true) {
  RunResult R;
  std::shared_ptr<Module> M = guest(Name);
  if (!M)
    return R;
  FILE *In = std::tmpfile(), *Out = std::tmpfile(), *Err = std::tmpfile();
  std::fputs(Stdin.c_str(), In);
  std::fflush(In);
  std::rewind(In);
  if (Stdio) {
    C.StdinFd = fileno(In);
    C.StdoutFd = fileno(Out);
    C.StderrFd = fileno(Err);
  }
  auto Ctx = WasiCtx::create(C);
  EXPECT_TRUE(Ctx) << (Ctx ? "" : Ctx.error().Message);
  if (Ctx) {
    Store S(engine());
    Linker L(engine());
    defineWasi(L, **Ctx);
    Outcome<Instance *> I = L.instantiate(S, *M);
    EXPECT_TRUE(I.ok()) << I.message();
    if (I.ok()) {
      Outcome<int32_t> St = runWasiStart(**I);
      if (St.ok())
        R.Status = *St;
      else if (St.isTrap())
        R.TrapValue = St.takeTrap();
      else
        ADD_FAILURE() << St.message();
    }
  }
  auto Slurp = [](FILE *F) {
    std::string S;
    char Buf[4096];
    size_t N;
    std::rewind(F);
    while ((N = std::fread(Buf, 1, sizeof(Buf), F)) > 0)
      S.append(Buf, N);
    std::fclose(F);
    return S;
  };
  R.Out = Slurp(Out);
  R.Err = Slurp(Err);
  std::fclose(In);
  return R;
}

/// Every entry below \p Root: type, size, mtime, link target, contents.
inline std::string snapshot(const fs::path &Root) {
  std::vector<std::string> Lines;
  for (auto It = fs::recursive_directory_iterator(Root);
       It != fs::recursive_directory_iterator(); ++It) {
    struct stat St;
    lstat(It->path().c_str(), &St);
    std::ostringstream S;
    S << fs::relative(It->path(), Root).string() << " mode=" << St.st_mode
      << " size=" << St.st_size << " nlink=" << St.st_nlink
      << " mtime=" << St.st_mtim.tv_sec << "." << St.st_mtim.tv_nsec;
    if (It->is_symlink())
      S << " -> " << fs::read_symlink(It->path()).string();
    else if (It->is_regular_file())
      S << " data=" << readAll(It->path());
    Lines.push_back(S.str());
  }
  std::sort(Lines.begin(), Lines.end());
  std::string All;
  for (const std::string &L : Lines)
    All += L + "\n";
  return All;
}

} // namespace wasmaot::runtime::wasitest
