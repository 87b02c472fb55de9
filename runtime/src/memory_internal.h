// Runtime-internal parts of linear memories (memory.cpp): copy-on-write
// initial images and the pooling allocator's memory slots.
//
// Copy-on-write images. When every active data segment of a module has a
// constant offset and fits the initial size of the memory the module
// defines, the loader builds, once per Module, a sealed in-memory file
// holding that memory's initial contents (segments applied in order, holes
// left sparse). Instantiation then maps it MAP_PRIVATE over the start of the
// new memory instead of copying the segments, at the point of the spec's
// data-segment step (after element segments, so a trapping element segment
// still leaves memory untouched):
//
//   Base ─▶ [ image (file, CoW) ][ anonymous zero pages ][ PROT_NONE ... ]
//           0            Image.Size            initial size        Reserved
//
// Nothing is copied and no page is touched until the guest writes it; a
// read maps the shared page-cache page.
//
// Pooling. EngineConfig::Pooling.Slots > 0 gives the Engine a MemoryPool:
// reservations of MemoryReservation bytes made on first use and kept until
// the Engine dies. An instance's memory takes a slot and gives it back when
// the Store drops it. Releasing resets the slot in place but keeps its
// layout (which image is mapped, how many bytes are read/write):
//   madvise(MADV_DONTNEED) over what was accessible  (written pages dropped:
//                            anonymous ones read as zero, the image's as the
//                            file again)
//   mprotect(PROT_NONE) over what grew past the initial size
// so the next memory with the same layout — typically another instance of
// the same module — finds its slot ready and needs no system call at all.
// A slot with another layout is first wiped with one mmap(MAP_FIXED,
// PROT_NONE). A free slot may keep an image's pages mapped after its Module
// is gone, until the slot is reused or the Engine dies.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "wasmaot/runtime/val.h"

namespace wasmaot::runtime {

class Module;

/// The initial contents of a module's defined memory 0, as a sealed memfd.
class MemoryImage {
public:
  /// The image for \p M, or null when its segments must be copied (no
  /// segment, an imported memory, a non-constant offset, a segment beyond
  /// the initial size) or the file could not be made.
  static std::unique_ptr<MemoryImage> build(const Module &M);
  ~MemoryImage();
  MemoryImage(const MemoryImage &) = delete;
  MemoryImage &operator=(const MemoryImage &) = delete;

  int fd() const { return Fd; }
  /// Unique in the process (never reused, unlike addresses): names the
  /// image a pooled slot still has mapped.
  uint64_t id() const { return Id; }
  /// Bytes mapped from the file: the end of the last byte any segment
  /// writes, rounded up to the host page (never beyond the initial size).
  uint64_t size() const { return Size; }

private:
  MemoryImage() = default;
  int Fd = -1;
  uint64_t Size = 0;
  uint64_t Id = 0;
};

/// What a slot holds at its start when handed out: [0, ReadyBytes)
/// read/write, reading as image ImageId (0: none) then zeros; the rest
/// PROT_NONE.
struct SlotLayout {
  uint64_t ImageId = 0;
  uint64_t ReadyBytes = 0;
  bool operator==(const SlotLayout &) const = default;
};

/// Memory slots of the pooling allocator (thread-safe).
class MemoryPool {
public:
  MemoryPool(uint32_t Slots, uint64_t SlotBytes)
      : MaxSlots(Slots), SlotBytes(SlotBytes) {}
  ~MemoryPool();
  MemoryPool(const MemoryPool &) = delete;
  MemoryPool &operator=(const MemoryPool &) = delete;

  struct Lease {
    uint8_t *Base = nullptr;
    bool Ready = false; ///< the slot already has the wanted layout
  };
  /// A slot of slotBytes(): one with layout \p Want if a free one has it,
  /// else one wiped to PROT_NONE. A Limit error when all are in use or the
  /// address space is exhausted.
  Expected<Lease> acquire(const SlotLayout &Want);
  /// Gives \p Slot back: [0, AccessibleBytes) was read/write, and resetting
  /// it leaves \p Layout (whose ReadyBytes <= AccessibleBytes).
  void release(uint8_t *Slot, uint64_t AccessibleBytes, const SlotLayout &Layout);
  uint64_t slotBytes() const { return SlotBytes; }
  /// Slots reserved so far (in use or free).
  size_t reservedSlots() const;

private:
  struct FreeSlot {
    uint8_t *Base;
    SlotLayout Layout;
  };
  const uint32_t MaxSlots;
  const uint64_t SlotBytes;
  mutable std::mutex M;
  std::vector<uint8_t *> All; ///< every slot reserved so far
  std::vector<FreeSlot> Free; ///< ready to hand out (LIFO: warm)
};

} // namespace wasmaot::runtime
