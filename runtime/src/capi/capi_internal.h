// What the C API's handles are (runtime-internal): the structs behind the
// opaque types of wasmaot.h that wrap a C++ value, and the casts for the
// ones that are the C++ objects themselves (owned by a Store).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "wasmaot/runtime/runtime.h"
#include "wasmaot/wasmaot.h"

struct wasmaot_config {
  wasmaot::runtime::EngineConfig C;
};
struct wasmaot_engine {
  explicit wasmaot_engine(const wasmaot::runtime::EngineConfig &C) : E(C) {}
  wasmaot::runtime::Engine E;
};
struct wasmaot_module {
  std::shared_ptr<wasmaot::runtime::Module> M;
};
struct wasmaot_store {
  explicit wasmaot_store(wasmaot::runtime::Engine &E) : S(E) {}
  /// Declared before S so they outlive the instances whose WASI imports
  /// refer to them.
  std::vector<std::unique_ptr<wasmaot::runtime::WasiCtx>> Wasi;
  wasmaot::runtime::Store S;
};
struct wasmaot_linker {
  wasmaot::runtime::Linker L;
};
struct wasmaot_func {
  wasmaot::runtime::Func F;
};
struct wasmaot_trap {
  wasmaot::runtime::Trap T;
  mutable std::string Formatted; ///< wasmaot_trap_format, made on demand
};
struct wasmaot_error {
  wasmaot::Error E;
};
struct wasmaot_wasi_config {
  wasmaot::runtime::WasiConfig C;
};

namespace wasmaot::runtime::capi {

inline Instance *cInstance(const wasmaot_instance_t *I) {
  return reinterpret_cast<Instance *>(const_cast<wasmaot_instance_t *>(I));
}
inline Memory *cMemory(const wasmaot_memory_t *M) {
  return reinterpret_cast<Memory *>(const_cast<wasmaot_memory_t *>(M));
}
inline Table *cTable(const wasmaot_table_t *T) {
  return reinterpret_cast<Table *>(const_cast<wasmaot_table_t *>(T));
}
inline Global *cGlobal(const wasmaot_global_t *G) {
  return reinterpret_cast<Global *>(const_cast<wasmaot_global_t *>(G));
}

/// A caller-owned error (null only if even that allocation failed).
wasmaot_error_t *makeCError(Error E);
wasmaot_error_t *makeCError(ErrorKind K, std::string Msg);
/// For a caught exception (bad_alloc): the API never lets one through.
wasmaot_error_t *internalError();
wasmaot_error_t *nullArg(const char *What);
wasmaot_trap_t *makeCTrap(Trap T);

} // namespace wasmaot::runtime::capi
