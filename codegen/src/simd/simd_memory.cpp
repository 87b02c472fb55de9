// Vector memory instructions (spec 4.4.7 v128.load*, v128.store*): full,
// extending (load8x8_s ...), splatting, zero-filling and single-lane loads
// and stores. Addresses and bounds checks come from heapAddress with the
// access size of the opcode table's MemBytes column, so in explicit mode a
// lane or splat load checks only the bytes it reads. Alignment hints never
// affect correctness: every access is `align 1`, which x86 and AArch64
// execute at full speed when the address happens to be aligned.
#include "simd.h"

namespace wasmaot::codegen {

using simd::Shape;

void FunctionLowerer::lowerSimdMemory(const Instr &I) {
  const frontend::OpInfo &Info = frontend::opInfo(I.Opcode);
  auto Load = [&](llvm::Type *Ty, llvm::Value *Index) -> llvm::Value * {
    return heapLoad(I, Ty, Index, Info.MemBytes);
  };
  auto Store = [&](llvm::Value *V, llvm::Value *Index) {
    llvm::Value *Addr = heapAddress(I, Index, Info.MemBytes);
    llvm::StoreInst *St = B.CreateAlignedStore(V, Addr, llvm::Align(1));
    St->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaHeap);
  };
  // load8x8_s etc.: 64 bits of N narrow lanes, each widened to twice its size.
  auto Extend = [&](unsigned Bits, bool Signed) {
    llvm::Type *Narrow = simd::vecOf(B.getIntNTy(Bits), 64 / Bits);
    llvm::Type *Wide = simd::vecOf(B.getIntNTy(2 * Bits), 64 / Bits);
    llvm::Value *V = Load(Narrow, pop());
    pushVec(Signed ? B.CreateSExt(V, Wide) : B.CreateZExt(V, Wide));
  };
  auto Splat = [&](unsigned Bits) {
    llvm::Value *X = Load(B.getIntNTy(Bits), pop());
    pushVec(B.CreateVectorSplat(128 / Bits, X));
  };
  // load32_zero / load64_zero: the value in lane 0, zeros elsewhere.
  auto Zero = [&](unsigned Bits) {
    llvm::Value *X = Load(B.getIntNTy(Bits), pop());
    llvm::Type *VT = simd::vecType(S.Ctx, simd::intShape(Bits));
    pushVec(B.CreateInsertElement(llvm::Constant::getNullValue(VT), X,
                                  uint64_t(0)));
  };
  // Lane loads and stores: memarg then lane; the vector is on top.
  auto LaneShape = [&] { return simd::intShape(8 * Info.MemBytes); };
  switch (I.Opcode) {
  case Op::V128Load: push(Load(S.V128, pop())); return;
  case Op::V128Load8x8S: Extend(8, true); return;
  case Op::V128Load8x8U: Extend(8, false); return;
  case Op::V128Load16x4S: Extend(16, true); return;
  case Op::V128Load16x4U: Extend(16, false); return;
  case Op::V128Load32x2S: Extend(32, true); return;
  case Op::V128Load32x2U: Extend(32, false); return;
  case Op::V128Load8Splat: Splat(8); return;
  case Op::V128Load16Splat: Splat(16); return;
  case Op::V128Load32Splat: Splat(32); return;
  case Op::V128Load64Splat: Splat(64); return;
  case Op::V128Load32Zero: Zero(32); return;
  case Op::V128Load64Zero: Zero(64); return;
  case Op::V128Store: {
    llvm::Value *V = pop();
    Store(V, pop());
    return;
  }
  case Op::V128Load8Lane: case Op::V128Load16Lane:
  case Op::V128Load32Lane: case Op::V128Load64Lane: {
    llvm::Value *V = popVec(LaneShape());
    llvm::Value *X =
        Load(simd::laneType(S.Ctx, LaneShape()), pop());
    pushVec(B.CreateInsertElement(V, X, uint64_t(I.Lane)));
    return;
  }
  case Op::V128Store8Lane: case Op::V128Store16Lane:
  case Op::V128Store32Lane: case Op::V128Store64Lane: {
    llvm::Value *V = popVec(LaneShape());
    Store(B.CreateExtractElement(V, uint64_t(I.Lane)), pop());
    return;
  }
  default:
    WASMAOT_UNREACHABLE("not a SIMD memory instruction");
  }
}

} // namespace wasmaot::codegen
