// Linear memories: reservation, commit, grow (see memory.h for the layout),
// copy-on-write initial images and the pooling allocator's slots (see
// memory_internal.h).
#include "wasmaot/runtime/memory.h"

#include <algorithm>
#include <atomic>

#include "memory_internal.h"
#include "sys/sys.h"
#include "wasmaot/abi/vmctx.h"
#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/module.h"
#include "wasmaot/runtime/store.h"

namespace wasmaot::runtime {

namespace {
constexpr uint64_t kPage = frontend::kPageSize;
constexpr uint64_t k4GiB = 4ull << 30;
} // namespace

Expected<std::unique_ptr<Memory>>
Memory::make(const Engine &E, const MemoryType &T, abi::VMMemory *Def,
             const MemoryImage *Image) {
  if (T.Lim.Is64 || T.Lim.Shared)
    return makeError(ErrorKind::Unsupported, Error::kNoOffset,
                     "64-bit and shared memories are not supported");
  std::unique_ptr<Memory> M(new Memory);
  M->Declared = T;
  if (Def)
    M->Def = Def;
  uint64_t Page = sys::pageSize();
  uint64_t Reserve = std::max<uint64_t>(E.config().MemoryReservation, kPage);
  Reserve = (Reserve + Page - 1) / Page * Page;
  // Instances' memories come from the pool when there is one; a
  // host-created memory (Def null) may outlive any instance and never does.
  MemoryPool *Pool = Def ? E.memoryPool() : nullptr;
  if (Pool)
    Reserve = Pool->slotBytes();
  M->MaxPages = std::min({T.Lim.Max.value_or(frontend::kMaxPages32),
                          abi::kMaxMemoryPages, E.config().MaxMemoryPages,
                          Reserve / kPage});
  if (Pool)
    M->MaxPages = std::min(M->MaxPages, E.config().Pooling.MaxMemoryBytes / kPage);
  if (T.Lim.Min > M->MaxPages)
    return makeError(ErrorKind::Limit, Error::kNoOffset,
                     "memory of {} pages exceeds the host limit of {} pages",
                     T.Lim.Min, M->MaxPages);
  M->InitialBytes = T.Lim.Min * kPage;
  if (Pool) {
    SlotLayout Want{Image ? Image->id() : 0, M->InitialBytes};
    Expected<MemoryPool::Lease> L = Pool->acquire(Want);
    if (!L)
      return L.takeError();
    M->Base = L->Base;
    M->Pool = Pool;
    M->Reserved = Reserve;
    M->Accessible = M->InitialBytes;
    if (L->Ready && Image) { // image already mapped, zeros after it
      M->ImageId = Image->id();
      M->ImageBytes = Image->size();
    }
    if (L->Ready) {
      M->Def->Base = M->Base;
      M->Def->Size = M->InitialBytes;
      return M;
    }
  } else {
    // Reserve at least 4 GiB + guard when configured so, else what was asked.
    M->Base = sys::reserve(Reserve);
    if (!M->Base)
      return makeError(ErrorKind::Limit, Error::kNoOffset,
                       "cannot reserve {} bytes of address space for a memory",
                       Reserve);
  }
  M->Reserved = Reserve;
  M->Accessible = T.Lim.Min * kPage; // before commit: a pooled slot's reset
  if (!sys::commit(M->Base, T.Lim.Min * kPage))
    return makeError(ErrorKind::Limit, Error::kNoOffset,
                     "cannot commit {} pages of memory", T.Lim.Min);
  M->Def->Base = M->Base;
  M->Def->Size = T.Lim.Min * kPage;
  return M;
}

Expected<Memory *> Memory::create(Store &S, const MemoryType &T) {
  Expected<std::unique_ptr<Memory>> M = make(S.engine(), T, nullptr);
  if (!M)
    return M.takeError();
  return S.adopt(std::move(*M));
}

Memory::~Memory() {
  if (Pool)
    Pool->release(Base, Accessible, {ImageId, InitialBytes});
  else
    sys::release(Base, Reserved);
}

bool Memory::mapImage(const MemoryImage &Image) {
  if (ImageId == Image.id())
    return true; // a pooled slot that still had it
  if (ImageId || Image.size() > Accessible)
    return false;
  if (!sys::mapPrivateFile(Base, Image.size(), Image.fd()))
    return false;
  ImageId = Image.id();
  ImageBytes = Image.size();
  return true;
}

void Memory::clearImage() {
  if (ImageId && sys::zeroFill(Base, ImageBytes)) {
    ImageId = 0;
    ImageBytes = 0;
  }
}

MemoryType Memory::type() const {
  MemoryType T = Declared;
  T.Lim.Min = pages();
  return T;
}

int64_t Memory::grow(uint64_t Delta) {
  uint64_t Old = pages();
  if (Delta > MaxPages - Old)
    return -1;
  if (Delta && !sys::commit(Base + Old * kPage, Delta * kPage))
    return -1;
  Def->Size = (Old + Delta) * kPage;
  Accessible = std::max(Accessible, Def->Size);
  return int64_t(Old);
}

// ---- Copy-on-write images

std::unique_ptr<MemoryImage> MemoryImage::build(const Module &M) {
  const abi::ArtifactMeta &Meta = M.meta();
  if (M.numImportedMemories() != 0 || Meta.Memories.size() != 1)
    return nullptr;
  uint64_t Initial = Meta.Memories[0].Lim.Min * kPage;
  uint64_t End = 0;
  std::vector<sys::FilePart> Parts;
  for (const abi::MetaData &D : Meta.Datas) {
    if (D.Mode != abi::SegMode::Active)
      continue;
    // A global.get offset is known only at instantiation, and a segment
    // beyond the initial size traps there (after the ones before it were
    // copied): both keep the spec's copying path.
    if (D.Memory != 0 || D.Offset.K != abi::ConstExpr::I32)
      return nullptr;
    uint64_t Off = uint32_t(D.Offset.Lo);
    if (Off + D.Size > Initial)
      return nullptr;
    if (D.Size) {
      Parts.push_back({Off, M.dataImage() + D.ImageOffset, size_t(D.Size)});
      End = std::max(End, Off + D.Size);
    }
  }
  if (Parts.empty())
    return nullptr;
  uint64_t Page = sys::pageSize();
  End = std::min((End + Page - 1) / Page * Page, Initial);
  Expected<int> Fd = sys::sparseMemoryFile(End, Parts);
  if (!Fd)
    return nullptr; // copying still works
  static std::atomic<uint64_t> NextId{1};
  std::unique_ptr<MemoryImage> I(new MemoryImage);
  I->Id = NextId.fetch_add(1);
  I->Fd = *Fd;
  I->Size = End;
  return I;
}

MemoryImage::~MemoryImage() { sys::closeFile(Fd); }

// ---- The pooling allocator's slots

MemoryPool::~MemoryPool() {
  for (uint8_t *S : All)
    sys::release(S, SlotBytes);
}

Expected<MemoryPool::Lease> MemoryPool::acquire(const SlotLayout &Want) {
  FreeSlot Got{};
  {
    std::lock_guard<std::mutex> Lock(M);
    if (!Free.empty()) {
      size_t K = Free.size() - 1;
      for (size_t J = Free.size(); J-- > 0;)
        if (Free[J].Layout == Want) {
          K = J;
          break;
        }
      Got = Free[K];
      Free.erase(Free.begin() + ptrdiff_t(K));
    } else if (All.size() < MaxSlots) {
      Got.Base = sys::reserve(SlotBytes);
      if (!Got.Base)
        return makeError(ErrorKind::Limit, Error::kNoOffset,
                         "cannot reserve {} bytes of address space for a "
                         "pooled memory slot",
                         SlotBytes);
      All.push_back(Got.Base);
    } else {
      return makeError(ErrorKind::Limit, Error::kNoOffset,
                       "all {} memory slots of the pooling allocator are in "
                       "use (EngineConfig::Pooling.Slots)",
                       MaxSlots);
    }
  }
  if (Got.Layout == Want)
    return Lease{Got.Base, true};
  if (!sys::decommit(Got.Base, Got.Layout.ReadyBytes)) {
    std::lock_guard<std::mutex> Lock(M); // unusable: keep it out of Free
    return makeError(ErrorKind::Limit, Error::kNoOffset,
                     "cannot reset a pooled memory slot");
  }
  return Lease{Got.Base, false};
}

void MemoryPool::release(uint8_t *Slot, uint64_t AccessibleBytes,
                         const SlotLayout &Layout) {
  FreeSlot F{Slot, Layout};
  if (!sys::discardPages(Slot, AccessibleBytes) ||
      !sys::protectNone(Slot + Layout.ReadyBytes,
                        AccessibleBytes - Layout.ReadyBytes)) {
    // Wipe it whole instead; a slot that cannot be reset is never reused.
    if (!sys::decommit(Slot, AccessibleBytes))
      return;
    F.Layout = {};
  }
  std::lock_guard<std::mutex> Lock(M);
  Free.push_back(F);
}

size_t MemoryPool::reservedSlots() const {
  std::lock_guard<std::mutex> Lock(M);
  return All.size();
}

} // namespace wasmaot::runtime
