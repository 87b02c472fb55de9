// Linear memories: reservation, commit, grow (see memory.h for the layout).
#include "wasmaot/runtime/memory.h"

#include <algorithm>

#include "sys/sys.h"
#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/store.h"

namespace wasmaot::runtime {

namespace {
constexpr uint64_t kPage = frontend::kPageSize;
constexpr uint64_t k4GiB = 4ull << 30;
} // namespace

Expected<std::unique_ptr<Memory>>
Memory::make(const Engine &E, const MemoryType &T, abi::VMMemory *Def) {
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
  M->MaxPages = std::min({T.Lim.Max.value_or(frontend::kMaxPages32),
                          frontend::kMaxPages32, E.config().MaxMemoryPages,
                          Reserve / kPage});
  if (T.Lim.Min > M->MaxPages)
    return makeError(ErrorKind::Limit, Error::kNoOffset,
                     "memory of {} pages exceeds the host limit of {} pages",
                     T.Lim.Min, M->MaxPages);
  // Reserve at least 4 GiB + guard when configured so, else what was asked.
  M->Base = sys::reserve(Reserve);
  if (!M->Base)
    return makeError(ErrorKind::Limit, Error::kNoOffset,
                     "cannot reserve {} bytes of address space for a memory",
                     Reserve);
  M->Reserved = Reserve;
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

Memory::~Memory() { sys::release(Base, Reserved); }

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
  return int64_t(Old);
}

} // namespace wasmaot::runtime
