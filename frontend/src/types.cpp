// Printing of types for diagnostics.
#include "wasmaot/frontend/types.h"

namespace wasmaot::frontend {

std::string valTypesString(const std::vector<ValType> &Ts) {
  std::string S = "[";
  for (size_t I = 0; I < Ts.size(); ++I) {
    if (I)
      S += ' ';
    S += valTypeName(Ts[I]);
  }
  return S + "]";
}

std::string funcTypeString(const FuncType &T) {
  return valTypesString(T.Params) + " -> " + valTypesString(T.Results);
}

} // namespace wasmaot::frontend
