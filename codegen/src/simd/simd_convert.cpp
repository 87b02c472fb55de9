// Vector conversions and lane-width changes (spec 4.4.3): saturating
// narrows, extend_low/high, extadd_pairwise, extmul, i32x4.dot_i16x8_s,
// trunc_sat (llvm.fptosi/fptoui.sat: NaN -> 0, out of range saturates),
// int -> float conversions, demote/promote. Each is written as the plain
// widening/narrowing IR that LLVM's x86 and AArch64 backends match to
// PACKSSWB/PACKUSWB, PMOVSX/PMOVZX, PMADDWD, SQXTN/SQXTUN, SMULL, SADDLP...
#include "simd.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/IntrinsicsX86.h>
#include <llvm/TargetParser/Triple.h>

namespace wasmaot::codegen {

using simd::Shape;

void FunctionLowerer::lowerSimdConvert(const Instr &I) {
  Shape Sh = simd::shapeOf(I.Opcode); // the result shape
  unsigned Bits = simd::laneBits(Sh), N = simd::laneCount(Sh);
  llvm::Type *VT = simd::vecType(S.Ctx, Sh);
  // The integer shape with lanes half as wide as the result's.
  auto HalfShape = [&] { return simd::intShape(Bits / 2); };
  auto Ext = [&](llvm::Value *V, llvm::Type *To, bool Signed) {
    return Signed ? B.CreateSExt(V, To) : B.CreateZExt(V, To);
  };
  // Half of a narrow-lane vector (lanes 0..N-1 or N..2N-1), widened.
  auto ExtendHalf = [&](llvm::Value *V, bool High, bool Signed) {
    llvm::Value *Half = B.CreateShuffleVector(V, simd::laneRange(High ? N : 0, N));
    return Ext(Half, VT, Signed);
  };
  // narrow: both operands' lanes, clamped to the narrow range (signed input
  // in both cases: spec narrow_u saturates a signed value to [0, 2^n - 1]).
  auto Narrow = [&](bool Signed) {
    Shape From = simd::intShape(2 * Bits);
    llvm::Value *R = popVec(From);
    llvm::Value *L = popVec(From);
    llvm::Value *Cat = B.CreateShuffleVector(L, R, simd::laneRange(0, N));
    llvm::Type *WideVT = Cat->getType();
    llvm::APInt Lo = Signed ? llvm::APInt::getSignedMinValue(Bits).sext(2 * Bits)
                            : llvm::APInt::getZero(2 * Bits);
    llvm::APInt Hi = Signed ? llvm::APInt::getSignedMaxValue(Bits).sext(2 * Bits)
                            : llvm::APInt::getMaxValue(Bits).zext(2 * Bits);
    Cat = B.CreateBinaryIntrinsic(llvm::Intrinsic::smax, Cat,
                                  llvm::ConstantInt::get(WideVT, Lo));
    Cat = B.CreateBinaryIntrinsic(llvm::Intrinsic::smin, Cat,
                                  llvm::ConstantInt::get(WideVT, Hi));
    pushVec(B.CreateTrunc(Cat, VT));
  };
  auto Extend = [&](bool High, bool Signed) {
    pushVec(ExtendHalf(popVec(HalfShape()), High, Signed));
  };
  // extadd_pairwise: lane i = ext(a[2i]) + ext(a[2i+1]).
  auto ExtaddPairwise = [&](bool Signed) {
    llvm::Value *V = popVec(HalfShape());
    llvm::Value *W = Ext(V, simd::vecOf(simd::laneType(S.Ctx, Sh), 2 * N), Signed);
    llvm::Value *Even = B.CreateShuffleVector(W, simd::laneRange(0, N, 2));
    llvm::Value *Odd = B.CreateShuffleVector(W, simd::laneRange(1, N, 2));
    pushVec(B.CreateAdd(Even, Odd));
  };
  // extmul: the low or high halves of both operands, widened, multiplied.
  auto Extmul = [&](bool High, bool Signed) {
    llvm::Value *R = popVec(HalfShape());
    llvm::Value *L = popVec(HalfShape());
    pushVec(B.CreateMul(ExtendHalf(L, High, Signed), ExtendHalf(R, High, Signed)));
  };
  auto FloatToInt = [&](llvm::Intrinsic::ID Id, Shape From) {
    llvm::Value *X = popVec(From);
    unsigned M = simd::laneCount(From);
    llvm::Type *IT = simd::vecOf(S.I32, M);
    bool Signed = Id == llvm::Intrinsic::fptosi_sat;
    llvm::Value *R;
    if (M == 2) {
      // f64 -> i32: every i32 is exact in f64, so NaN -> 0 and a clamp to
      // the i32 range make the plain conversion exact (CVTTPD2DQ) instead
      // of the scalarised generic expansion of fptosi.sat.
      llvm::Type *DT = X->getType();
      X = B.CreateSelect(B.CreateFCmpUNO(X, X), llvm::Constant::getNullValue(DT), X);
      llvm::Constant *Lo = llvm::ConstantFP::get(DT, Signed ? -2147483648.0 : 0.0);
      llvm::Constant *Hi = llvm::ConstantFP::get(DT, Signed ? 2147483647.0 : 4294967295.0);
      X = B.CreateSelect(B.CreateFCmpOLT(X, Lo), Lo, X);
      X = B.CreateSelect(B.CreateFCmpOGT(X, Hi), Hi, X);
      R = Signed ? B.CreateFPToSI(X, IT) : B.CreateFPToUI(X, IT);
      // the _zero forms: two results, zeros in lanes 2 and 3
      R = B.CreateShuffleVector(R, llvm::Constant::getNullValue(IT),
                                simd::laneRange(0, 4));
    } else if (Signed &&
               llvm::Triple(S.Mod->getTargetTriple()).isX86()) {
      // CVTTPS2DQ (SSE2, every x86-64) gives 0x80000000 for NaN and out of
      // range, which is right below the range; fix NaN and above.
      R = B.CreateIntrinsic(llvm::Intrinsic::x86_sse2_cvttps2dq, {}, {X});
      llvm::Value *Big = B.CreateFCmpOGE(
          X, llvm::ConstantFP::get(X->getType(), 2147483648.0));
      R = B.CreateSelect(Big, llvm::ConstantInt::get(IT, 0x7fffffff), R);
      R = B.CreateSelect(B.CreateFCmpUNO(X, X),
                         llvm::Constant::getNullValue(IT), R);
    } else {
      R = B.CreateIntrinsic(Id, {IT, X->getType()}, {X});
    }
    pushVec(R);
  };
  // convert_low: the low two i32 lanes to f64.
  auto ConvertLow = [&](bool Signed) {
    llvm::Value *Lo = B.CreateShuffleVector(popVec(Shape::I32x4), simd::laneRange(0, 2));
    pushVec(Signed ? B.CreateSIToFP(Lo, VT) : B.CreateUIToFP(Lo, VT));
  };
  switch (I.Opcode) {
  case Op::I8x16NarrowI16x8S: case Op::I16x8NarrowI32x4S: return Narrow(true);
  case Op::I8x16NarrowI16x8U: case Op::I16x8NarrowI32x4U: return Narrow(false);
  case Op::I16x8ExtendLowI8x16S: case Op::I32x4ExtendLowI16x8S:
  case Op::I64x2ExtendLowI32x4S:
    return Extend(false, true);
  case Op::I16x8ExtendHighI8x16S: case Op::I32x4ExtendHighI16x8S:
  case Op::I64x2ExtendHighI32x4S:
    return Extend(true, true);
  case Op::I16x8ExtendLowI8x16U: case Op::I32x4ExtendLowI16x8U:
  case Op::I64x2ExtendLowI32x4U:
    return Extend(false, false);
  case Op::I16x8ExtendHighI8x16U: case Op::I32x4ExtendHighI16x8U:
  case Op::I64x2ExtendHighI32x4U:
    return Extend(true, false);
  case Op::I16x8ExtaddPairwiseI8x16S: case Op::I32x4ExtaddPairwiseI16x8S:
    return ExtaddPairwise(true);
  case Op::I16x8ExtaddPairwiseI8x16U: case Op::I32x4ExtaddPairwiseI16x8U:
    return ExtaddPairwise(false);
  case Op::I16x8ExtmulLowI8x16S: case Op::I32x4ExtmulLowI16x8S:
  case Op::I64x2ExtmulLowI32x4S:
    return Extmul(false, true);
  case Op::I16x8ExtmulHighI8x16S: case Op::I32x4ExtmulHighI16x8S:
  case Op::I64x2ExtmulHighI32x4S:
    return Extmul(true, true);
  case Op::I16x8ExtmulLowI8x16U: case Op::I32x4ExtmulLowI16x8U:
  case Op::I64x2ExtmulLowI32x4U:
    return Extmul(false, false);
  case Op::I16x8ExtmulHighI8x16U: case Op::I32x4ExtmulHighI16x8U:
  case Op::I64x2ExtmulHighI32x4U:
    return Extmul(true, false);
  case Op::I32x4DotI16x8S: {
    // Lane i = a[2i] * b[2i] + a[2i+1] * b[2i+1] in 32 bits (PMADDWD);
    // only -32768^2 * 2 wraps, as the spec's modular add does.
    llvm::Type *Wide = simd::vecOf(S.I32, 8);
    llvm::Value *R = B.CreateSExt(popVec(Shape::I16x8), Wide);
    llvm::Value *L = B.CreateSExt(popVec(Shape::I16x8), Wide);
    llvm::Value *P = B.CreateMul(L, R);
    llvm::Value *Even = B.CreateShuffleVector(P, simd::laneRange(0, 4, 2));
    llvm::Value *Odd = B.CreateShuffleVector(P, simd::laneRange(1, 4, 2));
    pushVec(B.CreateAdd(Even, Odd));
    return;
  }
  case Op::I32x4TruncSatF32x4S:
    return FloatToInt(llvm::Intrinsic::fptosi_sat, Shape::F32x4);
  case Op::I32x4TruncSatF32x4U:
    return FloatToInt(llvm::Intrinsic::fptoui_sat, Shape::F32x4);
  case Op::I32x4TruncSatF64x2SZero:
    return FloatToInt(llvm::Intrinsic::fptosi_sat, Shape::F64x2);
  case Op::I32x4TruncSatF64x2UZero:
    return FloatToInt(llvm::Intrinsic::fptoui_sat, Shape::F64x2);
  case Op::F32x4ConvertI32x4S:
    pushVec(B.CreateSIToFP(popVec(Shape::I32x4), VT));
    return;
  case Op::F32x4ConvertI32x4U:
    pushVec(B.CreateUIToFP(popVec(Shape::I32x4), VT));
    return;
  case Op::F64x2ConvertLowI32x4S: return ConvertLow(true);
  case Op::F64x2ConvertLowI32x4U: return ConvertLow(false);
  case Op::F32x4DemoteF64x2Zero: {
    // Always quieted: LLVM folds demote(promote(x)) to x (as for scalars),
    // and the three extra instructions are cheap next to CVTPD2PS.
    llvm::Value *D = B.CreateFPTrunc(popVec(Shape::F64x2), simd::vecOf(S.F32, 2));
    D = quietNaN(D);
    pushVec(B.CreateShuffleVector(D, llvm::Constant::getNullValue(D->getType()),
                                  simd::laneRange(0, 4)));
    return;
  }
  case Op::F64x2PromoteLowF32x4: {
    llvm::Value *Lo = B.CreateShuffleVector(popVec(Shape::F32x4), simd::laneRange(0, 2));
    pushVec(B.CreateFPExt(Lo, VT));
    return;
  }
  default:
    WASMAOT_UNREACHABLE("not a SIMD conversion");
  }
}

} // namespace wasmaot::codegen
