// The component IR: a decoded and validated component binary
// (component-model design/mvp/Binary.md, Explainer.md), in a form the
// runtime and the component compile path can walk in order.
//
//   bytes ──readComponent──▶ Component { Defs[], Spaces[], Modules[],
//                                        Components[], Types (arena) }
//
// Reading and validating are one pass: Binary.md builds every index space
// incrementally, "as each definition is validated", and a later definition's
// meaning (the sort of an alias, the type of an instance export) depends on
// the types of earlier ones. Grammar errors are ErrorKind::Malformed,
// semantic ones ErrorKind::Invalid, the async / thread built-ins
// ErrorKind::Unsupported; every error carries an absolute byte offset.
//
// How the runtime uses it: walk Component::Defs in order. Every definition
// appends (at most) one entry to one index space — `Def.Defines` says which
// sort and which index — and carries the TypeId of what it defines. Types
// live in one TypeArena shared by a component and all its nested components
// (outer aliases just reuse ids). Value types are TypeIds too: primitives
// are pre-interned (TypeArena::prim).
//
// Does not own: the canonical ABI at run time (runtime/), WIT (wit/).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/frontend/features.h"
#include "wasmaot/frontend/module.h"
#include "wasmaot/frontend/support/error.h"
#include "wasmaot/frontend/types.h"

namespace wasmaot::frontend::component {

/// An id in a TypeArena.
using TypeId = Idx<struct ComponentTypeTag>;
inline constexpr TypeId kNoType{~uint32_t(0)};

/// The index spaces of a component (Binary.md `sort` / `core:sort`).
enum class Sort : uint8_t {
  CoreFunc, CoreTable, CoreMemory, CoreGlobal, CoreType, CoreModule,
  CoreInstance,
  Func, Value, Type, Component, Instance,
};
inline constexpr unsigned kNumSorts = 12;
const char *sortName(Sort S); ///< "core func", "func", "instance", ...
inline bool isCoreSort(Sort S) { return S <= Sort::CoreInstance; }

struct SortIdx {
  Sort Kind = Sort::Func;
  uint32_t Index = 0;
};

enum class TypeKind : uint8_t {
  // Primitive value types, in Binary.md `primvaltype` order (0x7f down).
  Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String,
  ErrorContext,
  // Defined value types.
  Record, Variant, List, FixedList, Tuple, Flags, Enum, Option, Result, Own,
  Borrow, Future, Stream, Map,
  // Other component types.
  Func, Component, Instance, Resource,
  // Core types: of core definitions, and core module / instance types.
  CoreFunc, CoreTable, CoreMemory, CoreGlobal, CoreModule, CoreInstance,
};
inline constexpr unsigned kNumPrimTypes = unsigned(TypeKind::ErrorContext) + 1;
const char *typeKindName(TypeKind K); ///< "bool", "record", "func", ...
inline bool isPrimitive(TypeKind K) { return K <= TypeKind::ErrorContext; }
inline bool isValueType(TypeKind K) { return K <= TypeKind::Map; }

struct NamedType {
  std::string Name;
  TypeId Type = kNoType; ///< kNoType for a variant case without payload
};

/// One import or export of a component, instance or core module type.
/// For Sort::Type, Type is the type the name stands for (a fresh abstract
/// Resource for `(sub resource)`).
struct ExternItem {
  std::string Name;
  Sort Kind = Sort::Func;
  TypeId Type = kNoType;
  /// A resource type item: which name (alias) of the resource this is.
  /// Exporting a resource or importing it with `(eq R)` names the same
  /// resource anew (wasmparser's alias ids), and the export visibility
  /// rules tell the names apart; resource identity ignores it. 0 otherwise.
  uint32_t Tag = 0;
};

struct TypeDef {
  TypeKind Kind = TypeKind::Bool;
  /// Record fields, variant cases, function parameters.
  std::vector<NamedType> Fields;
  /// Tuple elements.
  std::vector<TypeId> Elems;
  /// Flags / enum labels.
  std::vector<std::string> Labels;
  /// list, fixed list, option, own, borrow (the resource), future and
  /// stream (kNoType: no payload), map key.
  TypeId Elem = kNoType;
  TypeId Elem2 = kNoType; ///< map value
  TypeId Ok = kNoType;    ///< result
  TypeId Err = kNoType;   ///< result
  TypeId FuncResult = kNoType; ///< func (kNoType: no result)
  uint32_t Tag = 0;       ///< own, borrow: the name of Elem used (ExternItem)
  /// A record, variant, enum or flags named by an import or export
  /// `(type (eq T))` is a copy of T (for the export visibility rules); this
  /// is T in the copy, kNoType otherwise. Tools that care which types are
  /// the same nominal type (wit::worldFromComponent) follow it back.
  TypeId NamedFrom = kNoType;
  /// 1 + the deepest type this one refers to (TypeArena::add).
  uint32_t Depth = 1;
  uint32_t Length = 0;    ///< fixed list
  bool Async = false;     ///< func declared `async`
  /// Component types: imports and exports. Instance types: exports.
  /// Core module types: imports (Name is "module\0name") and exports with
  /// core sorts. Core instance types: exports.
  std::vector<ExternItem> Imports;
  std::vector<ExternItem> Exports;
  /// Resource: defined here (`(type (resource (rep i32) (dtor f)))`) or
  /// abstract (an imported `(sub resource)`). A defined resource's
  /// destructor is a core function of DefinedIn's core func space.
  bool Abstract = false;
  std::optional<uint32_t> Dtor;
  const void *DefinedIn = nullptr; ///< the Component that defined it
  /// CoreFunc; CoreTable / CoreMemory / CoreGlobal.
  FuncType Core;
  TableType CoreTable;
  MemoryType CoreMemory;
  GlobalType CoreGlobal;
  /// For diagnostics: the import/export name that introduced a resource.
  std::string DebugName;
};

/// All types of a component and its nested components.
class TypeArena {
public:
  TypeArena();
  TypeId add(TypeDef T);
  const TypeDef &operator[](TypeId T) const { return Types[*T]; }
  TypeDef &operator[](TypeId T) { return Types[*T]; }
  size_t size() const { return Types.size(); }
  /// An implementation limit on the types of one component, instantiations
  /// included (real components need about a thousand): about 40 MB.
  static constexpr size_t kMaxTypes = 100000;
  /// An implementation limit on how deeply types nest (list<list<...>>,
  /// instances of instances): everything walking a type recurses, and
  /// real components nest a few levels.
  static constexpr uint32_t kMaxDepth = 100;
  bool full() const { return Types.size() >= kMaxTypes; }
  /// The pre-interned id of a primitive value type.
  static TypeId prim(TypeKind K) { return TypeId(uint32_t(K)); }
  /// A fresh ExternItem::Tag.
  uint32_t newTag() { return ++LastTag; }

private:
  std::vector<TypeDef> Types;
  uint32_t LastTag = 0;
};

enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };
const char *stringEncodingName(StringEncoding E); ///< "utf8", ...

/// `canonopt*`; indices are in the defining component's core spaces.
struct CanonOptions {
  StringEncoding Encoding = StringEncoding::Utf8;
  std::optional<uint32_t> Memory;     ///< core memory index
  std::optional<uint32_t> Realloc;    ///< core func index
  std::optional<uint32_t> PostReturn; ///< core func index
  std::optional<uint32_t> Callback;   ///< async (unsupported)
  std::optional<uint32_t> CoreType;   ///< core type index
  bool Async = false;                 ///< unsupported
  bool Gc = false;                    ///< unsupported
};

enum class DefKind : uint8_t {
  CoreModule,        ///< Ref: Component::Modules[Ref]            → core module
  CoreInstantiate,   ///< instantiate core module Ref with Args    → core instance
  CoreInstanceExports, ///< a core instance from Args (inline exports)
  CoreType,          ///< a core type (Type)                       → core type
  Component,         ///< Ref: Component::Components[Ref]          → component
  Instantiate,       ///< instantiate component Ref with Args      → instance
  InstanceExports,   ///< an instance from Args (inline exports)   → instance
  AliasExport,       ///< export Name of instance Ref              → Defines.Kind
  AliasCoreExport,   ///< export Name of core instance Ref         → Defines.Kind
  AliasOuter,        ///< item Ref of the OuterCount-th enclosing component
  Type,              ///< a component type definition (Type)       → type
  CanonLift,         ///< core func Ref, Opts, type Type           → func
  CanonLower,        ///< func Ref, Opts                           → core func
  CanonResourceNew,  ///< resource Type                            → core func
  CanonResourceDrop, ///< resource Type                            → core func
  CanonResourceRep,  ///< resource Type                            → core func
  CanonUnsupported,  ///< an async / thread / stream built-in (Name); only
                     ///< present when read with AllowUnsupported
  Start,             ///< func Ref with value args StartArgs
  Import,            ///< import Name of Type                      → Defines.Kind
  Export,            ///< export Name of item Item                 → Defines.Kind
  Value,             ///< a value definition (bytes in ValueBytes) → value
};
const char *defKindName(DefKind K);

/// One definition, in section order. Fields not listed for a kind in
/// DefKind's comments are zero / empty.
struct Definition {
  DefKind Kind = DefKind::Type;
  uint64_t Offset = 0;          ///< absolute offset of the entry
  bool DefinesItem = true;      ///< false for Start (and value-less starts)
  SortIdx Defines;              ///< the index-space entry it appends
  TypeId Type = kNoType;        ///< the type of that entry
  uint32_t Ref = 0;
  uint32_t OuterCount = 0;      ///< AliasOuter
  std::string Name;             ///< alias / import / export name; canon name
  /// Instantiate args (`with` name and item) or inline exports.
  std::vector<std::pair<std::string, SortIdx>> Args;
  SortIdx Item;                 ///< Export: what is exported
  CanonOptions Opts;            ///< CanonLift / CanonLower
  std::vector<uint32_t> StartArgs; ///< Start: value indices
  uint32_t StartResults = 0;    ///< Start: result values appended
  ByteSpan ValueBytes;          ///< Value
};

struct CoreModuleEntry {
  ByteSpan Span; ///< absolute, the whole nested module (preamble included)
  std::shared_ptr<const Module> Mod; ///< decoded and validated
};

struct CustomSectionEntry {
  std::string Name;
  ByteSpan Contents;
};

struct Component {
  /// The whole top-level binary; spans of nested components and modules
  /// point into it.
  std::shared_ptr<const std::vector<uint8_t>> Bytes;
  std::shared_ptr<TypeArena> Types;
  ByteSpan Span;   ///< this component within Bytes
  unsigned Depth = 0; ///< 0 for the top level

  std::vector<Definition> Defs;
  std::vector<CoreModuleEntry> Modules;  ///< nested core modules, in order
  std::vector<Component> Components;     ///< nested components, in order
  std::vector<CustomSectionEntry> Customs;

  /// The type of every entry of every index space, indexed by Sort.
  std::array<std::vector<TypeId>, kNumSorts> Spaces;
  std::vector<TypeId> &space(Sort S) { return Spaces[unsigned(S)]; }
  const std::vector<TypeId> &space(Sort S) const {
    return Spaces[unsigned(S)];
  }

  /// Indices into Defs of the imports and exports, in order.
  std::vector<uint32_t> Imports;
  std::vector<uint32_t> Exports;
  /// The component's own type (Kind Component: its imports and exports).
  TypeId SelfType = kNoType;

  const TypeDef &type(TypeId T) const { return (*Types)[T]; }
  std::span<const uint8_t> bytes(ByteSpan S) const {
    return {Bytes->data() + S.Offset, size_t(S.Size)};
  }
};

struct ComponentReadOptions {
  /// Features for nested core modules.
  FeatureSet CoreFeatures = FeatureSet::defaults();
  /// Threads validating nested core module bodies (0: one per CPU).
  unsigned Jobs = 1;
  /// Decode async / thread / stream built-ins as CanonUnsupported instead of
  /// rejecting them (for inspect); such a component cannot be run.
  bool AllowUnsupported = false;
};

/// Bytes start with the magic, version 0x0d and layer 1.
bool isComponent(std::span<const uint8_t> Bytes);

/// Decodes and validates a component binary.
Expected<Component> readComponent(std::span<const uint8_t> Bytes,
                                  const ComponentReadOptions &Opts = {});

/// WIT-like text of a type: "u32", "list<string>", "record { a: u32 }",
/// "func(a: u32) -> string", "own<r>", ...
std::string typeString(const TypeArena &A, TypeId T);

/// Canonical ABI flattening (CanonicalABI.md "Flattening"): the core
/// signature of a lifted or lowered function of type \p Func.
/// MAX_FLAT_PARAMS 16 / MAX_FLAT_RESULTS 1; beyond them, one i32 pointer.
FuncType flattenFuncType(const TypeArena &A, TypeId Func, bool Lift);

} // namespace wasmaot::frontend::component
