// Resolving one WIT package (WIT.md, "Name resolution", "WIT Packages and
// `use`", "Union of Worlds with `include`"): registers its interfaces and
// worlds, resolves interfaces in `use` order (rejecting cycles), types with
// their references (undefined names, duplicates, recursive types, handles
// of non-resources, `borrow` in results), resource methods desugared to
// `[method]r.f` functions, and worlds with includes merged and imports
// elaborated. Packages it refers to are already in the Resolve.
#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "resolve_internal.h"

namespace wasmaot::wit::detail {

namespace {

std::string lower(std::string_view S) {
  std::string L(S);
  for (char &C : L)
    if (C >= 'A' && C <= 'Z')
      C = char(C - 'A' + 'a');
  return L;
}

Stability toStab(const Attrs &A) {
  return Stability{A.Since, A.Feature, A.Deprecated, A.ExternalId};
}

/// The names visible in one interface or world: types by name, plus every
/// item name (types and functions) for duplicate checks, compared
/// case-insensitively (WIT.md, "WIT Worlds").
struct Scope {
  TypeOwner Owner;
  std::map<std::string, TypeId> Types;
  std::map<std::string, Span> Items;
  std::vector<std::pair<TypeId, Span>> Defined; ///< for the cycle check
  std::vector<std::pair<TypeId, Span>> Handles; ///< own/borrow to check
};

class PackageResolver {
public:
  PackageResolver(Resolve &R, const SourceMap &SM, const PackageGroup &G)
      : R(R), SM(SM), G(G) {}

  Expected<PackageId> run() {
    Package P;
    P.Name = G.Name;
    for (const PackageAst *Part : G.Parts)
      if (P.Docs.empty() && Part->Name)
        P.Docs = Part->Docs;
    Pkg = R.addPackage(std::move(P));
    for (size_t I = 0; I < G.Parts.size(); ++I)
      WASMAOT_TRY(registerItems(I));
    PartScopes.resize(G.Parts.size());
    for (size_t I = 0; I < G.Parts.size(); ++I)
      WASMAOT_TRY(topLevelUses(I));
    for (size_t I = 0; I < Ifaces.size(); ++I)
      WASMAOT_TRY(ensureInterface(I, Ifaces[I].Ast->Name.Sp));
    for (size_t I = 0; I < Worlds.size(); ++I)
      WASMAOT_TRY(ensureWorld(I, Worlds[I].Ast->Name.Sp));
    return Pkg;
  }

private:
  enum class State : uint8_t { Todo, Busy, Done };
  struct IfaceInfo {
    const InterfaceAst *Ast;
    size_t Part;
    InterfaceId Id;
    State St = State::Todo;
  };
  struct WorldInfo {
    const WorldAst *Ast;
    size_t Part;
    WorldId Id;
    State St = State::Todo;
  };

  Error err(Span S, std::string_view Msg) const {
    return SM.error(ErrorKind::Invalid, S, Msg);
  }

  // ---- package level ------------------------------------------------------
  Status declareTop(const Ident &N) {
    auto [It, New] = TopNames.emplace(lower(N.Name), N.Sp);
    if (!New)
      return err(N.Sp, fmt::format("`{}` is defined more than once in "
                                   "package `{}`", N.Name, G.Name.str()));
    return {};
  }

  Status registerItems(size_t Part) {
    for (const TopItem &It : G.Parts[Part]->Items) {
      if (auto *IA = std::get_if<InterfaceAst>(&It)) {
        WASMAOT_TRY(declareTop(IA->Name));
        Interface I;
        I.Name = IA->Name.Name;
        I.Pkg = Pkg;
        I.Docs = IA->Docs;
        I.Stab = toStab(IA->At);
        InterfaceId Id = R.addInterface(std::move(I));
        R.package(Pkg).Interfaces.emplace_back(IA->Name.Name, Id);
        IfaceIdx[IA->Name.Name] = Ifaces.size();
        Ifaces.push_back({IA, Part, Id});
      } else if (auto *WA = std::get_if<WorldAst>(&It)) {
        WASMAOT_TRY(declareTop(WA->Name));
        World W;
        W.Name = WA->Name.Name;
        W.Pkg = Pkg;
        W.Docs = WA->Docs;
        W.Stab = toStab(WA->At);
        WorldId Id = R.addWorld(std::move(W));
        R.package(Pkg).Worlds.emplace_back(WA->Name.Name, Id);
        WorldIdx[WA->Name.Name] = Worlds.size();
        Worlds.push_back({WA, Part, Id});
      }
    }
    return {};
  }

  Status topLevelUses(size_t Part) {
    for (const TopItem &It : G.Parts[Part]->Items) {
      auto *U = std::get_if<TopUse>(&It);
      if (!U)
        continue;
      auto Id = lookupInterface(U->Path, Part, /*TopLevel=*/true);
      if (!Id)
        return Id.takeError();
      const Ident &N = U->As ? *U->As : U->Path.Name;
      if (TopNames.count(lower(N.Name)) ||
          !PartScopes[Part].emplace(N.Name, *Id).second)
        return err(N.Sp, fmt::format("`{}` is defined more than once",
                                     N.Name));
    }
    return {};
  }

  Expected<PackageId> lookupPackage(const PackageNameAst &P) const {
    PackageName N = toName(P);
    if (N == G.Name)
      return Pkg;
    if (auto Id = R.findPackage(N))
      return *Id;
    return err(P.Sp, fmt::format("package `{}` not found", N.str()));
  }

  /// An interface by path: `ns:pkg/name@v`, or a bare name looked up in
  /// the file's top-level `use`s and then in the package.
  Expected<InterfaceId> lookupInterface(const UsePath &U, size_t Part,
                                        bool TopLevel = false) {
    if (U.Pkg) {
      auto P = lookupPackage(*U.Pkg);
      if (!P)
        return P.takeError();
      if (*P == Pkg)
        return localInterface(U.Name);
      if (auto Id = R.findInterface(*P, U.Name.Name))
        return *Id;
      return err(U.Name.Sp,
                 fmt::format("interface `{}` not found in package `{}`",
                             U.Name.Name, R.package(*P).Name.str()));
    }
    if (!TopLevel) {
      auto It = PartScopes[Part].find(U.Name.Name);
      if (It != PartScopes[Part].end())
        return It->second;
    }
    return localInterface(U.Name);
  }

  Expected<InterfaceId> localInterface(const Ident &N) {
    auto It = IfaceIdx.find(N.Name);
    if (It == IfaceIdx.end()) {
      if (WorldIdx.count(N.Name))
        return err(N.Sp, fmt::format("`{}` is a world, not an interface",
                                     N.Name));
      return err(N.Sp, fmt::format("interface `{}` does not exist", N.Name));
    }
    WASMAOT_TRY(ensureInterface(It->second, N.Sp));
    return Ifaces[It->second].Id;
  }

  // ---- interfaces ---------------------------------------------------------
  Status ensureInterface(size_t Idx, Span UseSp) {
    IfaceInfo &Info = Ifaces[Idx];
    if (Info.St == State::Done)
      return {};
    if (Info.St == State::Busy)
      return err(UseSp, fmt::format("interface `{}` depends on itself "
                                    "(a cycle of `use`)", Info.Ast->Name.Name));
    if (++Depth > kMaxDepth)
      return SM.error(ErrorKind::Limit, UseSp,
                      fmt::format("more than {} interfaces or worlds depend "
                                  "on each other in a chain", kMaxDepth));
    Info.St = State::Busy;
    Scope S;
    S.Owner.K = TypeOwner::InInterface;
    S.Owner.Iface = Info.Id;
    WASMAOT_TRY(interfaceItems(S, Info.Id, Info.Ast->Items, Info.Part));
    Ifaces[Idx].St = State::Done;
    --Depth;
    return {};
  }

  Status interfaceItems(Scope &S, InterfaceId Id,
                        const std::vector<InterfaceMember> &Items,
                        size_t Part) {
    // Declare every name first: types may be used before their definition.
    std::vector<std::pair<std::string, TypeId>> Types;
    std::vector<TypeId> DefIds;
    for (const InterfaceMember &M : Items) {
      if (auto *U = std::get_if<UseItem>(&M)) {
        auto Ids = useItem(S, *U, Part);
        if (!Ids)
          return Ids.takeError();
        for (TypeId T : *Ids)
          Types.emplace_back(R.type(T).Name, T);
      } else if (auto *TD = std::get_if<TypeDefItem>(&M)) {
        auto T = declareTypeDef(S, *TD);
        if (!T)
          return T.takeError();
        Types.emplace_back(TD->Name.Name, *T);
        DefIds.push_back(*T);
      } else {
        const auto &F = std::get<FuncItem>(M);
        WASMAOT_TRY(declareItem(S, F.Name));
      }
    }
    std::vector<Function> Funcs;
    size_t D = 0;
    for (const InterfaceMember &M : Items) {
      if (auto *TD = std::get_if<TypeDefItem>(&M)) {
        TypeId T = DefIds[D++];
        WASMAOT_TRY(defineTypeDef(S, T, *TD));
        if (TD->K == TypeDefItem::Resource)
          WASMAOT_TRY(resourceFuncs(S, T, *TD, Funcs));
      } else if (auto *F = std::get_if<FuncItem>(&M)) {
        auto Fn = function(S, F->Name.Name, F->Ty, F->At, F->Docs);
        if (!Fn)
          return Fn.takeError();
        Funcs.push_back(std::move(*Fn));
      }
    }
    WASMAOT_TRY(checkTypes(S));
    Interface &I = R.iface(Id);
    I.Types = std::move(Types);
    I.Funcs = std::move(Funcs);
    return {};
  }

  Status declareItem(Scope &S, const Ident &N) {
    auto [It, New] = S.Items.emplace(lower(N.Name), N.Sp);
    if (!New)
      return err(N.Sp, fmt::format("`{}` is defined more than once", N.Name));
    return {};
  }

  Expected<std::vector<TypeId>> useItem(Scope &S, const UseItem &U,
                                        size_t Part) {
    auto From = lookupInterface(U.From, Part);
    if (!From)
      return From.takeError();
    if (S.Owner.K == TypeOwner::InInterface && *From == S.Owner.Iface)
      return err(U.From.Sp, "an interface cannot `use` itself");
    std::vector<TypeId> Out;
    for (const UseItem::Name &N : U.Names) {
      const Interface &Src = R.iface(*From);
      auto It = std::find_if(Src.Types.begin(), Src.Types.end(),
                             [&](const auto &P) { return P.first == N.Id.Name; });
      if (It == Src.Types.end())
        return err(N.Id.Sp, fmt::format("type `{}` does not exist in "
                                        "interface `{}`", N.Id.Name,
                                        R.interfacePath(*From, Pkg)));
      const Ident &Local = N.As ? *N.As : N.Id;
      WASMAOT_TRY(declareItem(S, Local));
      TypeDef D;
      D.Kind = TypeDefKind::Alias;
      D.Name = Local.Name;
      D.Owner = S.Owner;
      D.Docs = U.Docs;
      D.Stab = toStab(U.At);
      D.Elem = Type::id(It->second);
      TypeId T = R.addType(std::move(D));
      S.Types[Local.Name] = T;
      Out.push_back(T);
    }
    return Out;
  }

  // ---- types --------------------------------------------------------------
  Expected<TypeId> declareTypeDef(Scope &S, const TypeDefItem &TD) {
    WASMAOT_TRY(declareItem(S, TD.Name));
    TypeDef D;
    switch (TD.K) {
    case TypeDefItem::Alias: D.Kind = TypeDefKind::Alias; break;
    case TypeDefItem::Record: D.Kind = TypeDefKind::Record; break;
    case TypeDefItem::Variant: D.Kind = TypeDefKind::Variant; break;
    case TypeDefItem::Enum: D.Kind = TypeDefKind::Enum; break;
    case TypeDefItem::Flags: D.Kind = TypeDefKind::Flags; break;
    case TypeDefItem::Resource: D.Kind = TypeDefKind::Resource; break;
    }
    D.Name = TD.Name.Name;
    D.Owner = S.Owner;
    D.Docs = TD.Docs;
    D.Stab = toStab(TD.At);
    TypeId T = R.addType(std::move(D));
    S.Types[TD.Name.Name] = T;
    S.Defined.emplace_back(T, TD.Name.Sp);
    return T;
  }

  Status defineTypeDef(Scope &S, TypeId T, const TypeDefItem &TD) {
    if (TD.K == TypeDefItem::Alias) {
      auto Ty = type(S, TD.AliasTy);
      if (!Ty)
        return Ty.takeError();
      R.type(T).Elem = *Ty;
      return {};
    }
    std::map<std::string, Span> Seen;
    std::vector<Case> Cases;
    for (const CaseAst &C : TD.Cases) {
      if (!Seen.emplace(lower(C.Name.Name), C.Name.Sp).second)
        return err(C.Name.Sp, fmt::format("`{}` appears more than once in "
                                          "`{}`", C.Name.Name, TD.Name.Name));
      Case Out{C.Name.Name, std::nullopt, C.Docs};
      if (C.Ty) {
        auto Ty = type(S, *C.Ty);
        if (!Ty)
          return Ty.takeError();
        Out.Ty = *Ty;
      }
      Cases.push_back(std::move(Out));
    }
    if (TD.K == TypeDefItem::Flags && Cases.size() > 32)
      return SM.error(ErrorKind::Limit, TD.Name.Sp,
                      fmt::format("flags `{}` has {} flags; at most 32 are "
                                  "allowed", TD.Name.Name, Cases.size()));
    R.type(T).Cases = std::move(Cases);
    return {};
  }

  TypeId anon(TypeDef D) {
    D.Owner = TypeOwner{};
    return R.addType(std::move(D));
  }

  Expected<Type> type(Scope &S, const TypeExpr &E) {
    TypeDef D;
    auto Arg = [&](size_t I) { return type(S, E.Args[I]); };
    switch (E.K) {
    case TypeExpr::Prim:
      return Type::prim(static_cast<Prim>(E.P));
    case TypeExpr::Named: {
      auto It = S.Types.find(E.Name.Name);
      if (It == S.Types.end())
        return err(E.Name.Sp, fmt::format("type `{}` does not exist",
                                          E.Name.Name));
      return Type::id(It->second);
    }
    case TypeExpr::Own:
    case TypeExpr::Borrow: {
      auto It = S.Types.find(E.Name.Name);
      if (It == S.Types.end())
        return err(E.Name.Sp, fmt::format("type `{}` does not exist",
                                          E.Name.Name));
      D.Kind = E.K == TypeExpr::Own ? TypeDefKind::Own : TypeDefKind::Borrow;
      D.Resource = It->second;
      S.Handles.emplace_back(It->second, E.Name.Sp);
      return Type::id(anon(std::move(D)));
    }
    case TypeExpr::Tuple:
      D.Kind = TypeDefKind::Tuple;
      for (size_t I = 0; I < E.Args.size(); ++I) {
        auto T = Arg(I);
        if (!T)
          return T;
        D.Types.push_back(*T);
      }
      return Type::id(anon(std::move(D)));
    case TypeExpr::Result: {
      D.Kind = TypeDefKind::Result;
      size_t I = 0;
      if (E.HasOk) {
        auto T = Arg(I++);
        if (!T)
          return T;
        D.Elem = *T;
      }
      if (E.HasErr) {
        auto T = Arg(I);
        if (!T)
          return T;
        D.Err = *T;
      }
      return Type::id(anon(std::move(D)));
    }
    case TypeExpr::Map: {
      D.Kind = TypeDefKind::Map;
      auto K = Arg(0);
      if (!K)
        return K;
      if (K->IsId || K->P == Prim::F32 || K->P == Prim::F64)
        return err(E.Args[0].Sp, "a map key must be an integer, `char`, "
                                 "`bool` or `string`");
      auto V = Arg(1);
      if (!V)
        return V;
      D.Elem = *K;
      D.Value = *V;
      return Type::id(anon(std::move(D)));
    }
    case TypeExpr::List:
    case TypeExpr::FixedList:
    case TypeExpr::Option:
    case TypeExpr::Future:
    case TypeExpr::Stream: {
      D.Kind = E.K == TypeExpr::List        ? TypeDefKind::List
               : E.K == TypeExpr::FixedList ? TypeDefKind::FixedList
               : E.K == TypeExpr::Option    ? TypeDefKind::Option
               : E.K == TypeExpr::Future    ? TypeDefKind::Future
                                            : TypeDefKind::Stream;
      D.Size = E.Size;
      if (!E.Args.empty()) {
        auto T = Arg(0);
        if (!T)
          return T;
        D.Elem = *T;
      }
      return Type::id(anon(std::move(D)));
    }
    }
    WASMAOT_UNREACHABLE("bad type expression");
  }

  /// The types reachable from \p T by value (handles stop the walk).
  void children(const TypeDef &D, std::vector<TypeId> &Out) const {
    auto Add = [&](const std::optional<Type> &T) {
      if (T && T->IsId)
        Out.push_back(T->Id);
    };
    if (D.Kind == TypeDefKind::Own || D.Kind == TypeDefKind::Borrow)
      return;
    Add(D.Elem);
    Add(D.Err);
    Add(D.Value);
    for (const Case &C : D.Cases)
      Add(C.Ty);
    for (const Type &T : D.Types)
      if (T.IsId)
        Out.push_back(T.Id);
  }

  /// Depth-first search for a cycle through \p T, with an explicit stack
  /// (a long chain of aliases must not exhaust the native one).
  bool cyclic(TypeId Root, std::map<uint32_t, State> &St) const {
    struct Frame {
      TypeId T;
      std::vector<TypeId> Kids;
      size_t Next = 0;
    };
    if (St[Root.V] == State::Done)
      return false;
    std::vector<Frame> Stack;
    auto Push = [&](TypeId T) {
      St[T.V] = State::Busy;
      Frame F{T, {}, 0};
      children(R.type(T), F.Kids);
      Stack.push_back(std::move(F));
    };
    Push(Root);
    while (!Stack.empty()) {
      Frame &F = Stack.back();
      if (F.Next == F.Kids.size()) {
        St[F.T.V] = State::Done;
        Stack.pop_back();
        continue;
      }
      TypeId K = F.Kids[F.Next++];
      State KS = St[K.V];
      if (KS == State::Busy)
        return true;
      if (KS == State::Todo)
        Push(K);
    }
    return false;
  }

  /// After a scope's types are defined: no type refers to itself, and
  /// own/borrow name resources.
  Status checkTypes(const Scope &S) {
    std::map<uint32_t, State> St;
    for (const auto &[T, Sp] : S.Defined)
      if (cyclic(T, St))
        return err(Sp, fmt::format("type `{}` refers to itself",
                                   R.type(T).Name));
    for (const auto &[T, Sp] : S.Handles)
      if (R.type(R.unalias(T)).Kind != TypeDefKind::Resource)
        return err(Sp, fmt::format("`{}` is not a resource, so it has no "
                                   "handles", R.type(T).Name));
    return {};
  }

  bool containsBorrow(const Type &Root, std::set<uint32_t> &Seen) const {
    std::vector<TypeId> Work;
    if (Root.IsId)
      Work.push_back(Root.Id);
    while (!Work.empty()) {
      TypeId T = Work.back();
      Work.pop_back();
      if (!Seen.insert(T.V).second)
        continue;
      const TypeDef &D = R.type(T);
      if (D.Kind == TypeDefKind::Borrow)
        return true;
      children(D, Work);
    }
    return false;
  }

  // ---- functions ----------------------------------------------------------
  Expected<Function> function(Scope &S, std::string Name,
                              const FuncTypeAst &F, const Attrs &At,
                              const std::string &Docs) {
    Function Fn;
    Fn.Name = std::move(Name);
    Fn.Async = F.Async;
    Fn.Docs = Docs;
    Fn.Stab = toStab(At);
    WASMAOT_TRY(params(S, F, Fn.Params));
    if (F.Result) {
      auto T = type(S, *F.Result);
      if (!T)
        return T.takeError();
      std::set<uint32_t> Seen;
      if (containsBorrow(*T, Seen))
        return err(F.Result->Sp, "a function result may not contain a "
                                 "`borrow` handle (borrows are for "
                                 "parameters only)");
      Fn.Result = *T;
    }
    return Fn;
  }

  Status params(Scope &S, const FuncTypeAst &F, std::vector<Param> &Out) {
    std::set<std::string> Seen;
    for (const Param &P : Out)
      Seen.insert(lower(P.Name));
    for (const NamedType &P : F.Params) {
      if (!Seen.insert(lower(P.Name.Name)).second)
        return err(P.Name.Sp, fmt::format("parameter `{}` appears more than "
                                          "once", P.Name.Name));
      auto T = type(S, P.Ty);
      if (!T)
        return T.takeError();
      Out.push_back({P.Name.Name, *T});
    }
    return {};
  }

  /// Desugars a resource's functions (WIT.md, "Item: `resource`").
  Status resourceFuncs(Scope &S, TypeId Res, const TypeDefItem &TD,
                       std::vector<Function> &Out) {
    const std::string &RN = TD.Name.Name;
    std::set<std::string> Seen;
    for (const ResourceFunc &RF : TD.Funcs) {
      if (!Seen.insert(lower(RF.Name.Name)).second)
        return err(RF.Name.Sp,
                   RF.K == ResourceFunc::Constructor
                       ? fmt::format("resource `{}` has more than one "
                                     "constructor", RN)
                       : fmt::format("`{}` is defined more than once in "
                                     "resource `{}`", RF.Name.Name, RN));
      Function Fn;
      Fn.Resource = Res;
      Fn.Async = RF.Ty.Async;
      Fn.Docs = RF.Docs;
      Fn.Stab = toStab(RF.At);
      if (RF.K == ResourceFunc::Method) {
        Fn.Kind = FuncKind::Method;
        Fn.Name = "[method]" + RN + "." + RF.Name.Name;
        TypeDef B;
        B.Kind = TypeDefKind::Borrow;
        B.Resource = Res;
        Fn.Params.push_back({"self", Type::id(anon(std::move(B)))});
      } else if (RF.K == ResourceFunc::Static) {
        Fn.Kind = FuncKind::Static;
        Fn.Name = "[static]" + RN + "." + RF.Name.Name;
      } else {
        Fn.Kind = FuncKind::Constructor;
        Fn.Name = "[constructor]" + RN;
      }
      WASMAOT_TRY(params(S, RF.Ty, Fn.Params));
      if (RF.Ty.Result) {
        auto T = type(S, *RF.Ty.Result);
        if (!T)
          return T.takeError();
        if (RF.K == ResourceFunc::Constructor) {
          const TypeDef *D = T->IsId ? &R.type(T->Id) : nullptr;
          if (!D || D->Kind != TypeDefKind::Result || !D->Elem ||
              !D->Elem->IsId || R.unalias(D->Elem->Id) != Res)
            return err(RF.Ty.Result->Sp,
                       fmt::format("a constructor of `{}` returns `{}` or "
                                   "`result<{}, E>`", RN, RN, RN));
        }
        std::set<uint32_t> Seen2;
        if (containsBorrow(*T, Seen2))
          return err(RF.Ty.Result->Sp, "a function result may not contain "
                                       "a `borrow` handle");
        Fn.Result = *T;
      } else if (RF.K == ResourceFunc::Constructor) {
        Fn.Result = Type::id(Res);
      }
      Out.push_back(std::move(Fn));
    }
    return {};
  }

  // ---- worlds -------------------------------------------------------------
  Status ensureWorld(size_t Idx, Span UseSp);
  Status worldItems(WorldInfo &Info);
  Status include(World &W, const IncludeItem &Inc, size_t Part);
  void elaborate(World &W);

  Resolve &R;
  const SourceMap &SM;
  const PackageGroup &G;
  PackageId Pkg;
  std::map<std::string, Span> TopNames;
  std::map<std::string, size_t> IfaceIdx, WorldIdx;
  std::vector<IfaceInfo> Ifaces;
  std::vector<WorldInfo> Worlds;
  std::vector<std::map<std::string, InterfaceId>> PartScopes;
  /// Nesting of ensureInterface/ensureWorld, bounded so that a long chain
  /// of `use` or `include` cannot exhaust the stack.
  static constexpr unsigned kMaxDepth = 1000;
  unsigned Depth = 0;
};

Status PackageResolver::ensureWorld(size_t Idx, Span UseSp) {
  WorldInfo &Info = Worlds[Idx];
  if (Info.St == State::Done)
    return {};
  if (Info.St == State::Busy)
    return err(UseSp, fmt::format("world `{}` includes itself",
                                  Info.Ast->Name.Name));
  if (++Depth > kMaxDepth)
    return SM.error(ErrorKind::Limit, UseSp,
                    fmt::format("more than {} interfaces or worlds depend on "
                                "each other in a chain", kMaxDepth));
  Info.St = State::Busy;
  WASMAOT_TRY(worldItems(Info));
  Worlds[Idx].St = State::Done;
  --Depth;
  return {};
}

Status PackageResolver::worldItems(WorldInfo &Info) {
  WorldId WId = Info.Id;
  Scope S;
  S.Owner.K = TypeOwner::InWorld;
  S.Owner.World = WId;
  World W = R.world(WId);
  std::set<std::string> ExportNames;
  std::set<uint32_t> ImportIfaces, ExportIfaces;
  // Pass 1: the world's own types (uses and typedefs) so that functions
  // may name them in any order.
  std::vector<std::vector<TypeId>> ItemTypes(Info.Ast->Items.size());
  std::vector<std::pair<InterfaceId, Span>> UsedIfaces;
  for (size_t I = 0; I < Info.Ast->Items.size(); ++I) {
    const WorldMember &M = Info.Ast->Items[I];
    if (auto *U = std::get_if<UseItem>(&M)) {
      auto Ids = useItem(S, *U, Info.Part);
      if (!Ids)
        return Ids.takeError();
      ItemTypes[I] = std::move(*Ids);
      if (!ItemTypes[I].empty())
        UsedIfaces.emplace_back(
            R.type(R.type(ItemTypes[I][0]).Elem->Id).Owner.Iface, U->From.Sp);
    } else if (auto *TD = std::get_if<TypeDefItem>(&M)) {
      if (!TD->Funcs.empty())
        return SM.error(ErrorKind::Unsupported, TD->Name.Sp,
                        "resources with functions directly in a world are "
                        "not supported; define them in an interface");
      auto T = declareTypeDef(S, *TD);
      if (!T)
        return T.takeError();
      ItemTypes[I] = {*T};
    } else if (auto *E = std::get_if<ExternItem>(&M)) {
      if (E->Name && E->Import)
        WASMAOT_TRY(declareItem(S, *E->Name));
    }
  }
  for (size_t I = 0; I < Info.Ast->Items.size(); ++I) {
    const WorldMember &M = Info.Ast->Items[I];
    if (auto *TD = std::get_if<TypeDefItem>(&M))
      WASMAOT_TRY(defineTypeDef(S, ItemTypes[I][0], *TD));
    if (std::holds_alternative<UseItem>(M) ||
        std::holds_alternative<TypeDefItem>(M)) {
      for (TypeId T : ItemTypes[I]) {
        WorldItem WI;
        WI.K = WorldItem::TypeItem;
        WI.Name = R.type(T).Name;
        WI.Ty = T;
        WI.Docs = R.type(T).Docs;
        WI.Stab = R.type(T).Stab;
        W.Imports.push_back(std::move(WI));
      }
      continue;
    }
    auto *E = std::get_if<ExternItem>(&M);
    if (!E)
      continue;
    WorldItem WI;
    WI.Docs = E->Docs;
    WI.Stab = toStab(E->At);
    if (E->Name) {
      WI.Name = E->Name->Name;
      if (!E->Import && !ExportNames.insert(lower(WI.Name)).second)
        return err(E->Name->Sp, fmt::format("`{}` is exported more than once",
                                            WI.Name));
    }
    if (E->K == ExternItem::Func) {
      WI.K = WorldItem::FunctionItem;
      auto Fn = function(S, WI.Name, E->FuncTy, E->At, E->Docs);
      if (!Fn)
        return Fn.takeError();
      WI.Func = std::move(*Fn);
    } else if (E->K == ExternItem::InlineInterface) {
      Interface Inline;
      Inline.Pkg = Pkg;
      Inline.Docs = E->Docs;
      WI.Iface = R.addInterface(std::move(Inline));
      Scope IS;
      IS.Owner.K = TypeOwner::InInterface;
      IS.Owner.Iface = WI.Iface;
      WASMAOT_TRY(interfaceItems(IS, WI.Iface, E->Items, Info.Part));
    } else {
      auto Id = lookupInterface(E->Iface, Info.Part);
      if (!Id)
        return Id.takeError();
      WI.Iface = *Id;
      if (!E->Name) {
        auto &Set = E->Import ? ImportIfaces : ExportIfaces;
        if (!Set.insert(Id->V).second)
          return err(E->Iface.Sp,
                     fmt::format("interface `{}` is {} more than once",
                                 R.interfacePath(*Id, Pkg),
                                 E->Import ? "imported" : "exported"));
      }
    }
    (E->Import ? W.Imports : W.Exports).push_back(std::move(WI));
  }
  WASMAOT_TRY(checkTypes(S));
  for (const WorldMember &M : Info.Ast->Items)
    if (auto *Inc = std::get_if<IncludeItem>(&M))
      WASMAOT_TRY(include(W, *Inc, Info.Part));
  elaborate(W);
  // WIT.md, "Interfaces, worlds, and `use`": a `use` of an interface that
  // the world both imports and exports is ambiguous.
  auto Has = [](const std::vector<WorldItem> &Items, InterfaceId I) {
    return std::any_of(Items.begin(), Items.end(), [&](const WorldItem &X) {
      return X.K == WorldItem::InterfaceItem && X.namedByInterface() &&
             X.Iface == I;
    });
  };
  for (const auto &[I, Sp] : UsedIfaces)
    if (Has(W.Imports, I) && Has(W.Exports, I))
      return err(Sp, fmt::format("`use` of `{}` is ambiguous: world `{}` "
                                 "both imports and exports it",
                                 R.interfacePath(I, Pkg), W.Name));
  R.world(WId) = std::move(W);
  return {};
}

/// Merges another world's (already elaborated) imports and exports (WIT.md,
/// "Union of Worlds with `include`"): interface names de-duplicate, plain
/// names must not clash unless renamed with `with { a as b }`.
Status PackageResolver::include(World &W, const IncludeItem &Inc,
                                size_t Part) {
  WorldId From;
  if (Inc.World.Pkg) {
    auto P = lookupPackage(*Inc.World.Pkg);
    if (!P)
      return P.takeError();
    auto Id = R.findWorld(*P, Inc.World.Name.Name);
    if (*P == Pkg && Id) {
      WASMAOT_TRY(ensureWorld(WorldIdx[Inc.World.Name.Name], Inc.World.Sp));
    } else if (!Id) {
      return err(Inc.World.Name.Sp,
                 fmt::format("world `{}` not found in package `{}`",
                             Inc.World.Name.Name, R.package(*P).Name.str()));
    }
    From = *Id;
  } else {
    auto It = WorldIdx.find(Inc.World.Name.Name);
    if (It == WorldIdx.end())
      return err(Inc.World.Name.Sp, fmt::format("world `{}` does not exist",
                                                Inc.World.Name.Name));
    WASMAOT_TRY(ensureWorld(It->second, Inc.World.Sp));
    From = Worlds[It->second].Id;
  }
  std::map<std::string, const Ident *> Renames;
  std::set<std::string> Used;
  for (const auto &[A, B] : Inc.With)
    Renames[A.Name] = &B;
  auto Merge = [&](std::vector<WorldItem> &Into,
                   const std::vector<WorldItem> &Items,
                   const char *What) -> Status {
    for (WorldItem It : Items) {
      if (It.namedByInterface()) {
        bool Have = std::any_of(Into.begin(), Into.end(), [&](auto &X) {
          return X.namedByInterface() && X.Iface == It.Iface;
        });
        if (!Have)
          Into.push_back(std::move(It));
        continue;
      }
      if (auto R2 = Renames.find(It.Name); R2 != Renames.end()) {
        It.Name = R2->second->Name;
        Used.insert(R2->first);
        if (It.K == WorldItem::FunctionItem)
          It.Func.Name = It.Name;
      }
      bool Clash = std::any_of(Into.begin(), Into.end(), [&](auto &X) {
        return !X.namedByInterface() && lower(X.Name) == lower(It.Name);
      });
      if (Clash)
        return err(Inc.Sp, fmt::format("{} `{}` of world `{}` clashes with "
                                       "one of the same name; rename it with "
                                       "`with {{ {} as ... }}`", What,
                                       It.Name, R.world(From).Name, It.Name));
      Into.push_back(std::move(It));
    }
    return {};
  };
  const World &Src = R.world(From);
  WASMAOT_TRY(Merge(W.Imports, Src.Imports, "import"));
  WASMAOT_TRY(Merge(W.Exports, Src.Exports, "export"));
  for (const auto &[A, B] : Inc.With)
    if (!Used.count(A.Name))
      return err(A.Sp, fmt::format("world `{}` has no import or export with "
                                   "the plain name `{}`", Src.Name, A.Name));
  return {};
}

/// Imports every interface that an imported or exported interface (or a
/// `use` in the world) depends on, before it; an exported interface's
/// dependency may instead be exported (WIT.md, "Transitive imports and
/// worlds"). As wasm-tools does, a dependency of an export that is neither
/// imported nor exported is imported.
void PackageResolver::elaborate(World &W) {
  std::vector<WorldItem> Imports;
  std::set<uint32_t> Have;
  std::map<uint32_t, WorldItem> Explicit;
  for (const WorldItem &It : W.Imports)
    if (It.K == WorldItem::InterfaceItem && It.namedByInterface())
      Explicit.emplace(It.Iface.V, It);
  std::function<void(InterfaceId)> AddDeps;
  auto AddIface = [&](InterfaceId I) {
    if (Have.count(I.V))
      return;
    AddDeps(I);
    Have.insert(I.V);
    auto E = Explicit.find(I.V);
    WorldItem It;
    if (E != Explicit.end())
      It = E->second;
    It.K = WorldItem::InterfaceItem;
    It.Iface = I;
    Imports.push_back(std::move(It));
  };
  AddDeps = [&](InterfaceId I) {
    for (InterfaceId D : R.interfaceDeps(I))
      AddIface(D);
  };
  for (WorldItem &It : W.Imports) {
    if (It.K == WorldItem::InterfaceItem && It.namedByInterface()) {
      AddIface(It.Iface);
      continue;
    }
    if (It.K == WorldItem::InterfaceItem)
      AddDeps(It.Iface);
    if (It.K == WorldItem::TypeItem) {
      const TypeDef &D = R.type(It.Ty);
      if (D.Kind == TypeDefKind::Alias && D.Elem && D.Elem->IsId) {
        const TypeDef &T = R.type(D.Elem->Id);
        if (T.Owner.K == TypeOwner::InInterface)
          AddIface(T.Owner.Iface);
      }
    }
    Imports.push_back(std::move(It));
  }
  std::set<uint32_t> Exported;
  for (const WorldItem &It : W.Exports)
    if (It.K == WorldItem::InterfaceItem && It.namedByInterface())
      Exported.insert(It.Iface.V);
  std::function<void(InterfaceId)> ExportDeps = [&](InterfaceId I) {
    for (InterfaceId D : R.interfaceDeps(I))
      if (!Exported.count(D.V))
        AddIface(D);
  };
  for (const WorldItem &It : W.Exports)
    if (It.K == WorldItem::InterfaceItem)
      ExportDeps(It.Iface);
  W.Imports = std::move(Imports);
}

} // namespace

PackageName toName(const PackageNameAst &P) {
  return PackageName{P.Ns.Name, P.Name.Name, P.Version};
}

Expected<PackageId> resolvePackage(Resolve &R, const SourceMap &SM,
                                   const PackageGroup &G) {
  return PackageResolver(R, SM, G).run();
}

} // namespace wasmaot::wit::detail
