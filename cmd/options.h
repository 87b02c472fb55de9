// What each subcommand of `wasmaot` takes (its options, as parsed) and the
// function that runs it (cmd_<name>.cpp). The command-line syntax, help and
// checks of the options are in cli.cpp, the one translation unit that
// includes CLI11: CLI11 constructs a dozen validator objects in every file
// that includes it, before main, and `wasmaot run hello.so` needs none of
// them (bench/startup.sh).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace wasmaot::cli {

/// Code generation (-O, --bounds-checks, ...): `compile`, and `run` and
/// `serve` when they compile a .wasm.
struct CodegenFlags {
  unsigned OptLevel = 2;
  std::string Bounds = "guard";
  bool StrictGuardLoads = false;
  bool EpochInterruption = false;
};

struct ValidateOptions {
  std::vector<std::string> Files;
  bool Verbose = false;
  unsigned Jobs = 0;
};

struct InspectOptions {
  std::string File;
  bool Json = false;
  bool ListFunctions = false;
  bool NoValidate = false;
};

struct RunOptions {
  std::string File;
  std::string Invoke;
  std::vector<std::string> Args;
  std::vector<std::string> Dirs; ///< HOST[::GUEST][:ro]
  std::vector<std::string> Envs; ///< K=V or K
  bool DenyClocks = false;
  bool DenyRandom = false;
  bool InheritNetwork = false;    ///< WASI 0.2 wasi:sockets
  bool AllowIpNameLookup = false; ///< WASI 0.2 ip-name-lookup
  uint64_t ReservationMiB = 0; ///< 0: the engine's default
  double TimeoutSeconds = 0;   ///< 0: none (run_timeout.h)
  std::string VerifyKey;       ///< --verify KEYFILE (artifact_sign.h)
  bool NoCache = false;
  bool Verbose = false;
#ifdef WASMAOT_HAVE_COMPILER
  CodegenFlags Codegen;
#endif
};

struct WitOptions {
  std::string Path;
  std::string World;
  bool Deps = false;
  bool NoDocs = false;
  bool Quiet = false;
};

struct BindgenOptions {
  std::string Path;
  std::string World;
  std::string Out;
  bool Cpp = false;
};

struct ServeOptions {
  std::string File;
  std::string Addr = "127.0.0.1:8080";
  double TimeoutSeconds = 0;
  uint64_t MaxMemoryMiB = 0; ///< 0: 4 GiB (the 32-bit maximum)
  unsigned Threads = 0;
  std::vector<std::string> Envs;
  uint64_t MaxBodyMiB = 16;
#ifdef WASMAOT_HAVE_COMPILER
  CodegenFlags Codegen;
#endif
};

struct ComposeOptions {
  std::string Socket;
  std::vector<std::string> Plugs;
  std::string Output;
  bool Verbose = false;
};

struct CompileCmdOptions {
  std::string Input;
  std::string Output;
  CodegenFlags Codegen;
  std::string EmitLLVM;
  unsigned Jobs = 0;
  std::string Target;
  std::string Cpu; ///< empty: native for the host, portable for --target
  std::string SignKey; ///< --sign KEYFILE (artifact_sign.h)
  bool Verbose = false;
};

int validateCommand(const ValidateOptions &Opts);
int inspectCommand(const InspectOptions &Opts);
int runCommand(const RunOptions &Opts);
int witCommand(const WitOptions &Opts);
int bindgenCommand(const BindgenOptions &Opts);
int serveCommand(const ServeOptions &Opts);
int composeCommand(const ComposeOptions &Opts);
#ifdef WASMAOT_HAVE_COMPILER
int compileCommand(const CompileCmdOptions &Opts);
#endif

} // namespace wasmaot::cli
