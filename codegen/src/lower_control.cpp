// Control instructions (spec 4.4.8) and the parametric ones (drop, select).
// Blocks become basic blocks; values flowing to a label become PHI incomings
// from the branching block, so no memory traffic is needed for block results.
#include "lowerer.h"

#include <map>

#include <llvm/IR/CFG.h>
#include <llvm/IR/IntrinsicInst.h>

namespace wasmaot::codegen {

using abi::TrapCode;

void FunctionLowerer::blockSignature(const Instr &I,
                                     std::vector<ValType> &Params,
                                     std::vector<ValType> &Results) const {
  switch (I.Block.K) {
  case frontend::BlockType::Empty:
    return;
  case frontend::BlockType::Value:
    Results.push_back(I.Block.Val);
    return;
  case frontend::BlockType::Func: {
    const FuncType &T = M.Types[*I.Block.Type];
    Params = T.Params;
    Results = T.Results;
    return;
  }
  }
}

Frame &FunctionLowerer::pushFrame(Op Kind, const std::vector<ValType> &Params,
                                  const std::vector<ValType> &Results) {
  Frame F;
  F.Kind = Kind;
  F.Height = Stack.size() - Params.size();
  F.Cont = newBlock(Kind == Op::End ? "return" : "cont");
  for (ValType T : Results)
    F.ResultPhis.push_back(llvm::PHINode::Create(S.valType(T), 2, "", F.Cont));
  Frames.push_back(std::move(F));
  return Frames.back();
}

/// Branch from the current block to \p Target's label, passing the top of
/// the operand stack as the label's values.
void FunctionLowerer::branchTo(Frame &Target) {
  bool IsLoop = Target.Kind == Op::Loop;
  auto &Phis = IsLoop ? Target.ParamPhis : Target.ResultPhis;
  llvm::BasicBlock *From = B.GetInsertBlock();
  size_t N = Phis.size();
  for (size_t K = 0; K < N; ++K)
    Phis[K]->addIncoming(Stack[Stack.size() - N + K], From);
  B.CreateBr(IsLoop ? Target.Header : Target.Cont);
}

void FunctionLowerer::skipDeadInstr(const Instr &I) {
  switch (I.Opcode) {
  case Op::Block:
  case Op::Loop:
  case Op::If:
    ++DeadDepth;
    break;
  case Op::End:
    --DeadDepth;
    break;
  default:
    break;
  }
}

/// A dropped value's computation would be deleted by LLVM, and with it a
/// load that must trap when out of bounds (guard mode has no explicit
/// check to keep). Make such loads volatile and keep dropped calls out of
/// line, following pure single-use operands a few levels deep.
void FunctionLowerer::keepTrapsOfDropped(llvm::Value *V, unsigned Depth) {
  auto *I = llvm::dyn_cast<llvm::Instruction>(V);
  if (!I || Depth > 8 || S.Opts.Bounds == BoundsChecks::Explicit)
    return;
  if (auto *L = llvm::dyn_cast<llvm::LoadInst>(I)) {
    if (L->getMetadata(llvm::LLVMContext::MD_tbaa) == S.TbaaHeap)
      L->setVolatile(true);
    return;
  }
  if (auto *C = llvm::dyn_cast<llvm::CallInst>(I);
      C && !llvm::isa<llvm::IntrinsicInst>(C)) {
    C->addFnAttr(llvm::Attribute::NoInline);
    return;
  }
  // Intrinsics and lane operations are pure: look through them (SIMD
  // splat/zero/lane loads end in shufflevector or insertelement).
  if (llvm::isa<llvm::BinaryOperator, llvm::CastInst, llvm::CmpInst,
                llvm::SelectInst, llvm::UnaryOperator,
                llvm::ExtractValueInst, llvm::IntrinsicInst,
                llvm::ShuffleVectorInst, llvm::InsertElementInst,
                llvm::ExtractElementInst, llvm::FreezeInst>(I))
    for (llvm::Value *Op : I->operands())
      keepTrapsOfDropped(Op, Depth + 1);
}

void FunctionLowerer::emitReturn() {
  Frame &F = Frames.front();
  if (F.ResultPhis.empty()) {
    B.CreateRetVoid();
    return;
  }
  std::vector<llvm::Value *> Values(F.ResultPhis.begin(), F.ResultPhis.end());
  B.CreateRet(S.packResults(B, Type.Results, Values));
}

/// `end`: fall through to the continuation (unless dead), close an `if`
/// without `else`, and continue after the block with its results.
void FunctionLowerer::fallThrough(Frame &F) {
  llvm::BasicBlock *From = B.GetInsertBlock();
  size_t N = F.ResultPhis.size();
  for (size_t K = 0; K < N; ++K)
    F.ResultPhis[K]->addIncoming(Stack[Stack.size() - N + K], From);
  B.CreateBr(F.Cont);
}

void FunctionLowerer::endFrame() {
  Frame &F = Frames.back();
  if (!Dead)
    fallThrough(F);
  if (F.Kind == Op::If) {
    // No else arm: the parameters flow straight to the results.
    B.SetInsertPoint(F.ElseBB);
    for (size_t K = 0; K < F.ResultPhis.size(); ++K)
      F.ResultPhis[K]->addIncoming(F.IfParams[K], F.ElseBB);
    B.CreateBr(F.Cont);
  }
  Stack.resize(F.Height);
  bool Live = !llvm::pred_empty(F.Cont);
  B.SetInsertPoint(F.Cont);
  if (!Live) {
    // Nothing reaches the continuation: drop the PHIs, mark it unreachable
    // and skip the rest of the enclosing frame.
    for (llvm::PHINode *P : F.ResultPhis) {
      P->replaceAllUsesWith(llvm::PoisonValue::get(P->getType()));
      P->eraseFromParent();
    }
    B.CreateUnreachable();
    Dead = true;
    Frames.pop_back();
    return;
  }
  Dead = false;
  if (F.Kind == Op::End) {
    emitReturn();
    Frames.pop_back();
    return;
  }
  for (llvm::PHINode *P : F.ResultPhis)
    push(P);
  Frames.pop_back();
}

Status FunctionLowerer::lowerControl(const Instr &I) {
  switch (I.Opcode) {
  case Op::Unreachable:
    B.CreateBr(trapBlock(TrapCode::Unreachable));
    Dead = true;
    return {};
  case Op::Nop:
    return {};
  case Op::Block: {
    std::vector<ValType> Params, Results;
    blockSignature(I, Params, Results);
    pushFrame(Op::Block, Params, Results);
    return {};
  }
  case Op::Loop: {
    std::vector<ValType> Params, Results;
    blockSignature(I, Params, Results);
    Frame &F = pushFrame(Op::Loop, Params, Results);
    F.Header = newBlock("loop");
    llvm::BasicBlock *From = B.GetInsertBlock();
    B.CreateBr(F.Header);
    B.SetInsertPoint(F.Header);
    for (size_t K = 0; K < Params.size(); ++K) {
      llvm::Value *&Slot = Stack[F.Height + K];
      llvm::PHINode *P = B.CreatePHI(S.valType(Params[K]), 2);
      P->addIncoming(Slot, From);
      F.ParamPhis.push_back(P);
      Slot = P;
    }
    emitEpochCheck();
    return {};
  }
  case Op::If: {
    llvm::Value *Cond = B.CreateICmpNE(pop(), i32(0));
    std::vector<ValType> Params, Results;
    blockSignature(I, Params, Results);
    Frame &F = pushFrame(Op::If, Params, Results);
    F.IfParams.assign(Stack.end() - Params.size(), Stack.end());
    llvm::BasicBlock *Then = newBlock("then");
    F.ElseBB = newBlock("else");
    B.CreateCondBr(Cond, Then, F.ElseBB);
    B.SetInsertPoint(Then);
    return {};
  }
  case Op::Else: {
    Frame &F = Frames.back();
    if (!Dead)
      fallThrough(F);
    Stack.resize(F.Height);
    Stack.insert(Stack.end(), F.IfParams.begin(), F.IfParams.end());
    B.SetInsertPoint(F.ElseBB);
    F.ElseBB = nullptr;
    F.Kind = Op::Else;
    Dead = false;
    return {};
  }
  case Op::End:
    endFrame();
    return {};
  case Op::Br:
    branchTo(Frames[Frames.size() - 1 - I.Idx0]);
    Dead = true;
    return {};
  case Op::BrIf: {
    llvm::Value *Cond = B.CreateICmpNE(pop(), i32(0));
    Frame &T = Frames[Frames.size() - 1 - I.Idx0];
    bool IsLoop = T.Kind == Op::Loop;
    auto &Phis = IsLoop ? T.ParamPhis : T.ResultPhis;
    llvm::BasicBlock *From = B.GetInsertBlock();
    for (size_t K = 0; K < Phis.size(); ++K)
      Phis[K]->addIncoming(Stack[Stack.size() - Phis.size() + K], From);
    llvm::BasicBlock *Next = newBlock("next");
    B.CreateCondBr(Cond, IsLoop ? T.Header : T.Cont, Next);
    B.SetInsertPoint(Next);
    return {};
  }
  case Op::BrTable: {
    llvm::Value *Index = pop();
    // One edge block per distinct target, so each PHI gets exactly one
    // incoming per predecessor.
    std::map<uint32_t, llvm::BasicBlock *> Edges;
    llvm::BasicBlock *From = B.GetInsertBlock();
    auto Edge = [&](uint32_t Depth) {
      auto [It, New] = Edges.try_emplace(Depth, nullptr);
      if (New) {
        It->second = newBlock("br_table");
        B.SetInsertPoint(It->second);
        branchTo(Frames[Frames.size() - 1 - Depth]);
        B.SetInsertPoint(From);
      }
      return It->second;
    };
    llvm::BasicBlock *Default = Edge(I.Idx0);
    llvm::SwitchInst *Sw =
        B.CreateSwitch(Index, Default, unsigned(I.Targets.size()));
    for (size_t K = 0; K < I.Targets.size(); ++K)
      Sw->addCase(B.getInt32(uint32_t(K)), Edge(I.Targets[K]));
    Dead = true;
    return {};
  }
  case Op::Return:
    branchTo(Frames.front());
    Dead = true;
    return {};
  case Op::Drop:
    keepTrapsOfDropped(pop());
    return {};
  case Op::Select:
  case Op::SelectT: {
    llvm::Value *Cond = B.CreateICmpNE(pop(), i32(0));
    llvm::Value *R = pop();
    llvm::Value *L = pop();
    push(B.CreateSelect(Cond, L, R));
    return {};
  }
  default:
    WASMAOT_UNREACHABLE("not a control instruction");
  }
}

} // namespace wasmaot::codegen
