// Memory: a 32-bit linear memory (spec 4.2.8). The whole reservation
// (EngineConfig::MemoryReservation, 4 GiB + guard by default) is mapped
// PROT_NONE up front and the accessible prefix made read/write, so the base
// never moves and compiled code needs no bounds check in guard mode:
//
//   Base ─▶ [ accessible: Size bytes ][ PROT_NONE .......... up to Reserved ]
//
// grow() mprotects more pages; VMMemory{Base, Size} (abi/vmctx.h) is updated
// in place, so every instance that imports this memory sees the new size.
// An instance's memory may start with its module's copy-on-write image
// mapped over the accessible prefix, and may live in a slot of the engine's
// pooling allocator (see src/memory_internal.h).
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "wasmaot/runtime/val.h"

namespace wasmaot::runtime {

class Engine;
class Store;
class MemoryImage;
class MemoryPool;

class Memory {
public:
  /// A host-created memory, owned by \p S (e.g. the spectest module's).
  static Expected<Memory *> create(Store &S, const MemoryType &T);

  /// For instances: the VMMemory record lives at \p Def (in the vmctx);
  /// null means in this object.
  /// \p Image: the module's copy-on-write image, which initSegments will
  /// map (a pooled slot may still have it mapped from a previous instance).
  static Expected<std::unique_ptr<Memory>> make(const Engine &E,
                                                const MemoryType &T,
                                                abi::VMMemory *Def,
                                                const MemoryImage *Image = nullptr);
  ~Memory();
  Memory(const Memory &) = delete;
  Memory &operator=(const Memory &) = delete;

  uint8_t *data() const { return Def->Base; }
  uint64_t size() const { return Def->Size; }
  uint64_t pages() const { return Def->Size / frontend::kPageSize; }
  std::span<uint8_t> bytes() const { return {Def->Base, size_t(Def->Size)}; }
  /// The largest size in pages this memory may grow to: the declared max,
  /// 65536, the engine's limit and the reservation, whichever is smallest.
  uint64_t maxPages() const { return MaxPages; }
  /// The current type: min = current pages, max as declared (spec 4.5.4).
  MemoryType type() const;
  /// Bytes reserved from Base (accessible + guard).
  uint64_t reserved() const { return Reserved; }

  /// memory.grow: the old size in pages, or -1 if it cannot grow by
  /// \p DeltaPages (limits, or the OS refused).
  int64_t grow(uint64_t DeltaPages);

  abi::VMMemory *vm() const { return Def; }

  /// Maps \p Image copy-on-write over the start of this memory, which must
  /// still be all zero (fresh) and at least as large; false if the OS
  /// refused (then nothing changed). Runtime-internal.
  bool mapImage(const MemoryImage &Image);
  /// Replaces a mapped (or pre-mapped) image with zeros: instantiation
  /// trapped before the data segments' step. Runtime-internal.
  void clearImage();

private:
  Memory() = default;
  abi::VMMemory Own{};
  abi::VMMemory *Def = &Own;
  uint8_t *Base = nullptr;
  uint64_t Reserved = 0;
  uint64_t MaxPages = 0;
  /// High-water mark of accessible bytes, kept here because the VMMemory
  /// may live in a vmctx that dies first.
  uint64_t Accessible = 0;
  uint64_t InitialBytes = 0;
  MemoryPool *Pool = nullptr; ///< the slot's pool, if pooled
  uint64_t ImageId = 0;       ///< the image mapped at Base (0: none)
  uint64_t ImageBytes = 0;
  MemoryType Declared;
};

} // namespace wasmaot::runtime
