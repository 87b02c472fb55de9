// A component's world as a WIT model (from_component.h), for
// `wasmaot wit comp.wasm`. Works on the component's own type (its imports,
// then its exports, in order), as wit-component's decoder does:
//
//   import "ns:pkg/i@v" (instance T)  → interface i of package ns:pkg@v,
//                                       `import ns:pkg/i@v;`
//   import "name" (instance T)        → `import name: interface { .. }`
//   import "name" (func T)            → `import name: func(..)`
//   import "name" (type T)            → a world-level type
//
// Names: a type is named where an instance type (or the world) exports it
// (`(export "x" (type (eq T)))`); the frontend keeps type identity, so a
// type named by an earlier interface and exported again by a later one is
// a `use`. References inside an interface prefer its own names (a `use`
// renames), then the first name given anywhere. Does not own printing
// (print.cpp) or reading the binary (frontend).
#include "wasmaot/wit/from_component.h"

#include "wasmaot/wit/syntax.h"

#include <map>

#include <fmt/format.h>

namespace wasmaot::wit {

namespace fc = frontend::component;

namespace {

/// `ns:pkg/iface@ver` split into its parts.
struct InterfaceName {
  PackageName Pkg;
  std::string Iface;
};

std::optional<InterfaceName> splitInterfaceName(std::string_view N) {
  InterfaceName Out;
  if (size_t At = N.find('@'); At != std::string_view::npos) {
    Out.Pkg.Version = std::string(N.substr(At + 1));
    N = N.substr(0, At);
  }
  size_t Colon = N.find(':'), Slash = N.rfind('/');
  if (Colon == std::string_view::npos || Slash == std::string_view::npos ||
      Slash < Colon)
    return std::nullopt;
  Out.Pkg.Ns = std::string(N.substr(0, Colon));
  Out.Pkg.Name = std::string(N.substr(Colon + 1, Slash - Colon - 1));
  Out.Iface = std::string(N.substr(Slash + 1));
  return Out;
}

/// `MAJOR.MINOR.PATCH` with optional `-pre` / `+build`: what WIT accepts.
/// (A component may abbreviate, `@1`, as a canonical name.)
bool isFullSemver(std::string_view V) {
  std::string_view Core = V.substr(0, V.find_first_of("-+"));
  int Parts = 0;
  size_t I = 0;
  while (I <= Core.size()) {
    size_t E = Core.find('.', I);
    if (E == std::string_view::npos)
      E = Core.size();
    std::string_view P = Core.substr(I, E - I);
    if (P.empty() ||
        P.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    ++Parts;
    I = E + 1;
  }
  if (Parts != 3)
    return false;
  return Core.size() == V.size() || V.size() > Core.size() + 1;
}

std::optional<Prim> primOf(fc::TypeKind K) {
  using TK = fc::TypeKind;
  switch (K) {
  case TK::Bool: return Prim::Bool;
  case TK::S8: return Prim::S8;
  case TK::U8: return Prim::U8;
  case TK::S16: return Prim::S16;
  case TK::U16: return Prim::U16;
  case TK::S32: return Prim::S32;
  case TK::U32: return Prim::U32;
  case TK::S64: return Prim::S64;
  case TK::U64: return Prim::U64;
  case TK::F32: return Prim::F32;
  case TK::F64: return Prim::F64;
  case TK::Char: return Prim::Char;
  case TK::String: return Prim::String;
  default: return std::nullopt;
  }
}

class Converter {
public:
  Converter(Resolve &R, const fc::Component &C) : R(R), C(C), A(*C.Types) {}

  Expected<WorldId> run();

private:
  /// Where names are looked up while converting one interface or the world.
  struct Scope {
    TypeOwner Owner;
    std::map<uint32_t, TypeId> Local; ///< frontend type → name here
    std::map<uint32_t, TypeId> Anon;  ///< frontend type → anonymous def
    std::map<std::string, TypeId> ByName;
  };

  Error unsupported(std::string Msg) const {
    return Error{ErrorKind::Unsupported, Offset, std::move(Msg), {}};
  }

  /// \p N is a WIT identifier (a component name may not be: `run-1`,
  /// `locked-dep=<..>`).
  Status ident(std::string_view N, const char *What) const;
  /// The nominal type \p T is a name of: the frontend gives each
  /// `(type (eq T))` import or export of a record/variant/enum/flags a copy
  /// of T (`NamedFrom`), which is still the same WIT type.
  uint32_t key(fc::TypeId T) const;
  Expected<Type> ref(Scope &S, fc::TypeId T);
  Expected<TypeId> resource(Scope &S, fc::TypeId T);
  Status body(Scope &S, fc::TypeId T, TypeDef &D);
  Expected<TypeId> named(Scope &S, const std::string &Name, fc::TypeId T);
  Expected<Function> function(Scope &S, const std::string &Name,
                              fc::TypeId T);
  Expected<InterfaceId> interface(const std::string &Name, fc::TypeId T,
                                  bool Inline);
  Status item(const fc::ExternItem &It, uint64_t Off, bool Import,
              Scope &WorldScope);
  PackageId package(const PackageName &N);
  void worldName(PackageName &Pkg, std::string &World) const;

  Resolve &R;
  const fc::Component &C;
  const fc::TypeArena &A;
  WorldId W;
  PackageId Root;
  /// The first name any scope gave a frontend type.
  std::map<uint32_t, TypeId> Global;
  /// Interfaces already built, by their full name.
  std::map<std::string, InterfaceId> Ifaces;
  uint64_t Offset = Error::kNoOffset;
};

Status Converter::ident(std::string_view N, const char *What) const {
  if (isValidIdent(N))
    return {};
  return unsupported(fmt::format("{} `{}` is not a valid WIT identifier",
                                 What, N));
}

uint32_t Converter::key(fc::TypeId T) const {
  while (A[T].NamedFrom != fc::kNoType)
    T = A[T].NamedFrom;
  return *T;
}

Expected<TypeId> Converter::resource(Scope &S, fc::TypeId T) {
  Expected<Type> Ty = ref(S, T);
  if (!Ty)
    return Ty.takeError();
  if (!Ty->IsId || R.type(R.unalias(Ty->Id)).Kind != TypeDefKind::Resource)
    return unsupported("a handle to something that is not a resource");
  return Ty->Id;
}

Expected<Type> Converter::ref(Scope &S, fc::TypeId T) {
  const fc::TypeDef &D = A[T];
  if (fc::isPrimitive(D.Kind)) {
    if (auto P = primOf(D.Kind))
      return Type::prim(*P);
    return unsupported(fmt::format("type `{}` cannot be written in WIT",
                                   fc::typeKindName(D.Kind)));
  }
  if (auto It = S.Local.find(key(T)); It != S.Local.end())
    return Type::id(It->second);
  bool Nominal = D.Kind == fc::TypeKind::Record ||
                 D.Kind == fc::TypeKind::Variant ||
                 D.Kind == fc::TypeKind::Enum ||
                 D.Kind == fc::TypeKind::Flags ||
                 D.Kind == fc::TypeKind::Resource;
  if (Nominal) {
    // A name from another interface is not in scope here without a `use`
    // (which the component would express as a type export of its own).
    auto It = Global.find(key(T));
    if (It != Global.end())
      return unsupported(fmt::format("type `{}` is used where it has no "
                                     "name (WIT would need a `use`)",
                                     R.type(It->second).Name));
    return unsupported(fmt::format("a {} without a name where it is used",
                                   fc::typeKindName(D.Kind)));
  }
  if (D.Kind == fc::TypeKind::Own) { // `r` is an owned handle in the model
    Expected<TypeId> Res = resource(S, D.Elem);
    if (!Res)
      return Res.takeError();
    return Type::id(*Res);
  }
  if (auto It = S.Anon.find(*T); It != S.Anon.end())
    return Type::id(It->second);
  TypeDef Def;
  WASMAOT_TRY(body(S, T, Def));
  TypeId Id = R.addType(std::move(Def));
  S.Anon[*T] = Id;
  return Type::id(Id);
}

/// The structure of a defined type (everything but its name and owner).
Status Converter::body(Scope &S, fc::TypeId T, TypeDef &Out) {
  using TK = fc::TypeKind;
  const fc::TypeDef D = A[T];
  auto Opt = [&](fc::TypeId X, std::optional<Type> &Dst) -> Status {
    if (X == fc::kNoType)
      return {};
    Expected<Type> Ty = ref(S, X);
    if (!Ty)
      return Ty.takeError();
    Dst = *Ty;
    return {};
  };
  switch (D.Kind) {
  case TK::Record:
  case TK::Variant:
    Out.Kind = D.Kind == TK::Record ? TypeDefKind::Record : TypeDefKind::Variant;
    for (const fc::NamedType &F : D.Fields) {
      WASMAOT_TRY(ident(F.Name, D.Kind == TK::Record ? "field" : "case"));
      Case Cs{F.Name, std::nullopt, {}};
      WASMAOT_TRY(Opt(F.Type, Cs.Ty));
      Out.Cases.push_back(std::move(Cs));
    }
    return {};
  case TK::Enum:
  case TK::Flags:
    Out.Kind = D.Kind == TK::Enum ? TypeDefKind::Enum : TypeDefKind::Flags;
    for (const std::string &L : D.Labels) {
      WASMAOT_TRY(ident(L, "label"));
      Out.Cases.push_back({L, std::nullopt, {}});
    }
    return {};
  case TK::Tuple:
    Out.Kind = TypeDefKind::Tuple;
    for (fc::TypeId E : D.Elems) {
      std::optional<Type> Ty;
      WASMAOT_TRY(Opt(E, Ty));
      Out.Types.push_back(*Ty);
    }
    return {};
  case TK::List:
  case TK::FixedList:
  case TK::Option:
  case TK::Future:
  case TK::Stream:
    Out.Kind = D.Kind == TK::List        ? TypeDefKind::List
               : D.Kind == TK::FixedList ? TypeDefKind::FixedList
               : D.Kind == TK::Option    ? TypeDefKind::Option
               : D.Kind == TK::Future    ? TypeDefKind::Future
                                         : TypeDefKind::Stream;
    Out.Size = D.Length;
    return Opt(D.Elem, Out.Elem);
  case TK::Map:
    Out.Kind = TypeDefKind::Map;
    WASMAOT_TRY(Opt(D.Elem, Out.Elem));
    return Opt(D.Elem2, Out.Value);
  case TK::Result:
    Out.Kind = TypeDefKind::Result;
    WASMAOT_TRY(Opt(D.Ok, Out.Elem));
    return Opt(D.Err, Out.Err);
  case TK::Own:
  case TK::Borrow: {
    Expected<TypeId> Res = resource(S, D.Elem);
    if (!Res)
      return Res.takeError();
    Out.Kind = D.Kind == TK::Own ? TypeDefKind::Own : TypeDefKind::Borrow;
    Out.Resource = *Res;
    return {};
  }
  case TK::Resource:
    Out.Kind = TypeDefKind::Resource;
    return {};
  default:
    return unsupported(fmt::format("a {} type cannot be written in WIT",
                                   fc::typeKindName(D.Kind)));
  }
}

/// `(export "Name" (type (eq T)))` in the scope S: a `use` if T was named
/// before, else a definition under this name.
Expected<TypeId> Converter::named(Scope &S, const std::string &Name,
                                  fc::TypeId T) {
  WASMAOT_TRY(ident(Name, "type name"));
  const fc::TypeDef &D = A[T];
  TypeDef Def;
  Def.Name = Name;
  Def.Owner = S.Owner;
  auto Prior = Global.find(key(T));
  bool Nominal = D.Kind == fc::TypeKind::Record ||
                 D.Kind == fc::TypeKind::Variant ||
                 D.Kind == fc::TypeKind::Enum ||
                 D.Kind == fc::TypeKind::Flags ||
                 D.Kind == fc::TypeKind::Resource;
  if (Prior != Global.end()) {
    // `use` reaches only types of named interfaces (or, as `type a = b;`,
    // of this very scope).
    const TypeOwner &O = R.type(Prior->second).Owner;
    bool SameScope = O.K == S.Owner.K && O.Iface == S.Owner.Iface &&
                     O.World == S.Owner.World;
    bool Usable = O.K == TypeOwner::InInterface &&
                  !R.iface(O.Iface).Name.empty();
    if (!SameScope && !Usable)
      return unsupported(fmt::format("type `{}` is `{}` of an inline "
                                     "interface or of the world, which WIT "
                                     "cannot `use`",
                                     Name, R.type(Prior->second).Name));
    Def.Kind = TypeDefKind::Alias;
    Def.Elem = Type::id(Prior->second);
  } else if (Nominal || (!fc::isPrimitive(D.Kind) &&
                         D.Kind != fc::TypeKind::Own)) {
    // `type x = list<u8>;` defines x as that list, like a record.
    WASMAOT_TRY(body(S, T, Def));
  } else {
    Expected<Type> Ty = ref(S, T);
    if (!Ty)
      return Ty.takeError();
    Def.Kind = TypeDefKind::Alias;
    Def.Elem = *Ty;
  }
  TypeId Id = R.addType(std::move(Def));
  if (!fc::isPrimitive(D.Kind)) {
    S.Local.emplace(key(T), Id);
    Global.emplace(key(T), Id);
  }
  S.ByName[Name] = Id;
  return Id;
}

Expected<Function> Converter::function(Scope &S, const std::string &Name,
                                       fc::TypeId T) {
  const fc::TypeDef D = A[T];
  Function F;
  F.Name = Name;
  F.Async = D.Async;
  const std::string &Nm = F.Name;
  std::string Res;
  auto Prefixed = [&](std::string_view P, FuncKind K) {
    if (Nm.compare(0, P.size(), P) != 0)
      return false;
    F.Kind = K;
    Res = Nm.substr(P.size());
    if (K != FuncKind::Constructor)
      Res = Res.substr(0, Res.find('.'));
    return true;
  };
  Prefixed("[constructor]", FuncKind::Constructor) ||
      Prefixed("[method]", FuncKind::Method) ||
      Prefixed("[static]", FuncKind::Static);
  if (F.Kind != FuncKind::Freestanding && S.Owner.K == TypeOwner::InWorld)
    return unsupported(fmt::format("`{}`: resource functions directly in a "
                                   "world cannot be written in WIT yet",
                                   Name));
  WASMAOT_TRY(ident(F.Kind == FuncKind::Freestanding ? Nm : Res,
                    "function name"));
  if (F.Kind == FuncKind::Method || F.Kind == FuncKind::Static)
    WASMAOT_TRY(ident(F.itemName(), "function name"));
  if (F.Kind != FuncKind::Freestanding) {
    auto It = S.ByName.find(Res);
    if (It == S.ByName.end() ||
        R.type(R.unalias(It->second)).Kind != TypeDefKind::Resource)
      return unsupported(fmt::format("`{}` names no resource of its interface",
                                     Name));
    F.Resource = It->second;
  }
  for (const fc::NamedType &P : D.Fields) {
    WASMAOT_TRY(ident(P.Name, "parameter"));
    Expected<Type> Ty = ref(S, P.Type);
    if (!Ty)
      return Ty.takeError();
    F.Params.push_back({P.Name, *Ty});
  }
  if (D.FuncResult != fc::kNoType) {
    Expected<Type> Ty = ref(S, D.FuncResult);
    if (!Ty)
      return Ty.takeError();
    F.Result = *Ty;
  }
  return F;
}

PackageId Converter::package(const PackageName &N) {
  if (auto P = R.findPackage(N))
    return *P;
  return R.addPackage(Package{N, {}, {}, {}});
}

Expected<InterfaceId> Converter::interface(const std::string &Name,
                                           fc::TypeId T, bool Inline) {
  std::optional<InterfaceName> IN;
  if (!Inline) {
    if (auto It = Ifaces.find(Name); It != Ifaces.end())
      return It->second;
    IN = splitInterfaceName(Name);
    if (!IN)
      return unsupported(fmt::format("`{}` is not an interface name", Name));
    WASMAOT_TRY(ident(IN->Pkg.Ns, "namespace"));
    WASMAOT_TRY(ident(IN->Pkg.Name, "package name"));
    WASMAOT_TRY(ident(IN->Iface, "interface name"));
    if (!IN->Pkg.Version.empty() && !isFullSemver(IN->Pkg.Version))
      return unsupported(fmt::format("`{}`: WIT needs a full semver version, "
                                     "not `{}`",
                                     Name, IN->Pkg.Version));
  } else {
    WASMAOT_TRY(ident(Name, "import or export name"));
  }
  Interface I;
  I.Pkg = Inline ? Root : package(IN->Pkg);
  I.Name = Inline ? "" : IN->Iface;
  InterfaceId Id = R.addInterface(std::move(I));
  if (!Inline) {
    R.package(R.iface(Id).Pkg).Interfaces.emplace_back(IN->Iface, Id);
    Ifaces.emplace(Name, Id);
  }
  Scope S;
  S.Owner = TypeOwner{TypeOwner::InInterface, Id, {}};
  const fc::TypeDef D = A[T];
  for (const fc::ExternItem &E : D.Exports) {
    if (E.Kind == fc::Sort::Type) {
      Expected<TypeId> Ty = named(S, E.Name, E.Type);
      if (!Ty)
        return Ty.takeError();
      R.iface(Id).Types.emplace_back(E.Name, *Ty);
    } else if (E.Kind == fc::Sort::Func) {
      Expected<Function> F = function(S, E.Name, E.Type);
      if (!F)
        return F.takeError();
      R.iface(Id).Funcs.push_back(std::move(*F));
    } else {
      std::string_view Sort = fc::sortName(E.Kind);
      bool Vowel = !Sort.empty() && std::string_view("aeiou").find(Sort[0]) !=
                                        std::string_view::npos;
      return unsupported(fmt::format("interface `{}` exports {} {} (`{}`), "
                                     "which WIT cannot express",
                                     Name, Vowel ? "an" : "a", Sort, E.Name));
    }
  }
  return Id;
}

Status Converter::item(const fc::ExternItem &It, uint64_t Off, bool Import,
                       Scope &WS) {
  Offset = Off;
  WorldItem WI;
  switch (It.Kind) {
  case fc::Sort::Instance: {
    bool Inline = It.Name.find(':') == std::string::npos;
    Expected<InterfaceId> I = interface(It.Name, It.Type, Inline);
    if (!I)
      return I.takeError();
    WI.K = WorldItem::InterfaceItem;
    WI.Name = Inline ? It.Name : "";
    WI.Iface = *I;
    break;
  }
  case fc::Sort::Func: {
    Expected<Function> F = function(WS, It.Name, It.Type);
    if (!F)
      return F.takeError();
    WI.K = WorldItem::FunctionItem;
    WI.Name = F->Name;
    WI.Func = std::move(*F);
    break;
  }
  case fc::Sort::Type: {
    Expected<TypeId> T = named(WS, It.Name, It.Type);
    if (!T)
      return T.takeError();
    WI.K = WorldItem::TypeItem;
    WI.Name = It.Name;
    WI.Ty = *T;
    break;
  }
  default:
    return unsupported(fmt::format("the {} `{}` of a {} cannot be written in "
                                   "WIT",
                                   Import ? "import" : "export", It.Name,
                                   fc::sortName(It.Kind)));
  }
  World &Wd = R.world(W);
  (Import ? Wd.Imports : Wd.Exports).push_back(std::move(WI));
  return {};
}

/// wit-component records the world a component was built for in a custom
/// section `component-type[:...]` holding a component that exports the
/// package's types: `(export "ns:pkg/world@v" (component ...))` inside a
/// component type. Only the name is taken from it; the types come from
/// the component itself.
void Converter::worldName(PackageName &Pkg, std::string &World) const {
  Pkg = {"root", "component", ""};
  World = "root";
  for (const fc::CustomSectionEntry &Cs : C.Customs) {
    if (Cs.Name.compare(0, 14, "component-type") != 0)
      continue;
    auto Meta = fc::readComponent(C.bytes(Cs.Contents));
    if (!Meta)
      continue;
    const fc::TypeDef &Self = Meta->type(Meta->SelfType);
    for (const fc::ExternItem &E : Self.Exports) {
      if (E.Kind != fc::Sort::Type)
        continue;
      for (const fc::ExternItem &Inner : Meta->type(E.Type).Exports)
        if (Inner.Kind == fc::Sort::Component)
          if (auto N = splitInterfaceName(Inner.Name)) {
            Pkg = N->Pkg;
            World = N->Iface;
            return;
          }
    }
  }
}

Expected<WorldId> Converter::run() {
  PackageName PN;
  std::string WName;
  worldName(PN, WName);
  Root = package(PN);
  World Wd;
  Wd.Name = WName;
  Wd.Pkg = Root;
  W = R.addWorld(std::move(Wd));
  R.package(Root).Worlds.emplace_back(WName, W);
  Scope WS;
  WS.Owner = TypeOwner{TypeOwner::InWorld, {}, W};
  const fc::TypeDef &Self = C.type(C.SelfType);
  for (size_t I = 0; I < Self.Imports.size(); ++I)
    WASMAOT_TRY(item(Self.Imports[I],
                     I < C.Imports.size() ? C.Defs[C.Imports[I]].Offset
                                          : Error::kNoOffset,
                     true, WS));
  for (size_t I = 0; I < Self.Exports.size(); ++I)
    WASMAOT_TRY(item(Self.Exports[I],
                     I < C.Exports.size() ? C.Defs[C.Exports[I]].Offset
                                          : Error::kNoOffset,
                     false, WS));
  return W;
}

} // namespace

Expected<WorldId> worldFromComponent(Resolve &R,
                                     const frontend::component::Component &C) {
  return Converter(R, C).run();
}

} // namespace wasmaot::wit
