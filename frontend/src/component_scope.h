// Private: the reader's state. A Scope is a component or a component /
// instance / core module type being declared: its index spaces, imports and
// exports and the names they used. Outer aliases walk Scope::Parent.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "component_internal.h"
#include "wasmaot/frontend/support/byte_reader.h"

namespace wasmaot::frontend::component::detail {

/// The attributes of an extern name (Binary.md `externname` 0x02) that
/// validation looks at; `external-id` is skipped.
struct ExternAttrs {
  std::optional<std::string> Implements;    ///< 0x00
  std::optional<std::string> VersionSuffix; ///< 0x01 (canonical names)
};

/// What the visibility rules name: a type, and for a resource which of its
/// names (ExternItem::Tag). Records, variants, enums and flags get a new
/// TypeId when they are named instead (their equality is structural).
using NameKey = std::pair<uint32_t, uint32_t>;
inline NameKey nameKey(TypeId T, uint32_t Tag) { return {*T, Tag}; }

struct Scope {
  enum Kind { ComponentScope, ComponentType, InstanceType, ModuleType };
  Kind K = ComponentScope;
  Scope *Parent = nullptr;
  std::array<std::vector<TypeId>, kNumSorts> Own;
  std::array<std::vector<TypeId>, kNumSorts> *Spaces = &Own;
  std::vector<ExternItem> Imports;
  std::vector<ExternItem> Exports;
  std::set<std::string> ImportNames; ///< case-folded
  std::set<std::string> ExportNames; ///< case-folded
  /// Resources named by a top-level type import or export, for the
  /// `[constructor]` / `[method]` / `[static]` names: folded name → the
  /// resource as named there.
  std::map<std::string, NameKey> ImportResourceNames, ExportResourceNames;
  /// Types that have a name here, for the export visibility rules
  /// (Explainer.md "Import and Export Definitions"): an import may only
  /// mention imported types, an export imported or exported ones.
  std::set<NameKey> ImportedTypes, ExportedTypes;
  /// The Tag of each tagged entry of the type index space.
  std::map<uint32_t, uint32_t> TypeTags;
  /// Resources defined in this very component (resource.new / rep).
  std::set<uint32_t> LocalResources;

  std::vector<TypeId> &space(Sort S) { return (*Spaces)[unsigned(S)]; }
  uint32_t typeTag(uint32_t Idx) const {
    auto It = TypeTags.find(Idx);
    return It == TypeTags.end() ? 0 : It->second;
  }
  /// Tags the type index space entry just appended.
  void tagLastType(uint32_t Tag) {
    if (Tag)
      TypeTags[uint32_t(space(Sort::Type).size() - 1)] = Tag;
  }
  unsigned depth() const { return Parent ? Parent->depth() + 1 : 0; }
};

class Builder {
public:
  static constexpr unsigned kMaxNesting = 100;

  Builder(Component &C, const ComponentReadOptions &Opts, Scope *Parent)
      : C(C), Opts(Opts) {
    Top.Parent = Parent;
    Top.Spaces = &C.Spaces;
  }

  Status readComponent(ByteReader &R);

  // component_reader.cpp: sections and entries.
  Status readSection(uint8_t Id, uint64_t Header, ByteReader S);
  Status readCoreModule(ByteReader &S);
  Status readNestedComponent(ByteReader &S);
  Status readCoreInstance(ByteReader &S);
  Status readInstance(ByteReader &S);
  Status readAlias(ByteReader &S, Scope &Sc);
  Status readCanon(ByteReader &S);
  Status readCanonOpts(ByteReader &S, CanonOptions &O);
  Status readStart(ByteReader &S);
  Status readImport(ByteReader &S, Scope &Sc);
  Status readExport(ByteReader &S);
  Status define(Definition D, Sort K, TypeId T);
  Status finish();

  Expected<Sort> readSort(ByteReader &R);
  Expected<Sort> readCoreSort(ByteReader &R);
  /// An extern name; with \p Attrs, also its attributes.
  Expected<std::string> readExternName(ByteReader &R,
                                       ExternAttrs *Attrs = nullptr);
  Expected<ValType> readCoreValType(ByteReader &R);
  Expected<Limits> readLimits(ByteReader &R);
  Expected<FuncType> readCoreFuncType(ByteReader &R);
  Expected<ExternItem> readCoreImportDesc(ByteReader &R,
                                          const std::vector<TypeId> &Types,
                                          std::string Name);

  // component_types.cpp: type definitions and declarators.
  Status readTypeDef(ByteReader &S, Scope &Sc);
  Status readCoreTypeDef(ByteReader &S, Scope &Sc);
  Expected<TypeId> readType(ByteReader &S, Scope &Sc);
  Expected<TypeId> readValType(ByteReader &S, Scope &Sc);
  Expected<TypeId> readDefinedValType(ByteReader &S, Scope &Sc, uint8_t B,
                                      uint64_t Off);
  Expected<TypeId> readFuncType(ByteReader &S, Scope &Sc, bool Async,
                                uint64_t Off);
  Expected<TypeId> readDeclarators(ByteReader &S, Scope &Sc, Scope::Kind K);
  Expected<TypeId> readModuleType(ByteReader &S, Scope &Sc);
  Expected<ExternItem> readExternDesc(ByteReader &S, Scope &Sc,
                                      const std::string &Name);
  Expected<std::string> readLabel(ByteReader &S, const char *What);
  TypeId freshenInstance(TypeId Inst);
  Status readUnsupportedCanon(ByteReader &S, uint8_t Op, Definition D);

  // component_validator.cpp: semantic checks; each returns the type of
  // what the definition defines.
  Expected<TypeId> checkCoreInstance(const Definition &D);
  Expected<TypeId> checkInstance(const Definition &D);
  /// \p Tag: the Tag of the aliased type index space entry.
  Expected<TypeId> checkAlias(const Definition &D, Sort K, Scope &Sc,
                              uint32_t *Tag = nullptr);
  Expected<TypeId> checkLift(Definition &D, uint32_t TypeIdx);
  Expected<TypeId> checkLower(Definition &D);
  Expected<TypeId> checkResourceBuiltin(Definition &D, uint32_t TypeIdx);
  Status checkStart(const Definition &D);
  Status checkAttributes(uint64_t Off, const std::string &Name, Sort K,
                         const ExternAttrs &Attrs);
  Status checkImportExportName(Scope &Sc, uint64_t Off,
                               const std::string &Name, const ExternItem &It,
                               bool IsImport);
  Expected<TypeId> checkExport(Definition &D,
                               const std::optional<ExternItem> &Ascribed);
  Status checkCanonOpts(const Definition &D, TypeId Func, bool Lift,
                        const FuncType &Flat);
  /// Export visibility (wasmparser's validate_and_register_named_types):
  /// false when \p It mentions a type without a name here; registers the
  /// types it names.
  bool registerNamed(Scope &Sc, const ExternItem &It, bool IsImport);
  bool allValtypesNamed(TypeId T, const std::set<NameKey> &Named);
  bool typeNamed(TypeId T, const std::set<NameKey> &Named);
  /// `[constructor]` / `[method]` / `[static]` names (\p PN) against the
  /// resources named in this context (\p Names).
  Status checkAnnotatedName(const std::map<std::string, NameKey> &Names,
                            uint64_t Off, const std::string &Name,
                            const ParsedName &PN, const ExternItem &It);
  Expected<TypeId> coreFuncType(uint64_t Off, uint32_t F);

  TypeArena &A() { return *C.Types; }
  LayoutCache Layouts;

  Component &C;
  const ComponentReadOptions &Opts;
  Scope Top;
};

} // namespace wasmaot::frontend::component::detail
