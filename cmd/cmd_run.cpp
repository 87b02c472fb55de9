// `wasmaot run FILE [--dir ..] [--env ..] [--invoke NAME] [ARGS...]`: load
// an artifact — or compile a .wasm on the fly, through the artifact cache —
// instantiate it with WASI preview1 (capabilities only as granted: --dir,
// --env; stdio inherited; clocks and random unless denied), then run
// `_start` with ARGS as its argv, or call the export named by --invoke with
// ARGS parsed by its parameter types and print the results one per line
// (`i32:3`). A reactor's `_initialize` runs before --invoke. A trap prints
// `FILE: error: trap: MESSAGE` and a wasm backtrace to standard error and
// exits with kExitTrap. A component gets WASI 0.2 on the same capabilities
// and runs its wasi:cli/run (or --invoke). --timeout bounds the run
// (run_timeout.h), --verify admits only signed artifacts (artifact_sign.h).
// Owns the command line only:
// loading, linking and calling are the runtime's, compiling is codegen's.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "options.h"
#include <fmt/format.h>

#include "wasmaot/runtime/artifact_file.h"
#include "artifact_sign.h"
#include "commands.h"
#include "common.h"
#include "run_timeout.h"
#include "wasm_values.h"
#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/func.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/linker.h"
#include "wasmaot/runtime/module.h"
#include "wasmaot/runtime/store.h"
#include "wasmaot/runtime/wasi.h"
#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/component/wasi_p2.h"

#include <csignal>
#ifdef WASMAOT_HAVE_COMPILER
#include "artifact_cache.h"
#include "compile_flags.h"
#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/component.h"
#endif

namespace wasmaot::cli {

namespace {

using runtime::Val;

/// Prints a trap the documented way and returns the exit status for it.
int reportTrap(const std::string &File, const runtime::Trap &T) {
  if (T.Code == runtime::TrapCode::Exit)
    return T.ExitStatus;
  std::string Text = fmt::format(
      "{}: error: trap: {}{}\n", File, T.Message,
      T.Code == runtime::TrapCode::Interrupted ? " (--timeout expired)" : "");
  for (size_t I = 0; I < T.Frames.size(); ++I) {
    const runtime::TrapFrame &F = T.Frames[I];
    Text += fmt::format("  #{} func[{}]{}\n", I, F.FuncIndex,
                        F.FuncName.empty() ? "" : " $" + F.FuncName);
  }
  std::fwrite(Text.data(), 1, Text.size(), stderr);
  return kExitTrap;
}

int reportError(const std::string &File, const Error &E, int Status) {
  printError(File, E);
  return Status;
}

Error usageError(std::string Message, std::vector<std::string> Notes = {}) {
  return Error{ErrorKind::Io, Error::kNoOffset, std::move(Message),
               std::move(Notes)};
}

std::string typeList(const std::vector<frontend::ValType> &Ts) {
  std::string S;
  for (frontend::ValType T : Ts)
    S += (S.empty() ? "" : " ") + std::string(frontend::valTypeName(T));
  return "(" + S + ")";
}

/// Loads FILE (its \p Bytes): an artifact as is, a core module compiled
/// first. \p Mapped: FILE's mapping, if \p Bytes are that.
Expected<std::shared_ptr<runtime::Module>>
loadModule(runtime::Engine &E, const RunOptions &Opts,
           std::span<const uint8_t> Bytes, const runtime::MappedFile *Mapped) {
  switch (sniffFileKind(Bytes)) {
  case FileKind::Elf: {
    // Read (not mapped) bytes, as those of standard input or the verified
    // ones, are loaded as they are: the file may change meanwhile.
    auto M = Mapped ? runtime::Module::load(E, *Mapped, Opts.File)
                    : runtime::Module::loadBytes(E, Bytes, Opts.File);
    // The loader refuses an ELF file that is no artifact before dlopen
    // (which would run its initialisers); the artifact reader then says
    // where it went wrong. A sealed artifact that no longer parses is
    // damaged: the loader's message says so.
    if (!M)
      if (auto A = runtime::readArtifactFile(Bytes);
          !A && abi::checkSeal(Bytes).Status != abi::SealStatus::Mismatch)
        return A.takeError();
    return M;
  }
  case FileKind::CoreModule: {
#ifdef WASMAOT_HAVE_COMPILER
    auto M = readValidModule(Bytes, 0);
    if (!M)
      return M.takeError();
    CompileAndLoadOptions CO;
    CO.Compile = toCompileOptions(Opts.Codegen);
    CO.Compile.SourceName = Opts.File;
    CO.Compile.EpochInterruption |= Opts.TimeoutSeconds > 0;
    CO.UseCache = !Opts.NoCache;
    CO.Verbose = Opts.Verbose;
    return compileAndLoad(E, Bytes, *M, CO, Opts.File);
#else
    return Error{ErrorKind::Unsupported,
                 Error::kNoOffset,
                 "this wasmaot was built without the compiler: run an "
                 "artifact compiled by `wasmaot compile` instead",
                 {}};
#endif
  }
  case FileKind::Component:
  case FileKind::WasmText:
  case FileKind::Unknown:
    break;
  }
  // Let the frontend say what is wrong (with an offset and a note).
  auto M = readCoreModule(Bytes);
  if (!M)
    return M.takeError();
  return Error{ErrorKind::Malformed,
               0,
               "not a WebAssembly module or a wasmaot artifact",
               {}};
}

/// The arguments of --invoke, parsed by \p F's parameter types.
Expected<std::vector<Val>> parseArgs(const RunOptions &Opts,
                                     const runtime::Func &F) {
  const frontend::FuncType &T = F.type();
  if (Opts.Args.size() != T.Params.size())
    return usageError(fmt::format(
        "'{}' takes {} argument{} {} but {} {} given", Opts.Invoke,
        T.Params.size(), T.Params.size() == 1 ? "" : "s", typeList(T.Params),
        Opts.Args.size(), Opts.Args.size() == 1 ? "was" : "were"));
  std::vector<Val> Args;
  for (size_t I = 0; I < T.Params.size(); ++I) {
    auto V = parseVal(T.Params[I], Opts.Args[I]);
    if (!V) {
      Error E = V.takeError();
      E.Message =
          fmt::format("argument {} of '{}': {}", I + 1, Opts.Invoke, E.Message);
      E.Kind = ErrorKind::Io; // a usage error: exit 2
      return E;
    }
    Args.push_back(*V);
  }
  return Args;
}

std::vector<std::string> exportedFuncNames(const runtime::Instance &I) {
  std::vector<std::string> Names;
  for (const auto &[Name, Ext] : I.exports())
    if (Ext.Kind == frontend::ExternKind::Func)
      Names.push_back(quoteName(Name));
  return Names;
}

/// The WASI capabilities the command line grants (DESIGN.md: the CLI
/// inherits stdio and grants clocks and random unless denied; files and
/// environment only as given).
Expected<runtime::WasiConfig> wasiConfig(const RunOptions &Opts) {
  runtime::WasiConfig C;
  C.InheritStdio = true;
  C.AllowClocks = !Opts.DenyClocks;
  C.AllowRandom = !Opts.DenyRandom;
  C.InheritNetwork = Opts.InheritNetwork;
  C.AllowIpNameLookup = Opts.AllowIpNameLookup;
  if (Opts.Invoke.empty()) {
    C.Args.push_back(Opts.File);
    C.Args.insert(C.Args.end(), Opts.Args.begin(), Opts.Args.end());
  } else {
    C.Args.push_back(Opts.File);
  }
  for (const std::string &D : Opts.Dirs) {
    auto P = runtime::parseWasiDirSpec(D);
    if (!P)
      return P.takeError();
    C.Preopens.push_back(std::move(*P));
  }
  for (const std::string &E : Opts.Envs) {
    auto KV = runtime::parseWasiEnvSpec(E);
    if (!KV)
      return KV.takeError();
    C.Env.push_back(std::move(*KV));
  }
  return C;
}

namespace comp = runtime::component;

/// The exit status for an Outcome that holds a trap or an error (after
/// reporting it), or nothing when it holds a value.
template <typename T>
std::optional<int> failureStatus(const std::string &File,
                                 const runtime::Outcome<T> &O) {
  if (O.isTrap())
    return reportTrap(File, O.trap());
  if (O.isError())
    return reportError(File, O.error(), exitCodeFor(O.error().Kind));
  return std::nullopt;
}

/// Loads a component: an artifact as is, a binary component compiled first
/// (in memory).
Expected<std::shared_ptr<comp::Component>>
loadComponent(runtime::Engine &E, const RunOptions &Opts,
              std::span<const uint8_t> Bytes) {
  if (sniffFileKind(Bytes) == FileKind::Elf)
    return comp::Component::loadBytes(E, Bytes, Opts.File);
#ifdef WASMAOT_HAVE_COMPILER
  return compileComponentInMemory(E, Bytes, Opts.Codegen, Opts.File,
                                  Opts.TimeoutSeconds > 0);
#else
  return Error{ErrorKind::Unsupported, Error::kNoOffset,
               "this wasmaot was built without the compiler: run an "
               "artifact compiled by `wasmaot compile` instead",
               {}};
#endif
}

/// Runs a component with WASI 0.2 (the same capabilities as a module):
/// without --invoke, a command's wasi:cli/run#run (exit status 0 for ok,
/// 1 for err, N for wasi:cli/exit); with it, the named export.
int runComponent(const RunOptions &Opts, runtime::Engine &Engine,
                 std::span<const uint8_t> Bytes, runtime::WasiCtx &Wasi) {
  const std::string &File = Opts.File;
  auto C = loadComponent(Engine, Opts, Bytes);
  if (!C)
    return reportError(File, C.error(), exitCodeFor(C.error().Kind));
  std::optional<RunWatchdog> Watchdog;
  if (Opts.TimeoutSeconds > 0) {
    bool Epochs = true;
    for (size_t I = 0; I < (*C)->meta().Modules.size(); ++I)
      Epochs &= (*C)->module(uint32_t(I))->meta().EpochInterruption;
    Watchdog.emplace(Engine, Opts.TimeoutSeconds, Epochs, File);
  }
  std::string Exports;
  for (const auto &E : (*C)->meta().Exports)
    Exports += (Exports.empty() ? "" : ", ") + quoteName(E.Name);
  std::vector<std::string> ExportNote = {
      Exports.empty() ? "the component exports no functions"
                      : "exported functions: " + Exports};
  comp::ComponentLinker Linker;
  comp::defineWasiP2(Linker, Wasi);
  if (Opts.Invoke.empty()) {
    if (!comp::findWasiRun(**C))
      return reportError(File,
                         usageError("running a component needs --invoke "
                                    "'NAME(ARGS)' (it exports no "
                                    "wasi:cli/run)",
                                    ExportNote),
                         kExitUsage);
    runtime::Store Store(Engine);
    auto Inst = comp::ComponentInstance::instantiate(Store, *C, Linker);
    if (auto Rc = failureStatus(File, Inst))
      return *Rc;
    auto Status = comp::runWasiCommand(**Inst);
    if (auto Rc = failureStatus(File, Status))
      return *Rc;
    return *Status;
  }
  auto Call = comp::splitCall(Opts.Invoke);
  if (!Call)
    return reportError(File, usageError(Call.error().Message), kExitUsage);
  auto [Name, ArgText] = std::move(*Call);
  const comp::cabi::FuncType *T = (*C)->exportType(Name);
  if (!T)
    return reportError(
        File, usageError(fmt::format("no exported function {}", quoteName(Name)),
                         ExportNote),
        kExitUsage);
  // `--invoke 'f(1, "a")'` or `--invoke f 1 '"a"'`.
  if (ArgText.empty())
    for (const std::string &A : Opts.Args)
      ArgText += (ArgText.empty() ? "" : ", ") + A;
  else if (!Opts.Args.empty())
    return reportError(File,
                       usageError("give the arguments inside NAME(...) or "
                                  "after it, not both"),
                       kExitUsage);
  auto Args = comp::parseArgs(ArgText, T->Params);
  if (!Args)
    return reportError(File,
                       usageError(fmt::format("arguments of {}: {}",
                                              quoteName(Name),
                                              Args.error().Message)),
                       kExitUsage);
  runtime::Store Store(Engine);
  auto Inst = comp::ComponentInstance::instantiate(Store, *C, Linker);
  if (auto Rc = failureStatus(File, Inst))
    return *Rc;
  auto Results = (*Inst)->call(Name, *Args);
  if (auto Rc = failureStatus(File, Results))
    return *Rc;
  std::string Out;
  for (size_t I = 0; I < Results->size(); ++I)
    Out += comp::formatValue((*Results)[I], *T->Results[I]) + "\n";
  std::fwrite(Out.data(), 1, Out.size(), stdout);
  return kExitOk;
}

/// --verify KEYFILE: the exit status refusing anything but an artifact
/// signed with the key (after reporting why), or nothing.
std::optional<int> refuseUnverified(const RunOptions &Opts,
                                    std::span<const uint8_t> Bytes) {
  if (Opts.VerifyKey.empty())
    return std::nullopt;
  auto Key = readSigningKey(Opts.VerifyKey);
  if (!Key)
    return reportError(Opts.VerifyKey, Key.error(), kExitUsage);
  if (sniffFileKind(Bytes) != FileKind::Elf)
    return reportError(Opts.File,
                       Error{ErrorKind::Malformed, Error::kNoOffset,
                             "--verify runs only signed artifacts, and this "
                             "is not an artifact",
                             {}},
                       kExitFailed);
  if (Status S = runtime::verifyArtifactSignature(Bytes, *Key); !S)
    return reportError(Opts.File, S.error(), kExitFailed);
  return std::nullopt;
}

int runFile(const RunOptions &Opts) {
  const std::string &File = Opts.File;
  // A guest writing to a closed pipe gets EPIPE, not a dead host.
  std::signal(SIGPIPE, SIG_IGN);
  auto Config = wasiConfig(Opts);
  if (!Config)
    return reportError(File, usageError(Config.error().Message), kExitUsage);
  auto Wasi = runtime::WasiCtx::create(*Config);
  if (!Wasi)
    return reportError(File, Wasi.error(), exitCodeFor(Wasi.error().Kind));
  runtime::EngineConfig EC;
  if (Opts.ReservationMiB)
    EC.MemoryReservation = Opts.ReservationMiB << 20;
  // `run` instantiates each module once: copying its data segments costs
  // less than building the in-memory file a copy-on-write image needs
  // (which pays off from the second instance on, as in `serve`).
  EC.CopyOnWriteImages = false;
  // --timeout: every instance may run until the watchdog's one epoch tick.
  if (Opts.TimeoutSeconds > 0)
    EC.DefaultEpochDeadlineTicks = 1;
  runtime::Engine Engine(EC);
  // Read once. A regular file is mapped, and an artifact loaded from that
  // mapping; standard input (`-`), a file to --verify (which must not
  // change between the check and the load) and anything that cannot be
  // mapped are read.
  std::optional<runtime::MappedFile> Mapped;
  std::vector<uint8_t> ReadBytes;
  std::span<const uint8_t> Bytes;
  if (File != "-" && Opts.VerifyKey.empty())
    if (auto M = runtime::MappedFile::open(File);
        M && M->bytes().size() <= frontend::limits::kMaxModuleSize)
      Mapped = std::move(*M);
  if (Mapped) {
    Bytes = Mapped->bytes();
  } else {
    auto R = readFileBytes(File);
    if (!R)
      return reportError(File, R.error(), exitCodeFor(R.error().Kind));
    ReadBytes = std::move(*R);
    Bytes = ReadBytes;
  }
  if (auto Rc = refuseUnverified(Opts, Bytes))
    return *Rc;
  if (sniffFileKind(Bytes) == FileKind::Component ||
      (sniffFileKind(Bytes) == FileKind::Elf &&
       comp::isComponentArtifact(Bytes)))
    return runComponent(Opts, Engine, Bytes, **Wasi);
  auto Mod = loadModule(Engine, Opts, Bytes, Mapped ? &*Mapped : nullptr);
  if (!Mod)
    return reportError(File, Mod.error(), exitCodeFor(Mod.error().Kind));
  // The deadline counts from here: instantiation (start function) included,
  // loading and compiling not.
  std::optional<RunWatchdog> Watchdog;
  if (Opts.TimeoutSeconds > 0)
    Watchdog.emplace(Engine, Opts.TimeoutSeconds,
                     (*Mod)->meta().EpochInterruption, File);
  runtime::Store Store(Engine);
  runtime::Linker Linker(Engine);
  runtime::defineWasi(Linker, **Wasi);
  auto Inst = Linker.instantiate(Store, **Mod);
  if (Inst.isError())
    return reportError(File, Inst.error(), exitCodeFor(Inst.error().Kind));
  if (Inst.isTrap())
    return reportTrap(File, Inst.trap());

  if (Opts.Invoke.empty() && (*Inst)->getFunc("_start")) {
    auto Status = runtime::runWasiStart(**Inst);
    if (Status.isTrap())
      return reportTrap(File, Status.trap());
    if (Status.isError())
      return reportError(File, Status.error(),
                         exitCodeFor(Status.error().Kind));
    return exitNow(*Status);
  }
  // A WASI reactor initialises itself before its exports are called.
  if (std::optional<runtime::Func> Init = (*Inst)->getFunc("_initialize");
      Init && !Opts.Invoke.empty()) {
    auto R = Init->call(std::span<const Val>());
    if (R.isTrap())
      return reportTrap(File, R.trap());
    if (R.isError())
      return reportError(File, R.error(), exitCodeFor(R.error().Kind));
  }
  std::string Name = Opts.Invoke.empty() ? "_start" : Opts.Invoke;
  std::optional<runtime::Func> F = (*Inst)->getFunc(Name);
  if (!F) {
    if (Opts.Invoke.empty() && !Opts.Args.empty())
      return reportError(File,
                         usageError("arguments given, but the module has no "
                                    "`_start` and no --invoke NAME was given"),
                         kExitUsage);
    if (Opts.Invoke.empty())
      return kExitOk; // a library-style module: instantiating was the run
    std::vector<std::string> Names = exportedFuncNames(**Inst);
    std::string List;
    for (const std::string &N : Names)
      List += (List.empty() ? "" : ", ") + N;
    return reportError(
        File,
        usageError(fmt::format("no exported function {}", quoteName(Name)),
                   {Names.empty() ? "the module exports no functions"
                                  : "exported functions: " + List}),
        kExitUsage);
  }
  std::vector<Val> Args;
  if (!Opts.Invoke.empty()) {
    auto Parsed = parseArgs(Opts, *F);
    if (!Parsed)
      return reportError(File, Parsed.error(), kExitUsage);
    Args = std::move(*Parsed);
  } else if (!F->type().Params.empty() || !F->type().Results.empty()) {
    return reportError(
        File,
        Error{ErrorKind::Invalid,
              Error::kNoOffset,
              "'_start' must take no parameters and return nothing",
              {}},
        kExitFailed);
  }
  auto Results = F->call(Args);
  if (Results.isTrap())
    return reportTrap(File, Results.trap());
  if (Results.isError())
    return reportError(File, Results.error(),
                       exitCodeFor(Results.error().Kind));
  std::string Out;
  for (const Val &V : *Results)
    Out += formatVal(V) + "\n";
  std::fwrite(Out.data(), 1, Out.size(), stdout);
  return kExitOk;
}

} // namespace

int runCommand(const RunOptions &Opts) { return runFile(Opts); }

bool isPlainRun(int Argc, char **Argv) {
  if (Argc < 3 || std::string_view(Argv[1]) != "run" || !*Argv[2])
    return false;
  for (int I = 2; I < Argc; ++I)
    if (Argv[I][0] == '-')
      return false;
  return true;
}

int runPlain(int Argc, char **Argv) {
  RunOptions Opts;
  Opts.File = Argv[2];
  Opts.Args.assign(Argv + 3, Argv + Argc);
  return runFile(Opts);
}

} // namespace wasmaot::cli
