// Store: ownership of instances and host objects, and the stack limit its
// instances share.
#include "wasmaot/runtime/store.h"

#include "wasmaot/runtime/global.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/memory.h"
#include "wasmaot/runtime/table.h"

namespace wasmaot::runtime {

Store::Store(Engine &E) : Eng(&E) {}
Store::~Store() = default;

Instance *Store::adopt(std::unique_ptr<Instance> I) {
  I->setStackLimit(StackLimit);
  Instances.push_back(std::move(I));
  return Instances.back().get();
}
Memory *Store::adopt(std::unique_ptr<Memory> M) {
  Memories.push_back(std::move(M));
  return Memories.back().get();
}
Table *Store::adopt(std::unique_ptr<Table> T) {
  Tables.push_back(std::move(T));
  return Tables.back().get();
}
Global *Store::adopt(std::unique_ptr<Global> G) {
  Globals.push_back(std::move(G));
  return Globals.back().get();
}

void Store::setStackLimit(uintptr_t Limit) {
  if (Limit == StackLimit)
    return;
  StackLimit = Limit;
  for (const std::unique_ptr<Instance> &I : Instances)
    I->setStackLimit(Limit);
}

} // namespace wasmaot::runtime
