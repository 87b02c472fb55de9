// Vector arithmetic (spec 4.4.3): lane-wise comparisons, bitwise ops,
// v128.any_true / all_true / bitmask, shifts, integer and float arithmetic.
// Where hardware and the spec disagree, the IR states the spec's rule and
// lets instruction selection find the native form:
//   - shifts take the count modulo the lane width (spec ishl/ishr_*);
//   - iabs of INT_MIN is INT_MIN (llvm.abs without the poison flag);
//   - avgr_u is (a + b + 1) >> 1 in double width (PAVGB/PAVGW, URHADD);
//   - q15mulr_sat_s saturates 0x8000 * 0x8000 (simdQ15MulrSat);
//   - float min/max propagate NaN and order -0 < +0 (llvm.minimum/maximum),
//     with quiet NaN results; pmin/pmax are exactly `b < a ? b : a`;
//   - float results are quiet NaNs even where LLVM folds an identity with a
//     constant operand (quietNaN, as for scalars).
#include "simd.h"

#include <llvm/IR/Intrinsics.h>

namespace wasmaot::codegen {

using simd::Shape;
using ID = llvm::Intrinsic::ID;

/// i16x8.q15mulr_sat_s (spec iq15mulrsat_s): sat16((a * b + 2^14) >> 15).
/// Written as x86's PMULHRSW pattern, trunc(((a * b >> 14) + 1) >> 1),
/// which LLVM selects to that instruction; the products of 16-bit values
/// stay within [-32767, 32768] after rounding, and 32768 (only from
/// -32768 * -32768) wraps to 0x8000, which the final xor turns into 0x7fff.
llvm::Value *FunctionLowerer::simdQ15MulrSat(llvm::Value *L, llvm::Value *R) {
  llvm::Type *Wide = simd::vecOf(S.I32, 8);
  llvm::Type *VT = L->getType();
  llvm::Value *P = B.CreateMul(B.CreateSExt(L, Wide), B.CreateSExt(R, Wide));
  P = B.CreateLShr(P, llvm::ConstantInt::get(Wide, 14));
  P = B.CreateAdd(P, llvm::ConstantInt::get(Wide, 1));
  P = B.CreateTrunc(B.CreateLShr(P, llvm::ConstantInt::get(Wide, 1)), VT);
  llvm::Value *Overflow =
      B.CreateICmpEQ(P, llvm::ConstantInt::get(VT, 0x8000));
  return B.CreateXor(P, B.CreateSExt(Overflow, VT));
}

void FunctionLowerer::lowerSimdArith(const Instr &I) {
  using P = llvm::CmpInst::Predicate;
  Shape Sh = simd::shapeOf(I.Opcode);
  llvm::Type *VT = simd::vecType(S.Ctx, Sh);
  auto IntVT = [&] { return simd::vecType(S.Ctx, simd::intShape(simd::laneBits(Sh))); };
  // Binary operands, left then right.
  llvm::Value *L = nullptr, *R = nullptr;
  auto Pop2 = [&] {
    R = popVec(Sh);
    L = popVec(Sh);
  };
  auto Cmp = [&](P Pred) {
    Pop2();
    pushVec(B.CreateSExt(B.CreateCmp(Pred, L, R), IntVT()));
  };
  auto Bin = [&](ID Id) {
    Pop2();
    pushVec(B.CreateBinaryIntrinsic(Id, L, R));
  };
  auto Un = [&](ID Id) { pushVec(B.CreateUnaryIntrinsic(Id, popVec(Sh))); };
  // Float arithmetic: see quietNaN for why a constant operand matters.
  auto FArith = [&](llvm::Value *V, bool Quiet) {
    pushVec(Quiet ? quietNaN(V) : V);
  };
  auto FRound = [&](ID Id) {
    llvm::Value *X = popVec(Sh);
    FArith(B.CreateUnaryIntrinsic(Id, X), simd::isConstantOperand(X));
  };
  auto Shift = [&](llvm::Instruction::BinaryOps Opc) {
    llvm::Value *Count = B.CreateAnd(pop(), i32(simd::laneBits(Sh) - 1));
    llvm::Value *V = popVec(Sh);
    llvm::Type *LaneT = simd::laneType(S.Ctx, Sh);
    Count = B.CreateZExtOrTrunc(Count, LaneT);
    pushVec(B.CreateBinOp(Opc, V,
                          B.CreateVectorSplat(simd::laneCount(Sh), Count)));
  };
  switch (I.Opcode) {
  // Comparisons: all-ones lanes where true. Ordered float predicates are
  // false on NaN; `ne` is unordered, true on NaN.
  case Op::I8x16Eq: case Op::I16x8Eq: case Op::I32x4Eq: case Op::I64x2Eq:
    return Cmp(P::ICMP_EQ);
  case Op::I8x16Ne: case Op::I16x8Ne: case Op::I32x4Ne: case Op::I64x2Ne:
    return Cmp(P::ICMP_NE);
  case Op::I8x16LtS: case Op::I16x8LtS: case Op::I32x4LtS: case Op::I64x2LtS:
    return Cmp(P::ICMP_SLT);
  case Op::I8x16LtU: case Op::I16x8LtU: case Op::I32x4LtU:
    return Cmp(P::ICMP_ULT);
  case Op::I8x16GtS: case Op::I16x8GtS: case Op::I32x4GtS: case Op::I64x2GtS:
    return Cmp(P::ICMP_SGT);
  case Op::I8x16GtU: case Op::I16x8GtU: case Op::I32x4GtU:
    return Cmp(P::ICMP_UGT);
  case Op::I8x16LeS: case Op::I16x8LeS: case Op::I32x4LeS: case Op::I64x2LeS:
    return Cmp(P::ICMP_SLE);
  case Op::I8x16LeU: case Op::I16x8LeU: case Op::I32x4LeU:
    return Cmp(P::ICMP_ULE);
  case Op::I8x16GeS: case Op::I16x8GeS: case Op::I32x4GeS: case Op::I64x2GeS:
    return Cmp(P::ICMP_SGE);
  case Op::I8x16GeU: case Op::I16x8GeU: case Op::I32x4GeU:
    return Cmp(P::ICMP_UGE);
  case Op::F32x4Eq: case Op::F64x2Eq: return Cmp(P::FCMP_OEQ);
  case Op::F32x4Ne: case Op::F64x2Ne: return Cmp(P::FCMP_UNE);
  case Op::F32x4Lt: case Op::F64x2Lt: return Cmp(P::FCMP_OLT);
  case Op::F32x4Gt: case Op::F64x2Gt: return Cmp(P::FCMP_OGT);
  case Op::F32x4Le: case Op::F64x2Le: return Cmp(P::FCMP_OLE);
  case Op::F32x4Ge: case Op::F64x2Ge: return Cmp(P::FCMP_OGE);

  // Bitwise, on the ABI type itself.
  case Op::V128Not: push(B.CreateNot(pop())); return;
  case Op::V128And: Pop2(); pushVec(B.CreateAnd(L, R)); return;
  case Op::V128AndNot: Pop2(); pushVec(B.CreateAnd(L, B.CreateNot(R))); return;
  case Op::V128Or: Pop2(); pushVec(B.CreateOr(L, R)); return;
  case Op::V128Xor: Pop2(); pushVec(B.CreateXor(L, R)); return;
  case Op::V128Bitselect: {
    // Bits of the first operand where the mask is 1, of the second where 0.
    llvm::Value *C = pop();
    Pop2();
    pushVec(B.CreateOr(B.CreateAnd(L, C), B.CreateAnd(R, B.CreateNot(C))));
    return;
  }

  // Tests: i32 results.
  case Op::V128AnyTrue: {
    llvm::Value *Bits = B.CreateBitCast(pop(), B.getIntNTy(128));
    push(B.CreateZExt(B.CreateICmpNE(Bits, llvm::Constant::getNullValue(
                                               Bits->getType())),
                      S.I32));
    return;
  }
  case Op::I8x16AllTrue: case Op::I16x8AllTrue: case Op::I32x4AllTrue:
  case Op::I64x2AllTrue: {
    llvm::Value *V = popVec(Sh);
    llvm::Value *NonZero =
        B.CreateICmpNE(V, llvm::Constant::getNullValue(VT));
    llvm::Value *Mask =
        B.CreateBitCast(NonZero, B.getIntNTy(simd::laneCount(Sh)));
    push(B.CreateZExt(B.CreateICmpEQ(Mask, llvm::Constant::getAllOnesValue(
                                               Mask->getType())),
                      S.I32));
    return;
  }
  case Op::I8x16Bitmask: case Op::I16x8Bitmask: case Op::I32x4Bitmask:
  case Op::I64x2Bitmask: {
    // Lane i's sign bit is bit i of the result (PMOVMSKB/MOVMSKPS/PD).
    llvm::Value *V = popVec(Sh);
    llvm::Value *Neg = B.CreateICmpSLT(V, llvm::Constant::getNullValue(VT));
    push(B.CreateZExt(
        B.CreateBitCast(Neg, B.getIntNTy(simd::laneCount(Sh))), S.I32));
    return;
  }

  // Shifts: count modulo the lane width.
  case Op::I8x16Shl: case Op::I16x8Shl: case Op::I32x4Shl: case Op::I64x2Shl:
    return Shift(llvm::Instruction::Shl);
  case Op::I8x16ShrS: case Op::I16x8ShrS: case Op::I32x4ShrS:
  case Op::I64x2ShrS:
    return Shift(llvm::Instruction::AShr);
  case Op::I8x16ShrU: case Op::I16x8ShrU: case Op::I32x4ShrU:
  case Op::I64x2ShrU:
    return Shift(llvm::Instruction::LShr);

  // Integer unary.
  case Op::I8x16Abs: case Op::I16x8Abs: case Op::I32x4Abs: case Op::I64x2Abs:
    pushVec(B.CreateBinaryIntrinsic(llvm::Intrinsic::abs, popVec(Sh),
                                    B.getFalse()));
    return;
  case Op::I8x16Neg: case Op::I16x8Neg: case Op::I32x4Neg: case Op::I64x2Neg:
    pushVec(B.CreateNeg(popVec(Sh)));
    return;
  case Op::I8x16Popcnt: return Un(llvm::Intrinsic::ctpop);

  // Integer binary.
  case Op::I8x16Add: case Op::I16x8Add: case Op::I32x4Add: case Op::I64x2Add:
    Pop2(); pushVec(B.CreateAdd(L, R)); return;
  case Op::I8x16Sub: case Op::I16x8Sub: case Op::I32x4Sub: case Op::I64x2Sub:
    Pop2(); pushVec(B.CreateSub(L, R)); return;
  case Op::I16x8Mul: case Op::I32x4Mul: case Op::I64x2Mul:
    Pop2(); pushVec(B.CreateMul(L, R)); return;
  case Op::I8x16AddSatS: case Op::I16x8AddSatS: return Bin(llvm::Intrinsic::sadd_sat);
  case Op::I8x16AddSatU: case Op::I16x8AddSatU: return Bin(llvm::Intrinsic::uadd_sat);
  case Op::I8x16SubSatS: case Op::I16x8SubSatS: return Bin(llvm::Intrinsic::ssub_sat);
  case Op::I8x16SubSatU: case Op::I16x8SubSatU: return Bin(llvm::Intrinsic::usub_sat);
  case Op::I8x16MinS: case Op::I16x8MinS: case Op::I32x4MinS: return Bin(llvm::Intrinsic::smin);
  case Op::I8x16MinU: case Op::I16x8MinU: case Op::I32x4MinU: return Bin(llvm::Intrinsic::umin);
  case Op::I8x16MaxS: case Op::I16x8MaxS: case Op::I32x4MaxS: return Bin(llvm::Intrinsic::smax);
  case Op::I8x16MaxU: case Op::I16x8MaxU: case Op::I32x4MaxU: return Bin(llvm::Intrinsic::umax);
  case Op::I8x16AvgrU: case Op::I16x8AvgrU: {
    Pop2();
    llvm::Type *Wide = simd::vecOf(B.getIntNTy(2 * simd::laneBits(Sh)),
                                   simd::laneCount(Sh));
    llvm::Value *Sum = B.CreateAdd(B.CreateZExt(L, Wide), B.CreateZExt(R, Wide));
    Sum = B.CreateAdd(Sum, llvm::ConstantInt::get(Wide, 1));
    pushVec(B.CreateTrunc(B.CreateLShr(Sum, llvm::ConstantInt::get(Wide, 1)),
                          VT));
    return;
  }
  case Op::I16x8Q15mulrSatS:
    Pop2();
    pushVec(simdQ15MulrSat(L, R));
    return;

  // Float unary. abs and neg are bit operations (sign bit only, payloads
  // kept); sqrt and rounding are arithmetic (quiet NaN results).
  case Op::F32x4Abs: case Op::F64x2Abs: return Un(llvm::Intrinsic::fabs);
  case Op::F32x4Neg: case Op::F64x2Neg: pushVec(B.CreateFNeg(popVec(Sh))); return;
  case Op::F32x4Sqrt: case Op::F64x2Sqrt: return FRound(llvm::Intrinsic::sqrt);
  case Op::F32x4Ceil: case Op::F64x2Ceil: return FRound(llvm::Intrinsic::ceil);
  case Op::F32x4Floor: case Op::F64x2Floor: return FRound(llvm::Intrinsic::floor);
  case Op::F32x4Trunc: case Op::F64x2Trunc: return FRound(llvm::Intrinsic::trunc);
  case Op::F32x4Nearest: case Op::F64x2Nearest:
    return FRound(llvm::Intrinsic::roundeven);

  // Float binary.
  case Op::F32x4Add: case Op::F64x2Add: case Op::F32x4Sub: case Op::F64x2Sub:
  case Op::F32x4Mul: case Op::F64x2Mul: case Op::F32x4Div: case Op::F64x2Div: {
    Pop2();
    llvm::Instruction::BinaryOps Opc =
        I.Opcode == Op::F32x4Add || I.Opcode == Op::F64x2Add
            ? llvm::Instruction::FAdd
        : I.Opcode == Op::F32x4Sub || I.Opcode == Op::F64x2Sub
            ? llvm::Instruction::FSub
        : I.Opcode == Op::F32x4Mul || I.Opcode == Op::F64x2Mul
            ? llvm::Instruction::FMul
            : llvm::Instruction::FDiv;
    FArith(B.CreateBinOp(Opc, L, R),
           simd::isConstantOperand(L) || simd::isConstantOperand(R));
    return;
  }
  case Op::F32x4Min: case Op::F64x2Min:
    Pop2();
    FArith(B.CreateBinaryIntrinsic(llvm::Intrinsic::minimum, L, R), true);
    return;
  case Op::F32x4Max: case Op::F64x2Max:
    Pop2();
    FArith(B.CreateBinaryIntrinsic(llvm::Intrinsic::maximum, L, R), true);
    return;
  case Op::F32x4Pmin: case Op::F64x2Pmin: // b < a ? b : a (MINPS b, a)
    Pop2();
    pushVec(B.CreateSelect(B.CreateFCmpOLT(R, L), R, L));
    return;
  case Op::F32x4Pmax: case Op::F64x2Pmax: // a < b ? b : a (MAXPS b, a)
    Pop2();
    pushVec(B.CreateSelect(B.CreateFCmpOLT(L, R), R, L));
    return;
  default:
    WASMAOT_UNREACHABLE("not a SIMD arithmetic instruction");
  }
}

} // namespace wasmaot::codegen
