// Engine: the process-level context every Module and Store hangs off. It owns
// the configuration (wasm stack size, memory reservation, host limits), the
// engine-wide function type registry that gives structurally equal function
// types one id (VMFuncRef::TypeId, vmctx type_ids[]: call_indirect compares
// those ids), and the epoch counter compiled code polls for interruption.
//
// An Engine must outlive every Module and Store made from it; it is
// thread-safe. Creating the first Engine installs the runtime's fault
// handler (see runtime/README.md, "Traps").
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "wasmaot/runtime/val.h"

namespace wasmaot::runtime {

class MemoryPool;

struct EngineConfig {
  /// Stack wasm may use per host→wasm call, clamped at each outermost entry
  /// to what the calling thread's stack still has (minus a safety margin).
  uint64_t WasmStackSize = 1ull << 20;
  /// Address space reserved per 32-bit linear memory: 4 GiB reachable by any
  /// i32 address, plus a guard covering any u32 offset and the widest access
  /// (4 GiB + 64 KiB). Guard-mode artifacts need at least 4 GiB + the guard
  /// they were compiled for (abi::kGuardBytes).
  uint64_t MemoryReservation = (8ull << 30) + (64ull << 10);
  /// Host cap on any memory's size in 64 KiB pages (≤ 65536).
  uint64_t MaxMemoryPages = 65536;
  /// Host cap on any table's size in elements.
  uint64_t MaxTableElements = 10'000'000;
  /// Host cap on the instances one Store may hold (0: no cap); the next
  /// Linker::instantiate fails with an Error of kind Limit.
  uint64_t MaxInstancesPerStore = 0;
  /// Epoch deadline every new instance starts with, in ticks from its
  /// creation (0: none). Bounds start functions too, for artifacts compiled
  /// with epoch interruption.
  uint64_t DefaultEpochDeadlineTicks = 0;
  /// Map a module's initial memory contents copy-on-write from an in-memory
  /// file built once per Module (memory.cpp, "Copy-on-write images") instead
  /// of copying its data segments at every instantiation. Applies only when
  /// every active data segment has a constant offset and fits the initial
  /// size of a memory the module defines; otherwise segments are copied.
  bool CopyOnWriteImages = true;
  /// The pooling allocator (opt-in): Slots > 0 reserves that many memory
  /// slots of MemoryReservation bytes each when the Engine is created and
  /// reuses them across instances. A released slot is reset (its pages
  /// discarded, its protection restored) but stays reserved. Memories of
  /// instances take a slot; when none is free, or a memory may grow beyond
  /// MaxMemoryBytes, instantiation fails with a Limit error. Host-created
  /// memories (Memory::create) never use the pool.
  struct PoolingConfig {
    /// Number of slots (0: no pool). Address space: Slots * MemoryReservation
    /// (8 GiB + 64 KiB each by default: 1000 slots take ~8 TiB of the 128 TiB
    /// an x86-64 process has).
    uint32_t Slots = 0;
    /// Largest size any pooled memory may reach (its grow limit), in bytes;
    /// also capped by MemoryReservation and MaxMemoryPages.
    uint64_t MaxMemoryBytes = 4ull << 30;
  } Pooling;
};

/// Interns function types: equal types get equal ids, ids start at 1 (0 is
/// never a valid type, so zeroed memory never passes a signature check).
class TypeRegistry {
public:
  uint32_t intern(const FuncType &T);
  /// The type with id \p Id (which intern returned).
  const FuncType &lookup(uint32_t Id) const;

private:
  struct Hash {
    size_t operator()(const FuncType &T) const;
  };
  mutable std::mutex M;
  std::unordered_map<FuncType, uint32_t, Hash> Ids;
  std::deque<FuncType> ById; ///< deque: references stay valid on growth
};

class Engine {
public:
  explicit Engine(EngineConfig Config = {});
  ~Engine();
  Engine(const Engine &) = delete;
  Engine &operator=(const Engine &) = delete;

  const EngineConfig &config() const { return Config; }
  TypeRegistry &types() { return Types; }
  const TypeRegistry &types() const { return Types; }

  /// The epoch counter compiled code compares against each instance's
  /// deadline (vmctx epoch_counter points here).
  uint64_t *epochCounter() { return &Epoch; }
  uint64_t currentEpoch() const {
    return std::atomic_ref<const uint64_t>(Epoch).load();
  }
  /// Advances the epoch by one; callable from any thread (e.g. a timer).
  void incrementEpoch();

  /// The pooling allocator's memory slots, or null without pooling
  /// (runtime-internal).
  MemoryPool *memoryPool() const { return Pool.get(); }

private:
  EngineConfig Config;
  TypeRegistry Types;
  std::unique_ptr<MemoryPool> Pool;
  alignas(8) uint64_t Epoch = 0;
};

} // namespace wasmaot::runtime
