// Linker: names ("module", "name") → external values, and instantiation of a
// Module against them (spec 4.5.4 import matching). Host functions, host
// objects, and whole instances (the spec tests' `register`) are defined here.
// A later definition of the same name replaces the earlier one.
//
// Link failures (missing or mistyped imports: the spec's "unlinkable") are
// Errors of kind Link; traps while initialising ("uninstantiable") are Traps.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
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
  /// A copy has the same definitions and providers (what the providers
  /// made so far is made again on demand).
  Linker(const Linker &O);
  Linker &operator=(const Linker &O);
  Linker(Linker &&) noexcept = default;
  Linker &operator=(Linker &&) noexcept = default;

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
  /// Defines the names of module \p Module on demand: an import of it with
  /// no definition of its own is asked of \p P, once per name; what P
  /// returns is kept (nullopt: no such name, an "unknown import"). A large
  /// host API — WASI preview 1 has 46 functions — then costs only what a
  /// module imports. Definitions made with define/defineFunc take
  /// precedence; a later provider for the same module replaces the earlier
  /// one and what it provided. \p P runs under a lock of this Linker and
  /// must not call back into it.
  using Provider = std::function<std::optional<Extern>(std::string_view Name)>;
  void defineProvider(std::string_view Module, Provider P);
  /// Every export of \p I under \p ModuleName.
  void defineInstance(std::string_view ModuleName, const Instance &I);
  std::optional<Extern> get(std::string_view Module,
                            std::string_view Name) const;

  /// Resolves \p M's imports (an Error of kind Link if one is missing or
  /// does not match) and instantiates it in \p S (a Trap if initialisation
  /// traps). \p M must be owned by a shared_ptr (Module::load's result).
  Outcome<Instance *> instantiate(Store &S, const Module &M) const;
  Engine &engine() const { return *Eng; }

  /// Resolves imports only: the Externs in import order, or a Link error.
  Expected<std::vector<Extern>> resolveImports(const Module &M) const;

private:
  Engine *Eng;
  std::map<std::pair<std::string, std::string>, Extern> Defs;
  std::map<std::string, Provider, std::less<>> Providers;
  /// What providers returned. get() is const and may run on several
  /// threads at once, hence the mutex.
  struct ProvidedNames {
    std::mutex Lock;
    std::map<std::pair<std::string, std::string>, std::optional<Extern>> Defs;
  };
  std::unique_ptr<ProvidedNames> Provided = std::make_unique<ProvidedNames>();
};

} // namespace wasmaot::runtime
