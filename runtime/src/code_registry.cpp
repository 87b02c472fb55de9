// The code registry: an immutable, sorted snapshot of (start, end, module)
// ranges (identical duplicates allowed) published through an atomic pointer. Writers (load/unload) build a
// new snapshot under a mutex, swap it in, wait until no signal handler is
// reading the old one (a reader count), then free it. Readers in the signal
// handler never lock and never allocate.
#include "code_registry.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace wasmaot::runtime {

namespace {

struct Entry {
  uintptr_t Start, End;
  const Module *M;
};

struct Snapshot {
  std::vector<Entry> Entries; ///< sorted by Start, non-overlapping
};

std::mutex WriterMutex;
std::atomic<Snapshot *> Current{nullptr};
std::atomic<int> Readers{0};

const Entry *find(const Snapshot *S, uintptr_t Pc) {
  if (!S)
    return nullptr;
  const std::vector<Entry> &E = S->Entries;
  // Greatest Start <= Pc.
  size_t Lo = 0, Hi = E.size();
  while (Lo < Hi) {
    size_t Mid = (Lo + Hi) / 2;
    if (E[Mid].Start <= Pc)
      Lo = Mid + 1;
    else
      Hi = Mid;
  }
  if (Lo == 0 || Pc >= E[Lo - 1].End)
    return nullptr;
  return &E[Lo - 1];
}

void publish(Snapshot *New) {
  std::sort(New->Entries.begin(), New->Entries.end(),
            [](const Entry &A, const Entry &B) { return A.Start < B.Start; });
  Snapshot *Old = Current.exchange(New, std::memory_order_acq_rel);
  while (Readers.load(std::memory_order_acquire) != 0)
    std::this_thread::yield();
  delete Old;
}

} // namespace

void registerCode(const Module *M, std::span<const sys::CodeRange> Ranges) {
  std::lock_guard<std::mutex> Lock(WriterMutex);
  Snapshot *Old = Current.load(std::memory_order_acquire);
  auto *New = new Snapshot(Old ? *Old : Snapshot{});
  // The same file loaded twice shares one mapping: its ranges then appear
  // once per Module, identical, and either answers for the other.
  for (const sys::CodeRange &R : Ranges)
    New->Entries.push_back({R.Start, R.End, M});
  publish(New);
}

void unregisterCode(const Module *M) {
  std::lock_guard<std::mutex> Lock(WriterMutex);
  Snapshot *Old = Current.load(std::memory_order_acquire);
  if (!Old)
    return;
  auto *New = new Snapshot;
  for (const Entry &E : Old->Entries)
    if (E.M != M)
      New->Entries.push_back(E);
  publish(New);
}

bool isWasmCode(uintptr_t Pc) {
  Readers.fetch_add(1, std::memory_order_acq_rel);
  bool Found = find(Current.load(std::memory_order_acquire), Pc) != nullptr;
  Readers.fetch_sub(1, std::memory_order_acq_rel);
  return Found;
}

const Module *moduleForPc(uintptr_t Pc) {
  std::lock_guard<std::mutex> Lock(WriterMutex);
  const Entry *E = find(Current.load(std::memory_order_acquire), Pc);
  return E ? E->M : nullptr;
}

} // namespace wasmaot::runtime
