// FunctionLowerer driver: prologue (stack-limit check, locals, memory base),
// the per-instruction dispatch by opcode class, and the helpers every family
// shares: operand stack, vmctx loads, trap blocks, builtin calls, variables.
#include "lowerer.h"

#include "epoch_loops.h"

#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

namespace wasmaot::codegen {

using abi::TrapCode;
using abi::VMOffsets;

FunctionLowerer::FunctionLowerer(Shard &S, uint32_t Defined)
    : S(S), M(S.Wasm), FuncIndex(M.NumImportedFuncs + Defined),
      Def(M.Functions[Defined]), Type(M.Types[*Def.Type]),
      Fn(S.wasmFunction(FuncIndex)), B(S.Ctx) {}

llvm::BasicBlock *FunctionLowerer::newBlock(const char *Name) {
  return llvm::BasicBlock::Create(S.Ctx, Name, Fn);
}

std::vector<llvm::Value *> FunctionLowerer::popN(size_t N) {
  std::vector<llvm::Value *> Vs(Stack.end() - N, Stack.end());
  Stack.resize(Stack.size() - N);
  return Vs;
}

llvm::Value *FunctionLowerer::vmctxAddr(uint32_t Off) {
  return B.CreateConstInBoundsGEP1_64(S.I8, Vmctx, Off);
}

llvm::Value *FunctionLowerer::loadVmctx(uint32_t Off, llvm::Type *Ty,
                                        bool Invariant) {
  llvm::LoadInst *L = B.CreateAlignedLoad(Ty, vmctxAddr(Off), llvm::Align(4));
  L->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaVmctx);
  if (Invariant)
    L->setMetadata(llvm::LLVMContext::MD_invariant_load,
                   llvm::MDNode::get(S.Ctx, {}));
  return L;
}

llvm::Value *FunctionLowerer::loadField(llvm::Value *Base, uint32_t Off,
                                        llvm::Type *Ty) {
  llvm::LoadInst *L = B.CreateAlignedLoad(
      Ty, B.CreateConstInBoundsGEP1_64(S.I8, Base, Off),
      llvm::Align(Ty == S.I32 ? 4 : 8));
  L->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaVmctx);
  return L;
}

llvm::BasicBlock *FunctionLowerer::trapBlock(TrapCode Code) {
  llvm::BasicBlock *&BB = TrapBlocks[unsigned(Code)];
  if (BB)
    return BB;
  BB = newBlock("trap");
  llvm::IRBuilder<> TB(BB);
  llvm::IRBuilderBase::InsertPointGuard G(B);
  B.SetInsertPoint(BB);
  llvm::Value *Call = callBuiltin(abi::Builtin::Trap, {Vmctx, i32(unsigned(Code))});
  llvm::cast<llvm::CallInst>(Call)->setDoesNotReturn();
  B.CreateUnreachable();
  return BB;
}

void FunctionLowerer::trapIf(llvm::Value *Cond, TrapCode Code) {
  llvm::BasicBlock *Cont = newBlock("ok");
  llvm::MDBuilder MDB(S.Ctx);
  B.CreateCondBr(Cond, trapBlock(Code), Cont, MDB.createUnlikelyBranchWeights());
  B.SetInsertPoint(Cont);
}

llvm::Value *FunctionLowerer::callBuiltin(abi::Builtin Bi,
                                          llvm::ArrayRef<llvm::Value *> Args) {
  llvm::Value *Table = loadVmctx(VMOffsets::Builtins, S.Ptr, true);
  llvm::Value *Slot = B.CreateConstInBoundsGEP1_64(S.Ptr, Table, unsigned(Bi));
  llvm::LoadInst *Callee = B.CreateAlignedLoad(S.Ptr, Slot, llvm::Align(8));
  Callee->setMetadata(llvm::LLVMContext::MD_invariant_load,
                      llvm::MDNode::get(S.Ctx, {}));
  Callee->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaVmctx);
  return B.CreateCall(S.builtinType(Bi), Callee, Args);
}

llvm::Value *FunctionLowerer::globalCell(uint32_t G) {
  return loadVmctx(S.Offsets.global(G), S.Ptr, true);
}

void FunctionLowerer::emitPrologue() {
  llvm::BasicBlock *Entry = newBlock("entry");
  B.SetInsertPoint(Entry);
  Vmctx = Fn->getArg(0);
  Fn->getArg(0)->setName("vmctx");
  Fn->getArg(1)->setName("caller");

  // Stack exhaustion (DESIGN.md): compare sp with vmctx->stack_limit.
  llvm::Value *SP = B.CreateIntrinsic(llvm::Intrinsic::stacksave,
                                      {S.Ptr}, {});
  llvm::Value *Limit = loadVmctx(VMOffsets::StackLimit, S.I64, false);
  trapIf(B.CreateICmpULT(B.CreatePtrToInt(SP, S.I64), Limit),
         TrapCode::StackExhausted);

  // Locals: parameters first, then declared locals, zero-initialised.
  llvm::IRBuilder<> AB(Entry, Entry->begin());
  for (size_t I = 0; I < Type.Params.size(); ++I)
    LocalTypes.push_back(Type.Params[I]);
  for (const frontend::LocalDecl &D : Def.Locals)
    LocalTypes.insert(LocalTypes.end(), D.Count, D.Type);
  Locals.reserve(LocalTypes.size());
  for (size_t I = 0; I < LocalTypes.size(); ++I) {
    llvm::AllocaInst *A = AB.CreateAlloca(S.valType(LocalTypes[I]));
    Locals.push_back(A);
    llvm::Value *Init = I < Type.Params.size()
                            ? static_cast<llvm::Value *>(Fn->getArg(2 + I))
                            : S.zeroValue(LocalTypes[I]);
    B.CreateStore(Init, A);
  }
  if (!M.MemorySpace.empty())
    MemBase = loadVmctx(VMOffsets::Memory0Base, S.Ptr, true);
  emitEpochCheck();
}

/// Interruption (DESIGN.md): compare the engine's epoch with this
/// instance's deadline; past it, the EpochCheck builtin traps (or returns
/// if the host extended the deadline). The counter is read atomically so
/// LLVM cannot hoist it out of a loop.
void FunctionLowerer::emitEpochCheck() {
  if (!S.Opts.EpochInterruption)
    return;
  llvm::Value *Counter = loadVmctx(VMOffsets::EpochCounter, S.Ptr, true);
  llvm::LoadInst *Now = B.CreateAlignedLoad(S.I64, Counter, llvm::Align(8));
  Now->setAtomic(llvm::AtomicOrdering::Monotonic);
  // Marks the check for EpochLoopPass (epoch_loops.cpp).
  Now->setMetadata(kEpochLoadMD, llvm::MDNode::get(S.Ctx, {}));
  llvm::Value *Deadline = loadVmctx(VMOffsets::EpochDeadline, S.I64, false);
  llvm::BasicBlock *Slow = newBlock("epoch");
  llvm::BasicBlock *Cont = newBlock("epoch.ok");
  llvm::MDBuilder MDB(S.Ctx);
  B.CreateCondBr(B.CreateICmpUGE(Now, Deadline), Slow, Cont,
                 MDB.createUnlikelyBranchWeights());
  B.SetInsertPoint(Slow);
  callBuiltin(abi::Builtin::EpochCheck, {Vmctx});
  B.CreateBr(Cont);
  B.SetInsertPoint(Cont);
}

Status FunctionLowerer::lower() {
  emitPrologue();
  // The function body is an implicit block whose results are returned.
  pushFrame(Op::End, {}, Type.Results);
  frontend::InstrReader IR(ByteReader(M.bytes(Def.Body), Def.Body.Offset),
                           M.Features);
  while (!Frames.empty()) {
    auto I = IR.next();
    if (!I)
      return I.takeError();
    // Unreachable code is skipped up to the `else`/`end` of its frame.
    bool FrameBoundary = DeadDepth == 0 && (I->Opcode == Op::End ||
                                            I->Opcode == Op::Else);
    if (Dead && !FrameBoundary) {
      skipDeadInstr(*I);
      continue;
    }
    WASMAOT_TRY(lowerInstr(*I));
  }
  return {};
}

Status FunctionLowerer::lowerInstr(const Instr &I) {
  using frontend::OpClass;
  switch (frontend::opInfo(I.Opcode).Class) {
  case OpClass::Control:
  case OpClass::Parametric:
    return lowerControl(I);
  case OpClass::Call:
    return lowerCall(I);
  case OpClass::Variable:
    return lowerVariable(I);
  case OpClass::Table:
  case OpClass::Ref:
    return lowerTableOrRef(I);
  case OpClass::Load:
  case OpClass::Store:
  case OpClass::Memory:
  case OpClass::Bulk:
    return lowerMemory(I);
  case OpClass::Const:
  case OpClass::Compare:
  case OpClass::Unary:
  case OpClass::Binary:
  case OpClass::Convert:
    return lowerNumeric(I);
  case OpClass::SimdLoad:
  case OpClass::SimdStore:
  case OpClass::SimdLoadLane:
  case OpClass::SimdStoreLane:
  case OpClass::SimdConst:
  case OpClass::SimdShuffle:
  case OpClass::SimdSplat:
  case OpClass::SimdExtract:
  case OpClass::SimdReplace:
  case OpClass::SimdCompare:
  case OpClass::SimdUnary:
  case OpClass::SimdBinary:
  case OpClass::SimdTernary:
  case OpClass::SimdShift:
  case OpClass::SimdTest:
  case OpClass::SimdConvert:
    return lowerSimd(I);
  }
  WASMAOT_UNREACHABLE("bad op class");
}

Status FunctionLowerer::lowerVariable(const Instr &I) {
  switch (I.Opcode) {
  case Op::LocalGet:
    push(B.CreateLoad(S.valType(LocalTypes[I.Idx0]), Locals[I.Idx0]));
    return {};
  case Op::LocalSet:
    B.CreateStore(pop(), Locals[I.Idx0]);
    return {};
  case Op::LocalTee:
    B.CreateStore(Stack.back(), Locals[I.Idx0]);
    return {};
  case Op::GlobalGet: {
    const frontend::GlobalType &G = M.GlobalSpace[I.Idx0];
    llvm::LoadInst *L = B.CreateAlignedLoad(S.valType(G.Type), globalCell(I.Idx0),
                                            llvm::Align(16));
    L->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaGlobal);
    if (!G.Mutable)
      L->setMetadata(llvm::LLVMContext::MD_invariant_load,
                     llvm::MDNode::get(S.Ctx, {}));
    push(L);
    return {};
  }
  case Op::GlobalSet: {
    llvm::StoreInst *St =
        B.CreateAlignedStore(pop(), globalCell(I.Idx0), llvm::Align(16));
    St->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaGlobal);
    return {};
  }
  default:
    WASMAOT_UNREACHABLE("not a variable instruction");
  }
}

} // namespace wasmaot::codegen
