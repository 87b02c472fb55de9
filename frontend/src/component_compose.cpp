// Component composition (compose.h): a top-level scan of the inputs'
// sections (imports, aliases, exports: names, sorts and index effects), and
// a writer for the composition. Everything below the top level is copied
// as bytes. The inputs are validated by readComponent first, so the scan
// only has to be bounds-checked, not to diagnose.
#include "wasmaot/frontend/compose.h"

#include <fmt/format.h>
#include <map>
#include <optional>

#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/semver.h"
#include "wasmaot/frontend/support/byte_reader.h"

namespace wasmaot::frontend::component {

namespace {

// Component binary section ids (Binary.md).
enum : uint8_t {
  kSecCustom = 0,
  kSecCoreModule = 1,
  kSecCoreInstance = 2,
  kSecCoreType = 3,
  kSecComponent = 4,
  kSecInstance = 5,
  kSecAlias = 6,
  kSecType = 7,
  kSecCanon = 8,
  kSecStart = 9,
  kSecImport = 10,
  kSecExport = 11,
  kSecValue = 12,
};

/// A sort: a component sort byte (1 func .. 5 instance), or 0x100 | a core
/// sort byte (0x00 func .. 0x11 module, 0x12 instance).
using SortKey = uint32_t;
constexpr SortKey kCore = 0x100;
constexpr SortKey kSortFunc = 0x01, kSortValue = 0x02, kSortType = 0x03,
               kSortComponent = 0x04, kSortInstance = 0x05;

const char *sortName(SortKey S) {
  switch (S) {
  case kSortFunc: return "func";
  case kSortValue: return "value";
  case kSortType: return "type";
  case kSortComponent: return "component";
  case kSortInstance: return "instance";
  case kCore | 0x11: return "core module";
  default: return "core item";
  }
}

struct Section {
  uint8_t Id;
  uint64_t Offset; ///< of the payload, in the input
  std::span<const uint8_t> Payload;
};

Expected<std::vector<Section>> sections(std::span<const uint8_t> Bytes) {
  ByteReader R(Bytes);
  WASMAOT_TRY(R.bytes(8)); // preamble: readComponent checked it
  std::vector<Section> Out;
  while (!R.atEnd()) {
    auto Id = R.u8();
    if (!Id)
      return Id.takeError();
    auto Size = R.varU32();
    if (!Size)
      return Size.takeError();
    uint64_t Off = R.offset();
    auto P = R.bytes(*Size);
    if (!P)
      return P.takeError();
    Out.push_back({*Id, Off, *P});
  }
  return Out;
}

Expected<SortKey> readSort(ByteReader &R) {
  auto B = R.u8();
  if (!B)
    return B.takeError();
  if (*B != 0x00)
    return SortKey(*B);
  auto C = R.u8();
  if (!C)
    return C.takeError();
  return kCore | *C;
}

/// An extern name (0x00 / 0x01 name, 0x02 name + attributes): the name.
Expected<std::string> readExternName(ByteReader &R) {
  auto B = R.u8();
  if (!B)
    return B.takeError();
  auto N = R.name();
  if (!N)
    return N.takeError();
  if (*B == 0x02) {
    auto Count = R.varU32();
    if (!Count)
      return Count.takeError();
    for (uint32_t I = 0; I < *Count; ++I) {
      WASMAOT_TRY(R.u8());
      WASMAOT_TRY(R.name());
    }
  }
  return *N;
}

/// An externdesc; returns its sort.
Expected<SortKey> readExternDesc(ByteReader &R) {
  auto B = R.u8();
  if (!B)
    return B.takeError();
  switch (*B) {
  case 0x00: {
    auto C = R.u8();
    if (!C)
      return C.takeError();
    WASMAOT_TRY(R.varU32());
    return kCore | *C;
  }
  case 0x01: case 0x04: case 0x05:
    WASMAOT_TRY(R.varU32());
    return SortKey(*B);
  case 0x02: { // value bound: eq value index, or a value type
    auto K = R.u8();
    if (!K)
      return K.takeError();
    if (*K == 0x00)
      WASMAOT_TRY(R.varU32());
    else
      WASMAOT_TRY(R.varS33());
    return kSortValue;
  }
  case 0x03: { // type bound: eq type index, or sub resource
    auto K = R.u8();
    if (!K)
      return K.takeError();
    if (*K == 0x00)
      WASMAOT_TRY(R.varU32());
    return kSortType;
  }
  }
  return R.malformed(fmt::format("unknown externdesc {:#04x}", *B));
}

struct ImportEntry {
  std::string Name;
  SortKey S;
  std::span<const uint8_t> Raw; ///< the whole entry, name included
  uint32_t Index;               ///< in its sort's index space
  uint64_t Offset;
};

struct AliasEntry {
  SortKey S;
  uint8_t Target; ///< 0 export of an instance, 1 core export, 2 outer
  uint32_t A = 0, B = 0;
  std::string Name;
};

Expected<AliasEntry> readAlias(ByteReader &R) {
  AliasEntry E;
  auto S = readSort(R);
  if (!S)
    return S.takeError();
  E.S = *S;
  auto T = R.u8();
  if (!T)
    return T.takeError();
  E.Target = *T;
  auto A = R.varU32();
  if (!A)
    return A.takeError();
  E.A = *A;
  if (E.Target == 0x02) {
    auto Bv = R.varU32();
    if (!Bv)
      return Bv.takeError();
    E.B = *Bv;
  } else {
    auto N = R.name();
    if (!N)
      return N.takeError();
    E.Name = std::move(*N);
  }
  return E;
}

// ---- Writing.

void putU32(std::vector<uint8_t> &O, uint32_t V) {
  do {
    uint8_t B = V & 0x7f;
    V >>= 7;
    O.push_back(V ? B | 0x80 : B);
  } while (V);
}
void putName(std::vector<uint8_t> &O, std::string_view N) {
  putU32(O, uint32_t(N.size()));
  O.insert(O.end(), N.begin(), N.end());
}
void putSort(std::vector<uint8_t> &O, SortKey S) {
  if (S & kCore) {
    O.push_back(0x00);
    O.push_back(uint8_t(S & 0xff));
  } else {
    O.push_back(uint8_t(S));
  }
}
void putSection(std::vector<uint8_t> &O, uint8_t Id,
                std::span<const uint8_t> Payload) {
  O.push_back(Id);
  putU32(O, uint32_t(Payload.size()));
  O.insert(O.end(), Payload.begin(), Payload.end());
}

/// What compose needs of one input: its imports (all of them, and whether
/// they come before every definition) and its exports.
struct Scan {
  std::vector<Section> Secs;
  /// Secs[0, PrefixEnd): the types, imports and aliases up to the last
  /// import, all before the first definition.
  size_t PrefixEnd = 0;
  std::vector<ImportEntry> Imports;
  bool LateImports = false; ///< an import section after a definition
  uint64_t LateImportOffset = 0;
  std::vector<std::pair<std::string, SortKey>> Exports;
};

bool prefixSection(uint8_t Id) {
  return Id == kSecCustom || Id == kSecCoreType || Id == kSecType ||
         Id == kSecImport || Id == kSecAlias;
}

Expected<Scan> scan(std::span<const uint8_t> Bytes) {
  Scan S;
  auto Secs = sections(Bytes);
  if (!Secs)
    return Secs.takeError();
  S.Secs = std::move(*Secs);
  // The leading types, imports and aliases, up to the last import: what
  // the imports' types need (later ones serve the definitions).
  for (size_t I = 0; I < S.Secs.size() && prefixSection(S.Secs[I].Id); ++I)
    if (S.Secs[I].Id == kSecImport)
      S.PrefixEnd = I + 1;
  std::map<SortKey, uint32_t> Count; // index spaces, as far as imports go
  for (size_t I = 0; I < S.Secs.size(); ++I) {
    const Section &Sec = S.Secs[I];
    ByteReader R(Sec.Payload, Sec.Offset);
    if (Sec.Id == kSecImport) {
      if (I >= S.PrefixEnd && !S.LateImports) {
        S.LateImports = true;
        S.LateImportOffset = Sec.Offset;
      }
      auto N = R.varU32();
      if (!N)
        return N.takeError();
      for (uint32_t K = 0; K < *N; ++K) {
        size_t Start = R.pos();
        uint64_t Off = R.offset();
        auto Name = readExternName(R);
        if (!Name)
          return Name.takeError();
        auto St = readExternDesc(R);
        if (!St)
          return St.takeError();
        S.Imports.push_back({std::move(*Name), *St,
                             Sec.Payload.subspan(Start, R.pos() - Start),
                             Count[*St]++, Off});
      }
    } else if (Sec.Id == kSecExport) {
      auto N = R.varU32();
      if (!N)
        return N.takeError();
      for (uint32_t K = 0; K < *N; ++K) {
        auto Name = readExternName(R);
        if (!Name)
          return Name.takeError();
        auto St = readSort(R);
        if (!St)
          return St.takeError();
        WASMAOT_TRY(R.varU32());
        auto HasType = R.u8();
        if (!HasType)
          return HasType.takeError();
        if (*HasType)
          WASMAOT_TRY(readExternDesc(R));
        S.Exports.push_back({std::move(*Name), *St});
      }
    }
  }
  return S;
}

/// The export of \p S that serves an import named \p Name: the same
/// name, else a semver-compatible one; null if none.
const std::string *exportFor(const Scan &S, const std::string &Name) {
  for (const auto &[N, K] : S.Exports)
    if (N == Name)
      return &N;
  std::string Want = frontend::semverCompatibleName(Name);
  for (const auto &[N, K] : S.Exports)
    if (frontend::semverCompatibleName(N) == Want)
      return &N;
  return nullptr;
}

SortKey exportSort(const Scan &S, const std::string &Name) {
  for (const auto &[N, K] : S.Exports)
    if (N == Name)
      return K;
  return 0;
}

Error composeError(ErrorKind K, uint64_t Off, std::string Msg) {
  return Error{K, Off, std::move(Msg), {}};
}

} // namespace

Expected<ComposeResult> compose(const ComposeInput &Socket,
                                std::span<const ComposeInput> Plugs,
                                size_t &ErrorInput) {
  ErrorInput = 0;
  auto SS = scan(Socket.Bytes);
  if (!SS)
    return SS.takeError();
  if (SS->LateImports)
    return composeError(ErrorKind::Unsupported, SS->LateImportOffset,
                        "the socket imports after its first definition; "
                        "compose needs every import first (as wit-component "
                        "and jco write components)");
  std::vector<Scan> PS;
  for (size_t I = 0; I < Plugs.size(); ++I) {
    ErrorInput = 1 + I;
    auto P = scan(Plugs[I].Bytes);
    if (!P)
      return P.takeError();
    PS.push_back(std::move(*P));
  }
  ErrorInput = 0;

  // Which plug satisfies each socket import (the first that exports it,
  // under the same name or one semver-compatible with it:
  // "wasi:cli/environment@0.2.3" serves an import of "...@0.2.0").
  ComposeResult Res;
  std::map<std::string, std::pair<size_t, std::string>>
      PluggedBy; // socket import -> plug and the plug's export name
  std::vector<bool> PlugUsed(Plugs.size());
  for (const ImportEntry &Imp : SS->Imports) {
    for (size_t P = 0; P < PS.size(); ++P) {
      const std::string *Exported = exportFor(PS[P], Imp.Name);
      if (!Exported)
        continue;
      if (SortKey S = exportSort(PS[P], *Exported); S != Imp.S)
        return composeError(
            ErrorKind::Link, Imp.Offset,
            fmt::format("import `{}` is a {}, but plug {} exports a {} "
                        "of that name",
                        Imp.Name, sortName(Imp.S), Plugs[P].Display,
                        sortName(S)));
      if (Imp.S == kSortType)
        return composeError(ErrorKind::Unsupported, Imp.Offset,
                            fmt::format("import `{}` is a type; plugging "
                                        "type imports is not supported",
                                        Imp.Name));
      PluggedBy[Imp.Name] = {P, *Exported};
      PlugUsed[P] = true;
      Res.Plugged.push_back({Imp.Name, P});
      break;
    }
  }
  for (size_t P = 0; P < Plugs.size(); ++P)
    if (!PlugUsed[P]) {
      ErrorInput = 1 + P;
      return composeError(ErrorKind::Link, Error::kNoOffset,
                          fmt::format("the plug exports nothing the socket "
                                      "{} imports",
                                      Socket.Display));
    }

  // Where each plug's imports come from: the exports of a plug given
  // before it, else the composition's import of that name (the socket's
  // import entry, kept even when the socket itself gets a plug's export:
  // a plug may wrap what it plugs).
  struct Source {
    std::optional<size_t> Plug; ///< else the composition's import
    std::string Name; ///< the plug's export, or the composition's import
  };
  std::vector<std::vector<Source>> PlugSources(Plugs.size());
  std::map<std::string, bool> NeededOuter;
  for (size_t P = 0; P < Plugs.size(); ++P) {
    ErrorInput = 1 + P;
    for (const ImportEntry &Imp : PS[P].Imports) {
      std::optional<size_t> From;
      const std::string *FromName = nullptr;
      for (size_t Q = 0; Q < P && !From; ++Q)
        if (const std::string *N = exportFor(PS[Q], Imp.Name);
            N && exportSort(PS[Q], *N) == Imp.S)
          From = Q, FromName = N;
      if (From) {
        PlugSources[P].push_back({From, *FromName});
        continue;
      }
      const ImportEntry *Outer = nullptr;
      for (const ImportEntry &SI : SS->Imports)
        if (SI.Name == Imp.Name)
          Outer = &SI;
      for (const ImportEntry &SI : SS->Imports)
        if (!Outer && frontend::semverCompatibleName(SI.Name) ==
                          frontend::semverCompatibleName(Imp.Name))
          Outer = &SI;
      if (!Outer)
        return composeError(
            ErrorKind::Link, Imp.Offset,
            fmt::format("import `{}` is neither imported by the socket nor "
                        "exported by a plug given before this one",
                        Imp.Name));
      if (Outer->S != Imp.S)
        return composeError(
            ErrorKind::Link, Imp.Offset,
            fmt::format("import `{}` is a {}, but the socket imports a {} "
                        "of that name",
                        Imp.Name, sortName(Imp.S), sortName(Outer->S)));
      NeededOuter[Outer->Name] = true;
      PlugSources[P].push_back({std::nullopt, Outer->Name});
    }
  }
  ErrorInput = 0;
  auto dropped = [&](const std::string &Name) {
    return PluggedBy.count(Name) && !NeededOuter.count(Name);
  };

  // The socket's leading sections, minus the plugged imports. Removing an
  // import shifts its sort's index space: export aliases name instances by
  // index, so those are renumbered (and one of a removed import refused).
  std::vector<uint8_t> Out = {0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00};
  std::map<SortKey, uint32_t> Next; // the composition's index spaces
  std::map<SortKey, std::vector<std::optional<uint32_t>>> Remap; // socket->outer
  std::map<std::string, std::pair<SortKey, uint32_t>> Kept;     // imports
  size_t ImpIdx = 0;
  for (size_t I = 0; I < SS->PrefixEnd; ++I) {
    const Section &Sec = SS->Secs[I];
    ByteReader R(Sec.Payload, Sec.Offset);
    switch (Sec.Id) {
    case kSecCustom: break; // names of the socket's own: not the outer's
    case kSecCoreType: case kSecType: {
      auto N = R.varU32();
      if (!N)
        return N.takeError();
      SortKey S = Sec.Id == kSecType ? kSortType : (kCore | 0x10);
      for (uint32_t K = 0; K < *N; ++K)
        Remap[S].push_back(Next[S]++);
      putSection(Out, Sec.Id, Sec.Payload);
      break;
    }
    case kSecImport: {
      auto N = R.varU32();
      if (!N)
        return N.takeError();
      std::vector<uint8_t> P;
      uint32_t KeptN = 0;
      for (uint32_t K = 0; K < *N; ++K, ++ImpIdx) {
        const ImportEntry &E = SS->Imports[ImpIdx];
        if (dropped(E.Name)) {
          Remap[E.S].push_back(std::nullopt);
          continue;
        }
        Remap[E.S].push_back(Next[E.S]);
        Kept[E.Name] = {E.S, Next[E.S]++};
        Res.Imports.push_back(E.Name);
        P.insert(P.end(), E.Raw.begin(), E.Raw.end());
        ++KeptN;
      }
      if (KeptN) {
        std::vector<uint8_t> Payload;
        putU32(Payload, KeptN);
        Payload.insert(Payload.end(), P.begin(), P.end());
        putSection(Out, kSecImport, Payload);
      }
      break;
    }
    case kSecAlias: {
      auto N = R.varU32();
      if (!N)
        return N.takeError();
      std::vector<uint8_t> Payload;
      putU32(Payload, *N);
      for (uint32_t K = 0; K < *N; ++K) {
        uint64_t Off = R.offset();
        auto A = readAlias(R);
        if (!A)
          return A.takeError();
        putSort(Payload, A->S);
        Payload.push_back(A->Target);
        if (A->Target == 0x00) { // export of a component instance
          auto &Inst = Remap[kSortInstance];
          if (A->A >= Inst.size())
            return composeError(ErrorKind::Malformed, Off,
                                "alias of an unknown instance");
          if (!Inst[A->A])
            return composeError(
                ErrorKind::Unsupported, Off,
                fmt::format("`{}` of a plugged import is used by the "
                            "socket's other imports; compose cannot plug "
                            "that import yet",
                            A->Name));
          putU32(Payload, *Inst[A->A]);
          putName(Payload, A->Name);
        } else if (A->Target == 0x01) { // core export: core instances
          putU32(Payload, A->A);     // are not imported, so unchanged
          putName(Payload, A->Name);
        } else {
          return composeError(ErrorKind::Unsupported, Off,
                              "outer alias at the top level");
        }
        Remap[A->S].push_back(Next[A->S]++);
      }
      putSection(Out, kSecAlias, Payload);
      break;
    }
    }
  }

  // The inputs, nested verbatim: plugs first, then the socket.
  std::vector<uint32_t> PlugComp;
  for (const ComposeInput &P : Plugs) {
    PlugComp.push_back(Next[kSortComponent]++);
    putSection(Out, kSecComponent, P.Bytes);
  }
  uint32_t SocketComp = Next[kSortComponent]++;
  putSection(Out, kSecComponent, Socket.Bytes);

  auto aliasExport = [&](uint32_t Inst, const std::string &Name, SortKey S) {
    std::vector<uint8_t> P;
    putU32(P, 1);
    putSort(P, S);
    P.push_back(0x00);
    putU32(P, Inst);
    putName(P, Name);
    putSection(Out, kSecAlias, P);
    return Next[S]++;
  };
  struct Arg {
    std::string Name;
    SortKey S;
    uint32_t Index;
  };
  // Where each instantiation is in the output, and of which input (0 the
  // socket, 1 + i plug i): a validation error there means the inputs do
  // not fit each other (a plug's export of the wrong type), not a bug.
  struct Span {
    size_t Begin, End, Input;
  };
  std::vector<Span> Instantiations;
  auto instantiate = [&](uint32_t Comp, const std::vector<Arg> &Args,
                         size_t Input) {
    size_t Begin = Out.size();
    std::vector<uint8_t> P;
    putU32(P, 1);
    P.push_back(0x00);
    putU32(P, Comp);
    putU32(P, uint32_t(Args.size()));
    for (const Arg &A : Args) {
      putName(P, A.Name);
      putSort(P, A.S);
      putU32(P, A.Index);
    }
    putSection(Out, kSecInstance, P);
    Instantiations.push_back({Begin, Out.size(), Input});
    return Next[kSortInstance]++;
  };

  // Each plug, its imports from the composition's imports or from the
  // exports of a plug before it.
  std::vector<uint32_t> PlugInst;
  for (size_t P = 0; P < Plugs.size(); ++P) {
    std::vector<Arg> Args;
    for (size_t I = 0; I < PS[P].Imports.size(); ++I) {
      const ImportEntry &Imp = PS[P].Imports[I];
      const Source &Src = PlugSources[P][I];
      uint32_t Idx = Src.Plug ? aliasExport(PlugInst[*Src.Plug], Src.Name,
                                            Imp.S)
                              : Kept.at(Src.Name).second;
      Args.push_back({Imp.Name, Imp.S, Idx});
    }
    PlugInst.push_back(instantiate(PlugComp[P], Args, 1 + P));
  }

  // The socket, then its exports as the composition's.
  std::vector<Arg> Args;
  for (const ImportEntry &Imp : SS->Imports) {
    if (auto It = PluggedBy.find(Imp.Name); It != PluggedBy.end())
      Args.push_back({Imp.Name, Imp.S,
                      aliasExport(PlugInst[It->second.first],
                                  It->second.second, Imp.S)});
    else
      Args.push_back({Imp.Name, Imp.S, Kept.at(Imp.Name).second});
  }
  uint32_t SocketInst = instantiate(SocketComp, Args, 0);
  std::vector<uint8_t> Exports;
  putU32(Exports, uint32_t(SS->Exports.size()));
  for (const auto &[Name, S] : SS->Exports) {
    uint32_t Idx = aliasExport(SocketInst, Name, S);
    Exports.push_back(0x00);
    putName(Exports, Name);
    putSort(Exports, S);
    putU32(Exports, Idx);
    Exports.push_back(0x00); // no type ascription
  }
  putSection(Out, kSecExport, Exports);

  ErrorInput = kComposeOutput;
  auto Check = readComponent(Out);
  if (!Check) {
    uint64_t Off = Check.error().Offset;
    for (const Span &Sp : Instantiations)
      if (Off >= Sp.Begin && Off < Sp.End) {
        ErrorInput = Sp.Input;
        return composeError(
            ErrorKind::Link, Error::kNoOffset,
            fmt::format("{} cannot be instantiated with what the "
                        "composition gives it: {}",
                        Sp.Input ? "this plug" : "the socket",
                        Check.error().Message));
      }
    return composeError(ErrorKind::Internal, Off,
                        "the composition does not validate: " +
                            Check.error().Message);
  }
  Res.Bytes = std::move(Out);
  return Res;
}

} // namespace wasmaot::frontend::component
