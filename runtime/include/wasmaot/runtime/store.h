// Store: owns everything instances are made of — instances, memories,
// tables, globals and host functions — for its whole lifetime (spec 4.2.3).
// Nothing is freed before the Store: an instance whose start function
// trapped may already have written its functions into another instance's
// table, so it must stay alive.
//
// A Store and everything in it is used by one thread at a time. The Store
// also carries the stack limit its instances' vmctx hold, refreshed at each
// outermost host→wasm call.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "wasmaot/runtime/engine.h"

namespace wasmaot::runtime {

class Instance;
class Memory;
class Table;
class Global;
class HostFunc;

class Store {
public:
  explicit Store(Engine &E);
  ~Store();
  Store(const Store &) = delete;
  Store &operator=(const Store &) = delete;

  Engine &engine() const { return *Eng; }
  size_t numInstances() const { return Instances.size(); }

  // Ownership transfer (runtime-internal use).
  Instance *adopt(std::unique_ptr<Instance> I);
  Memory *adopt(std::unique_ptr<Memory> M);
  Table *adopt(std::unique_ptr<Table> T);
  Global *adopt(std::unique_ptr<Global> G);

  /// The limit every instance's vmctx stack_limit holds (runtime-internal).
  uintptr_t stackLimit() const { return StackLimit; }
  void setStackLimit(uintptr_t Limit);

private:
  Engine *Eng;
  uintptr_t StackLimit = 0;
  // Instances first: they are destroyed before the objects they point to.
  std::vector<std::unique_ptr<Memory>> Memories;
  std::vector<std::unique_ptr<Table>> Tables;
  std::vector<std::unique_ptr<Global>> Globals;
  std::vector<std::unique_ptr<Instance>> Instances;
};

} // namespace wasmaot::runtime
