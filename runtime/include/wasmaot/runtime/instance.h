// Instance: a module instance (spec 4.2.5) — the vmctx compiled code runs
// against, plus the runtime objects behind it. Created only by
// Linker::instantiate, owned by a Store. Exports are looked up by name.
//
// An Instance is used by one thread at a time (like its Store).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "wasmaot/abi/vmctx.h"
#include "wasmaot/runtime/extern.h"
#include "wasmaot/runtime/module.h"

namespace wasmaot::runtime {

class Store;
class Memory;
class Table;
class Global;

class Instance {
public:
  ~Instance();
  Instance(const Instance &) = delete;
  Instance &operator=(const Instance &) = delete;

  const Module &module() const { return *Mod; }
  Store &store() const { return *St; }
  void *vmctx() const { return Vmctx; }

  // ---- Exports by name.
  std::optional<Extern> getExport(std::string_view Name) const;
  std::optional<Func> getFunc(std::string_view Name) const;
  Memory *getMemory(std::string_view Name) const;
  Table *getTable(std::string_view Name) const;
  Global *getGlobal(std::string_view Name) const;
  /// The exported function \p Name as a typed function, e.g.
  /// func<int32_t(int32_t, int32_t)>("add"); an Error naming the export if
  /// there is no such function or its type differs.
  template <typename Sig>
  Expected<TypedFunc<Sig>> func(std::string_view Name) const {
    std::optional<Func> F = getFunc(Name);
    if (!F)
      return makeError(ErrorKind::Link, Error::kNoOffset,
                       "no exported function \"{}\"", Name);
    Expected<TypedFunc<Sig>> T = F->typed<Sig>();
    if (!T)
      return makeError(ErrorKind::Invalid, Error::kNoOffset, "export \"{}\": {}",
                       Name, T.error().Message);
    return T;
  }
  /// All exports, in the module's order.
  std::vector<std::pair<std::string, Extern>> exports() const;

  // ---- By index (the module's index spaces, imports first).
  Func func(uint32_t Index) const;
  Memory *memory(uint32_t Index) const { return Memories[Index]; }
  Table *table(uint32_t Index) const { return Tables[Index]; }
  Global *global(uint32_t Index) const { return Globals[Index]; }
  uint32_t numMemories() const { return uint32_t(Memories.size()); }
  uint32_t numTables() const { return uint32_t(Tables.size()); }

  /// Lets wasm run until the engine's epoch has advanced \p Ticks more
  /// times; then EpochCheck traps with Interrupted. Default: no deadline.
  void setEpochDeadline(uint64_t Ticks);

  // ---- Runtime-internal: builtins and the instantiation code.
  static Instance *fromVmctx(void *Vmctx);
  std::vector<void *> &elemSegment(uint32_t I) { return Elems[I]; }
  std::span<const uint8_t> dataSegment(uint32_t I) const { return Datas[I]; }
  void dropElem(uint32_t I) { Elems[I] = {}; }
  void dropData(uint32_t I) { Datas[I] = {}; }
  void setStackLimit(uintptr_t Limit);

  /// Allocation and initialisation (spec 4.5.4); \p Imports are resolved
  /// and type-checked. A Trap if a segment or the start function traps (the
  /// instance is then still owned by the Store).
  static Outcome<Instance *> create(Store &S, std::shared_ptr<const Module> M,
                                    std::vector<Extern> Imports);

private:
  Instance() = default;
  void allocate(std::vector<Extern> &Imports);
  Status createDefined();
  Val evalConst(const abi::ConstExpr &E) const;
  Val evalProgram(const abi::ConstExpr &E) const;
  void evalSegments();
  std::optional<Trap> initSegments();
  abi::VMFuncRef *funcRefs() const;

  std::shared_ptr<const Module> Mod;
  Store *St = nullptr;
  void *Vmctx = nullptr;
  std::vector<Memory *> Memories;
  std::vector<Table *> Tables;
  std::vector<Global *> Globals;
  std::vector<std::shared_ptr<HostFunc>> HostFuncs; ///< kept alive
  std::vector<std::vector<void *>> Elems;            ///< evaluated; dropped = {}
  std::vector<std::span<const uint8_t>> Datas;       ///< dropped = {}
};

} // namespace wasmaot::runtime
