// What an import or export may mention, and which names it may have
// (Explainer.md "Import and Export Definitions", "Type checking of exports";
// the same rules as wasmparser's validate_and_register_named_types and
// ComponentNameContext):
//
// - Every record, variant, enum, flags and resource that an imported or
//   exported function, type or instance mentions must itself have been
//   named before: imported (for an import), imported or exported (for an
//   export). Naming a type gives it a new identity (a new TypeId for the
//   structural types, a new ExternItem::Tag for a resource), so the
//   unnamed original does not count. Component types check their imports
//   and exports as they are declared; instance types only where they are
//   used as an import or export.
// - `[constructor]r`, `[method]r.m` and `[static]r.m` must use the resource
//   named `r` by a top-level type import (for imports) or export (for
//   exports) of the same scope, by that very name.
//
// Does not own: the extern-name grammar (component_names.cpp).
#include "component_scope.h"

namespace wasmaot::frontend::component::detail {

bool Builder::typeNamed(TypeId T, const std::set<NameKey> &Named) {
  if (T == kNoType)
    return true;
  const TypeDef &D = A()[T];
  if (isPrimitive(D.Kind))
    return true;
  switch (D.Kind) {
  case TypeKind::Record:
  case TypeKind::Variant:
  case TypeKind::Enum:
  case TypeKind::Flags:
    return Named.count(nameKey(T, 0)) != 0;
  case TypeKind::Own:
  case TypeKind::Borrow:
    return Named.count(nameKey(D.Elem, D.Tag)) != 0;
  case TypeKind::Tuple:
    for (TypeId E : D.Elems)
      if (!typeNamed(E, Named))
        return false;
    return true;
  case TypeKind::List:
  case TypeKind::FixedList:
  case TypeKind::Option:
  case TypeKind::Map:
  case TypeKind::Result:
  case TypeKind::Future:
  case TypeKind::Stream:
    return typeNamed(D.Elem, Named) && typeNamed(D.Elem2, Named) &&
           typeNamed(D.Ok, Named) && typeNamed(D.Err, Named);
  default:
    return Named.count(nameKey(T, 0)) != 0;
  }
}

/// The types \p T is made of are named (\p T itself needs no name: it is
/// being named, or is anonymous).
bool Builder::allValtypesNamed(TypeId T, const std::set<NameKey> &Named) {
  const TypeDef &D = A()[T];
  switch (D.Kind) {
  case TypeKind::Resource:
  case TypeKind::Component: // checked as it was declared
  case TypeKind::Enum:
  case TypeKind::Flags:
    return true;
  case TypeKind::Instance:
    for (const ExternItem &E : D.Exports)
      if ((E.Kind == Sort::Func || E.Kind == Sort::Type ||
           E.Kind == Sort::Instance) &&
          !allValtypesNamed(E.Type, Named))
        return false;
    return true;
  case TypeKind::Own:
  case TypeKind::Borrow:
    return typeNamed(T, Named);
  default:
    break;
  }
  if (isPrimitive(D.Kind))
    return true;
  for (const NamedType &F : D.Fields)
    if (!typeNamed(F.Type, Named))
      return false;
  for (TypeId E : D.Elems)
    if (!typeNamed(E, Named))
      return false;
  for (TypeId E : {D.Elem, D.Elem2, D.Ok, D.Err, D.FuncResult})
    if (!typeNamed(E, Named))
      return false;
  return true;
}

bool Builder::registerNamed(Scope &Sc, const ExternItem &It, bool IsImport) {
  // An instance type is checked where it is imported or exported.
  if (Sc.K == Scope::InstanceType || Sc.K == Scope::ModuleType)
    return true;
  const std::set<NameKey> &Named =
      IsImport ? Sc.ImportedTypes : Sc.ExportedTypes;
  switch (It.Kind) {
  case Sort::Type: {
    if (!allValtypesNamed(It.Type, Named))
      return false;
    // Imported types may be used by imports and exports alike.
    Sc.ExportedTypes.insert(nameKey(It.Type, It.Tag));
    if (IsImport)
      Sc.ImportedTypes.insert(nameKey(It.Type, It.Tag));
    return true;
  }
  case Sort::Instance: {
    // The instance's own types are named from here on, in order, so its
    // later exports may use its earlier ones.
    std::vector<ExternItem> Exports = A()[It.Type].Exports;
    for (const ExternItem &E : Exports)
      if (!registerNamed(Sc, E, IsImport))
        return false;
    return true;
  }
  case Sort::Func:
    return allValtypesNamed(It.Type, Named);
  default: // components and modules are self-contained
    return true;
  }
}

Status Builder::checkAnnotatedName(const std::map<std::string, NameKey> &Names,
                                   uint64_t Off, const std::string &Name,
                                   const ParsedName &PN, const ExternItem &It) {
  if (PN.Kind != NameKind::Constructor && PN.Kind != NameKind::Method &&
      PN.Kind != NameKind::Static)
    return {};
  if (It.Kind != Sort::Func)
    return invalid(Off, fmt::format("name `{}` is not valid: a {} is not a "
                                    "func (only functions can be annotated)",
                                    Name, sortName(It.Kind)));
  if (PN.Kind == NameKind::Static) {
    if (!Names.count(foldCase(PN.Resource)))
      return invalid(Off, fmt::format("static resource name is not known in "
                                      "this context (`{}`)",
                                      Name));
    return {};
  }
  // The handle the function is about: a constructor's result, a method's
  // `self`.
  const TypeDef &F = A()[It.Type];
  TypeId Handle = kNoType;
  if (PN.Kind == NameKind::Constructor) {
    if (F.FuncResult == kNoType)
      return invalid(Off, fmt::format("function `{}` should return one "
                                      "value",
                                      Name));
    TypeId R = F.FuncResult;
    if (A()[R].Kind == TypeKind::Result && A()[R].Ok != kNoType)
      R = A()[R].Ok;
    if (A()[R].Kind != TypeKind::Own)
      return invalid(Off, "function should return `(own $T)` or `(result "
                          "(own $T))`");
    Handle = R;
  } else {
    if (F.Fields.empty())
      return invalid(Off, fmt::format("method `{}`: function should have at "
                                      "least one argument",
                                      Name));
    if (F.Fields[0].Name != "self")
      return invalid(Off, fmt::format("method `{}`: function should have a "
                                      "first argument called `self`",
                                      Name));
    if (A()[F.Fields[0].Type].Kind != TypeKind::Borrow)
      return invalid(Off, fmt::format("method `{}`: function should take a "
                                      "first argument of `(borrow $T)`",
                                      Name));
    Handle = F.Fields[0].Type;
  }
  NameKey Key = nameKey(A()[Handle].Elem, A()[Handle].Tag);
  for (const auto &[RName, RKey] : Names)
    if (RKey == Key) {
      if (RName == foldCase(PN.Resource))
        return {};
      return invalid(Off, fmt::format("function does not match expected "
                                      "resource name `{}` (`{}`)",
                                      RName, Name));
    }
  return invalid(Off, fmt::format("resource used in function does not have "
                                  "a name in this context (`{}`)",
                                  Name));
}

Status Builder::checkImportExportName(Scope &Sc, uint64_t Off,
                                      const std::string &Name,
                                      const ExternItem &It, bool IsImport) {
  ParsedName PN;
  if (std::string Msg = checkExternName(Name, IsImport, PN); !Msg.empty())
    return invalid(Off, Msg);
  // Strong uniqueness (Explainer.md): case-insensitive for kebab names;
  // `[method]r.m` / `[static]r.m` conflict with each other per resource,
  // `[method]l.l` / `[static]l.l` also with a plain `l` (the "\1" keys;
  // component-model PR #494: only when the method is named as its resource,
  // so wasi:http's `method` type and `[method]incoming-request.method`
  // coexist), `[constructor]r` only with itself. Dependency names compare
  // exactly.
  auto &Names = IsImport ? Sc.ImportNames : Sc.ExportNames;
  bool Annotated = PN.Kind == NameKind::Method || PN.Kind == NameKind::Static;
  bool SelfNamed = Annotated && foldCase(PN.Resource) == foldCase(PN.Label);
  std::string Key = PN.Kind == NameKind::Dependency ? "=" + Name
                                                    : foldCase(Name);
  if (Annotated)
    Key = foldCase(PN.Resource + "." + PN.Label);
  if (PN.Kind == NameKind::Constructor)
    Key = foldCase("[constructor]" + PN.Resource);
  std::string Label = foldCase(PN.Label);
  bool Clash = Names.count(Key) ||
               (PN.Kind == NameKind::Plain && Names.count("\1" + Label)) ||
               (SelfNamed && Names.count(Label));
  if (Clash)
    return invalid(Off, fmt::format("{} name `{}` conflicts with previous "
                                    "name",
                                    IsImport ? "import" : "export", Name));
  Names.insert(Key);
  if (SelfNamed)
    Names.insert("\1" + Label);
  // Imports and exports are separate namespaces: an exported `[method]`
  // needs its resource exported (annotated-names.wast).
  auto &Resources = IsImport ? Sc.ImportResourceNames : Sc.ExportResourceNames;
  if (It.Kind == Sort::Type && A()[It.Type].Kind == TypeKind::Resource)
    Resources[foldCase(PN.Label.empty() ? Name : PN.Label)] =
        nameKey(It.Type, It.Tag);
  if (!registerNamed(Sc, It, IsImport))
    return invalid(Off, fmt::format("{} not valid to be used as {}",
                                    sortName(It.Kind),
                                    IsImport ? "import" : "export"));
  return checkAnnotatedName(Resources, Off, Name, PN, It);
}

} // namespace wasmaot::frontend::component::detail
