// Validation of a decoded module (spec 3). Module-level checks first, then
// each function body. Bodies are independent of each other: given one
// ValidationContext, validateFunction may run on many threads at once.
#pragma once

#include <cstdint>
#include <vector>

#include "wasmaot/frontend/module.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::frontend {

/// Facts about the whole module that function bodies need (spec 3.4.10,
/// C.refs: the functions that `ref.func` may name).
class ValidationContext {
public:
  explicit ValidationContext(const Module &M);
  bool isDeclaredFunc(uint32_t F) const {
    return F < Declared.size() && Declared[F];
  }

private:
  std::vector<bool> Declared;
};

/// Everything but function bodies: types, imports, limits, globals, exports,
/// start, segments, constant expressions.
Status validateModuleFields(const Module &M);

/// One defined function's body; \p Defined counts defined functions only.
Status validateFunction(const Module &M, const ValidationContext &Ctx,
                        uint32_t Defined);

/// validateModuleFields, then every body on up to \p Jobs threads (0: one
/// per hardware thread). Reports the error at the lowest offset.
Status validateModule(const Module &M, unsigned Jobs = 1);

} // namespace wasmaot::frontend
