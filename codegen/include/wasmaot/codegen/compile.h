// The compiler's public entry points: a validated frontend::Module in, an
// artifact (ELF shared object, see runtime/abi/artifact.h) out. LLVM-free so
// that cmd/ and tests can include it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasmaot/frontend/module.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::frontend::component {
struct Component;
}

namespace wasmaot::codegen {

enum class BoundsChecks : uint8_t {
  Guard,    ///< 4 GiB + 4 GiB guard reservation, no checks emitted
  Explicit, ///< compare every access against the current memory size
};

struct CompileOptions {
  unsigned OptLevel = 2; ///< 0..3
  BoundsChecks Bounds = BoundsChecks::Guard;
  /// LLVM target triple; empty means the host. x86_64 and aarch64 Linux.
  std::string Target;
  /// Target CPU; empty means the portable default for the target
  /// (x86-64-v2 on x86-64, generic on aarch64). "native" means this host.
  std::string Cpu;
  /// Threads compiling function shards in parallel (0: hardware threads).
  unsigned Jobs = 1;
  /// If set, also write the optimised LLVM IR of all shards to this path.
  std::string EmitLLVMPath;
  /// Poll the engine's epoch at function entries and loop headers so a host
  /// can interrupt runaway code with a deadline (Instance::setEpochDeadline).
  /// Costs a load and a compare per loop iteration; off by default.
  bool EpochInterruption = false;
  /// Guard mode: keep every heap load even when LLVM proves its value
  /// unused (volatile loads), so an out-of-bounds access always traps as
  /// the spec says. Off by default: volatile loads are never vectorised,
  /// hoisted or merged, which costs hot loops far more than the case is
  /// worth (a load whose value nobody uses). Explicit mode is always exact.
  bool StrictGuardLoads = false;
  /// Name recorded in diagnostics (the input file).
  std::string SourceName;
};

/// Compiles \p M (which must have passed validateModule) and returns the
/// bytes of the shared object.
Expected<std::vector<uint8_t>> compileModule(const frontend::Module &M,
                                             const CompileOptions &Opts);

/// Compiles and writes the artifact atomically: nothing is left at
/// \p OutPath if compilation fails.
Status compileModuleToFile(const frontend::Module &M,
                           const CompileOptions &Opts,
                           const std::string &OutPath);

/// Compiles a validated component (frontend/component.h): every core module
/// inside it, plus its instantiation plan, into one component artifact
/// (runtime/abi/component.h).
Expected<std::vector<uint8_t>>
compileComponent(const frontend::component::Component &C,
                 const CompileOptions &Opts);
Status compileComponentToFile(const frontend::component::Component &C,
                              const CompileOptions &Opts,
                              const std::string &OutPath);

/// The compiler version string recorded in artifacts.
std::string compilerVersion();

/// Identifies this exact compiler build (a hash of the running executable):
/// caches of compiled artifacts key on it so a rebuilt compiler never reuses
/// stale output.
std::string compilerBuildId();

} // namespace wasmaot::codegen
