// Semantic checks of component definitions (Binary.md notes,
// CanonicalABI.md "Canonical Definitions"), run by the reader as it appends
// each definition: instantiation argument matching (with resource type
// substitution), alias targets, canon lift/lower signatures and options,
// resource built-ins, extern names and export visibility.
#include <algorithm>
#include <functional>
#include <set>

#include "component_scope.h"

namespace wasmaot::frontend::component::detail {

Error invalid(uint64_t Off, std::string Msg) {
  return Error{ErrorKind::Invalid, Off, std::move(Msg), {}};
}
Error unsupported(uint64_t Off, std::string Msg) {
  return Error{ErrorKind::Unsupported, Off, std::move(Msg), {}};
}

namespace {

Expected<TypeId> at(const Component &C, Sort K, uint32_t I, uint64_t Off) {
  const auto &Sp = C.space(K);
  if (I >= Sp.size())
    return invalid(Off, fmt::format("index out of bounds: {} index {} (only "
                                    "{} defined)",
                                    sortName(K), I, Sp.size()));
  return Sp[I];
}

const ExternItem *findExport(const TypeDef &T, std::string_view Name) {
  for (const ExternItem &E : T.Exports)
    if (E.Name == Name)
      return &E;
  return nullptr;
}

} // namespace

Expected<TypeId> Builder::coreFuncType(uint64_t Off, uint32_t F) {
  return at(C, Sort::CoreFunc, F, Off);
}

Expected<TypeId> Builder::checkCoreInstance(const Definition &D) {
  TypeDef Inst;
  Inst.Kind = TypeKind::CoreInstance;
  if (D.Kind == DefKind::CoreInstanceExports) {
    std::set<std::string> Seen;
    for (const auto &[Name, Item] : D.Args) {
      if (Item.Kind == Sort::CoreType || Item.Kind == Sort::CoreModule ||
          Item.Kind == Sort::CoreInstance)
        return invalid(D.Offset, fmt::format("core instance export `{}` "
                                             "must be a func, table, "
                                             "memory or global",
                                             Name));
      auto T = at(C, Item.Kind, Item.Index, D.Offset);
      if (!T)
        return T.takeError();
      if (!Seen.insert(Name).second)
        return invalid(D.Offset, fmt::format("export name `{}` already "
                                             "defined",
                                             Name));
      Inst.Exports.push_back({Name, Item.Kind, *T});
    }
    return A().add(std::move(Inst));
  }
  auto MT = at(C, Sort::CoreModule, D.Ref, D.Offset);
  if (!MT)
    return MT.takeError();
  std::map<std::string, TypeId> Args;
  for (const auto &[Name, Item] : D.Args) {
    auto T = at(C, Sort::CoreInstance, Item.Index, D.Offset);
    if (!T)
      return T.takeError();
    if (!Args.emplace(Name, *T).second)
      return invalid(D.Offset, fmt::format("duplicate module instantiation "
                                           "argument named `{}`",
                                           Name));
  }
  const TypeDef Mod = A()[*MT];
  for (const ExternItem &Imp : Mod.Imports) {
    size_t Z = Imp.Name.find('\0');
    std::string M = Imp.Name.substr(0, Z), N = Imp.Name.substr(Z + 1);
    auto It = Args.find(M);
    if (It == Args.end())
      return invalid(D.Offset, fmt::format("missing module instantiation "
                                           "argument named `{}`",
                                           M));
    const ExternItem *E = findExport(A()[It->second], N);
    if (!E)
      return invalid(D.Offset, fmt::format("module instantiation argument "
                                           "`{}` does not export an item "
                                           "named `{}`",
                                           M, N));
    std::string Why;
    if (E->Kind != Imp.Kind || !isSubtype(A(), Imp.Kind, E->Type, Imp.Type,
                                          Why))
      return invalid(D.Offset,
                     fmt::format("type mismatch for export `{}` of module "
                                 "instantiation argument `{}`{}{}",
                                 N, M, Why.empty() ? "" : ": ", Why));
  }
  Inst.Exports = Mod.Exports;
  return A().add(std::move(Inst));
}

Expected<TypeId> Builder::checkInstance(const Definition &D) {
  TypeDef Inst;
  Inst.Kind = TypeKind::Instance;
  if (D.Kind == DefKind::InstanceExports) {
    std::set<std::string> Seen;
    for (const auto &[Name, Item] : D.Args) {
      if (isCoreSort(Item.Kind) && Item.Kind != Sort::CoreModule)
        return invalid(D.Offset, fmt::format("{} not valid to be used as "
                                             "export",
                                             sortName(Item.Kind)));
      if (Item.Kind == Sort::Value)
        return unsupported(D.Offset, "values (🪙) are not supported");
      auto T = at(C, Item.Kind, Item.Index, D.Offset);
      if (!T)
        return T.takeError();
      ParsedName PN;
      if (std::string Msg = checkExternName(Name, false, PN); !Msg.empty())
        return invalid(D.Offset, Msg);
      if (!Seen.insert(foldCase(Name)).second)
        return invalid(D.Offset, fmt::format("export name `{}` conflicts "
                                             "with previous name",
                                             Name));
      // The type it names, not a new name for it (wasmparser's
      // instantiate_component_exports).
      ExternItem E{Name, Item.Kind, *T,
                   Item.Kind == Sort::Type ? Top.typeTag(Item.Index) : 0};
      // A bag of exports names no resources of its own, so `[method]` and
      // the like find none.
      WASMAOT_TRY(checkAnnotatedName({}, D.Offset, Name, PN, E));
      Inst.Exports.push_back(std::move(E));
    }
    return A().add(std::move(Inst));
  }
  auto CT = at(C, Sort::Component, D.Ref, D.Offset);
  if (!CT)
    return CT.takeError();
  std::map<std::string, SortIdx> Args;
  for (const auto &[Name, Item] : D.Args) {
    if (Item.Kind == Sort::Value)
      return unsupported(D.Offset, "values (🪙) are not supported");
    auto T = at(C, Item.Kind, Item.Index, D.Offset);
    if (!T)
      return T.takeError();
    if (!Args.emplace(Name, Item).second)
      return invalid(D.Offset, fmt::format("instantiation argument `{}` "
                                           "conflicts with previous "
                                           "argument",
                                           Name));
  }
  const TypeDef Comp = A()[*CT];
  Subst S;
  // An imported instance's abstract resources stand for the argument's
  // (bound before the check, which compares resources by identity), its
  // other types for the argument's (bound after it); as wasmparser's
  // open_instance_type and register_type_renamings.
  std::function<void(TypeId, TypeId, bool)> Bind = [&](TypeId Want,
                                                       TypeId Have,
                                                       bool Resources) {
    for (const ExternItem &E : A()[Want].Exports) {
      const ExternItem *H = findExport(A()[Have], E.Name);
      if (!H || H->Kind != E.Kind)
        continue;
      if (E.Kind == Sort::Instance) {
        Bind(E.Type, H->Type, Resources);
        continue;
      }
      if (E.Kind != Sort::Type || S.count(*E.Type))
        continue;
      const TypeDef &ET = A()[E.Type];
      bool IsResource = ET.Kind == TypeKind::Resource;
      if (Resources && IsResource && ET.Abstract &&
          A()[H->Type].Kind == TypeKind::Resource)
        S[*E.Type] = H->Type;
      else if (!Resources && !IsResource && !isPrimitive(ET.Kind))
        S[*E.Type] = H->Type;
    }
  };
  for (const ExternItem &Imp : Comp.Imports) {
    auto It = Args.find(Imp.Name);
    if (It == Args.end())
      return invalid(D.Offset, fmt::format("missing import named `{}`",
                                           Imp.Name));
    SortIdx Item = It->second;
    if (Item.Kind != Imp.Kind)
      return invalid(D.Offset, fmt::format("expected {} for argument `{}`, "
                                           "found {}",
                                           sortName(Imp.Kind), Imp.Name,
                                           sortName(Item.Kind)));
    TypeId Have = C.space(Item.Kind)[Item.Index];
    const TypeDef &ImpT = A()[Imp.Type];
    if (Imp.Kind == Sort::Type && ImpT.Kind == TypeKind::Resource &&
        ImpT.Abstract && !S.count(*Imp.Type)) {
      if (A()[Have].Kind != TypeKind::Resource)
        return invalid(D.Offset, fmt::format("expected resource for "
                                             "argument `{}`",
                                             Imp.Name));
      S[*Imp.Type] = Have;
      continue;
    }
    if (Imp.Kind == Sort::Instance)
      Bind(Imp.Type, Have, true);
    TypeId Want = substitute(A(), Imp.Type, S);
    std::string Why;
    if (!isSubtype(A(), Imp.Kind, Have, Want, Why))
      return invalid(D.Offset, fmt::format("type mismatch for argument "
                                           "`{}`{}{}",
                                           Imp.Name, Why.empty() ? "" : ": ",
                                           Why));
    // An `(eq T)` type import stands for the argument from now on (as in
    // wasmparser): equal structurally already, but keeping the argument's
    // identity lets exported types be traced back to where they were named
    // (`wasmaot wit` prints them as `use`).
    if (Imp.Kind == Sort::Type && !isPrimitive(A()[Imp.Type].Kind) &&
        !S.count(*Imp.Type))
      S[*Imp.Type] = Have;
    if (Imp.Kind == Sort::Instance)
      Bind(Imp.Type, Have, false);
  }
  // The resources the component defines (those its exports name that are
  // not bound to an argument) are generative: fresh per instantiation
  // (Explainer.md "Type Checking"; wasmparser's fresh_defined_resources).
  std::vector<ExternItem> Resources;
  exportedResources(A(), *CT, Resources);
  for (const ExternItem &E : Resources)
    if (!S.count(*E.Type)) {
      TypeDef Fresh = A()[E.Type];
      S[*E.Type] = A().add(std::move(Fresh));
    }
  // One substitution for all exports: a type two exports share stays one.
  Subst Memo;
  for (ExternItem E : Comp.Exports) {
    E.Type = substitute(A(), E.Type, S, Memo);
    Inst.Exports.push_back(std::move(E));
  }
  return A().add(std::move(Inst));
}

Expected<TypeId> Builder::checkAlias(const Definition &D, Sort K, Scope &Sc,
                                     uint32_t *Tag) {
  if (Tag)
    *Tag = 0;
  if (D.Kind == DefKind::AliasOuter) {
    if (!(K == Sort::Type || K == Sort::CoreType || K == Sort::CoreModule ||
          K == Sort::Component))
      return invalid(D.Offset, fmt::format("outer aliases of {} are not "
                                           "allowed (only types, modules "
                                           "and components)",
                                           sortName(K)));
    Scope *Target = &Sc;
    for (uint32_t I = 0; I < D.OuterCount; ++I) {
      Target = Target->Parent;
      if (!Target)
        return invalid(D.Offset, fmt::format("invalid outer alias count of "
                                             "{}",
                                             D.OuterCount));
    }
    auto &Sp = Target->space(K);
    if (D.Ref >= Sp.size())
      return invalid(D.Offset, fmt::format("index out of bounds: outer {} "
                                           "index {}",
                                           sortName(K), D.Ref));
    TypeId T = Sp[D.Ref];
    // Resources may not leak into a nested component through an outer
    // alias; type declarations (instance and component types) may alias
    // the enclosing component's resources (wit-component's output does).
    bool CrossesComponent = false;
    for (Scope *P = &Sc; P != Target; P = P->Parent)
      CrossesComponent |= P->K == Scope::ComponentScope;
    if (CrossesComponent && K == Sort::Type &&
        A()[T].Kind == TypeKind::Resource)
      return invalid(D.Offset, "refers to resources not defined in the "
                               "current component");
    if (CrossesComponent && K == Sort::Type) {
      std::vector<TypeId> Rs;
      collectResources(A(), T, Rs);
      // Component and instance types mention resources through their
      // imports and exports; `(sub resource)` ones are their own (fresh
      // and abstract), defined ones come from outside.
      std::vector<TypeId> Work{T};
      std::set<uint32_t> Seen;
      while (!Work.empty() && Rs.empty()) {
        TypeId U = Work.back();
        Work.pop_back();
        if (U == kNoType || !Seen.insert(*U).second)
          continue;
        const TypeDef &UD = A()[U];
        if (UD.Kind != TypeKind::Component && UD.Kind != TypeKind::Instance)
          continue;
        for (const auto *Items : {&UD.Imports, &UD.Exports})
          for (const ExternItem &It : *Items) {
            if (It.Type == kNoType)
              continue;
            const TypeDef &ID = A()[It.Type];
            if (ID.Kind == TypeKind::Resource) {
              if (!ID.Abstract)
                Rs.push_back(It.Type);
            } else if (ID.Kind == TypeKind::Component ||
                       ID.Kind == TypeKind::Instance) {
              Work.push_back(It.Type);
            } else {
              collectResources(A(), It.Type, Rs);
              Rs.erase(std::remove_if(Rs.begin(), Rs.end(),
                                      [&](TypeId R) { return A()[R].Abstract; }),
                       Rs.end());
            }
          }
      }
      if (!Rs.empty())
        return invalid(D.Offset, "type transitively refers to resources "
                                 "not defined in the current component");
    }
    if (Tag && K == Sort::Type)
      *Tag = Target->typeTag(D.Ref);
    return T;
  }
  bool Core = D.Kind == DefKind::AliasCoreExport;
  auto &Sp = Sc.space(Core ? Sort::CoreInstance : Sort::Instance);
  if (D.Ref >= Sp.size())
    return invalid(D.Offset, fmt::format("index out of bounds: {} index {}",
                                         Core ? "core instance" : "instance",
                                         D.Ref));
  const ExternItem *E = findExport(A()[Sp[D.Ref]], D.Name);
  if (!E)
    return invalid(D.Offset, fmt::format("{}instance {} has no export named "
                                         "`{}`",
                                         Core ? "core " : "", D.Ref, D.Name));
  if (E->Kind != K)
    return invalid(D.Offset, fmt::format("export `{}` is a {}, not a {}",
                                         D.Name, sortName(E->Kind),
                                         sortName(K)));
  if (Tag)
    *Tag = E->Tag;
  return E->Type;
}

Status Builder::checkCanonOpts(const Definition &D, TypeId Func, bool Lift,
                               const FuncType &Flat) {
  const CanonOptions &O = D.Opts;
  if (O.Async || O.Callback)
    return unsupported(D.Offset, "async canonical ABI options are not "
                                 "supported");
  if (O.Gc)
    return unsupported(D.Offset, "the GC canonical ABI is not supported");
  if (O.CoreType)
    return unsupported(D.Offset, "the `core-type` canonical option is not "
                                 "supported");
  const TypeDef &FT = A()[Func];
  bool ParamPtr = false, ResultPtr = false;
  size_t NParams = 0;
  for (const NamedType &P : FT.Fields) {
    ParamPtr |= containsPointer(A(), P.Type);
    NParams += flattenType(A(), P.Type).size();
  }
  size_t NResults = 0;
  if (FT.FuncResult != kNoType) {
    ResultPtr = containsPointer(A(), FT.FuncResult);
    NResults = flattenType(A(), FT.FuncResult).size();
  }
  bool NeedMemory = ParamPtr || ResultPtr || NParams > 16 || NResults > 1;
  bool NeedRealloc = Lift ? (ParamPtr || NParams > 16) : ResultPtr;
  if (O.Memory) {
    auto M = at(C, Sort::CoreMemory, *O.Memory, D.Offset);
    if (!M)
      return M.takeError();
    if (A()[*M].CoreMemory.Lim.Is64)
      return unsupported(D.Offset, "64-bit memories are not supported");
  }
  if (O.Realloc && !O.Memory)
    return invalid(D.Offset, "canonical option `realloc` requires `memory` "
                             "to also be specified");
  if (O.Realloc) {
    auto R = coreFuncType(D.Offset, *O.Realloc);
    if (!R)
      return R.takeError();
    FuncType Want{{ValType::I32, ValType::I32, ValType::I32, ValType::I32},
                  {ValType::I32}};
    if (!(A()[*R].Core == Want))
      return invalid(D.Offset, fmt::format("canonical option `realloc` uses "
                                           "a core function with an "
                                           "incorrect signature: expected "
                                           "{}, got {}",
                                           funcTypeString(Want),
                                           funcTypeString(A()[*R].Core)));
  }
  if (O.PostReturn) {
    if (!Lift)
      return invalid(D.Offset, "canonical option `post-return` is not "
                               "allowed on `canon lower`");
    auto P = coreFuncType(D.Offset, *O.PostReturn);
    if (!P)
      return P.takeError();
    FuncType Want{Flat.Results, {}};
    if (!(A()[*P].Core == Want))
      return invalid(D.Offset, fmt::format("canonical option `post-return` "
                                           "uses a core function with an "
                                           "incorrect signature: expected "
                                           "{}, got {}",
                                           funcTypeString(Want),
                                           funcTypeString(A()[*P].Core)));
  }
  if (NeedMemory && !O.Memory)
    return invalid(D.Offset, "canonical option `memory` is required");
  if (NeedRealloc && !O.Realloc)
    return invalid(D.Offset, "canonical option `realloc` is required");
  return {};
}

Expected<TypeId> Builder::checkLift(Definition &D, uint32_t TypeIdx) {
  auto CF = coreFuncType(D.Offset, D.Ref);
  if (!CF)
    return CF.takeError();
  auto FT = at(C, Sort::Type, TypeIdx, D.Offset);
  if (!FT)
    return FT.takeError();
  if (A()[*FT].Kind != TypeKind::Func)
    return invalid(D.Offset, fmt::format("type index {} is not a function "
                                         "type",
                                         TypeIdx));
  FuncType Flat = flattenFuncType(A(), *FT, true);
  WASMAOT_TRY(checkCanonOpts(D, *FT, true, Flat));
  if (!(A()[*CF].Core == Flat))
    return invalid(D.Offset, fmt::format("lowered function type mismatch: "
                                         "canon lift of a core function of "
                                         "type {}, but `{}` flattens to {}",
                                         funcTypeString(A()[*CF].Core),
                                         typeString(A(), *FT),
                                         funcTypeString(Flat)));
  return *FT;
}

Expected<TypeId> Builder::checkLower(Definition &D) {
  auto FT = at(C, Sort::Func, D.Ref, D.Offset);
  if (!FT)
    return FT.takeError();
  FuncType Flat = flattenFuncType(A(), *FT, false);
  WASMAOT_TRY(checkCanonOpts(D, *FT, false, Flat));
  TypeDef T;
  T.Kind = TypeKind::CoreFunc;
  T.Core = Flat;
  return A().add(std::move(T));
}

Expected<TypeId> Builder::checkResourceBuiltin(Definition &D,
                                               uint32_t TypeIdx) {
  auto RT = at(C, Sort::Type, TypeIdx, D.Offset);
  if (!RT)
    return RT.takeError();
  if (A()[*RT].Kind != TypeKind::Resource)
    return invalid(D.Offset, fmt::format("type index {} is not a resource "
                                         "type",
                                         TypeIdx));
  TypeDef T;
  T.Kind = TypeKind::CoreFunc;
  if (D.Kind == DefKind::CanonResourceDrop) {
    T.Core = {{ValType::I32}, {}};
  } else {
    if (!Top.LocalResources.count(*RT.operator*()))
      return invalid(D.Offset, fmt::format("type index {} is not a local "
                                           "resource",
                                           TypeIdx));
    T.Core = {{ValType::I32}, {ValType::I32}};
  }
  D.Type = *RT;
  D.Ref = TypeIdx;
  return A().add(std::move(T));
}

Status Builder::checkStart(const Definition &D) {
  auto FT = at(C, Sort::Func, D.Ref, D.Offset);
  if (!FT)
    return FT.takeError();
  if (!D.StartArgs.empty() || D.StartResults != 0)
    return unsupported(D.Offset, "start functions with values (🪙) are not "
                                 "supported");
  const TypeDef &F = A()[*FT];
  if (!F.Fields.empty() || F.FuncResult != kNoType)
    return invalid(D.Offset, "component start function must take no "
                             "arguments and return nothing");
  return {};
}

/// The `implements` attribute (Explainer.md "Import and Export
/// Definitions", 🏷️): `(import "label" (implements "ns:pkg/iface")
/// (instance ..))` says which interface a plain-named instance implements.
Status Builder::checkAttributes(uint64_t Off, const std::string &Name, Sort K,
                                const ExternAttrs &Attrs) {
  if (const auto &Suffix = Attrs.VersionSuffix) {
    // `a:b/c@1` + `.2.3`: the canonical name and the rest of its version.
    if (K != Sort::Instance)
      return invalid(Off, fmt::format("only instances can have a "
                                      "`versionsuffix`, not a {}",
                                      sortName(K)));
    size_t At = Name.find('@');
    if (Name.find(':') == std::string::npos || At == std::string::npos ||
        !checkSemverText(Name.substr(At + 1) + *Suffix).empty())
      return invalid(Off, fmt::format("invalid interface version: `{}` with "
                                      "version suffix `{}`",
                                      Name, *Suffix));
  }
  const std::optional<std::string> &Impl = Attrs.Implements;
  if (!Impl)
    return {};
  if (Impl->empty())
    return invalid(Off, "`` is not a valid name for `implements`");
  ParsedName PN;
  if (!checkExternName(*Impl, false, PN).empty() ||
      PN.Kind != NameKind::Interface)
    return invalid(Off, fmt::format("`implements` value `{}` must be an "
                                    "interface name",
                                    *Impl));
  if (K != Sort::Instance)
    return invalid(Off, fmt::format("only instances can have an "
                                    "`implements`, not a {}",
                                    sortName(K)));
  if (!checkExternName(Name, false, PN).empty() || PN.Kind != NameKind::Plain)
    return invalid(Off, fmt::format("name `{}` is not valid with "
                                    "`implements`: it must be a plain name",
                                    Name));
  return {};
}

Expected<TypeId> Builder::checkExport(Definition &D,
                                      const std::optional<ExternItem> &Asc) {
  Sort K = D.Item.Kind;
  if (isCoreSort(K) && K != Sort::CoreModule)
    return invalid(D.Offset, fmt::format("{} not valid to be used as export",
                                         sortName(K)));
  if (K == Sort::Value)
    return unsupported(D.Offset, "value exports (🪙) are not supported");
  auto T = at(C, K, D.Item.Index, D.Offset);
  if (!T)
    return T.takeError();
  TypeId Result = *T;
  uint32_t Tag = 0; // a resource exported is named anew
  if (Asc) {
    if (Asc->Kind != K)
      return invalid(D.Offset, fmt::format("export `{}` is a {} but its "
                                           "ascribed type is a {}",
                                           D.Name, sortName(K),
                                           sortName(Asc->Kind)));
    std::string Why;
    const TypeDef &AT = A()[Asc->Type];
    // `(sub resource)` (a fresh abstract resource, no Tag), not `(eq R)`.
    bool AbstractBound = K == Sort::Type && AT.Kind == TypeKind::Resource &&
                         AT.Abstract && Asc->Tag == 0;
    if (AbstractBound) {
      if (A()[*T].Kind != TypeKind::Resource)
        return invalid(D.Offset, "export type bound `(sub resource)` needs a "
                                 "resource type");
      // The export names a new abstract resource, not the resource itself
      // (it is generative like any exported abstract resource).
      Result = Asc->Type;
    } else if (!isSubtype(A(), K, *T, Asc->Type, Why)) {
      return invalid(D.Offset, fmt::format("ascribed type of export `{}` is "
                                           "not a supertype of its "
                                           "definition{}{}",
                                           D.Name, Why.empty() ? "" : ": ",
                                           Why));
    } else {
      Result = Asc->Type;
      Tag = Asc->Tag;
    }
  } else if (K == Sort::Type) {
    // Exporting a record, variant, enum or flags gives it a new identity
    // (wasmparser does the same), except re-exporting a type imported here:
    // that keeps the identity of the instantiation argument it stands for.
    TypeKind TK = A()[*T].Kind;
    bool Imported = std::any_of(
        Top.Imports.begin(), Top.Imports.end(), [&](const ExternItem &I) {
          return I.Kind == Sort::Type && I.Type == *T;
        });
    if (!Imported && (TK == TypeKind::Record || TK == TypeKind::Variant ||
                      TK == TypeKind::Enum || TK == TypeKind::Flags)) {
      TypeDef Copy = A()[*T];
      Result = A().add(std::move(Copy));
    }
    if (TK == TypeKind::Resource)
      Tag = A().newTag();
  } else if (K == Sort::Instance) {
    // Exporting an instance exports the types it exports: each record,
    // variant, enum or flags gets a new identity (substituted through the
    // instance's functions), and they, with its resources, have a name
    // here from now on, so what is aliased out of the exported instance
    // may be used by later exports.
    // Types that came in through an import keep their identity (a type
    // of an imported interface re-exported by an exported one: a `use`).
    std::set<uint32_t> FromImports;
    for (const ExternItem &I : Top.Imports) {
      if (I.Kind == Sort::Type)
        FromImports.insert(*I.Type);
      if (I.Kind == Sort::Instance)
        for (const ExternItem &E : A()[I.Type].Exports)
          if (E.Kind == Sort::Type)
            FromImports.insert(*E.Type);
    }
    // (A copy refers to the copies of the types exported before it.)
    TypeDef Inst = A()[*T];
    Subst S;
    for (const ExternItem &E : Inst.Exports) {
      TypeKind TK = A()[E.Type].Kind;
      if (E.Kind == Sort::Type && !S.count(*E.Type) &&
          !FromImports.count(*E.Type) &&
          (TK == TypeKind::Record || TK == TypeKind::Variant ||
           TK == TypeKind::Enum || TK == TypeKind::Flags)) {
        TypeId New = substitute(A(), E.Type, S);
        if (New == E.Type) {
          TypeDef Copy = A()[E.Type];
          New = A().add(std::move(Copy));
        }
        S[*E.Type] = New;
      }
    }
    Result = substitute(A(), *T, S);
  }
  ExternItem It{D.Name, K, Result, Tag};
  WASMAOT_TRY(checkImportExportName(Top, D.Offset, D.Name, It, false));
  Top.Exports.push_back(It);
  return Result;
}

} // namespace wasmaot::frontend::component::detail
