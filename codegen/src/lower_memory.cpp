// Linear memory access (spec 4.4.7) and bulk memory. In guard mode an
// address is base + zext(index) + offset with no check: the runtime reserves
// 4 GiB + 4 GiB guard (+ slack for the access width) so every such address
// is inside the reservation and out-of-bounds ones fault on PROT_NONE pages.
// In explicit mode each access compares its end with the current size.
#include "lowerer.h"

namespace wasmaot::codegen {

using abi::TrapCode;
using abi::VMOffsets;

llvm::Value *FunctionLowerer::memorySizeBytes() {
  llvm::Value *Mem = loadVmctx(VMOffsets::Memory0, S.Ptr, true);
  return loadField(Mem, abi::kMemorySizeOffset, S.I64);
}

llvm::Value *FunctionLowerer::heapAddress(const Instr &I, llvm::Value *Index,
                                          unsigned Bytes) {
  llvm::Value *Off = B.CreateZExt(Index, S.I64);
  if (I.Mem.Offset)
    Off = B.CreateAdd(Off, i64(I.Mem.Offset), "", /*NUW=*/true);
  if (S.Opts.Bounds == BoundsChecks::Explicit) {
    llvm::Value *End = B.CreateAdd(Off, i64(Bytes), "", true);
    trapIf(B.CreateICmpUGT(End, memorySizeBytes()),
           TrapCode::MemoryOutOfBounds);
  }
  return B.CreateInBoundsGEP(S.I8, MemBase, Off);
}

/// In guard mode the load itself is the bounds check. LLVM narrows a wide
/// load whose high part is unused (i32.wrap_i64 of an i64.load), and the
/// narrowed access at the end of memory would no longer reach the guard
/// page: a freeze between the load and its users stops that and costs no
/// instruction. LLVM may still delete a load whose value ends up unused (a
/// local overwritten before it is read, `x * 0`, a branch folded away —
/// found by tests/diff), so such an out-of-bounds access does not trap;
/// CompileOptions::StrictGuardLoads makes every load volatile (never
/// deleted or narrowed, as WasmEdge does) at the price of vectorisation.
llvm::Value *FunctionLowerer::heapLoad(const Instr &I, llvm::Type *Ty,
                                       llvm::Value *Index, unsigned Bytes) {
  llvm::Value *Addr = heapAddress(I, Index, Bytes);
  llvm::LoadInst *L = B.CreateAlignedLoad(Ty, Addr, llvm::Align(1));
  L->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaHeap);
  if (S.Opts.Bounds == BoundsChecks::Guard && S.Opts.StrictGuardLoads)
    L->setVolatile(true);
  else if (S.Opts.Bounds == BoundsChecks::Guard && Bytes > 1)
    return B.CreateFreeze(L);
  return L;
}

Status FunctionLowerer::lowerMemory(const Instr &I) {
  const frontend::OpInfo &Info = frontend::opInfo(I.Opcode);
  auto Load = [&](llvm::Type *MemTy, llvm::Type *ValTy, bool Signed) {
    llvm::Value *V = heapLoad(I, MemTy, pop(), Info.MemBytes);
    if (MemTy != ValTy)
      V = Signed ? B.CreateSExt(V, ValTy) : B.CreateZExt(V, ValTy);
    push(V);
  };
  auto Store = [&](llvm::Type *MemTy) {
    llvm::Value *V = pop();
    llvm::Value *Addr = heapAddress(I, pop(), Info.MemBytes);
    if (V->getType() != MemTy)
      V = B.CreateTrunc(V, MemTy);
    llvm::StoreInst *St = B.CreateAlignedStore(V, Addr, llvm::Align(1));
    St->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaHeap);
  };
  llvm::Type *I8 = S.I8, *I16 = B.getInt16Ty(), *I32 = S.I32, *I64 = S.I64;
  switch (I.Opcode) {
  case Op::I32Load: Load(I32, I32, false); return {};
  case Op::I64Load: Load(I64, I64, false); return {};
  case Op::F32Load: Load(S.F32, S.F32, false); return {};
  case Op::F64Load: Load(S.F64, S.F64, false); return {};
  case Op::I32Load8S: Load(I8, I32, true); return {};
  case Op::I32Load8U: Load(I8, I32, false); return {};
  case Op::I32Load16S: Load(I16, I32, true); return {};
  case Op::I32Load16U: Load(I16, I32, false); return {};
  case Op::I64Load8S: Load(I8, I64, true); return {};
  case Op::I64Load8U: Load(I8, I64, false); return {};
  case Op::I64Load16S: Load(I16, I64, true); return {};
  case Op::I64Load16U: Load(I16, I64, false); return {};
  case Op::I64Load32S: Load(I32, I64, true); return {};
  case Op::I64Load32U: Load(I32, I64, false); return {};
  case Op::I32Store: Store(I32); return {};
  case Op::I64Store: Store(I64); return {};
  case Op::F32Store: Store(S.F32); return {};
  case Op::F64Store: Store(S.F64); return {};
  case Op::I32Store8: case Op::I64Store8: Store(I8); return {};
  case Op::I32Store16: case Op::I64Store16: Store(I16); return {};
  case Op::I64Store32: Store(I32); return {};
  case Op::MemorySize:
    push(B.CreateTrunc(B.CreateLShr(memorySizeBytes(), 16), S.I32));
    return {};
  case Op::MemoryGrow: {
    llvm::Value *Delta = B.CreateZExt(pop(), S.I64);
    llvm::Value *Old =
        callBuiltin(abi::Builtin::MemoryGrow, {Vmctx, i32(I.Idx0), Delta});
    push(B.CreateTrunc(Old, S.I32));
    return {};
  }
  case Op::MemoryFill: {
    llvm::Value *Len = B.CreateZExt(pop(), S.I64);
    llvm::Value *Val = pop();
    llvm::Value *Dst = B.CreateZExt(pop(), S.I64);
    callBuiltin(abi::Builtin::MemoryFill, {Vmctx, i32(I.Idx0), Dst, Val, Len});
    return {};
  }
  case Op::MemoryCopy: {
    llvm::Value *Len = B.CreateZExt(pop(), S.I64);
    llvm::Value *Src = B.CreateZExt(pop(), S.I64);
    llvm::Value *Dst = B.CreateZExt(pop(), S.I64);
    callBuiltin(abi::Builtin::MemoryCopy,
                {Vmctx, i32(I.Idx0), i32(I.Idx1), Dst, Src, Len});
    return {};
  }
  case Op::MemoryInit: {
    llvm::Value *Len = pop();
    llvm::Value *Src = pop();
    llvm::Value *Dst = B.CreateZExt(pop(), S.I64);
    callBuiltin(abi::Builtin::MemoryInit,
                {Vmctx, i32(I.Idx1), i32(I.Idx0), Dst, Src, Len});
    return {};
  }
  case Op::DataDrop:
    callBuiltin(abi::Builtin::DataDrop, {Vmctx, i32(I.Idx0)});
    return {};
  default:
    WASMAOT_UNREACHABLE("not a memory instruction");
  }
}

} // namespace wasmaot::codegen
