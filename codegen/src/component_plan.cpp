// Evaluates a validated component at compile time into the flat plan of
// abi/component.h: every nested component instantiation is inlined, every
// alias resolved, every inline core instance dissolved into the items it
// names, so the runtime only instantiates core modules and wires canonical
// functions. Types are resolved into cabi trees here, once.
#include "component_plan.h"

#include <map>
#include <memory>
#include <unordered_map>

#include <fmt/format.h>

namespace wasmaot::codegen {

namespace fc = frontend::component;
namespace ac = abi::component;
namespace cabi = frontend::cabi;
using fc::DefKind;
using fc::Sort;
using fc::TypeId;
using fc::TypeKind;

namespace {

struct CompInst;

/// A component-level item in an index space.
struct Item {
  Sort Kind = Sort::Func;
  TypeId Type = fc::kNoType;      ///< Func, Type, Instance, Component
  ac::FuncRef Func;               ///< Func
  std::shared_ptr<CompInst> Inst; ///< Instance
  const fc::Component *Comp = nullptr; ///< Component
  struct Scope *Outer = nullptr;  ///< Component: where it was defined
  uint32_t Module = 0;            ///< CoreModule
};

struct CompInst {
  std::map<std::string, Item> Exports;
};

struct CoreInst {
  bool Real = false;
  uint32_t Index = 0;                            ///< Real
  std::map<std::string, ac::CoreItem> Inline;    ///< !Real
};

struct Scope {
  const fc::Component &C;
  Scope *Parent = nullptr;
  uint32_t InstanceId = 0;
  std::map<std::string, Item> Args; ///< import name → what it is bound to
  bool TopLevel = false;

  std::vector<ac::CoreItem> CoreFuncs, CoreTables, CoreMemories, CoreGlobals;
  std::vector<uint32_t> CoreModules;
  std::vector<CoreInst> CoreInstances;
  std::vector<Item> Funcs, Types, Components, Instances;
  std::map<std::string, Item> Exports;
  /// Abstract resource types bound to what they stand for here.
  std::map<uint32_t, uint32_t> ResourceSubst;
  std::unordered_map<uint32_t, cabi::TypeRef> TypeMemo;

  Scope(const fc::Component &C, Scope *Parent) : C(C), Parent(Parent) {}

  std::vector<Item> *space(Sort S) {
    switch (S) {
    case Sort::Func: return &Funcs;
    case Sort::Type: return &Types;
    case Sort::Component: return &Components;
    case Sort::Instance: return &Instances;
    default: return nullptr;
    }
  }
  std::vector<ac::CoreItem> *coreSpace(Sort S) {
    switch (S) {
    case Sort::CoreFunc: return &CoreFuncs;
    case Sort::CoreTable: return &CoreTables;
    case Sort::CoreMemory: return &CoreMemories;
    case Sort::CoreGlobal: return &CoreGlobals;
    default: return nullptr;
    }
  }
};

Error planError(uint64_t Offset, std::string Msg) {
  return Error{ErrorKind::Unsupported, Offset, std::move(Msg), {}};
}

/// Element \p I of an index space the planner tracks; an error (not an
/// exception) when the plan and the validated component disagree.
template <typename V>
auto slot(V &Vec, uint64_t I, uint64_t Off, const char *What)
    -> Expected<decltype(&Vec[0])> {
  if (I >= Vec.size())
    return planError(Off, fmt::format("{} index {} is not supported here "
                                      "(the planner tracks {})",
                                      What, I, Vec.size()));
  return &Vec[I];
}

#define PLAN_SLOT(Var, Vec, I, What)                                           \
  auto Var##_ = slot(Vec, I, Off, What);                                       \
  if (!Var##_)                                                                 \
    return Var##_.takeError();                                                 \
  auto &Var = **Var##_

class Planner {
public:
  Planner(const fc::Component &Top, ac::ComponentMeta &Out)
      : Top(Top), A(*Top.Types), Out(Out) {}

  Status run() {
    Scope S(Top, nullptr);
    S.TopLevel = true;
    S.InstanceId = Out.NumComponentInstances - 1;
    WASMAOT_TRY(eval(S));
    for (auto &[Name, It] : S.Exports)
      WASMAOT_TRY(exportItem(Name, It));
    return {};
  }

  /// The core modules in artifact order.
  std::vector<const fc::CoreModuleEntry *> Modules;

private:
  const fc::Component &Top;
  const fc::TypeArena &A;
  ac::ComponentMeta &Out;
  std::unordered_map<const fc::CoreModuleEntry *, uint32_t> ModuleIds;
  std::map<uint32_t, uint32_t> ResourceIds; ///< resource id → Resources index
  /// Resource types are generative: each instantiation of a component that
  /// defines one makes a fresh type. Its id is a fresh number above every
  /// arena id, bound in the defining scope (ResourceSubst) and carried by
  /// the type items that leave it (resolvedItem); FreshOrigin maps it back
  /// to the definition.
  uint32_t NextFresh = 0x80000000u;
  std::map<uint32_t, uint32_t> FreshOrigin;
  std::map<std::string, uint32_t> ImportIds;

  uint32_t moduleId(const fc::CoreModuleEntry *E) {
    auto [It, New] = ModuleIds.emplace(E, uint32_t(Modules.size()));
    if (New)
      Modules.push_back(E);
    return It->second;
  }

  /// Follows resource substitutions up the scope chain.
  uint32_t resolveResource(Scope &S, uint32_t Id) {
    for (Scope *P = &S; P; P = P->Parent) {
      auto It = P->ResourceSubst.find(Id);
      if (It != P->ResourceSubst.end())
        return resolveResource(*P, It->second) ;
    }
    return Id;
  }

  uint32_t resourceIndex(Scope &S, uint32_t Id) {
    Id = resolveResource(S, Id);
    auto It = ResourceIds.find(Id);
    if (It != ResourceIds.end())
      return It->second;
    ac::Resource R;
    auto Origin = FreshOrigin.find(Id);
    const fc::TypeDef &T =
        A[TypeId(Origin == FreshOrigin.end() ? Id : Origin->second)];
    R.Name = T.DebugName;
    R.Host = T.Abstract;
    R.Instance = S.InstanceId;
    uint32_t Index = uint32_t(Out.Resources.size());
    Out.Resources.push_back(std::move(R));
    ResourceIds.emplace(Id, Index);
    return Index;
  }

  /// \p It as seen from outside scope \p S: a resource type resolved to
  /// what it is bound to in S (a fresh id of S's own definition). The
  /// items inside an instance were resolved when it was made (here, or in
  /// the scope it came from), so one level is enough (and constant time,
  /// however deeply instances nest).
  Item resolvedItem(Scope &S, Item It) {
    if (It.Kind == Sort::Type && It.Type != fc::kNoType)
      It.Type = TypeId(resolveResource(S, *It.Type));
    return It;
  }

  Expected<cabi::TypeRef> valType(Scope &S, TypeId Id, uint64_t Off) {
    if (Id == fc::kNoType)
      return cabi::TypeRef();
    if (auto It = S.TypeMemo.find(*Id); It != S.TypeMemo.end())
      return It->second;
    const fc::TypeDef &T = A[Id];
    auto Sub = [&](TypeId E) { return valType(S, E, Off); };
    auto Subs = [&](const auto &Es) -> Expected<std::vector<cabi::TypeRef>> {
      std::vector<cabi::TypeRef> R;
      for (const auto &E : Es) {
        auto V = Sub(E);
        if (!V)
          return V.takeError();
        R.push_back(*V);
      }
      return R;
    };
    cabi::TypeRef R;
    switch (T.Kind) {
    case TypeKind::Bool: R = cabi::makePrim(cabi::Kind::Bool); break;
    case TypeKind::S8: R = cabi::makePrim(cabi::Kind::S8); break;
    case TypeKind::U8: R = cabi::makePrim(cabi::Kind::U8); break;
    case TypeKind::S16: R = cabi::makePrim(cabi::Kind::S16); break;
    case TypeKind::U16: R = cabi::makePrim(cabi::Kind::U16); break;
    case TypeKind::S32: R = cabi::makePrim(cabi::Kind::S32); break;
    case TypeKind::U32: R = cabi::makePrim(cabi::Kind::U32); break;
    case TypeKind::S64: R = cabi::makePrim(cabi::Kind::S64); break;
    case TypeKind::U64: R = cabi::makePrim(cabi::Kind::U64); break;
    case TypeKind::F32: R = cabi::makePrim(cabi::Kind::F32); break;
    case TypeKind::F64: R = cabi::makePrim(cabi::Kind::F64); break;
    case TypeKind::Char: R = cabi::makePrim(cabi::Kind::Char); break;
    case TypeKind::String: R = cabi::makePrim(cabi::Kind::String); break;
    case TypeKind::List: case TypeKind::FixedList: {
      auto E = Sub(T.Elem);
      if (!E)
        return E.takeError();
      R = cabi::makeList(*E, T.Kind == TypeKind::FixedList ? T.Length : 0);
      break;
    }
    case TypeKind::Record: case TypeKind::Variant: {
      std::vector<std::string> Labels;
      std::vector<TypeId> Ids;
      for (const fc::NamedType &F : T.Fields) {
        Labels.push_back(F.Name);
        Ids.push_back(F.Type);
      }
      auto Es = Subs(Ids);
      if (!Es)
        return Es.takeError();
      R = T.Kind == TypeKind::Record ? cabi::makeRecord(Labels, *Es)
                                     : cabi::makeVariant(Labels, *Es);
      break;
    }
    case TypeKind::Tuple: {
      auto Es = Subs(T.Elems);
      if (!Es)
        return Es.takeError();
      R = cabi::makeTuple(*Es);
      break;
    }
    case TypeKind::Flags: R = cabi::makeFlags(T.Labels); break;
    case TypeKind::Enum: R = cabi::makeEnum(T.Labels); break;
    case TypeKind::Option: {
      auto E = Sub(T.Elem);
      if (!E)
        return E.takeError();
      R = cabi::makeOption(*E);
      break;
    }
    case TypeKind::Result: {
      auto Ok = Sub(T.Ok);
      if (!Ok)
        return Ok.takeError();
      auto Err = Sub(T.Err);
      if (!Err)
        return Err.takeError();
      R = cabi::makeResult(*Ok, *Err);
      break;
    }
    case TypeKind::Own: case TypeKind::Borrow:
      R = cabi::makeHandle(T.Kind == TypeKind::Own ? cabi::Kind::Own
                                                   : cabi::Kind::Borrow,
                           resourceIndex(S, *T.Elem));
      break;
    default:
      return planError(Off, fmt::format("values of type `{}` are not "
                                        "supported yet",
                                        fc::typeString(A, Id)));
    }
    S.TypeMemo.emplace(*Id, R);
    return R;
  }

  Expected<cabi::FuncType> funcType(Scope &S, TypeId Id, uint64_t Off) {
    const fc::TypeDef &T = A[Id];
    if (T.Kind != TypeKind::Func)
      return planError(Off, "expected a function type");
    if (T.Async)
      return planError(Off, "async functions are not supported yet");
    cabi::FuncType F;
    for (const fc::NamedType &P : T.Fields) {
      auto V = valType(S, P.Type, Off);
      if (!V)
        return V.takeError();
      F.ParamNames.push_back(P.Name);
      F.Params.push_back(*V);
    }
    if (T.FuncResult != fc::kNoType) {
      auto V = valType(S, T.FuncResult, Off);
      if (!V)
        return V.takeError();
      F.Results.push_back(*V);
    }
    return F;
  }

  Expected<ac::Options> options(Scope &S, const fc::CanonOptions &O,
                                uint64_t Off) {
    if (O.Async || O.Callback || O.Gc)
      return planError(Off, "async and gc canonical options are not supported");
    ac::Options R;
    R.Encoding = ac::StringEncoding(uint8_t(O.Encoding));
    if (O.Memory) {
      PLAN_SLOT(M, S.CoreMemories, *O.Memory, "core memory");
      R.Memory = M;
    }
    if (O.Realloc) {
      PLAN_SLOT(F, S.CoreFuncs, *O.Realloc, "core func");
      R.Realloc = F;
    }
    if (O.PostReturn) {
      PLAN_SLOT(F, S.CoreFuncs, *O.PostReturn, "core func");
      R.PostReturn = F;
    }
    return R;
  }

  uint32_t importId(const std::string &Name, cabi::FuncType T) {
    auto [It, New] = ImportIds.emplace(Name, uint32_t(Out.Imports.size()));
    if (New)
      Out.Imports.push_back({Name, std::move(T)});
    return It->second;
  }

  /// A host-provided item of type \p Type imported as \p Name.
  Expected<Item> hostItem(Scope &S, const std::string &Name, Sort K,
                          TypeId Type, uint64_t Off) {
    Item It;
    It.Kind = K;
    It.Type = Type;
    switch (K) {
    case Sort::Func: {
      auto F = funcType(S, Type, Off);
      if (!F)
        return F.takeError();
      It.Func = {ac::FuncRef::Import, importId(Name, std::move(*F))};
      return It;
    }
    case Sort::Type:
      if (A[Type].Kind == TypeKind::Resource && A[Type].Abstract) {
        ac::Resource &R = Out.Resources[resourceIndex(S, *Type)];
        R.Name = Name;
        R.Host = true;
        R.Instance = ac::kHostInstance;
      }
      return It;
    case Sort::Instance: {
      It.Inst = std::make_shared<CompInst>();
      for (const fc::ExternItem &E : A[Type].Exports) {
        auto Sub = hostItem(S, Name + "#" + E.Name, E.Kind, E.Type, Off);
        if (!Sub)
          return Sub.takeError();
        It.Inst->Exports.emplace(E.Name, std::move(*Sub));
      }
      return It;
    }
    default:
      return planError(Off, fmt::format("importing a {} (`{}`) from the host "
                                        "is not supported",
                                        fc::sortName(K), Name));
    }
  }

  /// Binds type \p Declared (what a definition says) to \p Actual (the
  /// item it stands for) when the declared one is an abstract resource.
  void bindType(Scope &S, TypeId Declared, TypeId Actual) {
    if (Declared == fc::kNoType || Actual == fc::kNoType || Declared == Actual)
      return;
    if (A[Declared].Kind == TypeKind::Resource)
      S.ResourceSubst[*Declared] = resolveResource(S, *Actual);
  }

  Expected<Item> itemAt(Scope &S, fc::SortIdx I, uint64_t Off) {
    Item It;
    It.Kind = I.Kind;
    if (I.Kind == Sort::CoreModule) {
      PLAN_SLOT(M, S.CoreModules, I.Index, "core module");
      It.Module = M;
      return It;
    }
    std::vector<Item> *Space = S.space(I.Kind);
    if (!Space || I.Index >= Space->size())
      return planError(Off, fmt::format("passing a {} between components is "
                                        "not supported",
                                        fc::sortName(I.Kind)));
    return (*Space)[I.Index];
  }

  Expected<ac::CoreItem> coreItemAt(Scope &S, fc::SortIdx I, uint64_t Off) {
    std::vector<ac::CoreItem> *Space = S.coreSpace(I.Kind);
    if (!Space || I.Index >= Space->size())
      return planError(Off, fmt::format("a core {} cannot be exported from a "
                                        "core instance here",
                                        fc::sortName(I.Kind)));
    return (*Space)[I.Index];
  }

  Status push(Scope &S, Sort K, Item It, uint64_t Off) {
    if (K == Sort::CoreModule) {
      S.CoreModules.push_back(It.Module);
      return {};
    }
    std::vector<Item> *Space = S.space(K);
    if (!Space)
      return planError(Off, fmt::format("{} items are not supported",
                                        fc::sortName(K)));
    Space->push_back(std::move(It));
    return {};
  }

  Status eval(Scope &S) {
    const fc::Component &C = S.C;
    for (const fc::Definition &D : C.Defs) {
      uint64_t Off = D.Offset;
      switch (D.Kind) {
      case DefKind::CoreModule:
      {
        PLAN_SLOT(M, C.Modules, D.Ref, "core module");
        S.CoreModules.push_back(moduleId(&M));
      }
        break;
      case DefKind::CoreInstantiate: {
        PLAN_SLOT(ModIdx, S.CoreModules, D.Ref, "core module");
        const frontend::Module &M = *Modules[ModIdx]->Mod;
        std::map<std::string, const CoreInst *> Args;
        for (const auto &[Name, SI] : D.Args) {
          PLAN_SLOT(CI, S.CoreInstances, SI.Index, "core instance");
          Args[Name] = &CI;
        }
        ac::Instantiation Inst;
        Inst.Module = ModIdx;
        for (const frontend::Import &Imp : M.Imports) {
          auto ArgIt = Args.find(Imp.Module);
          if (ArgIt == Args.end())
            return planError(Off, fmt::format("no argument named `{}` for "
                                              "the module's imports",
                                              Imp.Module));
          const CoreInst &CI = *ArgIt->second;
          if (CI.Real) {
            Inst.Imports.push_back({ac::CoreItem::Export, CI.Index, 0, Imp.Name});
          } else {
            auto It = CI.Inline.find(Imp.Name);
            if (It == CI.Inline.end())
              return planError(Off, fmt::format("instance `{}` has no export "
                                                "`{}`",
                                                Imp.Module, Imp.Name));
            Inst.Imports.push_back(It->second);
          }
        }
        CoreInst CI;
        CI.Real = true;
        CI.Index = uint32_t(Out.Instantiations.size());
        Out.Instantiations.push_back(std::move(Inst));
        S.CoreInstances.push_back(std::move(CI));
        break;
      }
      case DefKind::CoreInstanceExports: {
        CoreInst CI;
        for (const auto &[Name, SI] : D.Args) {
          auto It = coreItemAt(S, SI, Off);
          if (!It)
            return It.takeError();
          CI.Inline[Name] = *It;
        }
        S.CoreInstances.push_back(std::move(CI));
        break;
      }
      case DefKind::CoreType:
        break;
      case DefKind::Component: {
        Item It;
        It.Kind = Sort::Component;
        PLAN_SLOT(Nested, C.Components, D.Ref, "component");
        It.Comp = &Nested;
        It.Outer = &S;
        S.Components.push_back(It);
        break;
      }
      case DefKind::Instantiate: {
        PLAN_SLOT(CompItem, S.Components, D.Ref, "component");
        std::map<std::string, Item> Args;
        for (const auto &[Name, SI] : D.Args) {
          auto It = itemAt(S, SI, Off);
          if (!It)
            return It.takeError();
          Args[Name] = std::move(*It);
        }
        auto Inst = instantiate(*CompItem.Comp, CompItem.Outer, std::move(Args));
        if (!Inst)
          return Inst.takeError();
        Item It;
        It.Kind = Sort::Instance;
        It.Type = D.Type;
        It.Inst = std::move(*Inst);
        S.Instances.push_back(std::move(It));
        break;
      }
      case DefKind::InstanceExports: {
        Item It;
        It.Kind = Sort::Instance;
        It.Type = D.Type;
        It.Inst = std::make_shared<CompInst>();
        for (const auto &[Name, SI] : D.Args) {
          auto Sub = itemAt(S, SI, Off);
          if (!Sub)
            return Sub.takeError();
          It.Inst->Exports[Name] = resolvedItem(S, std::move(*Sub));
        }
        S.Instances.push_back(std::move(It));
        break;
      }
      case DefKind::AliasExport: {
        PLAN_SLOT(Inst, S.Instances, D.Ref, "instance");
        auto It = Inst.Inst->Exports.find(D.Name);
        if (It == Inst.Inst->Exports.end())
          return planError(Off, fmt::format("instance has no export `{}`",
                                            D.Name));
        if (D.Defines.Kind == Sort::Type)
          bindType(S, D.Type, It->second.Type);
        Item Copy = It->second;
        if (D.Defines.Kind == Sort::Type && Copy.Type == fc::kNoType)
          Copy.Type = D.Type;
        WASMAOT_TRY(push(S, D.Defines.Kind, std::move(Copy), Off));
        break;
      }
      case DefKind::AliasCoreExport: {
        PLAN_SLOT(CI, S.CoreInstances, D.Ref, "core instance");
        ac::CoreItem It;
        if (CI.Real) {
          It = {ac::CoreItem::Export, CI.Index, 0, D.Name};
        } else {
          auto F = CI.Inline.find(D.Name);
          if (F == CI.Inline.end())
            return planError(Off, fmt::format("core instance has no export "
                                              "`{}`",
                                              D.Name));
          It = F->second;
        }
        std::vector<ac::CoreItem> *Space = S.coreSpace(D.Defines.Kind);
        if (!Space)
          return planError(Off, "unsupported core alias");
        Space->push_back(std::move(It));
        break;
      }
      case DefKind::AliasOuter: {
        Scope *P = &S;
        for (uint32_t I = 0; I < D.OuterCount && P; ++I)
          P = P->Parent;
        if (!P)
          return planError(Off, "outer alias beyond the top-level component");
        if (D.Defines.Kind == Sort::CoreModule) {
          PLAN_SLOT(M, P->CoreModules, D.Ref, "core module");
          S.CoreModules.push_back(M);
        } else if (D.Defines.Kind == Sort::CoreType) {
          // Core types carry no run-time state.
        } else {
          auto It = itemAt(*P, {D.Defines.Kind, D.Ref}, Off);
          if (!It)
            return It.takeError();
          WASMAOT_TRY(push(S, D.Defines.Kind, std::move(*It), Off));
        }
        break;
      }
      case DefKind::Type: {
        Item It;
        It.Kind = Sort::Type;
        It.Type = D.Type;
        const fc::TypeDef &T = A[D.Type];
        if (T.Kind == TypeKind::Resource && !T.Abstract) {
          uint32_t Fresh = NextFresh++;
          FreshOrigin.emplace(Fresh, *D.Type);
          S.ResourceSubst[*D.Type] = Fresh;
          uint32_t R = resourceIndex(S, *D.Type);
          Out.Resources[R].Instance = S.InstanceId;
          Out.Resources[R].Host = false;
          if (T.Dtor) {
            PLAN_SLOT(Dtor, S.CoreFuncs, *T.Dtor, "core func");
            Out.Resources[R].Dtor = Dtor;
          }
        }
        S.Types.push_back(std::move(It));
        break;
      }
      case DefKind::CanonLift: {
        auto F = funcType(S, D.Type, Off);
        if (!F)
          return F.takeError();
        auto O = options(S, D.Opts, Off);
        if (!O)
          return O.takeError();
        PLAN_SLOT(CoreF, S.CoreFuncs, D.Ref, "core func");
        ac::Lift L{CoreF, std::move(*O), std::move(*F),
                   S.InstanceId};
        Item It;
        It.Kind = Sort::Func;
        It.Type = D.Type;
        It.Func = {ac::FuncRef::Lift, uint32_t(Out.Lifts.size())};
        Out.Lifts.push_back(std::move(L));
        S.Funcs.push_back(std::move(It));
        break;
      }
      case DefKind::CanonLower: {
        PLAN_SLOT(Callee, S.Funcs, D.Ref, "func");
        // The callee's type as its own scope resolved it: its resources
        // are the ones of the instance that defined them (generative).
        Expected<cabi::FuncType> F =
            Callee.Func.K == ac::FuncRef::Lift
                ? Expected<cabi::FuncType>(Out.Lifts[Callee.Func.Index].Type)
                : Expected<cabi::FuncType>(
                      Out.Imports[Callee.Func.Index].Type);
        auto O = options(S, D.Opts, Off);
        if (!O)
          return O.takeError();
        ac::Lower L{Callee.Func, std::move(*O), std::move(*F), S.InstanceId};
        S.CoreFuncs.push_back(
            {ac::CoreItem::Lowered, 0, uint32_t(Out.Lowers.size()), ""});
        Out.Lowers.push_back(std::move(L));
        break;
      }
      case DefKind::CanonResourceNew: case DefKind::CanonResourceDrop:
      case DefKind::CanonResourceRep: {
        PLAN_SLOT(RItem, S.Types, D.Ref, "type");
        TypeId R = RItem.Type;
        ac::CoreItem::Kind K = D.Kind == DefKind::CanonResourceNew
                                   ? ac::CoreItem::ResourceNew
                               : D.Kind == DefKind::CanonResourceDrop
                                   ? ac::CoreItem::ResourceDrop
                                   : ac::CoreItem::ResourceRep;
        S.CoreFuncs.push_back({K, S.InstanceId, resourceIndex(S, *R), ""});
        break;
      }
      case DefKind::CanonUnsupported:
        return planError(Off, fmt::format("canonical built-in `{}` is not "
                                          "supported",
                                          D.Name));
      case DefKind::Start:
        return planError(Off, "component start functions are not supported "
                              "yet");
      case DefKind::Import: {
        Item It;
        if (S.TopLevel) {
          auto H = hostItem(S, D.Name, D.Defines.Kind, D.Type, Off);
          if (!H)
            return H.takeError();
          It = std::move(*H);
        } else {
          auto A = S.Args.find(D.Name);
          if (A == S.Args.end())
            return planError(Off, fmt::format("missing instantiation "
                                              "argument `{}`",
                                              D.Name));
          It = A->second;
          if (D.Defines.Kind == Sort::Type)
            bindType(S, D.Type, It.Type);
        }
        WASMAOT_TRY(push(S, D.Defines.Kind, std::move(It), Off));
        break;
      }
      case DefKind::Export: {
        if (isCoreSort(D.Item.Kind) && D.Item.Kind != Sort::CoreModule)
          return planError(Off, "exporting core items is not supported");
        auto It = itemAt(S, D.Item, Off);
        if (!It)
          return It.takeError();
        if (D.Defines.Kind == Sort::Type)
          bindType(S, D.Type, It->Type);
        S.Exports[D.Name] = resolvedItem(S, *It);
        WASMAOT_TRY(push(S, D.Defines.Kind, std::move(*It), Off));
        break;
      }
      case DefKind::Value:
        return planError(Off, "component values are not supported");
      }
    }
    return {};
  }

  Expected<std::shared_ptr<CompInst>>
  instantiate(const fc::Component &C, Scope *Outer,
              std::map<std::string, Item> Args) {
    Scope S(C, Outer);
    S.Args = std::move(Args);
    S.InstanceId = Out.NumComponentInstances++;
    WASMAOT_TRY(eval(S));
    auto Inst = std::make_shared<CompInst>();
    Inst->Exports = std::move(S.Exports);
    // Types the nested scope bound stay meaningful to the outer scope only
    // through resolveResource on the items' ids; copy the bindings up.
    if (Outer)
      for (auto &[From, To] : S.ResourceSubst)
        Outer->ResourceSubst.emplace(From, resolveResource(S, To));
    return Inst;
  }

  /// The functions reachable from export \p Name (instances by "#"-joined
  /// paths). Iterative over one path buffer: instances may nest as deeply
  /// as the validator allows without deep recursion or quadratic copies.
  Status exportItem(const std::string &Name, const Item &Root) {
    struct Step {
      const Item *It;
      size_t Parent;            ///< length of the parent's path
      const std::string *Label; ///< appended to it (null: the root)
    };
    std::string Path;
    std::vector<Step> Work{{&Root, 0, &Name}};
    while (!Work.empty()) {
      Step St = Work.back();
      Work.pop_back();
      Path.resize(St.Parent);
      if (St.Parent)
        Path += '#';
      Path += *St.Label;
      const Item &It = *St.It;
      switch (It.Kind) {
      case Sort::Func:
        if (It.Func.K != ac::FuncRef::Lift)
          return planError(Error::kNoOffset,
                           fmt::format("re-exporting the import `{}` is not "
                                       "supported",
                                       Path));
        Out.Exports.push_back({Path, It.Func.Index});
        break;
      case Sort::Instance: {
        // In reverse, so exports come out in name order, depth first.
        auto &Ex = It.Inst->Exports;
        for (auto E = Ex.rbegin(); E != Ex.rend(); ++E)
          Work.push_back({&E->second, Path.size(), &E->first});
        break;
      }
      default:
        break; // types, components, modules: nothing to call
      }
    }
    return {};
  }
};

} // namespace

Expected<ComponentPlan> planComponent(const frontend::component::Component &C) {
  ComponentPlan P;
  Planner Pl(C, P.Meta);
  WASMAOT_TRY(Pl.run());
  P.Modules = std::move(Pl.Modules);
  return P;
}

} // namespace wasmaot::codegen
