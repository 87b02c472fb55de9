// One decoded instruction and the decoder that produces them from a byte
// span. Used by the reader's structural pass, the validator, the printer and
// codegen; the immediate layouts come from ImmKind in opcodes.h.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "wasmaot/frontend/features.h"
#include "wasmaot/frontend/opcodes.h"
#include "wasmaot/frontend/support/byte_reader.h"
#include "wasmaot/frontend/types.h"

namespace wasmaot::frontend {

struct BlockType {
  enum Kind : uint8_t { Empty, Value, Func } K = Empty;
  ValType Val = ValType::I32; ///< for Value
  TypeIdx Type;               ///< for Func
};

struct MemArg {
  uint32_t Align = 0; ///< log2 of the alignment hint
  MemIdx Mem;
  uint64_t Offset = 0;
};

/// A decoded instruction. Only the fields named by opInfo(Opcode).Imm are
/// meaningful.
struct Instr {
  Op Opcode = Op::Nop;
  uint64_t Offset = 0; ///< absolute offset of the first opcode byte
  BlockType Block;
  /// The first index immediate: label (br, br_if, br_table default), func,
  /// type (call_indirect), local, global, table, elem, data, memory.
  uint32_t Idx0 = 0;
  /// The second index immediate: table (call_indirect, table.init), source
  /// table/memory (table.copy, memory.copy), memory (memory.init).
  uint32_t Idx1 = 0;
  MemArg Mem;
  /// i32/i64 constants (two's complement bits) and f32/f64 bit patterns.
  uint64_t Bits = 0;
  std::array<uint8_t, 16> Bytes16{}; ///< v128.const / i8x16.shuffle
  uint8_t Lane = 0;
  ValType RefT = ValType::FuncRef; ///< ref.null type, select's type
  uint32_t SelectArity = 0;        ///< number of types in select t*
  /// br_table targets without the default; valid until the next decode.
  std::span<const uint32_t> Targets;
};

/// Decodes instructions one at a time. Every error is Malformed with the
/// offset of the offending byte.
class InstrReader {
public:
  InstrReader(ByteReader R, FeatureSet Features)
      : R(R), Features(Features) {}

  bool atEnd() const { return R.atEnd(); }
  uint64_t offset() const { return R.offset(); }
  ByteReader &bytes() { return R; }

  Expected<Instr> next();

private:
  Status readImmediates(Instr &I, const OpInfo &Info);
  Status readBlockType(Instr &I);
  Status readZeroByte(const char *What);

  ByteReader R;
  FeatureSet Features;
  std::vector<uint32_t> TargetBuf;
};

} // namespace wasmaot::frontend
