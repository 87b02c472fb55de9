// Calls (spec 4.4.8): direct calls to defined functions are direct native
// calls; imported functions go through their VMFuncRef in the vmctx;
// call_indirect is a bounds check, a null check, one compare of engine-wide
// type ids, and one indirect call; through a table whose elements are fixed
// at compile time (lower_table.cpp) a bounds check, one load from a
// constant array and one indirect call.
#include "lowerer.h"

#include <llvm/IR/Intrinsics.h>

namespace wasmaot::codegen {

using abi::TrapCode;

void FunctionLowerer::emitCall(llvm::FunctionType *FT, llvm::Value *Callee,
                               llvm::Value *CalleeVmctx, const FuncType &T) {
  std::vector<llvm::Value *> Args{CalleeVmctx, Vmctx};
  std::vector<llvm::Value *> Params = popN(T.Params.size());
  Args.insert(Args.end(), Params.begin(), Params.end());
  llvm::CallInst *Call = B.CreateCall(FT, Callee, Args);
  // Keep every wasm call a real call: tail-recursion elimination would turn
  // unbounded recursion (which must exhaust the stack) into a loop, and
  // sibling calls would drop frames from trap backtraces.
  Call->setTailCallKind(llvm::CallInst::TCK_NoTail);
  for (unsigned K = 0; K < T.Results.size(); ++K)
    push(S.unpackResult(B, Call, T.Results, K));
}

Status FunctionLowerer::lowerCall(const Instr &I) {
  if (I.Opcode == Op::Call) {
    const FuncType &T = M.funcType(frontend::FuncIdx(I.Idx0));
    if (I.Idx0 >= M.NumImportedFuncs) {
      emitCall(S.funcType(T), S.wasmFunction(I.Idx0), Vmctx, T);
      return {};
    }
    uint32_t Ref = S.Offsets.funcRef(I.Idx0);
    llvm::Value *Code =
        loadVmctx(Ref + abi::kFuncRefCodeOffset, S.Ptr, true);
    llvm::Value *Callee =
        loadVmctx(Ref + abi::kFuncRefVmctxOffset, S.Ptr, true);
    emitCall(S.funcType(T), Code, Callee, T);
    return {};
  }
  // call_indirect typeidx tableidx
  const FuncType &T = M.Types[I.Idx0];
  if (llvm::GlobalVariable *Codes = staticCallTable(I.Idx1, I.Idx0)) {
    // Elements fixed at compile time (lower_table.cpp): bounds, then the
    // code (or a trap stub) from the constant array.
    uint64_t N = Codes->getValueType()->getArrayNumElements();
    llvm::Value *Index = B.CreateZExt(pop(), S.I64);
    trapIf(B.CreateICmpUGE(Index, i64(N)), TrapCode::UndefinedElement);
    llvm::Value *Code = B.CreateIntrinsic(
        llvm::Intrinsic::load_relative, {S.I64},
        {Codes, B.CreateShl(Index, 2)});
    emitCall(S.funcType(T), Code, Vmctx, T);
    return {};
  }
  llvm::Value *Index = B.CreateZExt(pop(), S.I64);
  llvm::Value *Table = tablePtr(I.Idx1);
  llvm::Value *Size = loadField(Table, abi::kTableSizeOffset, S.I64);
  trapIf(B.CreateICmpUGE(Index, Size), TrapCode::UndefinedElement);
  llvm::Value *Base = loadField(Table, abi::kTableBaseOffset, S.Ptr);
  llvm::LoadInst *Ref = B.CreateAlignedLoad(
      S.Ptr, B.CreateInBoundsGEP(S.Ptr, Base, Index), llvm::Align(8));
  Ref->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaTable);
  trapIf(B.CreateICmpEQ(Ref, llvm::ConstantPointerNull::get(
                                 llvm::cast<llvm::PointerType>(S.Ptr))),
         TrapCode::UninitializedElement);
  llvm::Value *Want = loadVmctx(S.Offsets.typeId(I.Idx0), S.I32, true);
  llvm::Value *Have = loadField(Ref, abi::kFuncRefTypeIdOffset, S.I32);
  trapIf(B.CreateICmpNE(Want, Have), TrapCode::IndirectCallType);
  llvm::Value *Code = loadField(Ref, abi::kFuncRefCodeOffset, S.Ptr);
  llvm::Value *Callee = loadField(Ref, abi::kFuncRefVmctxOffset, S.Ptr);
  emitCall(S.funcType(T), Code, Callee, T);
  return {};
}

} // namespace wasmaot::codegen
