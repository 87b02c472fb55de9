// Tables and globals: the host-visible objects behind VMTable and VMGlobal.
#include "wasmaot/runtime/global.h"
#include "wasmaot/runtime/table.h"

#include <algorithm>

#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/store.h"

namespace wasmaot::runtime {

// ---- Table

Expected<std::unique_ptr<Table>> Table::make(const Engine &E,
                                             const TableType &T, void *Init,
                                             abi::VMTable *Def) {
  std::unique_ptr<Table> Tab(new Table);
  Tab->Declared = T;
  if (Def)
    Tab->Def = Def;
  Tab->MaxElems = std::min<uint64_t>(T.Lim.Max.value_or(UINT32_MAX),
                                     E.config().MaxTableElements);
  if (T.Lim.Min > Tab->MaxElems)
    return makeError(ErrorKind::Limit, Error::kNoOffset,
                     "table of {} elements exceeds the host limit of {}",
                     T.Lim.Min, Tab->MaxElems);
  Tab->Elems.assign(T.Lim.Min, Init);
  Tab->sync();
  return Tab;
}

Expected<Table *> Table::create(Store &S, const TableType &T, Val Init) {
  if (Init.type() != T.Elem)
    return makeError(ErrorKind::Invalid, Error::kNoOffset,
                     "table initial value has type {}, expected {}",
                     frontend::valTypeName(Init.type()),
                     frontend::valTypeName(T.Elem));
  Expected<std::unique_ptr<Table>> Tab = make(S.engine(), T, Init.ref(), nullptr);
  if (!Tab)
    return Tab.takeError();
  return S.adopt(std::move(*Tab));
}

TableType Table::type() const {
  TableType T = Declared;
  T.Lim.Min = size();
  return T;
}

std::optional<Val> Table::get(uint64_t I) const {
  if (I >= Elems.size())
    return std::nullopt;
  return elemType() == ValType::FuncRef
             ? Val::fromFuncRef(static_cast<abi::VMFuncRef *>(Elems[I]))
             : Val::fromExternRef(Elems[I]);
}

bool Table::set(uint64_t I, const Val &V) {
  if (I >= Elems.size() || V.type() != elemType())
    return false;
  Elems[I] = V.ref();
  return true;
}

int64_t Table::growRaw(uint64_t Delta, void *Init) {
  uint64_t Old = Elems.size();
  if (Delta > MaxElems - Old)
    return -1;
  Elems.resize(Old + Delta, Init);
  sync();
  return int64_t(Old);
}

int64_t Table::grow(uint64_t Delta, const Val &Init) {
  if (Init.type() != elemType())
    return -1;
  return growRaw(Delta, Init.ref());
}

// ---- Global

std::unique_ptr<Global> Global::make(const GlobalType &T, abi::VMGlobal *Cell) {
  std::unique_ptr<Global> G(new Global);
  G->Type = T;
  if (Cell)
    G->Cell = Cell;
  return G;
}

Expected<Global *> Global::create(Store &S, const GlobalType &T, const Val &V) {
  if (V.type() != T.Type)
    return makeError(ErrorKind::Invalid, Error::kNoOffset,
                     "global initial value has type {}, expected {}",
                     frontend::valTypeName(V.type()),
                     frontend::valTypeName(T.Type));
  std::unique_ptr<Global> G = make(T, nullptr);
  G->init(V);
  return S.adopt(std::move(G));
}

Status Global::set(const Val &V) {
  if (!Type.Mutable)
    return makeError(ErrorKind::Invalid, Error::kNoOffset,
                     "cannot set an immutable global");
  if (V.type() != Type.Type)
    return makeError(ErrorKind::Invalid, Error::kNoOffset,
                     "global has type {}, got a value of type {}",
                     frontend::valTypeName(Type.Type),
                     frontend::valTypeName(V.type()));
  V.store(Cell);
  return {};
}

} // namespace wasmaot::runtime
