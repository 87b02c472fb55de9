// `wasmaot serve APP [--addr HOST:PORT] [--timeout S] [--max-memory MiB]
// [--threads N] [--env K=V]`: loads a wasi:http/proxy component (an
// artifact, or a .wasm compiled in memory, with epoch checks when --timeout
// is given) and serves HTTP/1.1 with it until SIGINT or SIGTERM. Owns the
// command line, the engine's limits (pooling allocator, memory cap,
// deadline) and the signal handling; the server is the runtime's
// (runtime/src/serve), compiling is codegen's.
#include <cmath>
#include <csignal>
#include <memory>
#include <string>

#include "options.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/component/wasi_http.h"
#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/serve.h"
#include "wasmaot/runtime/wasi.h"
#ifdef WASMAOT_HAVE_COMPILER
#include "compile_flags.h"
#endif

namespace wasmaot::cli {

namespace {

namespace comp = runtime::component;
namespace serve = runtime::serve;

serve::Server *Running = nullptr;

extern "C" void onStopSignal(int) {
  if (Running)
    Running->stop();
}

Error usage(std::string M) {
  return Error{ErrorKind::Io, Error::kNoOffset, std::move(M), {}};
}

Expected<std::shared_ptr<comp::Component>>
loadApp(runtime::Engine &E, const ServeOptions &Opts,
        std::span<const uint8_t> Bytes) {
  if (sniffFileKind(Bytes) == FileKind::Elf) {
    if (!comp::isComponentArtifact(Bytes))
      return Error{ErrorKind::Invalid, Error::kNoOffset,
                   "not a component artifact: serve hosts wasi:http/proxy "
                   "components",
                   {}};
    return comp::Component::loadBytes(E, Bytes, Opts.File);
  }
  if (sniffFileKind(Bytes) != FileKind::Component) {
    if (sniffFileKind(Bytes) == FileKind::CoreModule)
      return Error{ErrorKind::Invalid, 0,
                   "a core module, not a component: serve hosts "
                   "wasi:http/proxy components",
                   {}};
  }
#ifdef WASMAOT_HAVE_COMPILER
  return compileComponentInMemory(E, Bytes, Opts.Codegen, Opts.File,
                                  Opts.TimeoutSeconds > 0);
#else
  return Error{ErrorKind::Unsupported, Error::kNoOffset,
               "this wasmaot was built without the compiler: serve an "
               "artifact compiled by `wasmaot compile` instead",
               {}};
#endif
}

int serveFile(const ServeOptions &Opts) {
  const std::string &File = Opts.File;
  serve::ServeConfig Cfg;
  size_t Colon = Opts.Addr.rfind(':');
  unsigned long Port = 0;
  try {
    if (Colon == std::string::npos)
      throw std::invalid_argument("no port");
    size_t Used = 0;
    Port = std::stoul(Opts.Addr.substr(Colon + 1), &Used);
    if (Used != Opts.Addr.size() - Colon - 1 || Port > 65535)
      throw std::invalid_argument("bad port");
  } catch (const std::exception &) {
    printError(File, usage(fmt::format("--addr '{}' is not HOST:PORT (an IPv4 "
                                       "address and a port, 0 for any)",
                                       Opts.Addr)));
    return kExitUsage;
  }
  Cfg.Host = Opts.Addr.substr(0, Colon);
  Cfg.Port = uint16_t(Port);
  Cfg.Threads = Opts.Threads;
  Cfg.TimeoutSeconds = Opts.TimeoutSeconds;
  Cfg.MaxRequestBodyBytes = size_t(Opts.MaxBodyMiB) << 20;
  Cfg.DisplayName = File;
  Cfg.Wasi.Args = {File};
  // Standard output and error are the server's (guests log there); stdin
  // is none: a guest reading it would wait on the server's terminal.
  Cfg.Wasi.StdoutFd = 1;
  Cfg.Wasi.StderrFd = 2;
  Cfg.Wasi.AllowClocks = true;
  Cfg.Wasi.AllowRandom = true;
  for (const std::string &E : Opts.Envs) {
    auto KV = runtime::parseWasiEnvSpec(E);
    if (!KV) {
      printError(File, usage(KV.error().Message));
      return kExitUsage;
    }
    Cfg.Wasi.Env.push_back(std::move(*KV));
  }

  // The pooling allocator: a few slots per worker (a component may have
  // several memories), each capped at --max-memory.
  runtime::EngineConfig EC;
  unsigned Threads =
      Opts.Threads ? Opts.Threads : std::max(1u, std::thread::hardware_concurrency());
  EC.Pooling.Slots = 4 * Threads;
  if (Opts.MaxMemoryMiB) {
    EC.Pooling.MaxMemoryBytes = Opts.MaxMemoryMiB << 20;
    EC.MaxMemoryPages = std::min<uint64_t>(65536, (Opts.MaxMemoryMiB << 20) >> 16);
  }
  if (Opts.TimeoutSeconds > 0)
    EC.DefaultEpochDeadlineTicks = serve::Server::epochTicks(Opts.TimeoutSeconds);
  runtime::Engine Engine(EC);

  auto Bytes = readFileBytes(File);
  if (!Bytes) {
    printError(File, Bytes.error());
    return exitCodeFor(Bytes.error().Kind);
  }
  auto C = loadApp(Engine, Opts, *Bytes);
  if (!C) {
    printError(File, C.error());
    return exitCodeFor(C.error().Kind);
  }
  if (Opts.TimeoutSeconds > 0)
    for (size_t I = 0; I < (*C)->meta().Modules.size(); ++I)
      if (!(*C)->module(uint32_t(I))->meta().EpochInterruption) {
        printError(File, usage("--timeout needs epoch checks: compile the "
                               "component with --epoch-interruption (a .wasm "
                               "is compiled with them)"));
        return kExitUsage;
      }
  auto S = serve::Server::create(Engine, *C, Cfg);
  if (!S) {
    printError(File, S.error());
    return exitCodeFor(S.error().Kind);
  }
  std::signal(SIGPIPE, SIG_IGN);
  Running = S->get();
  struct sigaction SA = {};
  SA.sa_handler = onStopSignal;
  sigaction(SIGINT, &SA, nullptr);
  sigaction(SIGTERM, &SA, nullptr);
  std::fprintf(stderr, "%s: serving on http://%s:%u (%u threads)\n",
               File.c_str(), Cfg.Host.c_str(), unsigned((*S)->port()), Threads);
  std::fflush(stderr);
  (*S)->run();
  Running = nullptr;
  uint64_t G = std::max<uint64_t>(1, (*S)->guestRequests());
  std::fprintf(stderr,
               "%s: stopped after %llu requests (%llu trapped); per request: "
               "instantiation %.1f us, handler %.1f us\n",
               File.c_str(), (unsigned long long)(*S)->requests(),
               (unsigned long long)(*S)->traps(),
               double((*S)->instantiateNs()) / G / 1000,
               double((*S)->handleNs()) / G / 1000);
  return kExitOk;
}

} // namespace

int serveCommand(const ServeOptions &Opts) { return serveFile(Opts); }

} // namespace wasmaot::cli
