// Components at run time: a Component is a loaded component artifact (its
// core modules, each an ordinary runtime::Module, plus the instantiation
// plan of abi/component.h); a ComponentLinker supplies host functions with
// component-level types; a ComponentInstance runs the plan in a Store and
// calls exports with component Values through the Canonical ABI.
//
//   auto C = Component::load(Engine, "calc.so");
//   ComponentLinker L;
//   L.defineFunc("host:log/logger#log", [](std::span<const Value> Args)
//                    -> Outcome<std::vector<Value>> { ... });
//   auto I = ComponentInstance::instantiate(Store, *C, L);
//   auto R = (*I)->call("add", {Value::u(Kind::U32, 1), Value::u(Kind::U32, 2)});
//
// Threading: a Component is immutable and shareable; a ComponentInstance
// belongs to its Store and is used by one thread at a time.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include "wasmaot/abi/component.h"
#include "wasmaot/abi/component_adapter.h"
#include "wasmaot/runtime/component/canonical.h"
#include "wasmaot/runtime/extern.h"
#include "wasmaot/runtime/func.h"
#include "wasmaot/runtime/module.h"
#include "wasmaot/runtime/store.h"

namespace wasmaot::runtime::component {

/// Is \p Bytes a component artifact (has the wasmaot_component symbol)?
bool isComponentArtifact(std::span<const uint8_t> Bytes);

class Component {
public:
  static Expected<std::shared_ptr<Component>> load(Engine &E,
                                                   const std::string &Path);
  static Expected<std::shared_ptr<Component>>
  loadBytes(Engine &E, std::span<const uint8_t> Bytes,
            std::string DisplayName = "<memory>");

  const abi::component::ComponentMeta &meta() const { return Meta; }
  const std::shared_ptr<Module> &module(uint32_t I) const { return Modules[I]; }
  const std::string &displayName() const { return Display; }
  /// The compiled adapter of Lift::Adapter \p I (abi/component_adapter.h).
  void *adapter(int32_t I) const { return Adapters ? Adapters[I] : nullptr; }

  /// An export's function type, or null.
  const cabi::FuncType *exportType(std::string_view Name) const;
  /// The export \p Name names: itself, or the one export whose last
  /// `#`-separated part is \p Name ("add" for "ns:pkg/iface#add").
  const abi::component::Export *findExport(std::string_view Name) const;

private:
  abi::component::ComponentMeta Meta;
  std::vector<std::shared_ptr<Module>> Modules;
  std::string Display;
  std::shared_ptr<void> AdapterCode; ///< the artifact, loaded; null: none
  void *const *Adapters = nullptr;
  friend Status loadAdapters(Component &C, std::span<const uint8_t> Bytes);
};

/// A host function with a component-level type.
using ComponentHostFunc =
    std::function<Outcome<std::vector<Value>>(std::span<const Value> Args)>;

/// Host memory for strings and lists in host layout: Size bytes aligned
/// Align (never null).
using HostAllocFn = std::function<void *(uint64_t Size, uint64_t Align)>;

/// A host function that takes and returns HOST LAYOUT
/// (abi/component_adapter.h) instead of Values: what a compiled lower
/// adapter hands over, with no Value made. Args is the parameters'
/// host-layout tuple (its strings and lists valid during the call);
/// Results receives the results' tuple, whose strings and lists must be
/// allocated with Alloc. The sizes and alignments are the tuples' as the
/// host sees them; an import whose type lays out otherwise does not use
/// this function (the Value one, if defined, serves it). Generated bindings
/// (bindings_host.h, defineImportHost) define both kinds.
struct ComponentHostLayoutFunc {
  uint32_t ArgsSize = 0, ArgsAlign = 1, ResultsSize = 0, ResultsAlign = 1;
  std::function<Outcome<std::monostate>(const uint8_t *Args, uint8_t *Results,
                                        const HostAllocFn &Alloc)>
      Fn;
};

class ComponentLinker {
public:
  /// Defines the import \p Name ("name", or "ns:pkg/iface@ver#name").
  void defineFunc(std::string Name, ComponentHostFunc Fn) {
    Funcs[std::move(Name)] = std::move(Fn);
  }
  /// The function defined as \p Name, or else one whose name differs only
  /// in a semver-compatible version ("wasi:cli/stdout@0.2.0#get-stdout"
  /// serves "wasi:cli/stdout@0.2.3#get-stdout").
  const ComponentHostFunc *get(const std::string &Name) const;
  /// Defines import \p Name in host layout too (see
  /// ComponentHostLayoutFunc): calls through compiled lower adapters use it,
  /// the dynamic path converts Values to and from it when \p Name has no
  /// Value function.
  void defineFuncHostLayout(std::string Name, ComponentHostLayoutFunc Fn) {
    HostLayoutFuncs[std::move(Name)] = std::move(Fn);
  }
  /// As get(), for the host-layout definitions.
  const ComponentHostLayoutFunc *getHostLayout(const std::string &Name) const;
  /// A resource type the host implements ("ns:pkg/iface@ver#name"): values
  /// of own/borrow<T> carry the host's rep (Value::Bits); \p Drop runs when
  /// a component drops the last own handle of one.
  void defineResource(std::string Name, std::function<void(uint32_t Rep)> Drop) {
    Drops[std::move(Name)] = std::move(Drop);
  }
  const std::function<void(uint32_t)> *
  resourceDrop(const std::string &Name) const;

private:
  std::map<std::string, ComponentHostFunc> Funcs;
  std::map<std::string, ComponentHostLayoutFunc> HostLayoutFuncs;
  std::map<std::string, std::function<void(uint32_t)>> Drops;
};

class ComponentInstance {
public:
  /// Instantiates \p C in \p S with the imports \p L defines (a link
  /// Error names the first missing one). \p L and its functions are
  /// referred to by the instance: they must outlive it and not be
  /// redefined while it lives.
  static Outcome<std::unique_ptr<ComponentInstance>>
  instantiate(Store &S, std::shared_ptr<const Component> C,
              const ComponentLinker &L);
  ~ComponentInstance();

  const Component &component() const { return *C; }

  /// Calls export \p Name (see Component::findExport) with \p Args; the
  /// results as Values. An Error if the export is missing or the arguments
  /// do not match its type; a Trap if the code or the Canonical ABI traps.
  Outcome<std::vector<Value>> call(std::string_view Name,
                                   std::span<const Value> Args);

  /// Drops \p Handle, an own or borrow Value a call gave the host, of a
  /// resource a guest implements (ComponentInstance::call results, host
  /// function arguments; such Values are indices into the host's handle
  /// table, and each is good until moved back into the component or
  /// dropped). An own handle's resource is destroyed: the implementing
  /// component's destructor runs (a Trap if it traps). An Error if the
  /// handle is not live in the host's table, is lent to a call in
  /// progress, or is a borrow the host holds only while its function runs.
  Outcome<std::monostate> dropResource(const Value &Handle);
  /// Live handles in the host's table (for tests: leaks, double drops).
  size_t hostHandleCount() const { return HostHandles.liveCount(); }

  /// The core instances, in plan order (for tests and debugging).
  Instance *coreInstance(uint32_t I) const { return CoreInstances[I]; }

  /// Calls go through the compiled adapters where the artifact has them
  /// (the default, unless WASMAOT_COMPONENT_ADAPTERS=0 in the environment
  /// at instantiation); off: always the dynamic Canonical ABI.
  void setUseAdapters(bool On) { UseAdapters = On; }
  /// Does export \p Name go through a compiled adapter right now?
  bool usesAdapter(std::string_view Name);
  /// How many of the component's lowered functions (imports its code
  /// calls) would not go through a compiled lower adapter right now.
  size_t lowersWithoutAdapter();
  /// Calls of lowered functions that went through lower adapters so far.
  uint64_t loweredAdapterCalls() const { return LowerAdapterCalls; }
  /// Does it, and are its parameters and results in host layout a tuple of
  /// \p ArgsSize bytes aligned \p ArgsAlign and one of \p ResultsSize /
  /// \p ResultsAlign? Typed bindings (bindings_host.h) check this before
  /// callHostLayout, so a C++ type that does not lay out like the
  /// component's type falls back to Values instead of misreading memory.
  bool hostLayoutMatches(std::string_view Name, uint32_t ArgsSize,
                         uint32_t ArgsAlign, uint32_t ResultsSize,
                         uint32_t ResultsAlign);

  /// Calls export \p Name through its compiled adapter with arguments and
  /// results in host layout (abi/component_adapter.h): host memory of the
  /// lifted strings and lists comes from \p Alloc. An Error if the export
  /// has no usable adapter.
  using HostAlloc = HostAllocFn;
  Outcome<std::monostate> callHostLayout(std::string_view Name,
                                         const void *HostArgs,
                                         void *HostResults, HostAlloc &Alloc);

private:
  ComponentInstance(Store &S, std::shared_ptr<const Component> C);
  /// \p FromHost: the arguments come from the host and the results go to
  /// it (own/borrow of guest resources through HostHandles), not from a
  /// lower of another component instance.
  Outcome<std::vector<Value>> callLift(uint32_t LiftIndex,
                                       std::span<const Value> Args,
                                       bool FromHost);
  /// Runs resource \p Res's destructor on \p Rep (or the host's drop for
  /// a resource the host implements).
  std::optional<Trap> destroyResource(uint32_t Res, uint32_t Rep);
  std::optional<Trap> callLower(uint32_t LowerIndex, std::span<const Val> Args,
                                std::span<Val> Results);
  Expected<Extern> resolve(const abi::component::CoreItem &I);
  AbiContext context(const abi::component::Options &O, uint32_t Instance);
  /// Lift \p LiftIndex's adapter environment, or null if it has none
  /// usable here (adapter.cpp).
  abi::component::AdapterEnv *adapterEnv(uint32_t LiftIndex);
  /// The same for Lower \p LowerIndex's lower adapter.
  abi::component::AdapterEnv *lowerAdapterEnv(uint32_t LowerIndex);
  /// Memory, realloc and post-return of \p O into \p Env; false if one is
  /// not usable by compiled code here.
  bool fillAdapterOptions(abi::component::AdapterEnv &Env,
                          const abi::component::Options &O);
  std::optional<Trap> callLowerAdapted(uint32_t LowerIndex,
                                       abi::component::AdapterEnv *Env,
                                       std::span<const Val> Args,
                                       std::span<Val> Results);
  Outcome<std::vector<Value>> callAdapted(uint32_t LiftIndex,
                                          std::span<const Value> Args,
                                          bool FromHost);
  /// The handle tables of a call into component instance \p Instance
  /// (no memory or realloc: adapters have their own).
  AbiContext handleContext(uint32_t Instance, bool FromHost);

  Store &St;
  std::shared_ptr<const Component> C;
  const ComponentLinker *Linker = nullptr;
  /// Per Import: the linker's function (resolved at instantiation; the
  /// linker must outlive the instance).
  std::vector<const ComponentHostFunc *> ImportFuncs;
  /// Per Import: the host-layout function, if defined with the import's
  /// layout (else null).
  std::vector<const ComponentHostLayoutFunc *> ImportLayoutFuncs;
  /// Import \p Index through its host-layout function with Values (the
  /// dynamic path, when the host defined no Value function; adapter.cpp).
  Outcome<std::vector<Value>> callImportHostLayout(uint32_t Index,
                                                   std::span<const Value> Args);
  std::vector<Instance *> CoreInstances;
  std::vector<std::shared_ptr<HostFunc>> LowerFuncs;
  std::map<std::tuple<uint8_t, uint32_t, uint32_t>, std::shared_ptr<HostFunc>>
      ResourceFuncs;
  std::vector<HandleTable> Handles; ///< one per component instance
  HostHandleTable HostHandles; ///< the host's handles to guest resources
  std::vector<uint32_t> ResourceOwners; ///< per resource: its instance
  uint64_t NextCallScope = 1;
  bool UseAdapters = true;
  friend struct AdapterAccess; // adapter.cpp's callbacks
  /// Per Lift: its adapter environment once made (null: not yet or none).
  std::vector<std::unique_ptr<abi::component::AdapterEnv>> AdapterEnvs;
  std::vector<bool> AdapterTried;
  /// Per Lower: the same for its lower adapter.
  std::vector<std::unique_ptr<abi::component::AdapterEnv>> LowerEnvs;
  std::vector<bool> LowerTried;
  uint64_t LowerAdapterCalls = 0;
  /// Per Lift: host layout {args size, align, results size, align}.
  std::vector<std::array<uint32_t, 4>> HostLayouts;
};

} // namespace wasmaot::runtime::component
