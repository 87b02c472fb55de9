// Global: a global variable (spec 4.2.9) stored in a 16-byte VMGlobal cell.
// An exported global and every import of it share the one cell, so a
// mutation from any side is seen by all.
#pragma once

#include <memory>

#include "wasmaot/runtime/val.h"

namespace wasmaot::runtime {

class Store;

class Global {
public:
  /// A host-created global, owned by \p S; \p V must have the global's type.
  static Expected<Global *> create(Store &S, const GlobalType &T, const Val &V);
  /// For instances: the cell lives at \p Cell (in the vmctx); null: in here.
  static std::unique_ptr<Global> make(const GlobalType &T, abi::VMGlobal *Cell);
  Global(const Global &) = delete;
  Global &operator=(const Global &) = delete;

  const GlobalType &type() const { return Type; }
  Val get() const { return Val::load(Type.Type, Cell); }
  /// Host write: refuses an immutable global or a value of another type.
  Status set(const Val &V);
  /// Write without the mutability check (initialisation).
  void init(const Val &V) { V.store(Cell); }
  abi::VMGlobal *cell() const { return Cell; }

private:
  Global() = default;
  abi::VMGlobal Own{};
  abi::VMGlobal *Cell = &Own;
  GlobalType Type;
};

} // namespace wasmaot::runtime
