// Engine: configuration, the engine-wide function type registry, the epoch
// counter, the pooling allocator. Creating an Engine installs the fault
// handler (trap.cpp).
#include "wasmaot/runtime/engine.h"

#include <algorithm>

#include "memory_internal.h"
#include "sys/sys.h"
#include "trap_internal.h"

namespace wasmaot::runtime {

size_t TypeRegistry::Hash::operator()(const FuncType &T) const {
  size_t H = 0xcbf29ce484222325ull;
  auto Mix = [&H](uint8_t B) { H = (H ^ B) * 0x100000001b3ull; };
  for (ValType V : T.Params)
    Mix(uint8_t(V));
  Mix(0);
  for (ValType V : T.Results)
    Mix(uint8_t(V));
  return H;
}

uint32_t TypeRegistry::intern(const FuncType &T) {
  std::lock_guard<std::mutex> Lock(M);
  auto [It, Inserted] = Ids.try_emplace(T, uint32_t(ById.size() + 1));
  if (Inserted)
    ById.push_back(T);
  return It->second;
}

const FuncType &TypeRegistry::lookup(uint32_t Id) const {
  std::lock_guard<std::mutex> Lock(M);
  assert(Id >= 1 && Id <= ById.size() && "not an interned type id");
  return ById[Id - 1];
}

Engine::Engine(EngineConfig C) : Config(C) {
  if (Config.MaxMemoryPages > frontend::kMaxPages32)
    Config.MaxMemoryPages = frontend::kMaxPages32;
  installTrapHandler();
  if (Config.Pooling.Slots) {
    uint64_t Page = sys::pageSize();
    uint64_t Slot = std::max<uint64_t>(Config.MemoryReservation, frontend::kPageSize);
    Pool = std::make_unique<MemoryPool>(Config.Pooling.Slots,
                                        (Slot + Page - 1) / Page * Page);
  }
}

Engine::~Engine() = default;

void Engine::incrementEpoch() {
  std::atomic_ref<uint64_t>(Epoch).fetch_add(1);
}

} // namespace wasmaot::runtime
