// Lane shapes of a v128 (spec 2.4.3 "shape") and the conversions between a
// shape's LLVM vector type and the uniform ABI type S.V128 = <2 x i64>.
// Every SIMD lowering pops operands with popVec(shape) and pushes results
// with pushVec(v), which bitcasts back, so locals, globals, phis, params and
// results see only <2 x i64>. Bitcasts between 128-bit vectors are free.
#pragma once

#include "../lowerer.h"

namespace wasmaot::codegen::simd {

enum class Shape : uint8_t { I8x16, I16x8, I32x4, I64x2, F32x4, F64x2 };

/// The shape an instruction's lanes have: the text name of every 0xfd row
/// starts with it ("i16x8.add_sat_s"). Shape-less `v128.*` rows give I64x2,
/// the ABI type itself.
inline Shape shapeOf(Op O) {
  std::string_view N = frontend::opName(O);
  auto Starts = [&](std::string_view P) { return N.substr(0, P.size()) == P; };
  if (Starts("i8x16.")) return Shape::I8x16;
  if (Starts("i16x8.")) return Shape::I16x8;
  if (Starts("i32x4.")) return Shape::I32x4;
  if (Starts("f32x4.")) return Shape::F32x4;
  if (Starts("f64x2.")) return Shape::F64x2;
  return Shape::I64x2;
}

inline unsigned laneCount(Shape Sh) {
  switch (Sh) {
  case Shape::I8x16: return 16;
  case Shape::I16x8: return 8;
  case Shape::I32x4: case Shape::F32x4: return 4;
  case Shape::I64x2: case Shape::F64x2: return 2;
  }
  WASMAOT_UNREACHABLE("bad shape");
}

inline unsigned laneBits(Shape Sh) { return 128 / laneCount(Sh); }

/// The integer shape whose lanes are \p Bits wide (8, 16, 32, 64).
inline Shape intShape(unsigned Bits) {
  switch (Bits) {
  case 8: return Shape::I8x16;
  case 16: return Shape::I16x8;
  case 32: return Shape::I32x4;
  default: return Shape::I64x2;
  }
}

inline bool isFloat(Shape Sh) {
  return Sh == Shape::F32x4 || Sh == Shape::F64x2;
}

inline llvm::Type *laneType(llvm::LLVMContext &C, Shape Sh) {
  switch (Sh) {
  case Shape::F32x4: return llvm::Type::getFloatTy(C);
  case Shape::F64x2: return llvm::Type::getDoubleTy(C);
  default: return llvm::Type::getIntNTy(C, laneBits(Sh));
  }
}

inline llvm::FixedVectorType *vecType(llvm::LLVMContext &C, Shape Sh) {
  return llvm::FixedVectorType::get(laneType(C, Sh), laneCount(Sh));
}

/// <N x T> for any lane count (half vectors, double-width intermediates).
inline llvm::FixedVectorType *vecOf(llvm::Type *Lane, unsigned N) {
  return llvm::FixedVectorType::get(Lane, N);
}

/// Shuffle mask selecting lanes First, First + Step, ... (N of them).
inline llvm::SmallVector<int, 16> laneRange(unsigned First, unsigned N,
                                            unsigned Step = 1) {
  llvm::SmallVector<int, 16> M;
  for (unsigned K = 0; K < N; ++K)
    M.push_back(int(First + K * Step));
  return M;
}

/// True if \p V, seen through bitcasts, is a constant: LLVM folds float
/// identities such as `x * 1.0` or `x - 0.0` to `x`, which would let a
/// signalling NaN through unquieted (see FunctionLowerer::quietNaN).
inline bool isConstantOperand(llvm::Value *V) {
  return llvm::isa<llvm::Constant>(V->stripPointerCasts()) ||
         (llvm::isa<llvm::BitCastInst>(V) &&
          llvm::isa<llvm::Constant>(
              llvm::cast<llvm::BitCastInst>(V)->getOperand(0)));
}

} // namespace wasmaot::codegen::simd
