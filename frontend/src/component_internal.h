// Private to the component reader and validator: the checks the reader runs
// as it builds each definition (component_validator.cpp), so the reader
// stays about decoding and index spaces.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "wasmaot/frontend/component.h"

namespace wasmaot::frontend::component::detail {

Error invalid(uint64_t Off, std::string Msg);
Error unsupported(uint64_t Off, std::string Msg);

/// Structural equality of value types; resources by identity.
bool typesEqual(const TypeArena &A, TypeId X, TypeId Y);

/// Type substitution (imported abstract resources → actual types); copies
/// only what changes. A type reached twice becomes one new type, also
/// across the calls that share \p Memo (which is only valid for one \p S):
/// the visibility rules compare records by TypeId.
using Subst = std::map<uint32_t, TypeId>;
TypeId substitute(TypeArena &A, TypeId T, const Subst &S);
TypeId substitute(TypeArena &A, TypeId T, const Subst &S, Subst &Memo);

/// Is an item of type \p Have acceptable where \p Want is expected?
/// On failure, Why says what differs.
bool isSubtype(TypeArena &A, Sort K, TypeId Have, TypeId Want,
               std::string &Why);

/// Canonical ABI size and alignment of a value type with 64-bit pointers
/// (CanonicalABI.md "Element Size", the bound validation checks), memoised
/// per type so shared subtrees are measured once. Sizes saturate at 2^40.
struct ValueLayout {
  uint64_t Size = 0;
  uint32_t Align = 1;
};
inline constexpr uint64_t kMaxValueByteSize = uint64_t(1) << 28;
/// wasmparser's MAX_WASM_TYPE_SIZE: 1 per type node, shared subtrees
/// counted each time (saturating).
inline constexpr uint64_t kMaxEffectiveTypeSize = 1000000;
class LayoutCache {
public:
  ValueLayout of(const TypeArena &A, TypeId T);
  uint64_t effectiveSize(const TypeArena &A, TypeId T);

private:
  std::map<uint32_t, ValueLayout> Memo;
  std::map<uint32_t, uint64_t> SizeMemo;
};

/// Contains a string or list (needs linear memory to pass).
bool containsPointer(const TypeArena &A, TypeId T);
bool containsBorrow(const TypeArena &A, TypeId T);
/// The resource type exports of an instance or component type \p T, also
/// those of its exported instances, at any depth.
void exportedResources(const TypeArena &A, TypeId T,
                       std::vector<ExternItem> &Out);
/// Every resource reachable from \p T.
void collectResources(const TypeArena &A, TypeId T, std::vector<TypeId> &Out);
std::vector<ValType> flattenType(const TypeArena &A, TypeId T);

/// Extern-name syntax (Explainer.md "Import and Export Definitions").
/// Returns an error message, or "" when valid.
enum class NameKind {
  Plain, Constructor, Method, Static, Interface, Dependency, Other
};
struct ParsedName {
  NameKind Kind = NameKind::Plain;
  std::string Resource; ///< [constructor]R, [method]R.m, [static]R.m
  std::string Label;    ///< the plain label / method name
};
std::string checkExternName(std::string_view Name, bool IsImport,
                            ParsedName &Out);
/// component_names.cpp: `ns:pkg/iface@semver`, and the import-only
/// `unlocked-dep=<..>`, `locked-dep=<..>`, `url=<..>`, `integrity=<..>`
/// names (checkDependencyName says "not a dependency name" for others).
/// Each returns "" or the error message.
std::string checkInterfaceExternName(std::string_view Name);
std::string checkDependencyName(std::string_view Name);
/// Semantic versioning 2.0.0 text: "" or what is wrong.
std::string checkSemverText(std::string_view V);
/// Kebab-case label (`fragment ('-' fragment)*`).
bool isKebab(std::string_view L);
/// Lower-cased, for the case-insensitive uniqueness rules.
std::string foldCase(std::string_view S);

} // namespace wasmaot::frontend::component::detail
