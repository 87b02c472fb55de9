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
  /// Resources named by a type import or export: folded name → type.
  std::map<std::string, TypeId> ImportResourceNames, ExportResourceNames;
  /// Types that have a name here (imported or exported), for the export
  /// visibility rules.
  std::set<uint32_t> NamedTypes;
  /// Resources defined in this very component (resource.new / rep).
  std::set<uint32_t> LocalResources;

  std::vector<TypeId> &space(Sort S) { return (*Spaces)[unsigned(S)]; }
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
  Status readUnsupportedCanon(ByteReader &S, uint8_t Op, Definition D);

  // component_validator.cpp: semantic checks; each returns the type of
  // what the definition defines.
  Expected<TypeId> checkCoreInstance(const Definition &D);
  Expected<TypeId> checkInstance(const Definition &D);
  Expected<TypeId> checkAlias(const Definition &D, Sort K, Scope &Sc);
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
  Status checkExportVisible(Scope &Sc, uint64_t Off, const ExternItem &It,
                            bool IsImport);
  Expected<TypeId> coreFuncType(uint64_t Off, uint32_t F);

  TypeArena &A() { return *C.Types; }
  LayoutCache Layouts;

  Component &C;
  const ComponentReadOptions &Opts;
  Scope Top;
};

} // namespace wasmaot::frontend::component::detail
