// The core module reader (spec 5.5). Sections are decoded in one pass in
// their mandated order; each function body then gets a structural pass
// (instructions decode, blocks nest, the body ends with `end`) so that every
// error the binary grammar defines is reported here, as Malformed, before
// validation starts.
#include "wasmaot/frontend/reader.h"

#include <cstring>

#include "wasmaot/frontend/instr.h"
#include "wasmaot/frontend/limits.h"
#include "wasmaot/frontend/support/byte_reader.h"

namespace wasmaot::frontend {

namespace {

constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6d};
constexpr uint8_t kVersion[4] = {0x01, 0x00, 0x00, 0x00};

/// Position of each non-custom section in the mandated order (spec 5.5.2).
int sectionRank(SectionId Id) {
  switch (Id) {
  case SectionId::Custom: return 0;
  case SectionId::Type: return 1;
  case SectionId::Import: return 2;
  case SectionId::Function: return 3;
  case SectionId::Table: return 4;
  case SectionId::Memory: return 5;
  case SectionId::Global: return 6;
  case SectionId::Export: return 7;
  case SectionId::Start: return 8;
  case SectionId::Element: return 9;
  case SectionId::DataCount: return 10;
  case SectionId::Code: return 11;
  case SectionId::Data: return 12;
  }
  return -1;
}

Error limitError(uint64_t Off, std::string Msg) {
  return Error{ErrorKind::Limit, Off, std::move(Msg), {}};
}

class ModuleReader {
public:
  ModuleReader(Module &M, const ReadOptions &Opts)
      : M(M), Opts(Opts), R(M.Bytes) {}

  Status read();

private:
  Status readHeader();
  Status readSection(SectionId Id, ByteReader S);
  Status readTypes(ByteReader &S);
  Status readImports(ByteReader &S);
  Status readFunctions(ByteReader &S);
  Status readTables(ByteReader &S);
  Status readMemories(ByteReader &S);
  Status readGlobals(ByteReader &S);
  Status readExports(ByteReader &S);
  Status readStart(ByteReader &S);
  Status readElems(ByteReader &S);
  Status readDataCount(ByteReader &S);
  Status readCode(ByteReader &S);
  Status readDatas(ByteReader &S);
  void readNames(ByteReader S);
  Status scanBody(const Function &F);
  void buildIndexSpaces();

  Expected<ValType> valType(ByteReader &S);
  Expected<ValType> refType(ByteReader &S);
  Expected<Limits> limits(ByteReader &S);
  Expected<TableType> tableType(ByteReader &S);
  Expected<GlobalType> globalType(ByteReader &S);
  Expected<ByteSpan> constExpr(ByteReader &S);
  Expected<uint32_t> u32(ByteReader &S) { return S.varU32(); }

  Module &M;
  const ReadOptions &Opts;
  ByteReader R;
  uint32_t NumFuncDecls = 0; ///< function section count
  bool SawCode = false;
  bool SawData = false;
};

Status ModuleReader::read() {
  WASMAOT_TRY(readHeader());
  int LastRank = 0;
  while (!R.atEnd()) {
    uint64_t Header = R.offset();
    auto IdByte = R.u8();
    if (!IdByte)
      return IdByte.takeError();
    if (*IdByte > uint8_t(SectionId::DataCount))
      return R.malformedAt(Header, fmt::format("malformed section id {}",
                                               *IdByte));
    SectionId Id = SectionId(*IdByte);
    auto Size = R.varU32();
    if (!Size)
      return Size.takeError();
    auto S = R.sub(*Size, fmt::format("{} section", sectionName(Id)));
    if (!S)
      return S.takeError();
    int Rank = sectionRank(Id);
    if (Rank != 0) {
      if (Rank <= LastRank)
        return R.malformedAt(Header,
                             fmt::format("unexpected content after last "
                                         "section: {} section out of order or "
                                         "repeated",
                                         sectionName(Id)));
      LastRank = Rank;
    }
    SectionInfo Info{Id, Header, {S->offset(), *Size}, {}};
    if (Id == SectionId::Custom) {
      auto Name = S->name();
      if (!Name)
        return Name.takeError();
      Info.Name = *Name;
      if (*Name == "name" && Opts.ReadNames)
        readNames(*S);
    } else {
      WASMAOT_TRY(readSection(Id, *S));
    }
    M.Sections.push_back(std::move(Info));
  }
  if (!SawCode && NumFuncDecls != 0)
    return R.malformed("function and code section have inconsistent "
                       "lengths: code section missing");
  if (M.DataCount && !SawData && *M.DataCount != 0)
    return R.malformed("data count and data section have inconsistent "
                       "lengths: data section missing");
  buildIndexSpaces();
  for (const Function &F : M.Functions)
    WASMAOT_TRY(scanBody(F));
  return {};
}

Status ModuleReader::readHeader() {
  auto Magic = R.bytes(4);
  if (!Magic || std::memcmp(Magic->data(), kMagic, 4) != 0)
    return R.malformedAt(0, "magic header not detected: not a WebAssembly "
                            "binary");
  auto Version = R.bytes(4);
  if (!Version)
    return R.malformedAt(4, "unexpected end: missing binary version");
  if (std::memcmp(Version->data(), kVersion, 4) != 0) {
    const uint8_t *V = Version->data();
    if (V[0] == 0x0d && V[2] == 0x01)
      return Error{ErrorKind::Unsupported, 4,
                   "this is a component, not a core module: components are "
                   "not supported yet",
                   {}};
    return R.malformedAt(4, fmt::format("unknown binary version {:#x}",
                                        uint32_t(V[0]) | V[1] << 8 |
                                            V[2] << 16 | uint32_t(V[3]) << 24));
  }
  return {};
}

Status ModuleReader::readSection(SectionId Id, ByteReader S) {
  Status St;
  switch (Id) {
  case SectionId::Custom: WASMAOT_UNREACHABLE("custom handled by caller");
  case SectionId::Type: St = readTypes(S); break;
  case SectionId::Import: St = readImports(S); break;
  case SectionId::Function: St = readFunctions(S); break;
  case SectionId::Table: St = readTables(S); break;
  case SectionId::Memory: St = readMemories(S); break;
  case SectionId::Global: St = readGlobals(S); break;
  case SectionId::Export: St = readExports(S); break;
  case SectionId::Start: St = readStart(S); break;
  case SectionId::Element: St = readElems(S); break;
  case SectionId::Code: St = readCode(S); break;
  case SectionId::Data: St = readDatas(S); break;
  case SectionId::DataCount: St = readDataCount(S); break;
  }
  if (!St)
    return St;
  if (!S.atEnd())
    return S.malformed(fmt::format("section size mismatch: {} bytes left "
                                   "over at the end of the {} section",
                                   S.remaining(), sectionName(Id)));
  return {};
}

Expected<ValType> ModuleReader::valType(ByteReader &S) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  if (!isValTypeCode(*B))
    return S.malformedAt(Off, fmt::format("malformed value type {:#04x}", *B));
  if (*B == uint8_t(ValType::V128) && !M.Features.has(Feature::Simd))
    return S.malformedAt(Off, "malformed value type v128: simd disabled");
  if (*B == uint8_t(ValType::ExternRef) && !M.Features.has(Feature::RefTypes))
    return S.malformedAt(Off, "malformed value type externref: reference "
                              "types disabled");
  return ValType(*B);
}

Expected<ValType> ModuleReader::refType(ByteReader &S) {
  uint64_t Off = S.offset();
  auto B = S.u8();
  if (!B)
    return B.takeError();
  if (*B != uint8_t(ValType::FuncRef) && *B != uint8_t(ValType::ExternRef))
    return S.malformedAt(Off, fmt::format("malformed reference type {:#04x}",
                                          *B));
  return ValType(*B);
}

Expected<Limits> ModuleReader::limits(ByteReader &S) {
  uint64_t Off = S.offset();
  auto Flags = S.u8();
  if (!Flags)
    return Flags.takeError();
  if (*Flags > 1)
    return S.malformedAt(Off, fmt::format("malformed limits flags {:#04x}: "
                                          "expected 0x00 or 0x01",
                                          *Flags));
  Limits L;
  auto Min = S.varU32();
  if (!Min)
    return Min.takeError();
  L.Min = *Min;
  if (*Flags & 1) {
    auto Max = S.varU32();
    if (!Max)
      return Max.takeError();
    L.Max = *Max;
  }
  return L;
}

Expected<TableType> ModuleReader::tableType(ByteReader &S) {
  TableType T;
  auto E = refType(S);
  if (!E)
    return E.takeError();
  T.Elem = *E;
  auto L = limits(S);
  if (!L)
    return L.takeError();
  T.Lim = *L;
  return T;
}

Expected<GlobalType> ModuleReader::globalType(ByteReader &S) {
  GlobalType G;
  auto T = valType(S);
  if (!T)
    return T.takeError();
  G.Type = *T;
  uint64_t Off = S.offset();
  auto Mut = S.u8();
  if (!Mut)
    return Mut.takeError();
  if (*Mut > 1)
    return S.malformedAt(Off, fmt::format("malformed mutability {:#04x}", *Mut));
  G.Mutable = *Mut == 1;
  return G;
}

/// Reads instructions up to the `end` that closes the expression. Constness
/// is the validator's business; here blocks only need to nest.
Expected<ByteSpan> ModuleReader::constExpr(ByteReader &S) {
  uint64_t Start = S.offset();
  InstrReader IR(S, M.Features);
  uint32_t Depth = 0;
  for (;;) {
    if (IR.atEnd())
      return IR.bytes().malformed("unexpected end: constant expression has "
                                  "no `end`");
    auto I = IR.next();
    if (!I)
      return I.takeError();
    if (I->Opcode == Op::Block || I->Opcode == Op::Loop || I->Opcode == Op::If)
      ++Depth;
    else if (I->Opcode == Op::End && Depth-- == 0)
      break;
  }
  uint64_t Len = IR.offset() - Start;
  auto Skip = S.bytes(Len);
  (void)Skip;
  return ByteSpan{Start, Len};
}

Status ModuleReader::readTypes(ByteReader &S) {
  auto N = S.count("type", 3);
  if (!N)
    return N.takeError();
  if (*N > limits::kMaxTypes)
    return limitError(S.offset(), fmt::format("{} types exceed the limit of {}",
                                              *N, limits::kMaxTypes));
  M.Types.reserve(*N);
  for (uint32_t I = 0; I < *N; ++I) {
    uint64_t Off = S.offset();
    auto Form = S.u8();
    if (!Form)
      return Form.takeError();
    if (*Form != 0x60)
      return S.malformedAt(Off, fmt::format("malformed function type: "
                                            "expected 0x60, got {:#04x}",
                                            *Form));
    FuncType T;
    for (auto *List : {&T.Params, &T.Results}) {
      bool IsParams = List == &T.Params;
      auto Count = S.count(IsParams ? "parameter" : "result", 1);
      if (!Count)
        return Count.takeError();
      List->reserve(*Count);
      for (uint32_t K = 0; K < *Count; ++K) {
        auto V = valType(S);
        if (!V)
          return V.takeError();
        List->push_back(*V);
      }
    }
    if (T.Params.size() > limits::kMaxParams)
      return limitError(Off, fmt::format("function type has {} parameters; "
                                         "the limit is {}",
                                         T.Params.size(), limits::kMaxParams));
    if (T.Results.size() > limits::kMaxResults)
      return limitError(Off, fmt::format("function type has {} results; the "
                                         "limit is {}",
                                         T.Results.size(),
                                         limits::kMaxResults));
    M.Types.push_back(std::move(T));
  }
  return {};
}

Status ModuleReader::readImports(ByteReader &S) {
  auto N = S.count("import", 4);
  if (!N)
    return N.takeError();
  if (*N > limits::kMaxImports)
    return limitError(S.offset(), fmt::format("{} imports exceed the limit "
                                              "of {}",
                                              *N, limits::kMaxImports));
  M.Imports.reserve(*N);
  for (uint32_t I = 0; I < *N; ++I) {
    Import Imp;
    Imp.Offset = S.offset();
    auto Mod = S.name();
    if (!Mod)
      return Mod.takeError();
    auto Name = S.name();
    if (!Name)
      return Name.takeError();
    Imp.Module = std::move(*Mod);
    Imp.Name = std::move(*Name);
    uint64_t KindOff = S.offset();
    auto Kind = S.u8();
    if (!Kind)
      return Kind.takeError();
    switch (*Kind) {
    case 0: {
      auto T = S.varU32();
      if (!T)
        return T.takeError();
      Imp.Kind = ExternKind::Func;
      Imp.FuncType = TypeIdx(*T);
      break;
    }
    case 1: {
      auto T = tableType(S);
      if (!T)
        return T.takeError();
      Imp.Kind = ExternKind::Table;
      Imp.Table = *T;
      break;
    }
    case 2: {
      auto L = limits(S);
      if (!L)
        return L.takeError();
      Imp.Kind = ExternKind::Memory;
      Imp.Memory.Lim = *L;
      break;
    }
    case 3: {
      auto G = globalType(S);
      if (!G)
        return G.takeError();
      Imp.Kind = ExternKind::Global;
      Imp.Global = *G;
      break;
    }
    default:
      return S.malformedAt(KindOff, fmt::format("malformed import kind {:#04x}",
                                                *Kind));
    }
    M.Imports.push_back(std::move(Imp));
  }
  return {};
}

Status ModuleReader::readFunctions(ByteReader &S) {
  auto N = S.count("function", 1);
  if (!N)
    return N.takeError();
  if (*N > limits::kMaxFunctions)
    return limitError(S.offset(), fmt::format("{} functions exceed the limit "
                                              "of {}",
                                              *N, limits::kMaxFunctions));
  NumFuncDecls = *N;
  M.Functions.resize(*N);
  for (Function &F : M.Functions) {
    auto T = S.varU32();
    if (!T)
      return T.takeError();
    F.Type = TypeIdx(*T);
  }
  return {};
}

Status ModuleReader::readTables(ByteReader &S) {
  auto N = S.count("table", 3);
  if (!N)
    return N.takeError();
  if (*N > limits::kMaxTables)
    return limitError(S.offset(), fmt::format("{} tables exceed the limit of "
                                              "{}",
                                              *N, limits::kMaxTables));
  for (uint32_t I = 0; I < *N; ++I) {
    auto T = tableType(S);
    if (!T)
      return T.takeError();
    M.Tables.push_back(*T);
  }
  return {};
}

Status ModuleReader::readMemories(ByteReader &S) {
  auto N = S.count("memory", 2);
  if (!N)
    return N.takeError();
  for (uint32_t I = 0; I < *N; ++I) {
    auto L = limits(S);
    if (!L)
      return L.takeError();
    M.Memories.push_back(MemoryType{*L});
  }
  return {};
}

Status ModuleReader::readGlobals(ByteReader &S) {
  auto N = S.count("global", 3);
  if (!N)
    return N.takeError();
  if (*N > limits::kMaxGlobals)
    return limitError(S.offset(), fmt::format("{} globals exceed the limit "
                                              "of {}",
                                              *N, limits::kMaxGlobals));
  M.Globals.reserve(*N);
  for (uint32_t I = 0; I < *N; ++I) {
    Global G;
    auto T = globalType(S);
    if (!T)
      return T.takeError();
    G.Type = *T;
    auto E = constExpr(S);
    if (!E)
      return E.takeError();
    G.Init = *E;
    M.Globals.push_back(G);
  }
  return {};
}

Status ModuleReader::readExports(ByteReader &S) {
  auto N = S.count("export", 3);
  if (!N)
    return N.takeError();
  if (*N > limits::kMaxExports)
    return limitError(S.offset(), fmt::format("{} exports exceed the limit "
                                              "of {}",
                                              *N, limits::kMaxExports));
  M.Exports.reserve(*N);
  for (uint32_t I = 0; I < *N; ++I) {
    Export E;
    E.Offset = S.offset();
    auto Name = S.name();
    if (!Name)
      return Name.takeError();
    E.Name = std::move(*Name);
    uint64_t KindOff = S.offset();
    auto Kind = S.u8();
    if (!Kind)
      return Kind.takeError();
    if (*Kind > 3)
      return S.malformedAt(KindOff, fmt::format("malformed export kind {:#04x}",
                                                *Kind));
    E.Kind = ExternKind(*Kind);
    auto Idx = S.varU32();
    if (!Idx)
      return Idx.takeError();
    E.Index = *Idx;
    M.Exports.push_back(std::move(E));
  }
  return {};
}

Status ModuleReader::readStart(ByteReader &S) {
  M.StartOffset = S.offset();
  auto F = S.varU32();
  if (!F)
    return F.takeError();
  M.Start = FuncIdx(*F);
  return {};
}

Status ModuleReader::readElems(ByteReader &S) {
  auto N = S.count("element segment", 2);
  if (!N)
    return N.takeError();
  if (*N > limits::kMaxElemSegments)
    return limitError(S.offset(), fmt::format("{} element segments exceed "
                                              "the limit of {}",
                                              *N, limits::kMaxElemSegments));
  M.Elems.reserve(*N);
  for (uint32_t I = 0; I < *N; ++I) {
    ElemSegment E;
    E.Offset = S.offset();
    auto Flags = S.varU32();
    if (!Flags)
      return Flags.takeError();
    if (*Flags > 7)
      return S.malformedAt(E.Offset, fmt::format("malformed elements segment "
                                                 "kind {}",
                                                 *Flags));
    if (*Flags != 0 && !M.Features.has(Feature::BulkMemory))
      return S.malformedAt(E.Offset, "element segment flags need bulk memory");
    // Bit 0: passive or declarative; bit 1: explicit table index (active) or
    // declarative; bit 2: expressions instead of function indices.
    bool NotActive = *Flags & 1;
    bool Bit1 = *Flags & 2;
    E.UsesExprs = *Flags & 4;
    E.Mode = !NotActive ? SegmentMode::Active
             : Bit1     ? SegmentMode::Declarative
                        : SegmentMode::Passive;
    if (E.Mode == SegmentMode::Active) {
      if (Bit1) {
        auto T = S.varU32();
        if (!T)
          return T.takeError();
        E.Table = TableIdx(*T);
      }
      auto Off = constExpr(S);
      if (!Off)
        return Off.takeError();
      E.OffsetExpr = *Off;
    }
    // Flags 0 and 4 imply funcref; the others spell the type out.
    if (*Flags != 0 && *Flags != 4) {
      if (E.UsesExprs) {
        auto T = refType(S);
        if (!T)
          return T.takeError();
        E.Type = *T;
      } else {
        uint64_t KOff = S.offset();
        auto Kind = S.u8();
        if (!Kind)
          return Kind.takeError();
        if (*Kind != 0)
          return S.malformedAt(KOff, fmt::format("malformed element kind "
                                                 "{:#04x}",
                                                 *Kind));
        E.Type = ValType::FuncRef;
      }
    }
    auto Count = S.count("element", 1);
    if (!Count)
      return Count.takeError();
    if (E.UsesExprs) {
      E.Exprs.reserve(*Count);
      for (uint32_t K = 0; K < *Count; ++K) {
        auto X = constExpr(S);
        if (!X)
          return X.takeError();
        E.Exprs.push_back(*X);
      }
    } else {
      E.FuncIndices.reserve(*Count);
      for (uint32_t K = 0; K < *Count; ++K) {
        auto F = S.varU32();
        if (!F)
          return F.takeError();
        E.FuncIndices.push_back(*F);
      }
    }
    M.Elems.push_back(std::move(E));
  }
  return {};
}

Status ModuleReader::readDataCount(ByteReader &S) {
  auto N = S.varU32();
  if (!N)
    return N.takeError();
  M.DataCount = *N;
  return {};
}

Status ModuleReader::readCode(ByteReader &S) {
  SawCode = true;
  uint64_t CountOff = S.offset();
  auto N = S.count("code entry", 2);
  if (!N)
    return N.takeError();
  if (*N != NumFuncDecls)
    return S.malformedAt(CountOff,
                         fmt::format("function and code section have "
                                     "inconsistent lengths: {} functions "
                                     "declared, {} bodies",
                                     NumFuncDecls, *N));
  for (Function &F : M.Functions) {
    uint64_t EntryOff = S.offset();
    auto Size = S.varU32();
    if (!Size)
      return Size.takeError();
    if (*Size > limits::kMaxFunctionBodySize)
      return limitError(EntryOff, fmt::format("function body of {} bytes "
                                              "exceeds the limit of {}",
                                              *Size,
                                              limits::kMaxFunctionBodySize));
    auto Body = S.sub(*Size, "function body");
    if (!Body)
      return Body.takeError();
    F.Code = {Body->offset(), *Size};
    auto Groups = Body->count("local declaration", 2);
    if (!Groups)
      return Groups.takeError();
    uint64_t Total = 0;
    F.Locals.reserve(*Groups);
    for (uint32_t K = 0; K < *Groups; ++K) {
      uint64_t GOff = Body->offset();
      auto Count = Body->varU32();
      if (!Count)
        return Count.takeError();
      Total += *Count;
      if (Total > UINT32_MAX)
        return Body->malformedAt(GOff, "too many locals: more than 2^32-1");
      auto T = valType(*Body);
      if (!T)
        return T.takeError();
      F.Locals.push_back({*Count, *T});
    }
    if (Total > limits::kMaxLocals)
      return limitError(F.Code.Offset, fmt::format("function declares {} "
                                                   "locals; the limit is {}",
                                                   Total, limits::kMaxLocals));
    F.NumLocals = uint32_t(Total);
    F.Body = {Body->offset(), Body->remaining()};
    if (F.Body.Size == 0)
      return Body->malformed("unexpected end: function body has no `end`");
  }
  return {};
}

Status ModuleReader::readDatas(ByteReader &S) {
  SawData = true;
  uint64_t CountOff = S.offset();
  auto N = S.count("data segment", 2);
  if (!N)
    return N.takeError();
  if (M.DataCount && *M.DataCount != *N)
    return S.malformedAt(CountOff,
                         fmt::format("data count and data section have "
                                     "inconsistent lengths: {} declared, {} "
                                     "segments",
                                     *M.DataCount, *N));
  if (*N > limits::kMaxDataSegments)
    return limitError(CountOff, fmt::format("{} data segments exceed the "
                                            "limit of {}",
                                            *N, limits::kMaxDataSegments));
  M.Datas.reserve(*N);
  for (uint32_t I = 0; I < *N; ++I) {
    DataSegment D;
    D.Offset = S.offset();
    auto Flags = S.varU32();
    if (!Flags)
      return Flags.takeError();
    if (*Flags > 2)
      return S.malformedAt(D.Offset, fmt::format("malformed data segment "
                                                 "kind {}",
                                                 *Flags));
    if (*Flags != 0 && !M.Features.has(Feature::BulkMemory))
      return S.malformedAt(D.Offset, "data segment flags need bulk memory");
    D.Mode = *Flags == 1 ? SegmentMode::Passive : SegmentMode::Active;
    if (*Flags == 2) {
      auto Mem = S.varU32();
      if (!Mem)
        return Mem.takeError();
      D.Memory = MemIdx(*Mem);
    }
    if (D.Mode == SegmentMode::Active) {
      auto Off = constExpr(S);
      if (!Off)
        return Off.takeError();
      D.OffsetExpr = *Off;
    }
    auto Len = S.count("data byte", 1);
    if (!Len)
      return Len.takeError();
    D.Init = {S.offset(), *Len};
    (void)S.bytes(*Len);
    M.Datas.push_back(D);
  }
  return {};
}

/// The `name` custom section (spec 7.4). Custom sections do not affect
/// validity, so a damaged name section is dropped, not reported.
void ModuleReader::readNames(ByteReader S) {
  NameSection Names;
  auto NameMap = [&](ByteReader &Sub,
                     std::map<uint32_t, std::string> &Out) -> bool {
    auto N = Sub.count("name", 2);
    if (!N)
      return false;
    for (uint32_t I = 0; I < *N; ++I) {
      auto Idx = Sub.varU32();
      if (!Idx)
        return false;
      auto Name = Sub.name();
      if (!Name)
        return false;
      Out[*Idx] = std::move(*Name);
    }
    return true;
  };
  while (!S.atEnd()) {
    auto Id = S.u8();
    if (!Id)
      return;
    auto Size = S.varU32();
    if (!Size)
      return;
    auto Sub = S.sub(*Size, "name subsection");
    if (!Sub)
      return;
    if (*Id == 0) {
      auto Name = Sub->name();
      if (!Name)
        return;
      Names.ModuleName = std::move(*Name);
    } else if (*Id == 1) {
      if (!NameMap(*Sub, Names.FuncNames))
        return;
    } else if (*Id == 2) {
      auto N = Sub->count("function", 2);
      if (!N)
        return;
      for (uint32_t I = 0; I < *N; ++I) {
        auto F = Sub->varU32();
        if (!F || !NameMap(*Sub, Names.LocalNames[*F]))
          return;
      }
    }
  }
  M.Names = std::move(Names);
}

void ModuleReader::buildIndexSpaces() {
  for (const Import &I : M.Imports) {
    switch (I.Kind) {
    case ExternKind::Func:
      M.FuncSpace.push_back(I.FuncType);
      ++M.NumImportedFuncs;
      break;
    case ExternKind::Table:
      M.TableSpace.push_back(I.Table);
      ++M.NumImportedTables;
      break;
    case ExternKind::Memory:
      M.MemorySpace.push_back(I.Memory);
      ++M.NumImportedMemories;
      break;
    case ExternKind::Global:
      M.GlobalSpace.push_back(I.Global);
      ++M.NumImportedGlobals;
      break;
    }
  }
  for (const Function &F : M.Functions)
    M.FuncSpace.push_back(F.Type);
  M.TableSpace.insert(M.TableSpace.end(), M.Tables.begin(), M.Tables.end());
  M.MemorySpace.insert(M.MemorySpace.end(), M.Memories.begin(),
                       M.Memories.end());
  for (const Global &G : M.Globals)
    M.GlobalSpace.push_back(G.Type);
}

/// Structural pass over one body: every instruction decodes, `else` only
/// follows `if`, blocks nest, and the final `end` is the body's last byte.
Status ModuleReader::scanBody(const Function &F) {
  InstrReader IR(ByteReader(M.bytes(F.Body), F.Body.Offset), M.Features);
  std::vector<Op> Blocks; // open block/loop/if (or else)
  for (;;) {
    if (IR.atEnd())
      return IR.bytes().malformed("unexpected end of section or function: "
                                  "function body has no final `end`");
    auto I = IR.next();
    if (!I)
      return I.takeError();
    switch (I->Opcode) {
    case Op::Block:
    case Op::Loop:
    case Op::If:
      if (Blocks.size() >= limits::kMaxBlockDepth)
        return limitError(I->Offset, fmt::format("blocks nest deeper than {}",
                                                 limits::kMaxBlockDepth));
      Blocks.push_back(I->Opcode);
      break;
    case Op::Else:
      if (Blocks.empty() || Blocks.back() != Op::If)
        return IR.bytes().malformedAt(I->Offset, "illegal opcode: `else` "
                                                 "outside an `if`");
      Blocks.back() = Op::Else;
      break;
    case Op::End:
      if (Blocks.empty()) {
        if (!IR.atEnd())
          return IR.bytes().malformedAt(I->Offset + 1,
                                        "section size mismatch: bytes after "
                                        "the function body's final `end`");
        return {};
      }
      Blocks.pop_back();
      break;
    default:
      break;
    }
  }
}

} // namespace

bool isCoreModule(std::span<const uint8_t> Bytes) {
  return Bytes.size() >= 8 && std::memcmp(Bytes.data(), kMagic, 4) == 0 &&
         std::memcmp(Bytes.data() + 4, kVersion, 4) == 0;
}

Expected<Module> readModule(std::span<const uint8_t> Bytes,
                            const ReadOptions &Opts) {
  if (Bytes.size() > limits::kMaxModuleSize)
    return limitError(0, fmt::format("module of {} bytes exceeds the limit of "
                                     "{}",
                                     Bytes.size(), limits::kMaxModuleSize));
  Module M;
  M.Bytes.assign(Bytes.begin(), Bytes.end());
  M.Features = Opts.Features;
  ModuleReader Reader(M, Opts);
  WASMAOT_TRY(Reader.read());
  return M;
}

} // namespace wasmaot::frontend
