// Instruction decoding driven by the ImmKind column of opcodes.def
// (spec 5.4). Malformed encodings are reported at the offending byte.
#include "wasmaot/frontend/instr.h"

namespace wasmaot::frontend {

Expected<Instr> InstrReader::next() {
  Instr I;
  I.Offset = R.offset();
  auto B = R.u8();
  if (!B)
    return B.takeError();
  uint8_t Prefix = 0;
  uint32_t Code = *B;
  if (*B == 0xfc || *B == 0xfd) {
    Prefix = *B;
    auto C = R.varU32();
    if (!C)
      return C.takeError();
    Code = *C;
  }
  std::optional<Op> O = lookupOp(Prefix, Code);
  if (!O) {
    if (Prefix)
      return R.malformedAt(I.Offset, fmt::format("illegal opcode {:#04x} {:#x}",
                                                 Prefix, Code));
    return R.malformedAt(I.Offset, fmt::format("illegal opcode {:#04x}", Code));
  }
  const OpInfo &Info = opInfo(*O);
  if (!Features.has(Info.Feat))
    return R.malformedAt(I.Offset,
                         fmt::format("illegal opcode {}: the {} feature is "
                                     "not enabled",
                                     Info.Text, featureName(Info.Feat)));
  I.Opcode = *O;
  WASMAOT_TRY(readImmediates(I, Info));
  return I;
}

Status InstrReader::readZeroByte(const char *What) {
  uint64_t Off = R.offset();
  auto B = R.u8();
  if (!B)
    return B.takeError();
  if (*B != 0)
    return R.malformedAt(Off, fmt::format("zero byte expected in {}", What));
  return {};
}

Status InstrReader::readBlockType(Instr &I) {
  uint64_t Off = R.offset();
  if (R.atEnd())
    return R.malformed("unexpected end: expected a block type");
  uint8_t B = R.data()[R.pos()];
  if (B == 0x40) {
    (void)R.u8();
    I.Block.K = BlockType::Empty;
    return {};
  }
  if (isValTypeCode(B)) {
    (void)R.u8();
    I.Block.K = BlockType::Value;
    I.Block.Val = ValType(B);
    if (I.Block.Val == ValType::V128 && !Features.has(Feature::Simd))
      return R.malformedAt(Off, "malformed value type v128: simd disabled");
    return {};
  }
  auto V = R.varS33();
  if (!V)
    return V.takeError();
  if (*V < 0)
    return R.malformedAt(Off, fmt::format("malformed block type {:#x}",
                                          uint8_t(*V & 0x7f)));
  if (!Features.has(Feature::MultiValue))
    return R.malformedAt(Off, "type-indexed block types need multi-value");
  I.Block.K = BlockType::Func;
  I.Block.Type = TypeIdx(uint32_t(*V));
  return {};
}

Status InstrReader::readImmediates(Instr &I, const OpInfo &Info) {
  auto U32 = [&](uint32_t &Out) -> Status {
    auto V = R.varU32();
    if (!V)
      return V.takeError();
    Out = *V;
    return {};
  };
  auto ReadMemArg = [&]() -> Status {
    WASMAOT_TRY(U32(I.Mem.Align));
    auto Off = R.varU32();
    if (!Off)
      return Off.takeError();
    I.Mem.Offset = *Off;
    I.Mem.Mem = MemIdx(0);
    return {};
  };
  switch (Info.Imm) {
  case ImmKind::None:
    return {};
  case ImmKind::BlockType:
    return readBlockType(I);
  case ImmKind::Label:
  case ImmKind::Func:
  case ImmKind::Local:
  case ImmKind::Global:
  case ImmKind::Table:
  case ImmKind::Elem:
  case ImmKind::Data:
    return U32(I.Idx0);
  case ImmKind::BrTable: {
    auto N = R.count("br_table target", 1);
    if (!N)
      return N.takeError();
    TargetBuf.resize(*N);
    for (uint32_t &T : TargetBuf)
      WASMAOT_TRY(U32(T));
    I.Targets = TargetBuf;
    return U32(I.Idx0);
  }
  case ImmKind::CallIndirect: {
    WASMAOT_TRY(U32(I.Idx0));
    uint64_t Off = R.offset();
    WASMAOT_TRY(U32(I.Idx1));
    if (I.Idx1 != 0 && !Features.has(Feature::RefTypes))
      return R.malformedAt(Off, "zero byte expected in call_indirect");
    return {};
  }
  case ImmKind::TableCopy:
  case ImmKind::TableInit:
    WASMAOT_TRY(U32(I.Idx0));
    return U32(I.Idx1);
  case ImmKind::MemoryInit:
    WASMAOT_TRY(U32(I.Idx0));
    I.Idx1 = 0;
    return readZeroByte("memory.init");
  case ImmKind::MemoryCopy:
    WASMAOT_TRY(readZeroByte("memory.copy"));
    return readZeroByte("memory.copy");
  case ImmKind::Mem:
    I.Idx0 = 0;
    return readZeroByte(Info.Text);
  case ImmKind::MemArg:
    return ReadMemArg();
  case ImmKind::MemArgLane: {
    WASMAOT_TRY(ReadMemArg());
    auto L = R.u8();
    if (!L)
      return L.takeError();
    I.Lane = *L;
    return {};
  }
  case ImmKind::I32: {
    auto V = R.varS32();
    if (!V)
      return V.takeError();
    I.Bits = uint32_t(*V);
    return {};
  }
  case ImmKind::I64: {
    auto V = R.varS64();
    if (!V)
      return V.takeError();
    I.Bits = uint64_t(*V);
    return {};
  }
  case ImmKind::F32: {
    auto V = R.u32le();
    if (!V)
      return V.takeError();
    I.Bits = *V;
    return {};
  }
  case ImmKind::F64: {
    auto V = R.u64le();
    if (!V)
      return V.takeError();
    I.Bits = *V;
    return {};
  }
  case ImmKind::V128:
  case ImmKind::Shuffle: {
    auto B = R.bytes(16);
    if (!B)
      return B.takeError();
    std::copy(B->begin(), B->end(), I.Bytes16.begin());
    return {};
  }
  case ImmKind::Lane: {
    auto L = R.u8();
    if (!L)
      return L.takeError();
    I.Lane = *L;
    return {};
  }
  case ImmKind::HeapType: {
    uint64_t Off = R.offset();
    auto B = R.u8();
    if (!B)
      return B.takeError();
    if (*B != uint8_t(ValType::FuncRef) && *B != uint8_t(ValType::ExternRef))
      return R.malformedAt(Off, fmt::format("malformed reference type {:#04x}",
                                            *B));
    I.RefT = ValType(*B);
    return {};
  }
  case ImmKind::SelectT: {
    auto N = R.count("select type", 1);
    if (!N)
      return N.takeError();
    I.SelectArity = *N;
    for (uint32_t K = 0; K < *N; ++K) {
      uint64_t Off = R.offset();
      auto B = R.u8();
      if (!B)
        return B.takeError();
      if (!isValTypeCode(*B))
        return R.malformedAt(Off, fmt::format("malformed value type {:#04x}",
                                              *B));
      if (K == 0)
        I.RefT = ValType(*B);
    }
    return {};
  }
  }
  WASMAOT_UNREACHABLE("unknown immediate kind");
}

} // namespace wasmaot::frontend
