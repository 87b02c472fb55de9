// Numeric instructions (spec 4.4.1): constants, integer and float arithmetic,
// comparisons, conversions. Exact wasm semantics: shifts mask their count,
// division traps on zero and signed overflow, float min/max propagate NaN and
// order -0 < +0 (llvm.minimum/maximum), nearest rounds half to even,
// trapping float-to-int conversions check NaN and range before converting.
#include "lowerer.h"

#include <llvm/IR/Intrinsics.h>

namespace wasmaot::codegen {

using abi::TrapCode;
using ID = llvm::Intrinsic::ID;

Status FunctionLowerer::lowerNumeric(const Instr &I) {
  const frontend::OpInfo &Info = frontend::opInfo(I.Opcode);
  switch (Info.Class) {
  case frontend::OpClass::Const:
    switch (I.Opcode) {
    case Op::I32Const: push(i32(uint32_t(I.Bits))); break;
    case Op::I64Const: push(i64(I.Bits)); break;
    case Op::F32Const:
      // From the bit pattern, so NaN payloads survive.
      push(llvm::ConstantFP::get(
          S.Ctx, llvm::APFloat(llvm::APFloat::IEEEsingle(),
                               llvm::APInt(32, uint32_t(I.Bits)))));
      break;
    case Op::F64Const:
      push(llvm::ConstantFP::get(
          S.Ctx, llvm::APFloat(llvm::APFloat::IEEEdouble(),
                               llvm::APInt(64, I.Bits))));
      break;
    default: WASMAOT_UNREACHABLE("bad const");
    }
    return {};
  case frontend::OpClass::Unary:
    push(lowerUnary(I.Opcode, pop()));
    return {};
  case frontend::OpClass::Convert:
    push(lowerConvert(I.Opcode, pop()));
    return {};
  case frontend::OpClass::Binary: {
    llvm::Value *R = pop();
    llvm::Value *L = pop();
    push(lowerBinary(I.Opcode, L, R));
    return {};
  }
  case frontend::OpClass::Compare: {
    if (I.Opcode == Op::I32Eqz || I.Opcode == Op::I64Eqz) {
      llvm::Value *X = pop();
      push(B.CreateZExt(B.CreateICmpEQ(X, llvm::Constant::getNullValue(
                                              X->getType())),
                        S.I32));
      return {};
    }
    llvm::Value *R = pop();
    llvm::Value *L = pop();
    push(B.CreateZExt(lowerCompare(I.Opcode, L, R), S.I32));
    return {};
  }
  default:
    WASMAOT_UNREACHABLE("not numeric");
  }
}

llvm::Value *FunctionLowerer::lowerUnary(Op O, llvm::Value *X) {
  llvm::Type *T = X->getType();
  auto Intr = [&](ID Id) { return B.CreateUnaryIntrinsic(Id, X); };
  auto ExtendFrom = [&](unsigned Bits) {
    return B.CreateSExt(B.CreateTrunc(X, B.getIntNTy(Bits)), T);
  };
  switch (O) {
  case Op::I32Clz: case Op::I64Clz:
    return B.CreateBinaryIntrinsic(llvm::Intrinsic::ctlz, X, B.getFalse());
  case Op::I32Ctz: case Op::I64Ctz:
    return B.CreateBinaryIntrinsic(llvm::Intrinsic::cttz, X, B.getFalse());
  case Op::I32Popcnt: case Op::I64Popcnt:
    return Intr(llvm::Intrinsic::ctpop);
  case Op::F32Abs: case Op::F64Abs: return Intr(llvm::Intrinsic::fabs);
  case Op::F32Neg: case Op::F64Neg: return B.CreateFNeg(X);
  case Op::F32Ceil: case Op::F64Ceil: return Intr(llvm::Intrinsic::ceil);
  case Op::F32Floor: case Op::F64Floor: return Intr(llvm::Intrinsic::floor);
  case Op::F32Trunc: case Op::F64Trunc: return Intr(llvm::Intrinsic::trunc);
  case Op::F32Nearest: case Op::F64Nearest:
    return Intr(llvm::Intrinsic::roundeven);
  case Op::F32Sqrt: case Op::F64Sqrt: return Intr(llvm::Intrinsic::sqrt);
  case Op::I32Extend8S: case Op::I64Extend8S: return ExtendFrom(8);
  case Op::I32Extend16S: case Op::I64Extend16S: return ExtendFrom(16);
  case Op::I64Extend32S: return ExtendFrom(32);
  default: WASMAOT_UNREACHABLE("not unary");
  }
}

llvm::Value *FunctionLowerer::divRem(Op O, llvm::Value *L, llvm::Value *R) {
  llvm::Type *T = L->getType();
  llvm::Value *Zero = llvm::ConstantInt::get(T, 0);
  trapIf(B.CreateICmpEQ(R, Zero), TrapCode::IntDivByZero);
  unsigned Bits = T->getIntegerBitWidth();
  llvm::Value *MinusOne = llvm::ConstantInt::getSigned(T, -1);
  llvm::Value *Min = llvm::ConstantInt::get(T, llvm::APInt::getSignedMinValue(Bits));
  switch (O) {
  case Op::I32DivS: case Op::I64DivS:
    trapIf(B.CreateAnd(B.CreateICmpEQ(L, Min), B.CreateICmpEQ(R, MinusOne)),
           TrapCode::IntOverflow);
    return B.CreateSDiv(L, R);
  case Op::I32RemS: case Op::I64RemS: {
    // INT_MIN rem -1 is 0 in wasm but faults in hardware: divide by 1.
    llvm::Value *IsM1 = B.CreateICmpEQ(R, MinusOne);
    llvm::Value *Safe = B.CreateSelect(IsM1, llvm::ConstantInt::get(T, 1), R);
    return B.CreateSelect(IsM1, Zero, B.CreateSRem(L, Safe));
  }
  case Op::I32DivU: case Op::I64DivU: return B.CreateUDiv(L, R);
  case Op::I32RemU: case Op::I64RemU: return B.CreateURem(L, R);
  default: WASMAOT_UNREACHABLE("not div/rem");
  }
}

/// Sets the quiet bit of a NaN result. Wasm requires arithmetic results to
/// be quiet NaNs (spec 4.3.3); hardware quiets signalling inputs, but
/// x86's min/max return a NaN operand unchanged and LLVM folds `x - 0.0`,
/// `x * 1.0`, `x / 1.0` to `x`, which would leak a signalling NaN. Works
/// per lane on float vectors too (f32x4, f64x2).
llvm::Value *FunctionLowerer::quietNaN(llvm::Value *V) {
  llvm::Type *FT = V->getType();
  bool IsF32 = FT->getScalarType() == S.F32;
  llvm::Type *IT = FT->getWithNewType(IsF32 ? S.I32 : S.I64);
  llvm::Value *Quiet = llvm::ConstantInt::get(
      IT, IsF32 ? 0x00400000ull : 0x0008000000000000ull);
  llvm::Value *Quieted =
      B.CreateBitCast(B.CreateOr(B.CreateBitCast(V, IT), Quiet), FT);
  return B.CreateSelect(B.CreateFCmpUNO(V, V), Quieted, V);
}

llvm::Value *FunctionLowerer::lowerBinary(Op O, llvm::Value *L,
                                          llvm::Value *R) {
  llvm::Type *T = L->getType();
  // LLVM folds an operation with an identity operand away (x * 1.0,
  // x / 1.0, x + -0.0, x - 0.0, and x * -1.0 / x / -1.0 / -0.0 - x to
  // fneg), which would leak a signalling NaN (see quietNaN). Any other
  // constant keeps the instruction, and the hardware quiets the NaN, so
  // only those pay for quietNaN: `0.2 * x` in a stencil stays one mulsd.
  auto IsConst = [](llvm::Value *V, double A) {
    auto *C = llvm::dyn_cast<llvm::ConstantFP>(V);
    return C && (C->isExactlyValue(A) || C->isExactlyValue(-A));
  };
  auto Arith = [&](llvm::Value *V) {
    bool Identity = false;
    switch (O) {
    case Op::F32Mul: case Op::F64Mul:
      Identity = IsConst(L, 1.0) || IsConst(R, 1.0);
      break;
    case Op::F32Div: case Op::F64Div: Identity = IsConst(R, 1.0); break;
    default: // add, sub
      Identity = IsConst(L, 0.0) || IsConst(R, 0.0);
      break;
    }
    return Identity ? quietNaN(V) : V;
  };
  auto Mask = [&](llvm::Value *Count) {
    unsigned Bits = T->getIntegerBitWidth();
    return B.CreateAnd(Count, llvm::ConstantInt::get(T, Bits - 1));
  };
  switch (O) {
  case Op::I32Add: case Op::I64Add: return B.CreateAdd(L, R);
  case Op::I32Sub: case Op::I64Sub: return B.CreateSub(L, R);
  case Op::I32Mul: case Op::I64Mul: return B.CreateMul(L, R);
  case Op::I32DivS: case Op::I64DivS: case Op::I32DivU: case Op::I64DivU:
  case Op::I32RemS: case Op::I64RemS: case Op::I32RemU: case Op::I64RemU:
    return divRem(O, L, R);
  case Op::I32And: case Op::I64And: return B.CreateAnd(L, R);
  case Op::I32Or: case Op::I64Or: return B.CreateOr(L, R);
  case Op::I32Xor: case Op::I64Xor: return B.CreateXor(L, R);
  case Op::I32Shl: case Op::I64Shl: return B.CreateShl(L, Mask(R));
  case Op::I32ShrS: case Op::I64ShrS: return B.CreateAShr(L, Mask(R));
  case Op::I32ShrU: case Op::I64ShrU: return B.CreateLShr(L, Mask(R));
  case Op::I32Rotl: case Op::I64Rotl:
    return B.CreateIntrinsic(llvm::Intrinsic::fshl, {T}, {L, L, R});
  case Op::I32Rotr: case Op::I64Rotr:
    return B.CreateIntrinsic(llvm::Intrinsic::fshr, {T}, {L, L, R});
  case Op::F32Add: case Op::F64Add: return Arith(B.CreateFAdd(L, R));
  case Op::F32Sub: case Op::F64Sub: return Arith(B.CreateFSub(L, R));
  case Op::F32Mul: case Op::F64Mul: return Arith(B.CreateFMul(L, R));
  case Op::F32Div: case Op::F64Div: return Arith(B.CreateFDiv(L, R));
  case Op::F32Min: case Op::F64Min:
    return quietNaN(B.CreateBinaryIntrinsic(llvm::Intrinsic::minimum, L, R));
  case Op::F32Max: case Op::F64Max:
    return quietNaN(B.CreateBinaryIntrinsic(llvm::Intrinsic::maximum, L, R));
  case Op::F32Copysign: case Op::F64Copysign:
    return B.CreateBinaryIntrinsic(llvm::Intrinsic::copysign, L, R);
  default: WASMAOT_UNREACHABLE("not binary");
  }
}

llvm::Value *FunctionLowerer::lowerCompare(Op O, llvm::Value *L,
                                           llvm::Value *R) {
  using P = llvm::CmpInst::Predicate;
  P Pred;
  switch (O) {
  case Op::I32Eq: case Op::I64Eq: Pred = P::ICMP_EQ; break;
  case Op::I32Ne: case Op::I64Ne: Pred = P::ICMP_NE; break;
  case Op::I32LtS: case Op::I64LtS: Pred = P::ICMP_SLT; break;
  case Op::I32LtU: case Op::I64LtU: Pred = P::ICMP_ULT; break;
  case Op::I32GtS: case Op::I64GtS: Pred = P::ICMP_SGT; break;
  case Op::I32GtU: case Op::I64GtU: Pred = P::ICMP_UGT; break;
  case Op::I32LeS: case Op::I64LeS: Pred = P::ICMP_SLE; break;
  case Op::I32LeU: case Op::I64LeU: Pred = P::ICMP_ULE; break;
  case Op::I32GeS: case Op::I64GeS: Pred = P::ICMP_SGE; break;
  case Op::I32GeU: case Op::I64GeU: Pred = P::ICMP_UGE; break;
  // Ordered comparisons are false on NaN; `ne` is true on NaN.
  case Op::F32Eq: case Op::F64Eq: Pred = P::FCMP_OEQ; break;
  case Op::F32Ne: case Op::F64Ne: Pred = P::FCMP_UNE; break;
  case Op::F32Lt: case Op::F64Lt: Pred = P::FCMP_OLT; break;
  case Op::F32Gt: case Op::F64Gt: Pred = P::FCMP_OGT; break;
  case Op::F32Le: case Op::F64Le: Pred = P::FCMP_OLE; break;
  case Op::F32Ge: case Op::F64Ge: Pred = P::FCMP_OGE; break;
  default: WASMAOT_UNREACHABLE("not a comparison");
  }
  return B.CreateCmp(Pred, L, R);
}

/// Trapping float-to-int truncation (spec 4.3.2 trunc): NaN traps with
/// "invalid conversion", a result outside the integer range with "integer
/// overflow". The bounds are exact in the source float type: the largest
/// invalid value below the range and the smallest invalid value above it.
llvm::Value *FunctionLowerer::truncChecked(llvm::Value *X, llvm::Type *To,
                                           bool Signed) {
  llvm::Type *FT = X->getType();
  const llvm::fltSemantics &Sem = FT->getFltSemantics();
  unsigned Bits = To->getIntegerBitWidth();
  trapIf(B.CreateFCmpUNO(X, X), TrapCode::InvalidConversion);
  // Upper bound: 2^(Bits-1) or 2^Bits, exactly representable.
  llvm::APFloat Hi = llvm::APFloat(Sem, 1);
  Hi = llvm::scalbn(Hi, Signed ? int(Bits) - 1 : int(Bits),
                    llvm::APFloat::rmNearestTiesToEven);
  // Lower bound (exclusive): -2^(Bits-1) - 1 or -1. Where that is not
  // representable (f32 with 32/64 bits), -2^(Bits-1) is the closest value
  // and itself valid, so compare with >= instead.
  llvm::Value *InRange;
  llvm::Value *HiOk = B.CreateFCmpOLT(X, llvm::ConstantFP::get(S.Ctx, Hi));
  if (!Signed) {
    InRange = B.CreateAnd(
        HiOk, B.CreateFCmpOGT(X, llvm::ConstantFP::get(FT, -1.0)));
  } else {
    llvm::APFloat Lo = llvm::scalbn(llvm::APFloat(Sem, 1), int(Bits) - 1,
                                    llvm::APFloat::rmNearestTiesToEven);
    Lo.changeSign();
    llvm::APFloat LoMinus1 = Lo;
    bool LosesInfo = false;
    llvm::APFloat One(Sem, 1);
    auto St = LoMinus1.subtract(One, llvm::APFloat::rmNearestTiesToEven);
    (void)LosesInfo;
    llvm::Value *LoOk;
    if (St == llvm::APFloat::opOK)
      LoOk = B.CreateFCmpOGT(X, llvm::ConstantFP::get(S.Ctx, LoMinus1));
    else
      LoOk = B.CreateFCmpOGE(X, llvm::ConstantFP::get(S.Ctx, Lo));
    InRange = B.CreateAnd(HiOk, LoOk);
  }
  trapIf(B.CreateNot(InRange), TrapCode::IntOverflow);
  return Signed ? B.CreateFPToSI(X, To) : B.CreateFPToUI(X, To);
}

llvm::Value *FunctionLowerer::lowerConvert(Op O, llvm::Value *X) {
  auto Sat = [&](ID Id, llvm::Type *To) {
    return B.CreateIntrinsic(Id, {To, X->getType()}, {X});
  };
  switch (O) {
  case Op::I32WrapI64: return B.CreateTrunc(X, S.I32);
  case Op::I64ExtendI32S: return B.CreateSExt(X, S.I64);
  case Op::I64ExtendI32U: return B.CreateZExt(X, S.I64);
  case Op::I32TruncF32S: case Op::I32TruncF64S:
    return truncChecked(X, S.I32, true);
  case Op::I32TruncF32U: case Op::I32TruncF64U:
    return truncChecked(X, S.I32, false);
  case Op::I64TruncF32S: case Op::I64TruncF64S:
    return truncChecked(X, S.I64, true);
  case Op::I64TruncF32U: case Op::I64TruncF64U:
    return truncChecked(X, S.I64, false);
  case Op::I32TruncSatF32S: case Op::I32TruncSatF64S:
    return Sat(llvm::Intrinsic::fptosi_sat, S.I32);
  case Op::I32TruncSatF32U: case Op::I32TruncSatF64U:
    return Sat(llvm::Intrinsic::fptoui_sat, S.I32);
  case Op::I64TruncSatF32S: case Op::I64TruncSatF64S:
    return Sat(llvm::Intrinsic::fptosi_sat, S.I64);
  case Op::I64TruncSatF32U: case Op::I64TruncSatF64U:
    return Sat(llvm::Intrinsic::fptoui_sat, S.I64);
  case Op::F32ConvertI32S: case Op::F32ConvertI64S: return B.CreateSIToFP(X, S.F32);
  case Op::F32ConvertI32U: case Op::F32ConvertI64U: return B.CreateUIToFP(X, S.F32);
  case Op::F64ConvertI32S: case Op::F64ConvertI64S: return B.CreateSIToFP(X, S.F64);
  case Op::F64ConvertI32U: case Op::F64ConvertI64U: return B.CreateUIToFP(X, S.F64);
  case Op::F32DemoteF64:
    // LLVM folds demote(promote(x)) to x, which would not quiet an sNaN.
    if (llvm::isa<llvm::FPExtInst>(X))
      return quietNaN(B.CreateFPTrunc(X, S.F32));
    return B.CreateFPTrunc(X, S.F32);
  case Op::F64PromoteF32: return B.CreateFPExt(X, S.F64);
  case Op::I32ReinterpretF32: return B.CreateBitCast(X, S.I32);
  case Op::I64ReinterpretF64: return B.CreateBitCast(X, S.I64);
  case Op::F32ReinterpretI32: return B.CreateBitCast(X, S.F32);
  case Op::F64ReinterpretI64: return B.CreateBitCast(X, S.F64);
  default: WASMAOT_UNREACHABLE("not a conversion");
  }
}

} // namespace wasmaot::codegen
