// The resolved WIT model: one arena (`Resolve`) of packages, interfaces,
// worlds and type definitions addressed by strong ids, after names are
// resolved and worlds elaborated. The resolver (resolve.h) builds it from
// text; the printer (print.h) turns it back into canonical WIT; a component
// reader may build one from a component's types and print it the same way.
// Modelled on the component model's types, not on the syntax: resource
// methods are functions named `[method]r.f` with an explicit `self`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wasmaot::wit {

template <typename Tag> struct Id {
  static constexpr uint32_t kNone = ~uint32_t(0);
  uint32_t V = kNone;
  bool valid() const { return V != kNone; }
  friend bool operator==(Id A, Id B) { return A.V == B.V; }
  friend bool operator!=(Id A, Id B) { return A.V != B.V; }
  friend bool operator<(Id A, Id B) { return A.V < B.V; }
};
using TypeId = Id<struct TypeTag>;
using InterfaceId = Id<struct InterfaceTag>;
using WorldId = Id<struct WorldTag>;
using PackageId = Id<struct PackageTag>;

enum class Prim : uint8_t {
  Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String,
};
const char *primName(Prim P);

/// A primitive, or a reference to a TypeDef. A reference to a resource
/// means an owned handle (`r` in WIT).
struct Type {
  bool IsId = false;
  Prim P = Prim::Bool;
  TypeId Id;
  static Type prim(Prim P) { return Type{false, P, {}}; }
  static Type id(TypeId T) { return Type{true, Prim::Bool, T}; }
  friend bool operator==(const Type &A, const Type &B) {
    return A.IsId == B.IsId && (A.IsId ? A.Id == B.Id : A.P == B.P);
  }
};

/// Feature gates (WIT.md, "Feature Gates") and `@external-id`.
struct Stability {
  std::string Since, Feature, Deprecated, ExternalId;
  bool empty() const {
    return Since.empty() && Feature.empty() && Deprecated.empty() &&
           ExternalId.empty();
  }
  friend bool operator==(const Stability &, const Stability &) = default;
};

enum class TypeDefKind : uint8_t {
  Alias,     ///< `type x = Elem;` (and the target of a `use`)
  Record,    ///< Cases with types: fields
  Variant,   ///< Cases, types optional
  Enum,      ///< Cases without types
  Flags,     ///< Cases without types
  Resource,  ///< no payload
  Tuple,     ///< Types
  List,      ///< Elem
  FixedList, ///< Elem, Size
  Map,       ///< Elem (key), Value
  Option,    ///< Elem
  Result,    ///< Elem (ok, optional), Err (optional)
  Own,       ///< Resource
  Borrow,    ///< Resource
  Future,    ///< Elem optional
  Stream,    ///< Elem optional
};

struct Case {
  std::string Name;
  std::optional<Type> Ty;
  std::string Docs;
};

struct TypeOwner {
  enum Kind : uint8_t { NoOwner, InInterface, InWorld } K = NoOwner;
  InterfaceId Iface;
  WorldId World;
};

struct TypeDef {
  TypeDefKind Kind = TypeDefKind::Alias;
  std::string Name; ///< empty for anonymous types (list<u8>, ...)
  TypeOwner Owner;
  std::string Docs;
  Stability Stab;
  std::vector<Case> Cases;
  std::vector<Type> Types;
  std::optional<Type> Elem, Err, Value;
  uint32_t Size = 0;
  TypeId Resource;
};

enum class FuncKind : uint8_t { Freestanding, Method, Static, Constructor };

struct Param {
  std::string Name;
  Type Ty;
};

struct Function {
  /// The component-level name: `f`, `[method]r.f`, `[static]r.f`,
  /// `[constructor]r`.
  std::string Name;
  FuncKind Kind = FuncKind::Freestanding;
  TypeId Resource; ///< for methods, statics and constructors
  bool Async = false;
  std::vector<Param> Params; ///< methods start with `self: borrow<r>`
  std::optional<Type> Result;
  std::string Docs;
  Stability Stab;
  /// The name written in WIT: `f` for all kinds, `constructor`.
  std::string itemName() const;
};

struct Interface {
  std::string Name; ///< empty: defined inline in a world
  PackageId Pkg;
  std::vector<std::pair<std::string, TypeId>> Types; ///< definition order
  std::vector<Function> Funcs;
  std::string Docs;
  Stability Stab;
};

/// An import or export of a world: an interface under its own name
/// (`import wasi:io/streams;`), or a plain name for an interface
/// (`import x: interface {..}` / `import x: path;`), a function or a type.
struct WorldItem {
  enum Kind : uint8_t { InterfaceItem, FunctionItem, TypeItem } K =
      InterfaceItem;
  std::string Name; ///< plain name; empty for an interface-named item
  InterfaceId Iface;
  Function Func;
  TypeId Ty;
  std::string Docs;
  Stability Stab;
  bool namedByInterface() const { return Name.empty(); }
};

struct World {
  std::string Name;
  PackageId Pkg;
  /// Fully elaborated: includes merged, and every interface that an
  /// imported or exported one `use`s imported (before it) unless exported.
  std::vector<WorldItem> Imports, Exports;
  std::string Docs;
  Stability Stab;
};

struct PackageName {
  std::string Ns, Name, Version;
  /// `ns:name@version` (`@version` only if there is one).
  std::string str() const;
  friend bool operator==(const PackageName &, const PackageName &) = default;
};

struct Package {
  PackageName Name;
  std::string Docs;
  std::vector<std::pair<std::string, InterfaceId>> Interfaces;
  std::vector<std::pair<std::string, WorldId>> Worlds;
};

/// The arena. Ids index the vectors; nothing is ever removed.
struct Resolve {
  std::vector<TypeDef> Types;
  std::vector<Interface> Interfaces;
  std::vector<World> Worlds;
  std::vector<Package> Packages;

  TypeDef &type(TypeId T) { return Types[T.V]; }
  const TypeDef &type(TypeId T) const { return Types[T.V]; }
  Interface &iface(InterfaceId I) { return Interfaces[I.V]; }
  const Interface &iface(InterfaceId I) const { return Interfaces[I.V]; }
  World &world(WorldId W) { return Worlds[W.V]; }
  const World &world(WorldId W) const { return Worlds[W.V]; }
  Package &package(PackageId P) { return Packages[P.V]; }
  const Package &package(PackageId P) const { return Packages[P.V]; }

  TypeId addType(TypeDef D);
  InterfaceId addInterface(Interface I);
  WorldId addWorld(World W);
  PackageId addPackage(Package P);

  std::optional<PackageId> findPackage(const PackageName &N) const;
  std::optional<InterfaceId> findInterface(PackageId P,
                                           std::string_view Name) const;
  std::optional<WorldId> findWorld(PackageId P, std::string_view Name) const;
  /// Follows aliases (`type a = b;`, `use`) to the defining TypeDef.
  TypeId unalias(TypeId T) const;
  /// `name` if \p I is in \p From, else `ns:pkg/name@ver`.
  std::string interfacePath(InterfaceId I, PackageId From) const;
  /// The interfaces whose types \p I `use`s, in first-use order.
  std::vector<InterfaceId> interfaceDeps(InterfaceId I) const;
};

} // namespace wasmaot::wit
