// WASI preview1 (`wasi_snapshot_preview1`) host with capability-based
// security. A WasiCtx is what one guest may touch: its args, the env vars it
// was granted, the stdio streams it was given, the directories preopened for
// it (optionally read-only), preopened sockets, and whether it may read
// clocks and draw random bytes. It starts with nothing: every grant is
// explicit in WasiConfig. defineWasi() offers all 46 preview1 functions on
// a Linker (built when an import asks for one); they resolve guest paths only beneath a preopen (openat2
// RESOLVE_BENEATH, or a component-by-component walk on kernels without it).
//
// Typical use (see runtime/README.md, section WASI):
//
//   WasiConfig C;
//   C.Args = {"prog", "x"};
//   C.Preopens.push_back({"./data", "/data", /*ReadOnly=*/false});
//   C.InheritStdio = true; C.AllowClocks = C.AllowRandom = true;
//   auto Ctx = WasiCtx::create(C);            // Expected<unique_ptr<WasiCtx>>
//   defineWasi(Linker, **Ctx);
//   Outcome<Instance *> I = Linker.instantiate(Store, *Mod);
//   Outcome<int32_t> Code = runWasiStart(**I); // proc_exit(N) -> N
//
// A WasiCtx serves one instance at a time and must outlive the Linker's
// host functions that refer to it (they hold a reference, not ownership).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wasmaot/frontend/support/error.h"
#include "wasmaot/runtime/trap.h"

namespace wasmaot::runtime {

class Instance;
class Linker;

/// The module name of every preview1 import.
inline constexpr std::string_view kWasiPreview1 = "wasi_snapshot_preview1";

struct WasiConfig {
  /// argv as the guest sees it (argv[0] included); given verbatim.
  std::vector<std::string> Args;
  /// The guest's whole environment, in order. Nothing is inherited.
  std::vector<std::pair<std::string, std::string>> Env;

  /// A host directory the guest may use under the name GuestPath (what
  /// fd_prestat_dir_name reports; wasi-libc resolves absolute guest paths by
  /// matching it). Preopens get fds 3, 4, ... in this order.
  struct Preopen {
    std::string HostPath;
    std::string GuestPath;
    /// Refuse every write beneath it (open for write, create, truncate,
    /// unlink, rename, mkdir, rmdir, link, symlink, set times or size) with
    /// EROFS.
    bool ReadOnly = false;
  };
  std::vector<Preopen> Preopens;

  /// Host socket fds (listening or connected) handed to the guest after the
  /// preopened directories; only these ever reach sock_*. Each is dup'ed.
  std::vector<int> PreopenSockets;

  /// Give the guest the host's fds 0, 1, 2 (dup'ed) as stdin/out/err.
  bool InheritStdio = false;
  /// Or give it specific host fds (dup'ed; -1: none). These win over
  /// InheritStdio. A stdio fd that is not granted is closed (EBADF).
  int StdinFd = -1, StdoutFd = -1, StderrFd = -1;

  /// clock_time_get / clock_res_get and absolute-time poll_oneoff clock
  /// subscriptions; otherwise ENOTCAPABLE. Relative sleeps always work.
  bool AllowClocks = false;
  /// random_get; otherwise ENOTCAPABLE.
  bool AllowRandom = false;
  /// WASI 0.2 wasi:sockets: create, bind, connect, listen and accept TCP
  /// and UDP sockets on any address of the host's network; otherwise each
  /// of those answers error-code access-denied. (Preview1 has no way to
  /// create a socket: its sock_* reach only PreopenSockets either way.)
  bool InheritNetwork = false;
  /// WASI 0.2 wasi:sockets/ip-name-lookup (getaddrinfo); otherwise
  /// access-denied.
  bool AllowIpNameLookup = false;

  /// Testing aid: resolve paths with the portable component walk even
  /// where the kernel has openat2.
  bool ForcePathWalk = false;
};

class WasiCtx {
public:
  /// Opens the preopens and dups the granted fds; an Io error names the
  /// preopen or fd that failed.
  static Expected<std::unique_ptr<WasiCtx>> create(const WasiConfig &C);
  ~WasiCtx();
  WasiCtx(const WasiCtx &) = delete;
  WasiCtx &operator=(const WasiCtx &) = delete;

  /// The status the guest passed to proc_exit, once it has.
  std::optional<int32_t> exitStatus() const;
  /// True when paths are resolved with openat2 (false: component walk).
  bool usesOpenat2() const;

  struct State; ///< runtime-internal (runtime/src/wasi/)
  State &state() { return *S; }

private:
  WasiCtx();
  std::unique_ptr<State> S;
};

/// Offers every wasi_snapshot_preview1 function on \p L, bound to \p Ctx:
/// a Linker provider (Linker::defineProvider) that builds each function
/// the first time an import names it. \p Ctx must outlive \p L's use.
void defineWasi(Linker &L, WasiCtx &Ctx);

/// Runs a command's `_start` (after `_initialize` if a reactor exports
/// one and no `_start`): 0 if it returns, N if it calls proc_exit(N), the
/// Trap for any other trap, an Error if there is nothing to run.
Outcome<int32_t> runWasiStart(Instance &I);

/// The exit status a Trap carries if it is a proc_exit.
std::optional<int32_t> wasiExitStatus(const Trap &T);

/// CLI helpers. "HOST", "HOST::GUEST", with an optional ":ro" suffix for a
/// read-only preopen ("HOST::GUEST:ro"; GUEST defaults to HOST).
Expected<WasiConfig::Preopen> parseWasiDirSpec(std::string_view Spec);
/// "K=V", or "K" to pass the host's value through (an error if unset).
Expected<std::pair<std::string, std::string>>
parseWasiEnvSpec(std::string_view Spec);

} // namespace wasmaot::runtime
