// Glue module emission (see glue.h and runtime/abi/artifact.h).
#include "glue.h"

#include <fmt/format.h>
#include <llvm/IR/MDBuilder.h>

#include "wasmaot/abi/artifact.h"
#include "wasmaot/abi/traps.h"

namespace wasmaot::codegen {

namespace {

llvm::GlobalVariable *exportArray(Shard &S, const char *Name,
                                  std::vector<llvm::Constant *> Elems) {
  auto *Ty = llvm::ArrayType::get(S.Ptr, Elems.size());
  auto *GV = new llvm::GlobalVariable(
      *S.Mod, Ty, /*isConstant=*/true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantArray::get(Ty, Elems), Name);
  GV->setAlignment(llvm::Align(8));
  return GV;
}

llvm::GlobalVariable *exportBytes(Shard &S, const char *Name,
                                  const std::vector<uint8_t> &Bytes,
                                  unsigned Align) {
  // At least one byte, so the symbol always exists.
  std::vector<uint8_t> Data = Bytes.empty() ? std::vector<uint8_t>{0} : Bytes;
  auto *Init = llvm::ConstantDataArray::get(S.Ctx, Data);
  auto *GV = new llvm::GlobalVariable(*S.Mod, Init->getType(), true,
                                      llvm::GlobalValue::ExternalLinkage, Init,
                                      Name);
  GV->setAlignment(llvm::Align(Align));
  return GV;
}

llvm::Value *slot(llvm::IRBuilder<> &B, Shard &S, llvm::Value *Values,
                  unsigned K) {
  return B.CreateConstInBoundsGEP1_64(S.I8, Values, 16 * K);
}

/// void acall(ptr code, ptr callee_vmctx, ptr caller_vmctx, ptr values)
llvm::Function *arrayCall(Shard &S, uint32_t TypeIdx) {
  const FuncType &T = S.Wasm.Types[TypeIdx];
  auto *FT = llvm::FunctionType::get(S.Void, {S.Ptr, S.Ptr, S.Ptr, S.Ptr},
                                     false);
  auto *Fn = llvm::Function::Create(FT, llvm::GlobalValue::InternalLinkage,
                                    fmt::format("wasmaot_acall_{}", TypeIdx),
                                    S.Mod.get());
  setCommonAttributes(Fn);
  llvm::IRBuilder<> B(llvm::BasicBlock::Create(S.Ctx, "entry", Fn));
  llvm::Value *Values = Fn->getArg(3);
  std::vector<llvm::Value *> Args{Fn->getArg(1), Fn->getArg(2)};
  for (unsigned K = 0; K < T.Params.size(); ++K)
    Args.push_back(B.CreateAlignedLoad(S.valType(T.Params[K]),
                                       slot(B, S, Values, K), llvm::Align(16)));
  llvm::Value *R = B.CreateCall(S.funcType(T), Fn->getArg(0), Args);
  for (unsigned K = 0; K < T.Results.size(); ++K) {
    llvm::Value *V = S.unpackResult(B, R, T.Results, K);
    B.CreateAlignedStore(V, slot(B, S, Values, K), llvm::Align(16));
  }
  B.CreateRetVoid();
  return Fn;
}

/// results hstub(ptr host_ctx, ptr caller_vmctx, params...): spills the
/// arguments, calls VMHostContext::Callback, traps through the caller's
/// builtins if it reports a trap, then reloads the results.
llvm::Function *hostStub(Shard &S, uint32_t TypeIdx) {
  const FuncType &T = S.Wasm.Types[TypeIdx];
  auto *Fn = llvm::Function::Create(S.funcType(T),
                                    llvm::GlobalValue::InternalLinkage,
                                    fmt::format("wasmaot_hstub_{}", TypeIdx),
                                    S.Mod.get());
  setCommonAttributes(Fn);
  llvm::IRBuilder<> B(llvm::BasicBlock::Create(S.Ctx, "entry", Fn));
  size_t N = std::max<size_t>(1, std::max(T.Params.size(), T.Results.size()));
  llvm::AllocaInst *Values =
      B.CreateAlloca(llvm::ArrayType::get(S.V128, N));
  Values->setAlignment(llvm::Align(16));
  for (unsigned K = 0; K < T.Params.size(); ++K)
    B.CreateAlignedStore(Fn->getArg(2 + K), slot(B, S, Values, K),
                         llvm::Align(16));
  llvm::Value *Host = Fn->getArg(0);
  llvm::Value *Caller = Fn->getArg(1);
  llvm::Value *Callback = B.CreateAlignedLoad(
      S.Ptr, B.CreateConstInBoundsGEP1_64(S.I8, Host, abi::kHostCallbackOffset),
      llvm::Align(8));
  auto *CbTy = llvm::FunctionType::get(S.I32, {S.Ptr, S.Ptr, S.Ptr}, false);
  llvm::Value *Status = B.CreateCall(CbTy, Callback, {Host, Caller, Values});
  llvm::BasicBlock *Trap = llvm::BasicBlock::Create(S.Ctx, "trap", Fn);
  llvm::BasicBlock *Ok = llvm::BasicBlock::Create(S.Ctx, "ok", Fn);
  llvm::MDBuilder MDB(S.Ctx);
  B.CreateCondBr(B.CreateICmpNE(Status, B.getInt32(0)), Trap, Ok,
                 MDB.createUnlikelyBranchWeights());
  B.SetInsertPoint(Trap);
  llvm::Value *Table = B.CreateAlignedLoad(
      S.Ptr,
      B.CreateConstInBoundsGEP1_64(S.I8, Caller, abi::VMOffsets::Builtins),
      llvm::Align(8));
  llvm::Value *TrapFn = B.CreateAlignedLoad(
      S.Ptr,
      B.CreateConstInBoundsGEP1_64(S.Ptr, Table, unsigned(abi::Builtin::Trap)),
      llvm::Align(8));
  B.CreateCall(S.builtinType(abi::Builtin::Trap), TrapFn,
               {Caller, B.getInt32(unsigned(abi::TrapCode::HostTrap))})
      ->setDoesNotReturn();
  B.CreateUnreachable();
  B.SetInsertPoint(Ok);
  if (T.Results.empty()) {
    B.CreateRetVoid();
    return Fn;
  }
  std::vector<llvm::Value *> Rs;
  for (unsigned K = 0; K < T.Results.size(); ++K)
    Rs.push_back(B.CreateAlignedLoad(S.valType(T.Results[K]),
                                     slot(B, S, Values, K), llvm::Align(16)));
  B.CreateRet(S.packResults(B, T.Results, Rs));
  return Fn;
}

/// Byte-loop memcpy/memmove/memset, hidden, marked no-builtins so LLVM does
/// not turn them back into calls to themselves. The backend may lower
/// llvm.mem* intrinsics to calls of these names; defining them here keeps
/// the artifact free of undefined symbols.
void emitMemFunctions(Shard &S) {
  auto Make = [&](const char *Name, bool IsSet, bool Backward) {
    llvm::Type *Third = IsSet ? S.I32 : S.Ptr;
    auto *FT = llvm::FunctionType::get(S.Ptr, {S.Ptr, Third, S.I64}, false);
    auto *Fn = llvm::Function::Create(FT, llvm::GlobalValue::ExternalLinkage,
                                      Name, S.Mod.get());
    Fn->setVisibility(llvm::GlobalValue::HiddenVisibility);
    Fn->addFnAttr("no-builtins");
    Fn->addFnAttr(llvm::Attribute::NoUnwind);
    auto *Entry = llvm::BasicBlock::Create(S.Ctx, "entry", Fn);
    auto *Loop = llvm::BasicBlock::Create(S.Ctx, "loop", Fn);
    auto *Done = llvm::BasicBlock::Create(S.Ctx, "done", Fn);
    llvm::IRBuilder<> B(Entry);
    llvm::Value *Dst = Fn->getArg(0), *Src = Fn->getArg(1), *N = Fn->getArg(2);
    llvm::Value *Zero = B.getInt64(0);
    llvm::Value *Down = B.getFalse();
    if (Backward) // memmove: copy downwards when dst > src
      Down = B.CreateICmpUGT(B.CreatePtrToInt(Dst, S.I64),
                             B.CreatePtrToInt(Src, S.I64));
    B.CreateCondBr(B.CreateICmpEQ(N, Zero), Done, Loop);
    B.SetInsertPoint(Loop);
    llvm::PHINode *I = B.CreatePHI(S.I64, 2);
    I->addIncoming(Zero, Entry);
    llvm::Value *Idx = B.CreateSelect(Down, B.CreateSub(B.CreateSub(N, I), B.getInt64(1)), I);
    llvm::Value *Byte = IsSet ? B.CreateTrunc(Src, S.I8)
                              : B.CreateLoad(S.I8, B.CreateGEP(S.I8, Src, Idx));
    B.CreateStore(Byte, B.CreateGEP(S.I8, Dst, Idx));
    llvm::Value *Next = B.CreateAdd(I, B.getInt64(1));
    I->addIncoming(Next, Loop);
    B.CreateCondBr(B.CreateICmpEQ(Next, N), Done, Loop);
    B.SetInsertPoint(Done);
    B.CreateRet(Dst);
  };
  Make("memcpy", false, false);
  Make("memmove", false, true);
  Make("memset", true, false);
}

} // namespace

void emitGlue(Shard &S, const std::vector<uint8_t> &Meta,
              const std::vector<uint8_t> &DataImage) {
  const frontend::Module &M = S.Wasm;
  std::vector<llvm::Constant *> Funcs;
  for (size_t I = 0; I < M.Functions.size(); ++I)
    Funcs.push_back(S.wasmFunction(M.NumImportedFuncs + uint32_t(I)));
  exportArray(S, abi::kSymFuncs, Funcs);
  std::vector<llvm::Constant *> Calls, Stubs;
  for (uint32_t T = 0; T < M.Types.size(); ++T) {
    Calls.push_back(arrayCall(S, T));
    Stubs.push_back(hostStub(S, T));
  }
  exportArray(S, abi::kSymArrayCalls, Calls);
  exportArray(S, abi::kSymHostStubs, Stubs);
  exportBytes(S, abi::kSymMeta, Meta, 8);
  auto *Size = new llvm::GlobalVariable(
      *S.Mod, S.I64, true, llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantInt::get(S.I64, Meta.size()), abi::kSymMetaSize);
  Size->setAlignment(llvm::Align(8));
  exportBytes(S, abi::kSymData, DataImage, 4096);
  emitMemFunctions(S);
}

} // namespace wasmaot::codegen
