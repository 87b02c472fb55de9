// The instruction vocabulary derived from opcodes.def: the Op enum, the
// per-op static info (OpInfo), and lookups by encoding and by name.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "wasmaot/frontend/features.h"

namespace wasmaot::frontend {

enum class Op : uint16_t {
#define WASM_OP(Name, Prefix, Code, Text, Feat, Imm, Sig, MemBytes, Lanes,     \
                Class)                                                         \
  Name,
#include "wasmaot/frontend/opcodes.def"
};

inline constexpr unsigned kNumOps = 0
#define WASM_OP(Name, Prefix, Code, Text, Feat, Imm, Sig, MemBytes, Lanes,     \
                Class)                                                         \
  +1
#include "wasmaot/frontend/opcodes.def"
    ;

/// The shape of an instruction's immediates in the binary format.
enum class ImmKind : uint8_t {
  None,
  BlockType,    ///< s33 block type
  Label,        ///< labelidx
  BrTable,      ///< vec(labelidx) labelidx
  Func,         ///< funcidx
  CallIndirect, ///< typeidx tableidx
  Local,        ///< localidx
  Global,       ///< globalidx
  Table,        ///< tableidx
  TableCopy,    ///< tableidx tableidx (destination, source)
  TableInit,    ///< elemidx tableidx
  Elem,         ///< elemidx
  Data,         ///< dataidx
  MemoryInit,   ///< dataidx memidx
  MemoryCopy,   ///< memidx memidx
  Mem,          ///< memidx (a zero byte in Wasm 2.0)
  MemArg,       ///< align offset
  I32,          ///< s32
  I64,          ///< s64
  F32,          ///< 4 bytes
  F64,          ///< 8 bytes
  V128,         ///< 16 bytes
  Shuffle,      ///< 16 lane indices
  Lane,         ///< one lane index
  MemArgLane,   ///< memarg, then a lane index
  HeapType,     ///< reftype of ref.null
  SelectT,      ///< vec(valtype)
};

/// Coarse class used to route lowering and generic validation.
enum class OpClass : uint8_t {
  Control, Call, Parametric, Variable, Table, Load, Store, Memory, Const,
  Compare, Unary, Binary, Convert, Ref, Bulk,
  SimdLoad, SimdStore, SimdLoadLane, SimdStoreLane, SimdConst, SimdShuffle,
  SimdSplat, SimdExtract, SimdReplace, SimdCompare, SimdUnary, SimdBinary,
  SimdTernary, SimdShift, SimdTest, SimdConvert,
};

namespace detail {
constexpr size_t kOpTextSizes[] = {
#define WASM_OP(Name, Prefix, Code, Text, Feat, Imm, Sig, MemBytes, Lanes,     \
                Class)                                                         \
  sizeof(Text), sizeof(Sig),
#include "wasmaot/frontend/opcodes.def"
};
/// The largest of the mnemonics (\p Which 0) or of the signatures (1).
constexpr size_t maxOpTextSize(size_t Which) {
  size_t M = 0;
  for (size_t I = Which; I < std::size(kOpTextSizes); I += 2)
    M = kOpTextSizes[I] > M ? kOpTextSizes[I] : M;
  return M;
}
} // namespace detail

/// The strings are stored in the entries, not pointed to: a table of
/// pointers would need a load-time relocation each (two per instruction,
/// six pages of copy-on-write faults at every start of `wasmaot`).
struct OpInfo {
  uint8_t Prefix;     ///< 0 for single-byte opcodes, else 0xFC / 0xFD
  uint32_t Code;      ///< opcode byte, or the u32 after the prefix
  char Text[detail::maxOpTextSize(0)]; ///< mnemonic, NUL-terminated
  Feature Feat;
  ImmKind Imm;
  /// Operand letters before ':' and results after it (i l f d v), or "*"
  /// when the validator types the instruction by hand. NUL-terminated.
  char Sig[detail::maxOpTextSize(1)];
  uint8_t MemBytes; ///< natural access size of memory ops, else 0
  uint8_t Lanes;    ///< lane count bounding a lane immediate, else 0
  OpClass Class;

  constexpr std::string_view text() const { return Text; }
  constexpr std::string_view sig() const { return Sig; }
};

inline constexpr OpInfo kOpInfo[] = {
#define WASM_OP(Name, Prefix, Code, Text, Feat, Imm, Sig, MemBytes, Lanes,     \
                Class)                                                         \
  {Prefix,         Code,     Text,   Feature::Feat, ImmKind::Imm,              \
   Sig,            MemBytes, Lanes,  OpClass::Class},
#include "wasmaot/frontend/opcodes.def"
};
static_assert(sizeof(kOpInfo) / sizeof(kOpInfo[0]) == kNumOps);

inline constexpr const OpInfo &opInfo(Op O) { return kOpInfo[unsigned(O)]; }
inline constexpr std::string_view opName(Op O) { return opInfo(O).text(); }

/// The instruction with this encoding, or nullopt if none exists.
std::optional<Op> lookupOp(uint8_t Prefix, uint32_t Code);
/// The instruction with this text mnemonic (first match), or nullopt.
std::optional<Op> lookupOpByName(std::string_view Text);

} // namespace wasmaot::frontend
