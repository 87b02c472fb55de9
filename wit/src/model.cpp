// Small queries on the resolved model (model.h): names, lookups, aliases and
// interface dependencies. The model is plain data built by resolve.cpp or by
// a component reader.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "wasmaot/wit/model.h"

namespace wasmaot::wit {

const char *primName(Prim P) {
  switch (P) {
  case Prim::Bool: return "bool";
  case Prim::U8: return "u8";
  case Prim::U16: return "u16";
  case Prim::U32: return "u32";
  case Prim::U64: return "u64";
  case Prim::S8: return "s8";
  case Prim::S16: return "s16";
  case Prim::S32: return "s32";
  case Prim::S64: return "s64";
  case Prim::F32: return "f32";
  case Prim::F64: return "f64";
  case Prim::Char: return "char";
  case Prim::String: return "string";
  }
  return "?";
}

std::string Function::itemName() const {
  switch (Kind) {
  case FuncKind::Freestanding:
    return Name;
  case FuncKind::Constructor:
    return "constructor";
  case FuncKind::Method:
  case FuncKind::Static:
    return Name.substr(Name.find('.') + 1);
  }
  return Name;
}

std::string PackageName::str() const {
  return Version.empty() ? fmt::format("{}:{}", Ns, Name)
                         : fmt::format("{}:{}@{}", Ns, Name, Version);
}

TypeId Resolve::addType(TypeDef D) {
  Types.push_back(std::move(D));
  return TypeId{uint32_t(Types.size() - 1)};
}
InterfaceId Resolve::addInterface(Interface I) {
  Interfaces.push_back(std::move(I));
  return InterfaceId{uint32_t(Interfaces.size() - 1)};
}
WorldId Resolve::addWorld(World W) {
  Worlds.push_back(std::move(W));
  return WorldId{uint32_t(Worlds.size() - 1)};
}
PackageId Resolve::addPackage(Package P) {
  Packages.push_back(std::move(P));
  return PackageId{uint32_t(Packages.size() - 1)};
}

std::optional<PackageId> Resolve::findPackage(const PackageName &N) const {
  for (size_t I = 0; I < Packages.size(); ++I)
    if (Packages[I].Name == N)
      return PackageId{uint32_t(I)};
  return std::nullopt;
}

std::optional<InterfaceId> Resolve::findInterface(PackageId P,
                                                  std::string_view Name) const {
  for (const auto &[N, Id] : package(P).Interfaces)
    if (N == Name)
      return Id;
  return std::nullopt;
}

std::optional<WorldId> Resolve::findWorld(PackageId P,
                                          std::string_view Name) const {
  for (const auto &[N, Id] : package(P).Worlds)
    if (N == Name)
      return Id;
  return std::nullopt;
}

TypeId Resolve::unalias(TypeId T) const {
  // Aliases are acyclic once resolved; the bound guards hand-built models.
  for (size_t I = 0; I <= Types.size(); ++I) {
    const TypeDef &D = type(T);
    if (D.Kind != TypeDefKind::Alias || !D.Elem || !D.Elem->IsId)
      return T;
    T = D.Elem->Id;
  }
  return T;
}

std::string Resolve::interfacePath(InterfaceId I, PackageId From) const {
  const Interface &If = iface(I);
  if (If.Pkg == From || !If.Pkg.valid())
    return If.Name;
  const PackageName &N = package(If.Pkg).Name;
  return N.Version.empty()
             ? fmt::format("{}:{}/{}", N.Ns, N.Name, If.Name)
             : fmt::format("{}:{}/{}@{}", N.Ns, N.Name, If.Name, N.Version);
}

std::vector<InterfaceId> Resolve::interfaceDeps(InterfaceId I) const {
  std::vector<InterfaceId> Out;
  for (const auto &[Name, T] : iface(I).Types) {
    const TypeDef &D = type(T);
    if (D.Kind != TypeDefKind::Alias || !D.Elem || !D.Elem->IsId)
      continue;
    const TypeDef &Target = type(D.Elem->Id);
    if (Target.Owner.K != TypeOwner::InInterface || Target.Owner.Iface == I)
      continue;
    if (std::find(Out.begin(), Out.end(), Target.Owner.Iface) == Out.end())
      Out.push_back(Target.Owner.Iface);
  }
  return Out;
}

} // namespace wasmaot::wit
