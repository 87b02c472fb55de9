// Fixed-width SIMD (spec 4.4.3 vector instructions): dispatch of every 0xfd
// instruction to its family, by the Class column of the opcode table.
//
//   simd_memory.cpp   v128 loads/stores, extending, splat, zero, lane loads
//   simd_lanes.cpp    v128.const, shuffle, swizzle, splat, extract/replace
//   simd_arith.cpp    compares, bitwise, tests, shifts, int/float arithmetic
//   simd_convert.cpp  narrow, extend, extadd, extmul, dot, float<->int
//
// All values cross instruction boundaries as S.V128 (<2 x i64>); each
// lowering bitcasts to the shape it works on (simd.h) and back.
#include "simd.h"

namespace wasmaot::codegen {

using simd::Shape;

llvm::Value *FunctionLowerer::popVec(Shape Sh) {
  return B.CreateBitCast(pop(), simd::vecType(S.Ctx, Sh));
}

Status FunctionLowerer::lowerSimd(const Instr &I) {
  using frontend::OpClass;
  switch (frontend::opInfo(I.Opcode).Class) {
  case OpClass::SimdLoad:
  case OpClass::SimdStore:
  case OpClass::SimdLoadLane:
  case OpClass::SimdStoreLane:
    lowerSimdMemory(I);
    return {};
  case OpClass::SimdConst:
  case OpClass::SimdShuffle:
  case OpClass::SimdSplat:
  case OpClass::SimdExtract:
  case OpClass::SimdReplace:
    lowerSimdLanes(I);
    return {};
  case OpClass::SimdBinary:
    switch (I.Opcode) {
    case Op::I8x16Swizzle:
      lowerSimdLanes(I);
      return {};
    case Op::I16x8ExtmulLowI8x16S: case Op::I16x8ExtmulHighI8x16S:
    case Op::I16x8ExtmulLowI8x16U: case Op::I16x8ExtmulHighI8x16U:
    case Op::I32x4ExtmulLowI16x8S: case Op::I32x4ExtmulHighI16x8S:
    case Op::I32x4ExtmulLowI16x8U: case Op::I32x4ExtmulHighI16x8U:
    case Op::I64x2ExtmulLowI32x4S: case Op::I64x2ExtmulHighI32x4S:
    case Op::I64x2ExtmulLowI32x4U: case Op::I64x2ExtmulHighI32x4U:
    case Op::I32x4DotI16x8S:
      lowerSimdConvert(I);
      return {};
    default:
      lowerSimdArith(I);
      return {};
    }
  case OpClass::SimdCompare:
  case OpClass::SimdUnary:
  case OpClass::SimdTernary:
  case OpClass::SimdShift:
  case OpClass::SimdTest:
    lowerSimdArith(I);
    return {};
  case OpClass::SimdConvert:
    lowerSimdConvert(I);
    return {};
  case OpClass::Control: case OpClass::Parametric: case OpClass::Call:
  case OpClass::Variable: case OpClass::Table: case OpClass::Ref:
  case OpClass::Load: case OpClass::Store: case OpClass::Memory:
  case OpClass::Bulk: case OpClass::Const: case OpClass::Compare:
  case OpClass::Unary: case OpClass::Binary: case OpClass::Convert:
    break;
  }
  WASMAOT_UNREACHABLE("not a SIMD instruction");
}

} // namespace wasmaot::codegen
