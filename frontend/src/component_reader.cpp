// The component binary reader (component-model design/mvp/Binary.md). One
// pass over the sections: each entry is decoded, checked against the index
// spaces built so far (the checks themselves are in component_validator.cpp
// and component_types.cpp) and appended as a Definition. Nested core modules
// are decoded and validated eagerly by readModule/validateModule; nested
// components recursively, sharing the parent's TypeArena.
#include <algorithm>
#include <cstring>
#include <set>

#include "component_internal.h"
#include "component_scope.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/support/byte_reader.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::frontend::component {

using namespace detail;

namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};

Error malformed(uint64_t Off, std::string Msg) {
  return Error{ErrorKind::Malformed, Off, std::move(Msg), {}};
}

} // namespace

bool isComponent(std::span<const uint8_t> Bytes) {
  return Bytes.size() >= 8 && std::memcmp(Bytes.data(), kMagic, 4) == 0 &&
         Bytes[4] == 0x0d && Bytes[5] == 0x00 && Bytes[6] == 0x01 &&
         Bytes[7] == 0x00;
}

namespace detail {

// ---------------------------------------------------------------- decoding

Expected<Sort> Builder::readSort(ByteReader &R) {
  uint64_t Off = R.offset();
  auto B = R.u8();
  if (!B)
    return B.takeError();
  switch (*B) {
  case 0x00: return readCoreSort(R);
  case 0x01: return Sort::Func;
  case 0x02: return Sort::Value;
  case 0x03: return Sort::Type;
  case 0x04: return Sort::Component;
  case 0x05: return Sort::Instance;
  default: return malformed(Off, fmt::format("invalid leading byte {:#04x} "
                                             "for sort", *B));
  }
}

Expected<Sort> Builder::readCoreSort(ByteReader &R) {
  uint64_t Off = R.offset();
  auto B = R.u8();
  if (!B)
    return B.takeError();
  switch (*B) {
  case 0x00: return Sort::CoreFunc;
  case 0x01: return Sort::CoreTable;
  case 0x02: return Sort::CoreMemory;
  case 0x03: return Sort::CoreGlobal;
  case 0x10: return Sort::CoreType;
  case 0x11: return Sort::CoreModule;
  case 0x12: return Sort::CoreInstance;
  case 0x04:
    return unsupported(Off, "core tags (exception handling) are not "
                            "supported in components");
  default: return malformed(Off, fmt::format("invalid leading byte {:#04x} "
                                             "for core sort", *B));
  }
}

Expected<std::string>
Builder::readExternName(ByteReader &R, ExternAttrs *Attrs) {
  if (Attrs)
    *Attrs = {};
  uint64_t Off = R.offset();
  auto B = R.u8();
  if (!B)
    return B.takeError();
  if (*B > 0x02)
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                      "extern name",
                                      *B));
  auto N = R.name();
  if (!N)
    return N.takeError();
  if (*B == 0x02) {
    // Attributes (`implements`, external ids): one kind byte and a name
    // each, at most one of each kind. Kept out of the name.
    auto Count = R.count("extern name attributes", 2);
    if (!Count)
      return Count.takeError();
    unsigned Seen = 0;
    for (uint32_t I = 0; I < *Count; ++I) {
      uint64_t AOff = R.offset();
      auto K = R.u8();
      if (!K)
        return K.takeError();
      if (*K > 0x02)
        return malformed(AOff, fmt::format("invalid leading byte {:#04x} for "
                                           "extern name attribute",
                                           *K));
      if (Seen & (1u << *K))
        return malformed(AOff, "duplicate attribute in extern name");
      Seen |= 1u << *K;
      auto V = R.name();
      if (!V)
        return V.takeError();
      if (Attrs && *K == 0x00) // (implements "ns:pkg/iface")
        Attrs->Implements = std::move(*V);
      else if (Attrs && *K == 0x01) // (versionsuffix ".2.3")
        Attrs->VersionSuffix = std::move(*V);
    }
  }
  return *N;
}

Expected<ValType> Builder::readCoreValType(ByteReader &R) {
  uint64_t Off = R.offset();
  auto B = R.u8();
  if (!B)
    return B.takeError();
  if (!isValTypeCode(*B))
    return unsupported(Off, fmt::format("core value type {:#04x} (GC or "
                                        "typed references) is not supported",
                                        *B));
  return ValType(*B);
}

Expected<Limits> Builder::readLimits(ByteReader &R) {
  uint64_t Off = R.offset();
  auto Flags = R.u8();
  if (!Flags)
    return Flags.takeError();
  if (*Flags > 0x03)
    return unsupported(Off, fmt::format("limits flags {:#04x} (memory64 or "
                                        "custom page sizes) are not "
                                        "supported",
                                        *Flags));
  Limits L;
  L.Shared = *Flags & 2;
  auto Min = R.varU32();
  if (!Min)
    return Min.takeError();
  L.Min = *Min;
  if (*Flags & 1) {
    auto Max = R.varU32();
    if (!Max)
      return Max.takeError();
    L.Max = *Max;
  }
  return L;
}

Expected<FuncType> Builder::readCoreFuncType(ByteReader &R) {
  FuncType F;
  for (auto *V : {&F.Params, &F.Results}) {
    auto N = R.count("core function type", 1);
    if (!N)
      return N.takeError();
    for (uint32_t I = 0; I < *N; ++I) {
      auto T = readCoreValType(R);
      if (!T)
        return T.takeError();
      V->push_back(*T);
    }
  }
  return F;
}

/// core:importdesc → (sort, type id) in \p Types (the core type space).
Expected<ExternItem> Builder::readCoreImportDesc(ByteReader &R,
                                                 const std::vector<TypeId> &Types,
                                                 std::string Name) {
  uint64_t Off = R.offset();
  auto B = R.u8();
  if (!B)
    return B.takeError();
  ExternItem It{std::move(Name), Sort::CoreFunc, kNoType};
  TypeDef D;
  switch (*B) {
  case 0x00: {
    auto Idx = R.varU32();
    if (!Idx)
      return Idx.takeError();
    if (*Idx >= Types.size())
      return invalid(Off, fmt::format("type index out of bounds: core type "
                                      "index {}",
                                      *Idx));
    if (A()[Types[*Idx]].Kind != TypeKind::CoreFunc)
      return invalid(Off, fmt::format("core type index {} is not a function "
                                      "type",
                                      *Idx));
    It.Type = Types[*Idx];
    return It;
  }
  case 0x01: {
    auto E = readCoreValType(R);
    if (!E)
      return E.takeError();
    auto L = readLimits(R);
    if (!L)
      return L.takeError();
    D.Kind = TypeKind::CoreTable;
    D.CoreTable = TableType{*E, *L};
    It.Kind = Sort::CoreTable;
    break;
  }
  case 0x02: {
    uint64_t LOff = R.offset();
    auto L = readLimits(R);
    if (!L)
      return L.takeError();
    // Core spec 3.2.7 (memory types): at most 2^16 pages of 64 KiB.
    constexpr uint64_t kMaxPages = 65536;
    if (!L->Is64 && (L->Min > kMaxPages || (L->Max && *L->Max > kMaxPages)))
      return invalid(LOff, "memory size must be at most 65536 pages (4GiB)");
    D.Kind = TypeKind::CoreMemory;
    D.CoreMemory = MemoryType{*L};
    It.Kind = Sort::CoreMemory;
    break;
  }
  case 0x03: {
    auto T = readCoreValType(R);
    if (!T)
      return T.takeError();
    auto Mut = R.u8();
    if (!Mut)
      return Mut.takeError();
    if (*Mut > 1)
      return malformed(Off, "malformed mutability");
    D.Kind = TypeKind::CoreGlobal;
    D.CoreGlobal = GlobalType{*T, *Mut == 1};
    It.Kind = Sort::CoreGlobal;
    break;
  }
  default:
    return unsupported(Off, fmt::format("core import kind {:#04x} is not "
                                        "supported",
                                        *B));
  }
  It.Type = A().add(std::move(D));
  return It;
}

// ------------------------------------------------------------------ sections

Status Builder::readComponent(ByteReader &R) {
  auto Magic = R.bytes(8);
  if (!Magic || std::memcmp(Magic->data(), kMagic, 4) != 0)
    return malformed(R.base(), "magic header not detected: not a "
                               "WebAssembly binary");
  const uint8_t *V = Magic->data();
  if (V[6] != 0x01 || V[7] != 0x00)
    return malformed(R.base() + 4, "expected a component (layer 1)");
  if (V[4] != 0x0d || V[5] != 0x00)
    return malformed(R.base() + 4,
                     fmt::format("unknown component version {:#x} (this "
                                 "reader knows 0xd)",
                                 V[4] | V[5] << 8));
  while (!R.atEnd()) {
    uint64_t Header = R.offset();
    auto Id = R.u8();
    if (!Id)
      return Id.takeError();
    auto Size = R.varU32();
    if (!Size)
      return Size.takeError();
    auto S = R.sub(*Size, "section");
    if (!S)
      return S.takeError();
    WASMAOT_TRY(readSection(*Id, Header, *S));
  }
  return finish();
}

Status Builder::readSection(uint8_t Id, uint64_t Header, ByteReader S) {
  auto Vec = [&](auto &&Each) -> Status {
    auto N = S.count("section entries", 1);
    if (!N)
      return N.takeError();
    for (uint32_t I = 0; I < *N; ++I)
      WASMAOT_TRY(Each());
    return {};
  };
  Status St;
  switch (Id) {
  case 0: {
    auto Name = S.name();
    if (!Name)
      return Name.takeError();
    C.Customs.push_back({*Name, {S.offset(), S.remaining()}});
    (void)S.bytes(S.remaining());
    break;
  }
  case 1: St = readCoreModule(S); break;
  case 2: St = Vec([&] { return readCoreInstance(S); }); break;
  case 3: St = Vec([&] { return readCoreTypeDef(S, Top); }); break;
  case 4: St = readNestedComponent(S); break;
  case 5: St = Vec([&] { return readInstance(S); }); break;
  case 6: St = Vec([&] { return readAlias(S, Top); }); break;
  case 7: St = Vec([&] { return readTypeDef(S, Top); }); break;
  case 8: St = Vec([&] { return readCanon(S); }); break;
  case 9: St = readStart(S); break;
  case 10: St = Vec([&] { return readImport(S, Top); }); break;
  case 11: St = Vec([&] { return readExport(S); }); break;
  case 12:
    return unsupported(Header, "value sections (🪙 value imports and "
                               "exports) are not supported");
  default:
    return malformed(Header, fmt::format("unknown component section id {}",
                                         Id));
  }
  if (!St)
    return St;
  if (!S.atEnd())
    return malformed(S.offset(), "section size mismatch: unexpected content "
                                 "at the end of the section");
  return {};
}

Status Builder::readCoreModule(ByteReader &S) {
  uint64_t Off = S.offset();
  ByteSpan Span{Off, S.remaining()};
  auto Bytes = S.bytes(S.remaining());
  if (!Bytes)
    return Bytes.takeError();
  ReadOptions RO;
  RO.Features = Opts.CoreFeatures;
  auto M = readModule(*Bytes, RO);
  auto Shift = [&](Error E) {
    if (E.hasOffset())
      E.Offset += Off;
    return E;
  };
  if (!M)
    return Shift(M.takeError());
  if (auto V = validateModule(*M, Opts.Jobs); !V)
    return Shift(V.takeError());
  auto Mod = std::make_shared<Module>(std::move(*M));
  // The module's type: its imports and exports with core types.
  TypeDef MT;
  MT.Kind = TypeKind::CoreModule;
  auto CoreItem = [&](ExternKind K, uint32_t Index, const Import *Imp) {
    TypeDef D;
    Sort So = Sort::CoreFunc;
    switch (K) {
    case ExternKind::Func:
      D.Kind = TypeKind::CoreFunc;
      D.Core = Imp ? Mod->Types[*Imp->FuncType] : Mod->funcType(FuncIdx(Index));
      break;
    case ExternKind::Table:
      So = Sort::CoreTable;
      D.Kind = TypeKind::CoreTable;
      D.CoreTable = Imp ? Imp->Table : Mod->TableSpace[Index];
      break;
    case ExternKind::Memory:
      So = Sort::CoreMemory;
      D.Kind = TypeKind::CoreMemory;
      D.CoreMemory = Imp ? Imp->Memory : Mod->MemorySpace[Index];
      break;
    case ExternKind::Global:
      So = Sort::CoreGlobal;
      D.Kind = TypeKind::CoreGlobal;
      D.CoreGlobal = Imp ? Imp->Global : Mod->GlobalSpace[Index];
      break;
    }
    return std::pair{So, A().add(std::move(D))};
  };
  // Core wasm allows an import name twice; a module inside a component
  // may not (its imports are matched by name against instance exports).
  std::set<std::pair<std::string, std::string>> Seen;
  for (const Import &I : Mod->Imports) {
    if (!Seen.insert({I.Module, I.Name}).second)
      return invalid(Off + I.Offset,
                     fmt::format("duplicate import name `{}:{}` in a core "
                                 "module of a component",
                                 I.Module, I.Name));
    auto [So, T] = CoreItem(I.Kind, 0, &I);
    MT.Imports.push_back({I.Module + '\0' + I.Name, So, T});
  }
  for (const Export &E : Mod->Exports) {
    auto [So, T] = CoreItem(E.Kind, E.Index, nullptr);
    MT.Exports.push_back({E.Name, So, T});
  }
  Definition D;
  D.Kind = DefKind::CoreModule;
  D.Offset = Off;
  D.Ref = uint32_t(C.Modules.size());
  C.Modules.push_back({Span, std::move(Mod)});
  return define(std::move(D), Sort::CoreModule, A().add(std::move(MT)));
}

Status Builder::readNestedComponent(ByteReader &S) {
  uint64_t Off = S.offset();
  if (Top.depth() >= kMaxNesting)
    return Error{ErrorKind::Limit, Off, "components nested too deeply", {}};
  Component Child;
  Child.Bytes = C.Bytes;
  Child.Types = C.Types;
  Child.Span = {Off, S.remaining()};
  Child.Depth = C.Depth + 1;
  Builder B(Child, Opts, &Top);
  WASMAOT_TRY(B.readComponent(S));
  Definition D;
  D.Kind = DefKind::Component;
  D.Offset = Off;
  D.Ref = uint32_t(C.Components.size());
  TypeId T = Child.SelfType;
  C.Components.push_back(std::move(Child));
  return define(std::move(D), Sort::Component, T);
}

Status Builder::readCoreInstance(ByteReader &S) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  Definition D;
  D.Offset = Off;
  if (*B == 0x00) {
    D.Kind = DefKind::CoreInstantiate;
    auto M = S.varU32();
    if (!M)
      return M.takeError();
    D.Ref = *M;
    auto N = S.count("instantiation arguments", 2);
    if (!N)
      return N.takeError();
    for (uint32_t I = 0; I < *N; ++I) {
      auto Name = S.name();
      if (!Name)
        return Name.takeError();
      uint64_t KOff = S.offset();
      auto K = S.u8();
      if (!K)
        return K.takeError();
      if (*K != 0x12)
        return malformed(KOff, fmt::format("invalid leading byte {:#04x} for "
                                           "core instantiation argument "
                                           "(expected instance)",
                                           *K));
      auto Idx = S.varU32();
      if (!Idx)
        return Idx.takeError();
      D.Args.push_back({*Name, {Sort::CoreInstance, *Idx}});
    }
  } else if (*B == 0x01) {
    D.Kind = DefKind::CoreInstanceExports;
    auto N = S.count("core instance exports", 3);
    if (!N)
      return N.takeError();
    for (uint32_t I = 0; I < *N; ++I) {
      auto Name = S.name();
      if (!Name)
        return Name.takeError();
      auto K = readCoreSort(S);
      if (!K)
        return K.takeError();
      auto Idx = S.varU32();
      if (!Idx)
        return Idx.takeError();
      D.Args.push_back({*Name, {*K, *Idx}});
    }
  } else {
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for core "
                                      "instance",
                                      *B));
  }
  auto T = checkCoreInstance(D);
  if (!T)
    return T.takeError();
  return define(std::move(D), Sort::CoreInstance, *T);
}

Status Builder::readInstance(ByteReader &S) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  Definition D;
  D.Offset = Off;
  if (*B == 0x00) {
    D.Kind = DefKind::Instantiate;
    auto Cidx = S.varU32();
    if (!Cidx)
      return Cidx.takeError();
    D.Ref = *Cidx;
    auto N = S.count("instantiation arguments", 3);
    if (!N)
      return N.takeError();
    for (uint32_t I = 0; I < *N; ++I) {
      auto Name = S.name();
      if (!Name)
        return Name.takeError();
      auto K = readSort(S);
      if (!K)
        return K.takeError();
      auto Idx = S.varU32();
      if (!Idx)
        return Idx.takeError();
      D.Args.push_back({*Name, {*K, *Idx}});
    }
  } else if (*B == 0x01) {
    D.Kind = DefKind::InstanceExports;
    auto N = S.count("instance exports", 3);
    if (!N)
      return N.takeError();
    for (uint32_t I = 0; I < *N; ++I) {
      uint64_t NameOff = S.offset();
      ExternAttrs Impl;
      auto Name = readExternName(S, &Impl);
      if (!Name)
        return Name.takeError();
      auto K = readSort(S);
      if (!K)
        return K.takeError();
      WASMAOT_TRY(checkAttributes(NameOff, *Name, *K, Impl));
      auto Idx = S.varU32();
      if (!Idx)
        return Idx.takeError();
      D.Args.push_back({*Name, {*K, *Idx}});
    }
  } else {
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                      "instance",
                                      *B));
  }
  auto T = checkInstance(D);
  if (!T)
    return T.takeError();
  return define(std::move(D), Sort::Instance, *T);
}

Status Builder::readAlias(ByteReader &S, Scope &Sc) {
  uint64_t Off = S.offset();
  auto K = readSort(S);
  if (!K)
    return K.takeError();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  Definition D;
  D.Offset = Off;
  switch (*B) {
  case 0x00:
  case 0x01: {
    D.Kind = *B == 0 ? DefKind::AliasExport : DefKind::AliasCoreExport;
    auto I = S.varU32();
    if (!I)
      return I.takeError();
    auto Name = S.name();
    if (!Name)
      return Name.takeError();
    D.Ref = *I;
    D.Name = *Name;
    break;
  }
  case 0x02: {
    D.Kind = DefKind::AliasOuter;
    auto Ct = S.varU32();
    if (!Ct)
      return Ct.takeError();
    auto I = S.varU32();
    if (!I)
      return I.takeError();
    D.OuterCount = *Ct;
    D.Ref = *I;
    break;
  }
  default:
    return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                      "alias target",
                                      *B));
  }
  uint32_t Tag = 0;
  auto T = checkAlias(D, *K, Sc, &Tag);
  if (!T)
    return T.takeError();
  if (&Sc != &Top)
    Sc.space(*K).push_back(*T);
  else
    WASMAOT_TRY(define(std::move(D), *K, *T));
  if (*K == Sort::Type)
    Sc.tagLastType(Tag);
  return {};
}

Status Builder::readCanon(ByteReader &S) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  Definition D;
  D.Offset = Off;
  auto Idx = [&]() -> Expected<uint32_t> { return S.varU32(); };
  switch (*B) {
  case 0x00:
  case 0x01: {
    uint64_t SOff = S.offset();
    auto Z = S.u8();
    if (!Z)
      return Z.takeError();
    if (*Z != 0x00)
      return malformed(SOff, fmt::format("invalid leading byte {:#04x} for "
                                         "canonical function {}",
                                         *Z, *B == 0 ? "lift" : "lower"));
    auto F = Idx();
    if (!F)
      return F.takeError();
    D.Ref = *F;
    WASMAOT_TRY(readCanonOpts(S, D.Opts));
    if (*B == 0x00) {
      auto T = Idx();
      if (!T)
        return T.takeError();
      D.Kind = DefKind::CanonLift;
      auto Ty = checkLift(D, *T);
      if (!Ty)
        return Ty.takeError();
      return define(std::move(D), Sort::Func, *Ty);
    }
    D.Kind = DefKind::CanonLower;
    auto Ty = checkLower(D);
    if (!Ty)
      return Ty.takeError();
    return define(std::move(D), Sort::CoreFunc, *Ty);
  }
  case 0x02:
  case 0x03:
  case 0x04: {
    auto T = Idx();
    if (!T)
      return T.takeError();
    D.Kind = *B == 0x02   ? DefKind::CanonResourceNew
             : *B == 0x03 ? DefKind::CanonResourceDrop
                          : DefKind::CanonResourceRep;
    auto Ty = checkResourceBuiltin(D, *T);
    if (!Ty)
      return Ty.takeError();
    return define(std::move(D), Sort::CoreFunc, *Ty);
  }
  default:
    return readUnsupportedCanon(S, *B, std::move(D));
  }
}

Status Builder::readCanonOpts(ByteReader &S, CanonOptions &O) {
  auto N = S.count("canonical options", 1);
  if (!N)
    return N.takeError();
  bool SawEncoding = false;
  for (uint32_t I = 0; I < *N; ++I) {
    uint64_t Off = S.offset();
    auto B = S.u8();
    if (!B)
      return B.takeError();
    auto Dup = [&](const char *What) {
      return invalid(Off, fmt::format("canonical option `{}` conflicts with "
                                      "option `{}`",
                                      What, What));
    };
    auto SetIdx = [&](std::optional<uint32_t> &Slot, const char *What) -> Status {
      auto V = S.varU32();
      if (!V)
        return V.takeError();
      if (Slot)
        return Dup(What);
      Slot = *V;
      return {};
    };
    switch (*B) {
    case 0x00: case 0x01: case 0x02:
      if (SawEncoding)
        return invalid(Off, "canonical encoding option conflicts with a "
                            "previous encoding option");
      SawEncoding = true;
      O.Encoding = StringEncoding(*B);
      break;
    case 0x03: WASMAOT_TRY(SetIdx(O.Memory, "memory")); break;
    case 0x04: WASMAOT_TRY(SetIdx(O.Realloc, "realloc")); break;
    case 0x05: WASMAOT_TRY(SetIdx(O.PostReturn, "post-return")); break;
    case 0x06:
      if (O.Async)
        return Dup("async");
      O.Async = true;
      break;
    case 0x07: WASMAOT_TRY(SetIdx(O.Callback, "callback")); break;
    case 0x08: WASMAOT_TRY(SetIdx(O.CoreType, "core-type")); break;
    case 0x09:
      if (O.Gc)
        return Dup("gc");
      O.Gc = true;
      break;
    default:
      return malformed(Off, fmt::format("invalid leading byte {:#04x} for "
                                        "canonical option",
                                        *B));
    }
  }
  return {};
}

Status Builder::readStart(ByteReader &S) {
  uint64_t Off = S.offset();
  // Binary.md: at most one start function per component.
  if (std::any_of(C.Defs.begin(), C.Defs.end(), [](const Definition &X) {
        return X.Kind == DefKind::Start;
      }))
    return malformed(Off, "component cannot have more than one start "
                          "function");
  Definition D;
  D.Kind = DefKind::Start;
  D.Offset = Off;
  D.DefinesItem = false;
  auto F = S.varU32();
  if (!F)
    return F.takeError();
  D.Ref = *F;
  auto N = S.count("start arguments", 1);
  if (!N)
    return N.takeError();
  for (uint32_t I = 0; I < *N; ++I) {
    auto V = S.varU32();
    if (!V)
      return V.takeError();
    D.StartArgs.push_back(*V);
  }
  auto R = S.varU32();
  if (!R)
    return R.takeError();
  D.StartResults = *R;
  WASMAOT_TRY(checkStart(D));
  C.Defs.push_back(std::move(D));
  return {};
}

Status Builder::readImport(ByteReader &S, Scope &Sc) {
  uint64_t Off = S.offset();
  ExternAttrs Impl;
  auto Name = readExternName(S, &Impl);
  if (!Name)
    return Name.takeError();
  auto Item = readExternDesc(S, Sc, *Name);
  if (!Item)
    return Item.takeError();
  WASMAOT_TRY(checkAttributes(Off, *Name, Item->Kind, Impl));
  WASMAOT_TRY(checkImportExportName(Sc, Off, *Name, *Item, true));
  Sc.Imports.push_back(*Item);
  if (&Sc != &Top) {
    Sc.space(Item->Kind).push_back(Item->Type);
  } else {
    Definition D;
    D.Kind = DefKind::Import;
    D.Offset = Off;
    D.Name = *Name;
    C.Imports.push_back(uint32_t(C.Defs.size()));
    WASMAOT_TRY(define(std::move(D), Item->Kind, Item->Type));
  }
  if (Item->Kind == Sort::Type)
    Sc.tagLastType(Item->Tag);
  return {};
}

Status Builder::readExport(ByteReader &S) {
  uint64_t Off = S.offset();
  ExternAttrs Impl;
  auto Name = readExternName(S, &Impl);
  if (!Name)
    return Name.takeError();
  auto K = readSort(S);
  if (!K)
    return K.takeError();
  WASMAOT_TRY(checkAttributes(Off, *Name, *K, Impl));
  auto Idx = S.varU32();
  if (!Idx)
    return Idx.takeError();
  auto Has = S.u8();
  if (!Has)
    return Has.takeError();
  std::optional<ExternItem> Ascribed;
  if (*Has == 0x01) {
    auto Item = readExternDesc(S, Top, *Name);
    if (!Item)
      return Item.takeError();
    Ascribed = *Item;
  } else if (*Has != 0x00) {
    return malformed(Off, "invalid leading byte for optional export type");
  }
  Definition D;
  D.Kind = DefKind::Export;
  D.Offset = Off;
  D.Name = *Name;
  D.Item = {*K, *Idx};
  auto T = checkExport(D, Ascribed);
  if (!T)
    return T.takeError();
  C.Exports.push_back(uint32_t(C.Defs.size()));
  WASMAOT_TRY(define(std::move(D), *K, *T));
  if (*K == Sort::Type)
    Top.tagLastType(Top.Exports.back().Tag);
  return {};
}

Status Builder::define(Definition D, Sort K, TypeId T) {
  // Instantiations copy the types that mention fresh resources; nested
  // ones multiply the copies (ten instances of a component that holds ten
  // instances of ...). The arena stops substituting when full (so a type
  // may be wrong from then on), and the first definition after reports it.
  if (A().full())
    return Error{ErrorKind::Limit, D.Offset,
                 fmt::format("the component's types expand to more than {} "
                             "definitions (instances of instances of "
                             "components with resources?)",
                             TypeArena::kMaxTypes),
                 {}};
  if (T != kNoType && A()[T].Depth > TypeArena::kMaxDepth)
    return Error{ErrorKind::Limit, D.Offset,
                 fmt::format("types nested more than {} deep",
                             TypeArena::kMaxDepth),
                 {}};
  // wasmparser's bound on a type's effective size (shared subtrees counted
  // every time they occur), which keeps anything walking types linear.
  if (T != kNoType && Layouts.effectiveSize(A(), T) > kMaxEffectiveTypeSize)
    return invalid(D.Offset, fmt::format("effective type size exceeds the "
                                         "limit of {}",
                                         kMaxEffectiveTypeSize));
  auto &Space = C.space(K);
  D.Defines = {K, uint32_t(Space.size())};
  D.Type = T;
  Space.push_back(T);
  C.Defs.push_back(std::move(D));
  return {};
}

Status Builder::finish() {
  TypeDef Self;
  Self.Kind = TypeKind::Component;
  Self.Imports = Top.Imports;
  Self.Exports = Top.Exports;
  C.SelfType = A().add(std::move(Self));
  return {};
}

} // namespace detail

Expected<Component> readComponent(std::span<const uint8_t> Bytes,
                                  const ComponentReadOptions &Opts) {
  Component C;
  C.Bytes = std::make_shared<const std::vector<uint8_t>>(Bytes.begin(),
                                                         Bytes.end());
  C.Types = std::make_shared<TypeArena>();
  C.Span = {0, Bytes.size()};
  detail::Builder B(C, Opts, nullptr);
  ByteReader R(*C.Bytes, 0);
  WASMAOT_TRY(B.readComponent(R));
  return C;
}

} // namespace wasmaot::frontend::component
