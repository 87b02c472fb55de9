// The Linker: definitions by (module, name) and import resolution with the
// external-type matching rules of spec 4.5.4 / 2.0 "Import Subtyping":
// functions by engine-wide type id (exact), tables and memories by limits
// subtyping (and equal element types), globals by equal type and mutability.
// Guard-mode artifacts additionally need imported memories that have the
// guard region their code relies on.
#include "wasmaot/runtime/linker.h"

#include "wasmaot/runtime/global.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/memory.h"
#include "wasmaot/runtime/store.h"
#include "wasmaot/runtime/table.h"

namespace wasmaot::runtime {

namespace {

const char *kindNoun(ExternKind K) {
  switch (K) {
  case ExternKind::Func: return "a function";
  case ExternKind::Table: return "a table";
  case ExternKind::Memory: return "a memory";
  case ExternKind::Global: return "a global";
  }
  return "?";
}

std::string limitsString(const Limits &L) {
  return L.Max ? fmt::format("{{min {}, max {}}}", L.Min, *L.Max)
               : fmt::format("{{min {}, no max}}", L.Min);
}

std::string globalTypeString(const GlobalType &G) {
  return G.Mutable ? fmt::format("(mut {})", frontend::valTypeName(G.Type))
                   : frontend::valTypeName(G.Type);
}

/// Limits subtyping: Have ≤ Want.
bool limitsMatch(const Limits &Have, const Limits &Want) {
  if (Have.Min < Want.Min)
    return false;
  if (!Want.Max)
    return true;
  return Have.Max && *Have.Max <= *Want.Max;
}

/// Why \p E cannot satisfy \p Imp, or "" if it can.
std::string mismatch(const Module &M, const abi::MetaImport &Imp,
                     const Extern &E) {
  if (E.Kind != Imp.Kind)
    return fmt::format("expected {}, got {}", kindNoun(Imp.Kind),
                       kindNoun(E.Kind));
  switch (Imp.Kind) {
  case ExternKind::Func: {
    if (E.F.typeId() != M.typeId(Imp.TypeIndex))
      return fmt::format("function type mismatch: expected {}, got {}",
                         frontend::funcTypeString(M.meta().Types[Imp.TypeIndex]),
                         frontend::funcTypeString(E.F.type()));
    if (!E.F.funcRef() && !M.hostStub(Imp.TypeIndex))
      return "the artifact has no host stub for this function type";
    return "";
  }
  case ExternKind::Table: {
    TableType Have = E.Tab->type();
    if (Have.Elem != Imp.Table.Elem)
      return fmt::format("table element type mismatch: expected {}, got {}",
                         frontend::valTypeName(Imp.Table.Elem),
                         frontend::valTypeName(Have.Elem));
    if (!limitsMatch(Have.Lim, Imp.Table.Lim))
      return fmt::format("table limits mismatch: expected {}, got {}",
                         limitsString(Imp.Table.Lim), limitsString(Have.Lim));
    return "";
  }
  case ExternKind::Memory: {
    MemoryType Have = E.Mem->type();
    if (!limitsMatch(Have.Lim, Imp.Memory.Lim))
      return fmt::format("memory limits mismatch: expected {}, got {}",
                         limitsString(Imp.Memory.Lim), limitsString(Have.Lim));
    const abi::ArtifactMeta &Meta = M.meta();
    if (Meta.Bounds == abi::BoundsMode::Guard &&
        E.Mem->reserved() < (4ull << 30) + Meta.GuardBytes)
      return "the memory has no guard region, but the artifact was compiled "
             "for guard-page bounds checks";
    return "";
  }
  case ExternKind::Global:
    if (E.Glob->type() != Imp.Global)
      return fmt::format("global type mismatch: expected {}, got {}",
                         globalTypeString(Imp.Global),
                         globalTypeString(E.Glob->type()));
    return "";
  }
  return "";
}

} // namespace

void Linker::defineFunc(std::string_view Module, std::string_view Name,
                        FuncType T, HostCallback Fn) {
  auto H = std::make_shared<HostFunc>(*Eng, std::move(T), std::move(Fn));
  define(Module, Name, Extern::func(Func::fromHost(std::move(H))));
}

void Linker::define(std::string_view Module, std::string_view Name, Extern E) {
  Defs.insert_or_assign({std::string(Module), std::string(Name)}, std::move(E));
}

Linker::Linker(const Linker &O)
    : Eng(O.Eng), Defs(O.Defs), Providers(O.Providers) {}

Linker &Linker::operator=(const Linker &O) {
  if (this != &O) {
    Eng = O.Eng;
    Defs = O.Defs;
    Providers = O.Providers;
    Provided = std::make_unique<ProvidedNames>();
  }
  return *this;
}

void Linker::defineProvider(std::string_view Module, Provider P) {
  Providers.insert_or_assign(std::string(Module), std::move(P));
  if (!Provided) // moved from
    Provided = std::make_unique<ProvidedNames>();
  std::lock_guard<std::mutex> G(Provided->Lock);
  std::erase_if(Provided->Defs,
                [&](const auto &KV) { return KV.first.first == Module; });
}

void Linker::defineInstance(std::string_view ModuleName, const Instance &I) {
  for (auto &[Name, E] : I.exports())
    define(ModuleName, Name, std::move(E));
}

std::optional<Extern> Linker::get(std::string_view Module,
                                  std::string_view Name) const {
  std::pair<std::string, std::string> Key{Module, Name};
  if (auto It = Defs.find(Key); It != Defs.end())
    return It->second;
  auto P = Providers.find(Module);
  if (P == Providers.end() || !Provided)
    return std::nullopt;
  std::lock_guard<std::mutex> G(Provided->Lock);
  auto It = Provided->Defs.find(Key);
  if (It == Provided->Defs.end())
    It = Provided->Defs.emplace(std::move(Key), P->second(Name)).first;
  return It->second;
}

Expected<std::vector<Extern>> Linker::resolveImports(const Module &M) const {
  std::vector<Extern> Out;
  Out.reserve(M.meta().Imports.size());
  for (const abi::MetaImport &Imp : M.meta().Imports) {
    std::optional<Extern> E = get(Imp.Module, Imp.Name);
    std::string Why = E ? mismatch(M, Imp, *E) : "unknown import";
    if (!Why.empty())
      return makeError(ErrorKind::Link, Error::kNoOffset,
                       "import \"{}\" \"{}\": {}", Imp.Module, Imp.Name, Why);
    Out.push_back(std::move(*E));
  }
  return Out;
}

Outcome<Instance *> Linker::instantiate(Store &S, const Module &M) const {
  if (&M.engine() != &S.engine())
    return makeError(ErrorKind::Link, Error::kNoOffset,
                     "module and store belong to different engines");
  uint64_t MaxInstances = Eng->config().MaxInstancesPerStore;
  if (MaxInstances && S.numInstances() >= MaxInstances)
    return makeError(ErrorKind::Limit, Error::kNoOffset,
                     "the store already holds {} instances, its limit "
                     "(EngineConfig::MaxInstancesPerStore)",
                     S.numInstances());
  Expected<std::vector<Extern>> Imports = resolveImports(M);
  if (!Imports)
    return Imports.takeError();
  return Instance::create(S, M.shared_from_this(), std::move(*Imports));
}

} // namespace wasmaot::runtime
