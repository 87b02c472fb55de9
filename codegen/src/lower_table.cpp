// Tables and references (spec 4.4.2, 4.4.6). table.size reads the VMTable
// directly; the other table instructions call runtime builtins, which do
// the bounds checks and may reallocate the element buffer.
#include "lowerer.h"

namespace wasmaot::codegen {

llvm::Value *FunctionLowerer::tablePtr(uint32_t Table) {
  return loadVmctx(S.Offsets.table(Table), S.Ptr, true);
}

Status FunctionLowerer::lowerTableOrRef(const Instr &I) {
  using abi::Builtin;
  auto *NullPtr =
      llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(S.Ptr));
  switch (I.Opcode) {
  case Op::RefNull:
    push(NullPtr);
    return {};
  case Op::RefIsNull:
    push(B.CreateZExt(B.CreateICmpEQ(pop(), NullPtr), S.I32));
    return {};
  case Op::RefFunc:
    push(vmctxAddr(S.Offsets.funcRef(I.Idx0)));
    return {};
  case Op::TableGet: {
    llvm::Value *Idx = pop();
    push(callBuiltin(Builtin::TableGet, {Vmctx, i32(I.Idx0), Idx}));
    return {};
  }
  case Op::TableSet: {
    llvm::Value *Ref = pop();
    llvm::Value *Idx = pop();
    callBuiltin(Builtin::TableSet, {Vmctx, i32(I.Idx0), Idx, Ref});
    return {};
  }
  case Op::TableSize: {
    llvm::Value *Size =
        loadField(tablePtr(I.Idx0), abi::kTableSizeOffset, S.I64);
    push(B.CreateTrunc(Size, S.I32));
    return {};
  }
  case Op::TableGrow: {
    llvm::Value *Delta = pop();
    llvm::Value *Init = pop();
    push(callBuiltin(Builtin::TableGrow, {Vmctx, i32(I.Idx0), Init, Delta}));
    return {};
  }
  case Op::TableFill: {
    llvm::Value *Len = pop();
    llvm::Value *Ref = pop();
    llvm::Value *Dst = pop();
    callBuiltin(Builtin::TableFill, {Vmctx, i32(I.Idx0), Dst, Ref, Len});
    return {};
  }
  case Op::TableCopy: {
    llvm::Value *Len = pop();
    llvm::Value *Src = pop();
    llvm::Value *Dst = pop();
    callBuiltin(Builtin::TableCopy,
                {Vmctx, i32(I.Idx0), i32(I.Idx1), Dst, Src, Len});
    return {};
  }
  case Op::TableInit: {
    llvm::Value *Len = pop();
    llvm::Value *Src = pop();
    llvm::Value *Dst = pop();
    callBuiltin(Builtin::TableInit,
                {Vmctx, i32(I.Idx1), i32(I.Idx0), Dst, Src, Len});
    return {};
  }
  case Op::ElemDrop:
    callBuiltin(Builtin::ElemDrop, {Vmctx, i32(I.Idx0)});
    return {};
  default:
    WASMAOT_UNREACHABLE("not a table or reference instruction");
  }
}

} // namespace wasmaot::codegen
