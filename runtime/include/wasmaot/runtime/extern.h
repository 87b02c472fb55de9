// Extern: an external value (spec 4.2.12) — what an instance exports and
// what an import is satisfied with: a function, table, memory or global.
// Objects are owned by a Store (or, for host functions, shared).
#pragma once

#include "wasmaot/runtime/func.h"

namespace wasmaot::runtime {

class Memory;
class Table;
class Global;

struct Extern {
  ExternKind Kind = ExternKind::Func;
  Func F;
  Memory *Mem = nullptr;
  Table *Tab = nullptr;
  Global *Glob = nullptr;

  static Extern func(Func F) {
    Extern E;
    E.Kind = ExternKind::Func;
    E.F = std::move(F);
    return E;
  }
  static Extern memory(Memory *M) {
    Extern E;
    E.Kind = ExternKind::Memory;
    E.Mem = M;
    return E;
  }
  static Extern table(Table *T) {
    Extern E;
    E.Kind = ExternKind::Table;
    E.Tab = T;
    return E;
  }
  static Extern global(Global *G) {
    Extern E;
    E.Kind = ExternKind::Global;
    E.Glob = G;
    return E;
  }
};

} // namespace wasmaot::runtime
