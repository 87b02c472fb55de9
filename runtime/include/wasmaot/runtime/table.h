// Table: a table of references (spec 4.2.7). Elements are void*: funcref
// tables hold abi::VMFuncRef* (null = ref.null func), externref tables hold
// opaque host pointers. VMTable{Base, Size} (abi/vmctx.h) is updated on every
// grow; the element buffer may move, and compiled code reloads Base on each
// access.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "wasmaot/runtime/val.h"

namespace wasmaot::runtime {

class Engine;
class Store;

class Table {
public:
  /// A host-created table filled with \p Init, owned by \p S.
  static Expected<Table *> create(Store &S, const TableType &T, Val Init);
  /// For instances: the VMTable record lives at \p Def (null: in here).
  static Expected<std::unique_ptr<Table>> make(const Engine &E,
                                               const TableType &T,
                                               void *Init, abi::VMTable *Def);
  Table(const Table &) = delete;
  Table &operator=(const Table &) = delete;

  uint64_t size() const { return Elems.size(); }
  ValType elemType() const { return Declared.Elem; }
  /// The current type: min = current size, max as declared.
  TableType type() const;
  uint64_t maxSize() const { return MaxElems; }

  std::optional<Val> get(uint64_t Index) const;
  /// False if out of bounds or \p V has the wrong type.
  bool set(uint64_t Index, const Val &V);
  /// table.grow: the old size, or -1.
  int64_t grow(uint64_t Delta, const Val &Init);

  // Raw access for builtins and instantiation (bounds checked by callers).
  void **elems() { return Elems.data(); }
  int64_t growRaw(uint64_t Delta, void *Init);
  abi::VMTable *vm() const { return Def; }

private:
  Table() = default;
  void sync() {
    Def->Base = Elems.data();
    Def->Size = Elems.size();
  }
  std::vector<void *> Elems;
  abi::VMTable Own{};
  abi::VMTable *Def = &Own;
  uint64_t MaxElems = 0;
  TableType Declared;
};

} // namespace wasmaot::runtime
