// Lane-structure instructions (spec 4.4.3): v128.const, i8x16.shuffle,
// i8x16.swizzle, splats, extract_lane and replace_lane. Lane immediates are
// validated (< lane count) by the frontend.
#include "simd.h"

#include <llvm/IR/IntrinsicsAArch64.h>
#include <llvm/TargetParser/Triple.h>

namespace wasmaot::codegen {

using simd::Shape;

/// i8x16.swizzle (spec 4.4.3.4): lane i = Src[Idx[i]] if Idx[i] < 16, else
/// 0. AArch64's TBL has exactly this rule. Elsewhere the lane-by-lane
/// extract/insert chain below is what x86's instruction selection turns
/// into one PSHUFB on the masked indices (a variable permute); the select
/// zeroes out-of-range lanes (PSHUFB alone only zeroes indices >= 128).
llvm::Value *FunctionLowerer::simdSwizzle(llvm::Value *Src, llvm::Value *Idx) {
  llvm::Type *VT = Src->getType();
  if (llvm::Triple(S.Mod->getTargetTriple()).isAArch64())
    return B.CreateIntrinsic(llvm::Intrinsic::aarch64_neon_tbl1, {VT},
                             {Src, Idx});
  llvm::Value *Masked =
      B.CreateAnd(Idx, llvm::ConstantInt::get(VT, 15));
  llvm::Value *R = llvm::PoisonValue::get(VT);
  for (unsigned K = 0; K < 16; ++K) {
    llvm::Value *J = B.CreateExtractElement(Masked, uint64_t(K));
    R = B.CreateInsertElement(R, B.CreateExtractElement(Src, J), uint64_t(K));
  }
  llvm::Value *InRange =
      B.CreateICmpULT(Idx, llvm::ConstantInt::get(VT, 16));
  return B.CreateSelect(InRange, R, llvm::Constant::getNullValue(VT));
}

void FunctionLowerer::lowerSimdLanes(const Instr &I) {
  Shape Sh = simd::shapeOf(I.Opcode);
  switch (I.Opcode) {
  case Op::V128Const: {
    // Little-endian: byte 0 is the lowest byte of i64 lane 0.
    uint64_t Lo = 0, Hi = 0;
    for (unsigned K = 0; K < 8; ++K) {
      Lo |= uint64_t(I.Bytes16[K]) << (8 * K);
      Hi |= uint64_t(I.Bytes16[8 + K]) << (8 * K);
    }
    push(llvm::ConstantDataVector::get(S.Ctx, llvm::ArrayRef<uint64_t>{Lo, Hi}));
    return;
  }
  case Op::I8x16Shuffle: {
    // Lane indices 0-15 pick from the first operand, 16-31 from the second.
    llvm::Value *R = popVec(Shape::I8x16);
    llvm::Value *L = popVec(Shape::I8x16);
    llvm::SmallVector<int, 16> Mask(I.Bytes16.begin(), I.Bytes16.end());
    pushVec(B.CreateShuffleVector(L, R, Mask));
    return;
  }
  case Op::I8x16Swizzle: {
    llvm::Value *Idx = popVec(Shape::I8x16);
    pushVec(simdSwizzle(popVec(Shape::I8x16), Idx));
    return;
  }
  case Op::I8x16Splat: case Op::I16x8Splat: case Op::I32x4Splat:
  case Op::I64x2Splat: case Op::F32x4Splat: case Op::F64x2Splat: {
    llvm::Value *X = pop();
    llvm::Type *LaneT = simd::laneType(S.Ctx, Sh);
    if (X->getType() != LaneT) // i8/i16 lanes from an i32 operand
      X = B.CreateTrunc(X, LaneT);
    pushVec(B.CreateVectorSplat(simd::laneCount(Sh), X));
    return;
  }
  case Op::I8x16ExtractLaneS: case Op::I16x8ExtractLaneS:
    push(B.CreateSExt(B.CreateExtractElement(popVec(Sh), uint64_t(I.Lane)),
                      S.I32));
    return;
  case Op::I8x16ExtractLaneU: case Op::I16x8ExtractLaneU:
    push(B.CreateZExt(B.CreateExtractElement(popVec(Sh), uint64_t(I.Lane)),
                      S.I32));
    return;
  case Op::I32x4ExtractLane: case Op::I64x2ExtractLane:
  case Op::F32x4ExtractLane: case Op::F64x2ExtractLane:
    push(B.CreateExtractElement(popVec(Sh), uint64_t(I.Lane)));
    return;
  case Op::I8x16ReplaceLane: case Op::I16x8ReplaceLane:
  case Op::I32x4ReplaceLane: case Op::I64x2ReplaceLane:
  case Op::F32x4ReplaceLane: case Op::F64x2ReplaceLane: {
    llvm::Value *X = pop();
    llvm::Value *V = popVec(Sh);
    llvm::Type *LaneT = simd::laneType(S.Ctx, Sh);
    if (X->getType() != LaneT)
      X = B.CreateTrunc(X, LaneT);
    pushVec(B.CreateInsertElement(V, X, uint64_t(I.Lane)));
    return;
  }
  default:
    WASMAOT_UNREACHABLE("not a SIMD lane instruction");
  }
}

} // namespace wasmaot::codegen
