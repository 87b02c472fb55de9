// Linker: names ("module", "name") → external values, and instantiation of a
// Module against them (spec 4.5.4 import matching). Host functions, host
// objects, and whole instances (the spec tests' `register`) are defined here.
// A later definition of the same name replaces the earlier one.
//
// Link failures (missing or mistyped imports: the spec's "unlinkable") are
// Errors of kind Link; traps while initialising ("uninstantiable") are Traps.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "wasmaot/runtime/extern.h"
#include "wasmaot/runtime/host_func.h"
#include "wasmaot/runtime/module.h"

namespace wasmaot::runtime {

class Instance;
class Store;

class Linker {
public:
  explicit Linker(Engine &E) : Eng(&E) {}

  /// A host function.
  void defineFunc(std::string_view Module, std::string_view Name, FuncType T,
                  HostCallback Fn);
  /// A host function from a plain C++ callable, its wasm type deduced from
  /// the signature (see host_func.h): defineFunc("env", "add",
  /// [](int32_t A, int32_t B) { return A + B; }). The import it satisfies
  /// is checked against that type when a module is instantiated.
  template <typename F>
  void defineFunc(std::string_view Module, std::string_view Name, F &&Fn) {
    auto [T, CB] = hostCallbackFrom(std::forward<F>(Fn));
    defineFunc(Module, Name, std::move(T), std::move(CB));
  }
  /// Any external value (memories, tables, globals from a Store; functions).
  void define(std::string_view Module, std::string_view Name, Extern E);
  /// Every export of \p I under \p ModuleName.
  void defineInstance(std::string_view ModuleName, const Instance &I);
  std::optional<Extern> get(std::string_view Module,
                            std::string_view Name) const;

  /// Resolves \p M's imports (an Error of kind Link if one is missing or
  /// does not match) and instantiates it in \p S (a Trap if initialisation
  /// traps). \p M must be owned by a shared_ptr (Module::load's result).
  Outcome<Instance *> instantiate(Store &S, const Module &M) const;

  /// Resolves imports only: the Externs in import order, or a Link error.
  Expected<std::vector<Extern>> resolveImports(const Module &M) const;

private:
  Engine *Eng;
  std::map<std::pair<std::string, std::string>, Extern> Defs;
};

} // namespace wasmaot::runtime
