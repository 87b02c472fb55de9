// Component type definitions (Binary.md "Type Definitions"): defined value
// types, function types, component / instance / core module types with their
// declarators (each with its own initially-empty index spaces, reaching
// enclosing scopes through outer aliases), resource types and extern
// descriptors. Also the decoding of the async / thread built-ins, which are
// rejected as unsupported (or kept as CanonUnsupported for inspect).
#include <set>

#include "component_scope.h"

namespace wasmaot::frontend::component::detail {

namespace {

Error malformed(uint64_t Off, std::string Msg) {
  return Error{ErrorKind::Malformed, Off, std::move(Msg), {}};
}

std::optional<TypeKind> primFromByte(uint8_t B) {
  if (B >= 0x73 && B <= 0x7f)
    return TypeKind(0x7f - B);
  if (B == 0x64)
    return TypeKind::ErrorContext;
  return std::nullopt;
}

} // namespace

Expected<std::string> Builder::readLabel(ByteReader &S, const char *What) {
  uint64_t Off = S.offset();
  auto N = S.name();
  if (!N)
    return N.takeError();
  if (N->empty())
    return invalid(Off, fmt::format("{} name cannot be empty", What));
  if (!isKebab(*N))
    return invalid(Off, fmt::format("{} name `{}` is not in kebab case", What,
                                    *N));
  return *N;
}

Expected<TypeId> Builder::readValType(ByteReader &S, Scope &Sc) {
  uint64_t Off = S.offset();
  if (S.atEnd())
    return malformed(Off, "unexpected end: expected a value type");
  uint8_t B = S.data()[S.pos()];
  if (auto P = primFromByte(B)) {
    (void)S.u8();
    return TypeArena::prim(*P);
  }
  auto I = S.varS33();
  if (!I)
    return I.takeError();
  if (*I < 0)
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                      "value type",
                                      B));
  auto &Types = Sc.space(Sort::Type);
  if (uint64_t(*I) >= Types.size())
    return invalid(Off, fmt::format("type index out of bounds: type index {}",
                                    *I));
  TypeId T = Types[*I];
  if (!isValueType(A()[T].Kind))
    return invalid(Off, fmt::format("type index {} is not a defined type",
                                    *I));
  return T;
}

Expected<TypeId> Builder::readDefinedValType(ByteReader &S, Scope &Sc,
                                             uint8_t B, uint64_t Off) {
  TypeDef D;
  auto OptVal = [&](TypeId &Slot) -> Status {
    uint64_t O = S.offset();
    auto Has = S.u8();
    if (!Has)
      return Has.takeError();
    if (*Has == 0)
      return {};
    if (*Has != 1)
      return malformed(O, "invalid leading byte for optional value type");
    auto T = readValType(S, Sc);
    if (!T)
      return T.takeError();
    Slot = *T;
    return {};
  };
  auto Unique = [&](std::set<std::string> &Seen, const std::string &N,
                    const char *What, uint64_t O) -> Status {
    if (!Seen.insert(foldCase(N)).second)
      return invalid(O, fmt::format("{} name `{}` conflicts with previous "
                                    "name",
                                    What, N));
    return {};
  };
  switch (B) {
  case 0x72: { // record
    D.Kind = TypeKind::Record;
    auto N = S.count("record fields", 2);
    if (!N)
      return N.takeError();
    if (*N == 0)
      return invalid(Off, "record type must have at least one field");
    std::set<std::string> Seen;
    for (uint32_t I = 0; I < *N; ++I) {
      uint64_t O = S.offset();
      auto L = readLabel(S, "record field");
      if (!L)
        return L.takeError();
      WASMAOT_TRY(Unique(Seen, *L, "record field", O));
      auto T = readValType(S, Sc);
      if (!T)
        return T.takeError();
      D.Fields.push_back({*L, *T});
    }
    break;
  }
  case 0x71: { // variant
    D.Kind = TypeKind::Variant;
    auto N = S.count("variant cases", 3);
    if (!N)
      return N.takeError();
    if (*N == 0)
      return invalid(Off, "variant type must have at least one case");
    std::set<std::string> Seen;
    for (uint32_t I = 0; I < *N; ++I) {
      uint64_t O = S.offset();
      auto L = readLabel(S, "variant case");
      if (!L)
        return L.takeError();
      WASMAOT_TRY(Unique(Seen, *L, "variant case", O));
      NamedType Case{*L, kNoType};
      WASMAOT_TRY(OptVal(Case.Type));
      uint64_t RO = S.offset();
      auto Refines = S.u8();
      if (!Refines)
        return Refines.takeError();
      if (*Refines != 0)
        return malformed(RO, "variant case `refines` is no longer "
                             "supported");
      D.Fields.push_back(std::move(Case));
    }
    break;
  }
  case 0x70:
  case 0x6b: { // list, option
    D.Kind = B == 0x70 ? TypeKind::List : TypeKind::Option;
    auto T = readValType(S, Sc);
    if (!T)
      return T.takeError();
    D.Elem = *T;
    break;
  }
  case 0x67: { // fixed-size list
    D.Kind = TypeKind::FixedList;
    auto T = readValType(S, Sc);
    if (!T)
      return T.takeError();
    auto Len = S.varU32();
    if (!Len)
      return Len.takeError();
    if (*Len == 0)
      return invalid(Off, "Fixed size lists must have more than zero "
                          "elements");
    D.Elem = *T;
    D.Length = *Len;
    break;
  }
  case 0x63: { // map
    D.Kind = TypeKind::Map;
    auto K = readValType(S, Sc);
    if (!K)
      return K.takeError();
    auto V = readValType(S, Sc);
    if (!V)
      return V.takeError();
    D.Elem = *K;
    D.Elem2 = *V;
    break;
  }
  case 0x6f: { // tuple
    D.Kind = TypeKind::Tuple;
    auto N = S.count("tuple types", 1);
    if (!N)
      return N.takeError();
    if (*N == 0)
      return invalid(Off, "tuple type must have at least one type");
    for (uint32_t I = 0; I < *N; ++I) {
      auto T = readValType(S, Sc);
      if (!T)
        return T.takeError();
      D.Elems.push_back(*T);
    }
    break;
  }
  case 0x6e:
  case 0x6d: { // flags, enum
    bool Flags = B == 0x6e;
    D.Kind = Flags ? TypeKind::Flags : TypeKind::Enum;
    const char *What = Flags ? "flag" : "enum tag";
    auto N = S.count("labels", 1);
    if (!N)
      return N.takeError();
    if (*N == 0)
      return invalid(Off, fmt::format("{} type must have at least one {}",
                                      Flags ? "flags" : "enum",
                                      Flags ? "flag" : "case"));
    if (Flags && *N > 32)
      return invalid(Off, "cannot have more than 32 flags");
    std::set<std::string> Seen;
    for (uint32_t I = 0; I < *N; ++I) {
      uint64_t O = S.offset();
      auto L = readLabel(S, What);
      if (!L)
        return L.takeError();
      WASMAOT_TRY(Unique(Seen, *L, What, O));
      D.Labels.push_back(*L);
    }
    break;
  }
  case 0x6a: // result
    D.Kind = TypeKind::Result;
    WASMAOT_TRY(OptVal(D.Ok));
    WASMAOT_TRY(OptVal(D.Err));
    break;
  case 0x69:
  case 0x68: { // own, borrow
    D.Kind = B == 0x69 ? TypeKind::Own : TypeKind::Borrow;
    uint64_t O = S.offset();
    auto I = S.varU32();
    if (!I)
      return I.takeError();
    auto &Types = Sc.space(Sort::Type);
    if (*I >= Types.size())
      return invalid(O, fmt::format("type index out of bounds: type index {}",
                                    *I));
    if (A()[Types[*I]].Kind != TypeKind::Resource)
      return invalid(O, fmt::format("type index {} is not a resource type",
                                    *I));
    D.Elem = Types[*I];
    D.Tag = Sc.typeTag(*I);
    break;
  }
  case 0x66:
  case 0x65: // stream, future
    D.Kind = B == 0x66 ? TypeKind::Stream : TypeKind::Future;
    WASMAOT_TRY(OptVal(D.Elem));
    // Explainer.md: stream<char> is reserved (a text stream will carry its
    // encoding); for now it is stream<u8>.
    if (D.Kind == TypeKind::Stream && D.Elem != kNoType &&
        A()[D.Elem].Kind == TypeKind::Char)
      return invalid(Off, "`stream<char>` is not valid at this time, use "
                          "`stream<u8>` with a defined by encoding instead "
                          "for now");
    break;
  default:
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                      "component defined type",
                                      B));
  }
  TypeId T = A().add(std::move(D));
  // CanonicalABI.md "Element Size": elem_size(t, i64) < 2^28 for every
  // defined value type (bounds fixed-size lists and what contains them).
  // (Measuring every value type as it is made also keeps the memoised
  // walks in LayoutCache shallow.)
  (void)Layouts.effectiveSize(A(), T);
  if (uint64_t Size = Layouts.of(A(), T).Size; Size >= kMaxValueByteSize)
    return invalid(Off, fmt::format("type exceeds maximum byte size: {} "
                                    "bytes with 64-bit pointers, the limit "
                                    "is {}",
                                    Size, kMaxValueByteSize - 1));
  return T;
}

Expected<TypeId> Builder::readFuncType(ByteReader &S, Scope &Sc, bool Async,
                                       uint64_t Off) {
  TypeDef D;
  D.Kind = TypeKind::Func;
  D.Async = Async;
  auto N = S.count("function parameters", 2);
  if (!N)
    return N.takeError();
  std::set<std::string> Seen;
  for (uint32_t I = 0; I < *N; ++I) {
    uint64_t O = S.offset();
    auto L = readLabel(S, "function parameter");
    if (!L)
      return L.takeError();
    if (!Seen.insert(foldCase(*L)).second)
      return invalid(O, fmt::format("function parameter name `{}` conflicts "
                                    "with previous parameter name",
                                    *L));
    auto T = readValType(S, Sc);
    if (!T)
      return T.takeError();
    D.Fields.push_back({*L, *T});
  }
  uint64_t RO = S.offset();
  auto R = S.u8();
  if (!R)
    return R.takeError();
  if (*R == 0x00) {
    auto T = readValType(S, Sc);
    if (!T)
      return T.takeError();
    if (containsBorrow(A(), *T))
      return invalid(RO, "function result cannot contain a `borrow` type");
    D.FuncResult = *T;
  } else if (*R == 0x01) {
    auto Z = S.u8();
    if (!Z)
      return Z.takeError();
    if (*Z != 0)
      return malformed(RO, "named function results are no longer supported");
  } else {
    return malformed(RO, fmt::format("invalid leading byte {:#04x} for "
                                     "component function results",
                                     *R));
  }
  (void)Off;
  return A().add(std::move(D));
}

Expected<TypeId> Builder::readType(ByteReader &S, Scope &Sc) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  if (auto P = primFromByte(*B))
    return TypeArena::prim(*P);
  switch (*B) {
  case 0x3f:
  case 0x3e: {
    if (Sc.K != Scope::ComponentScope)
      return invalid(Off, "resources can only be defined within a concrete "
                          "component");
    auto Rep = S.u8();
    if (!Rep)
      return Rep.takeError();
    // `(rep i64)` is valid with the 64-bit component model (🐘, wasm-tools'
    // cm64), which this implementation does not have.
    if (*Rep == 0x7e)
      return unsupported(Off, "resources represented by `i64` (🐘 64-bit "
                              "component model) are not supported");
    if (*Rep != 0x7f)
      return invalid(Off, "resources can only be represented by `i32`");
    TypeDef D;
    D.Kind = TypeKind::Resource;
    D.DefinedIn = &C;
    if (*B == 0x3e)
      return unsupported(Off, "async resource destructors are not "
                              "supported");
    uint64_t DO = S.offset();
    auto Has = S.u8();
    if (!Has)
      return Has.takeError();
    if (*Has == 1) {
      auto F = S.varU32();
      if (!F)
        return F.takeError();
      auto FT = coreFuncType(DO, *F);
      if (!FT)
        return FT.takeError();
      if (!(A()[*FT].Core == FuncType{{ValType::I32}, {}}))
        return invalid(DO, "wrong signature for a destructor");
      D.Dtor = *F;
    } else if (*Has != 0) {
      return malformed(DO, "invalid leading byte for resource destructor");
    }
    TypeId T = A().add(std::move(D));
    Sc.LocalResources.insert(*T);
    return T;
  }
  case 0x40:
  case 0x43:
    if (*B == 0x43)
      return unsupported(Off, "async function types are not supported");
    return readFuncType(S, Sc, *B == 0x43, Off);
  case 0x41: return readDeclarators(S, Sc, Scope::ComponentType);
  case 0x42: return readDeclarators(S, Sc, Scope::InstanceType);
  default: return readDefinedValType(S, Sc, *B, Off);
  }
}

Status Builder::readTypeDef(ByteReader &S, Scope &Sc) {
  uint64_t Off = S.offset();
  auto T = readType(S, Sc);
  if (!T)
    return T.takeError();
  if (&Sc != &Top) {
    Sc.space(Sort::Type).push_back(*T);
    return {};
  }
  Definition D;
  D.Kind = DefKind::Type;
  D.Offset = Off;
  return define(std::move(D), Sort::Type, *T);
}

Status Builder::readCoreTypeDef(ByteReader &S, Scope &Sc) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  TypeId T;
  if (*B == 0x60) {
    auto F = readCoreFuncType(S);
    if (!F)
      return F.takeError();
    TypeDef D;
    D.Kind = TypeKind::CoreFunc;
    D.Core = *F;
    T = A().add(std::move(D));
  } else if (*B == 0x50) {
    if (Sc.K == Scope::ModuleType)
      return invalid(Off, "core module types cannot be nested");
    auto M = readModuleType(S, Sc);
    if (!M)
      return M.takeError();
    T = *M;
  } else if (*B == 0x4e || *B == 0x4f || *B == 0x5e || *B == 0x5f ||
             *B == 0x00) {
    return unsupported(Off, "GC core types are not supported");
  } else {
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for core "
                                      "type",
                                      *B));
  }
  if (&Sc != &Top) {
    Sc.space(Sort::CoreType).push_back(T);
    return {};
  }
  Definition D;
  D.Kind = DefKind::CoreType;
  D.Offset = Off;
  return define(std::move(D), Sort::CoreType, T);
}

Expected<TypeId> Builder::readModuleType(ByteReader &S, Scope &Parent) {
  Scope Sc;
  Sc.K = Scope::ModuleType;
  Sc.Parent = &Parent;
  std::set<std::pair<std::string, std::string>> ImportSeen;
  std::set<std::string> ExportSeen;
  auto N = S.count("module type declarations", 1);
  if (!N)
    return N.takeError();
  for (uint32_t I = 0; I < *N; ++I) {
    uint64_t Off = S.offset();
    auto B = S.u8();
    if (!B)
      return B.takeError();
    switch (*B) {
    case 0x00: {
      auto M = S.name();
      if (!M)
        return M.takeError();
      auto Nm = S.name();
      if (!Nm)
        return Nm.takeError();
      auto It = readCoreImportDesc(S, Sc.space(Sort::CoreType),
                                   *M + '\0' + *Nm);
      if (!It)
        return It.takeError();
      if (!ImportSeen.insert({*M, *Nm}).second)
        return invalid(Off, fmt::format("duplicate import name `{}::{}` "
                                        "already defined",
                                        *M, *Nm));
      Sc.Imports.push_back(*It);
      break;
    }
    case 0x01: {
      uint64_t TOff = S.offset();
      auto TB = S.u8();
      if (!TB)
        return TB.takeError();
      if (*TB == 0x50)
        return invalid(TOff, "core module types cannot be nested");
      if (*TB != 0x60)
        return unsupported(TOff, "GC core types are not supported");
      auto F = readCoreFuncType(S);
      if (!F)
        return F.takeError();
      TypeDef D;
      D.Kind = TypeKind::CoreFunc;
      D.Core = *F;
      Sc.space(Sort::CoreType).push_back(A().add(std::move(D)));
      break;
    }
    case 0x02: {
      auto K = S.u8();
      if (!K)
        return K.takeError();
      if (*K != 0x10)
        return malformed(Off, "invalid outer alias kind in a module type");
      auto T = S.u8();
      if (!T)
        return T.takeError();
      if (*T != 0x01)
        return malformed(Off, "invalid outer alias target in a module type");
      Definition D;
      D.Kind = DefKind::AliasOuter;
      auto Ct = S.varU32();
      if (!Ct)
        return Ct.takeError();
      auto Ix = S.varU32();
      if (!Ix)
        return Ix.takeError();
      D.Offset = Off;
      D.OuterCount = *Ct;
      D.Ref = *Ix;
      auto Ty = checkAlias(D, Sort::CoreType, Sc);
      if (!Ty)
        return Ty.takeError();
      if (A()[*Ty].Kind == TypeKind::CoreModule)
        return invalid(Off, "core module types cannot be nested");
      Sc.space(Sort::CoreType).push_back(*Ty);
      break;
    }
    case 0x03: {
      auto Nm = S.name();
      if (!Nm)
        return Nm.takeError();
      auto It = readCoreImportDesc(S, Sc.space(Sort::CoreType), *Nm);
      if (!It)
        return It.takeError();
      if (!ExportSeen.insert(*Nm).second)
        return invalid(Off, fmt::format("export name `{}` already defined",
                                        *Nm));
      Sc.Exports.push_back(*It);
      break;
    }
    default:
      return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                        "module type declaration",
                                        *B));
    }
  }
  TypeDef D;
  D.Kind = TypeKind::CoreModule;
  D.Imports = std::move(Sc.Imports);
  D.Exports = std::move(Sc.Exports);
  return A().add(std::move(D));
}

Expected<TypeId> Builder::readDeclarators(ByteReader &S, Scope &Parent,
                                          Scope::Kind K) {
  if (Parent.depth() >= kMaxNesting)
    return Error{ErrorKind::Limit, S.offset(), "types nested too deeply", {}};
  Scope Sc;
  Sc.K = K;
  Sc.Parent = &Parent;
  auto N = S.count("type declarations", 1);
  if (!N)
    return N.takeError();
  for (uint32_t I = 0; I < *N; ++I) {
    uint64_t Off = S.offset();
    auto B = S.u8();
    if (!B)
      return B.takeError();
    switch (*B) {
    case 0x00: WASMAOT_TRY(readCoreTypeDef(S, Sc)); break;
    case 0x01: WASMAOT_TRY(readTypeDef(S, Sc)); break;
    case 0x02: {
      uint64_t AOff = S.offset();
      auto Sk = readSort(S);
      if (!Sk)
        return Sk.takeError();
      auto T = S.u8();
      if (!T)
        return T.takeError();
      Definition D;
      D.Offset = AOff;
      if (*T == 0x00 || *T == 0x01) {
        D.Kind = *T == 0 ? DefKind::AliasExport : DefKind::AliasCoreExport;
        auto Ix = S.varU32();
        if (!Ix)
          return Ix.takeError();
        auto Nm = S.name();
        if (!Nm)
          return Nm.takeError();
        D.Ref = *Ix;
        D.Name = *Nm;
      } else if (*T == 0x02) {
        D.Kind = DefKind::AliasOuter;
        auto Ct = S.varU32();
        if (!Ct)
          return Ct.takeError();
        auto Ix = S.varU32();
        if (!Ix)
          return Ix.takeError();
        D.OuterCount = *Ct;
        D.Ref = *Ix;
      } else {
        return malformed(AOff, "invalid leading byte for alias target");
      }
      // Explainer.md "Type Definitions": in a type, `alias export` may
      // only target types and instances, `alias outer` only (core) types.
      bool Allowed = D.Kind == DefKind::AliasOuter
                         ? *Sk == Sort::Type || *Sk == Sort::CoreType
                         : *Sk == Sort::Type || *Sk == Sort::Instance;
      if (!Allowed)
        return invalid(AOff, "alias declarators in types may only refer to "
                             "types or instances");
      if (D.Kind == DefKind::AliasCoreExport)
        return invalid(AOff, "alias declarators in types may only refer to "
                             "types or instances");
      uint32_t Tag = 0;
      auto Ty = checkAlias(D, *Sk, Sc, &Tag);
      if (!Ty)
        return Ty.takeError();
      Sc.space(*Sk).push_back(*Ty);
      if (*Sk == Sort::Type)
        Sc.tagLastType(Tag);
      break;
    }
    case 0x03:
      if (K != Scope::ComponentType)
        return malformed(Off, "invalid leading byte 0x03 for instance type "
                              "declaration");
      WASMAOT_TRY(readImport(S, Sc));
      break;
    case 0x04: {
      ExternAttrs Impl;
      auto Nm = readExternName(S, &Impl);
      if (!Nm)
        return Nm.takeError();
      auto It = readExternDesc(S, Sc, *Nm);
      if (!It)
        return It.takeError();
      WASMAOT_TRY(checkAttributes(Off, *Nm, It->Kind, Impl));
      WASMAOT_TRY(checkImportExportName(Sc, Off, *Nm, *It, false));
      Sc.Exports.push_back(*It);
      Sc.space(It->Kind).push_back(It->Type);
      if (It->Kind == Sort::Type)
        Sc.tagLastType(It->Tag);
      break;
    }
    default:
      return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                        "component or instance type "
                                        "declaration",
                                        *B));
    }
  }
  TypeDef D;
  D.Kind = K == Scope::ComponentType ? TypeKind::Component
                                     : TypeKind::Instance;
  D.Imports = std::move(Sc.Imports);
  D.Exports = std::move(Sc.Exports);
  return A().add(std::move(D));
}

Expected<ExternItem> Builder::readExternDesc(ByteReader &S, Scope &Sc,
                                             const std::string &Name) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  ExternItem It{Name, Sort::Func, kNoType};
  auto TypeAt = [&](std::vector<TypeId> &Space, uint32_t I,
                    const char *Space_) -> Expected<TypeId> {
    if (I >= Space.size())
      return invalid(Off, fmt::format("{} index out of bounds: index {}",
                                      Space_, I));
    return Space[I];
  };
  auto Expect = [&](TypeId T, TypeKind K, uint32_t I,
                    const char *What) -> Status {
    if (A()[T].Kind != K)
      return invalid(Off, fmt::format("type index {} is not a{} {} type", I,
                                      What[0] == 'i' ? "n" : "", What));
    return {};
  };
  switch (*B) {
  case 0x00: {
    auto K = S.u8();
    if (!K)
      return K.takeError();
    if (*K != 0x11)
      return malformed(Off, "invalid leading byte for core extern type (only "
                            "core modules)");
    auto I = S.varU32();
    if (!I)
      return I.takeError();
    auto T = TypeAt(Sc.space(Sort::CoreType), *I, "core type");
    if (!T)
      return T.takeError();
    if (A()[*T].Kind != TypeKind::CoreModule)
      return invalid(Off, fmt::format("core type index {} is not a module "
                                      "type",
                                      *I));
    It.Kind = Sort::CoreModule;
    It.Type = *T;
    return It;
  }
  case 0x01:
  case 0x04:
  case 0x05: {
    auto I = S.varU32();
    if (!I)
      return I.takeError();
    auto T = TypeAt(Sc.space(Sort::Type), *I, "type");
    if (!T)
      return T.takeError();
    TypeKind Want = *B == 0x01   ? TypeKind::Func
                    : *B == 0x04 ? TypeKind::Component
                                 : TypeKind::Instance;
    WASMAOT_TRY(Expect(*T, Want, *I,
                       *B == 0x01   ? "function"
                       : *B == 0x04 ? "component"
                                    : "instance"));
    It.Kind = *B == 0x01   ? Sort::Func
              : *B == 0x04 ? Sort::Component
                           : Sort::Instance;
    It.Type = *B == 0x05 ? freshenInstance(*T) : *T;
    return It;
  }
  case 0x02:
    return unsupported(Off, "value imports and exports (🪙) are not "
                            "supported");
  case 0x03: {
    auto Bound = S.u8();
    if (!Bound)
      return Bound.takeError();
    It.Kind = Sort::Type;
    if (*Bound == 0x00) {
      auto I = S.varU32();
      if (!I)
        return I.takeError();
      auto T = TypeAt(Sc.space(Sort::Type), *I, "type");
      if (!T)
        return T.takeError();
      It.Type = *T;
      // A named copy of a nominal value type, so that the export
      // visibility rules can tell it from the unnamed original.
      TypeKind TK = A()[*T].Kind;
      if (TK == TypeKind::Record || TK == TypeKind::Variant ||
          TK == TypeKind::Enum || TK == TypeKind::Flags) {
        TypeDef Copy = A()[*T];
        Copy.NamedFrom = *T;
        It.Type = A().add(std::move(Copy));
      }
      // ... and a new name for a resource.
      if (TK == TypeKind::Resource)
        It.Tag = A().newTag();
    } else if (*Bound == 0x01) {
      TypeDef D;
      D.Kind = TypeKind::Resource;
      D.Abstract = true;
      D.DebugName = Name;
      It.Type = A().add(std::move(D));
    } else {
      return malformed(Off, "invalid leading byte for type bound");
    }
    return It;
  }
  default:
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                      "extern type",
                                      *B));
  }
}

/// An instance type imported or exported: the resources it declares itself
/// (`(export "r" (type (sub resource)))`, at any depth) become fresh, so two
/// imports of one instance type do not share resources (wasmparser's
/// prepare_instance_import / _export).
TypeId Builder::freshenInstance(TypeId Inst) {
  std::vector<ExternItem> Resources;
  exportedResources(A(), Inst, Resources);
  Subst S;
  for (const ExternItem &E : Resources)
    if (E.Tag == 0 && A()[E.Type].Abstract && !S.count(*E.Type)) {
      TypeDef Fresh = A()[E.Type];
      S[*E.Type] = A().add(std::move(Fresh));
    }
  return substitute(A(), Inst, S);
}

Status Builder::readUnsupportedCanon(ByteReader &S, uint8_t Op,
                                     Definition D) {
  // Decode the immediates so inspect can list the component, then refuse
  // unless AllowUnsupported.
  const char *Name = nullptr;
  auto Skip = [&](unsigned Idx, bool Opts) -> Status {
    for (unsigned I = 0; I < Idx; ++I) {
      auto V = S.varU32();
      if (!V)
        return V.takeError();
    }
    if (Opts) {
      CanonOptions O;
      WASMAOT_TRY(readCanonOpts(S, O));
    }
    return {};
  };
  Status St;
  switch (Op) {
  case 0x05: Name = "task.cancel"; break;
  case 0x06: Name = "subtask.cancel"; St = Skip(1, false); break;
  case 0x07: Name = "resource.drop async"; St = Skip(1, false); break;
  case 0x09: {
    Name = "task.return";
    auto R = S.u8();
    if (!R)
      return R.takeError();
    if (*R == 0x00) {
      auto T = readValType(S, Top);
      if (!T)
        return T.takeError();
    } else {
      St = Skip(1, false);
      if (!St)
        return St;
    }
    St = Skip(0, true);
    break;
  }
  case 0x0a: Name = "context.get"; St = Skip(2, false); break;
  case 0x0b: Name = "context.set"; St = Skip(2, false); break;
  case 0x0c: Name = "thread.yield"; St = Skip(1, false); break;
  case 0x0d: Name = "subtask.drop"; break;
  case 0x0e: Name = "stream.new"; St = Skip(1, false); break;
  case 0x0f: Name = "stream.read"; St = Skip(1, true); break;
  case 0x10: Name = "stream.write"; St = Skip(1, true); break;
  case 0x11: Name = "stream.cancel-read"; St = Skip(2, false); break;
  case 0x12: Name = "stream.cancel-write"; St = Skip(2, false); break;
  case 0x13: Name = "stream.drop-readable"; St = Skip(1, false); break;
  case 0x14: Name = "stream.drop-writable"; St = Skip(1, false); break;
  case 0x15: Name = "future.new"; St = Skip(1, false); break;
  case 0x16: Name = "future.read"; St = Skip(1, true); break;
  case 0x17: Name = "future.write"; St = Skip(1, true); break;
  case 0x18: Name = "future.cancel-read"; St = Skip(2, false); break;
  case 0x19: Name = "future.cancel-write"; St = Skip(2, false); break;
  case 0x1a: Name = "future.drop-readable"; St = Skip(1, false); break;
  case 0x1b: Name = "future.drop-writable"; St = Skip(1, false); break;
  case 0x1c: Name = "error-context.new"; St = Skip(0, true); break;
  case 0x1d: Name = "error-context.debug-message"; St = Skip(0, true); break;
  case 0x1e: Name = "error-context.drop"; break;
  case 0x1f: Name = "waitable-set.new"; break;
  case 0x20: Name = "waitable-set.wait"; St = Skip(2, false); break;
  case 0x21: Name = "waitable-set.poll"; St = Skip(2, false); break;
  case 0x22: Name = "waitable-set.drop"; break;
  case 0x23: Name = "waitable.join"; break;
  case 0x24: Name = "backpressure.inc"; break;
  case 0x25: Name = "backpressure.dec"; break;
  case 0x26: Name = "thread.index"; break;
  case 0x27: Name = "thread.new-indirect"; St = Skip(2, false); break;
  case 0x28: Name = "thread.switch-to"; St = Skip(1, false); break;
  case 0x29: Name = "thread.suspend"; St = Skip(1, false); break;
  case 0x2a: Name = "thread.resume-later"; break;
  case 0x2b: Name = "thread.yield-to"; St = Skip(1, false); break;
  case 0x40: Name = "thread.spawn-ref"; St = Skip(1, false); break;
  case 0x41: Name = "thread.spawn-indirect"; St = Skip(2, false); break;
  case 0x42: Name = "thread.available-parallelism"; break;
  default:
    return malformed(D.Offset, fmt::format("invalid leading byte {:#04x} for "
                                           "canonical function",
                                           Op));
  }
  if (!St)
    return St;
  if (!Opts.AllowUnsupported)
    return unsupported(D.Offset,
                       fmt::format("canonical built-in `{}` (async, stream "
                                   "or thread support) is not supported",
                                   Name));
  D.Kind = DefKind::CanonUnsupported;
  D.Name = Name;
  TypeDef T;
  T.Kind = TypeKind::CoreFunc;
  return define(std::move(D), Sort::CoreFunc, A().add(std::move(T)));
}

} // namespace wasmaot::frontend::component::detail
