// Epoch checks and loops (issue #6). Owns one function pass that runs
// before the loop vectoriser when code is compiled with
// --epoch-interruption; it does not own how checks are emitted
// (FunctionLowerer::emitEpochCheck: function entries and loop headers).
//
// A check is an atomic load of the engine's epoch counter, a compare with
// the instance's deadline and a cold call of the EpochCheck builtin. The
// call keeps every loop that holds one from being vectorised (gemm ran
// 2.5x slower with checks). What interruption needs is that no code runs
// unboundedly long between two checks. An innermost loop whose backedge-
// taken count SCEV can compute, and which is below 2^32, ends on its own
// after a bounded number of iterations, each of them straight-line code
// plus calls (every wasm function checks on entry). So its checks can go:
// the loop around it checks once per outer iteration, the function entry
// (or a copy of the header's check that loop rotation left in front of the
// loop) before it. The delay an interrupt can see grows to one full run of
// such a loop, at most 2^32 iterations of its body.
//
// Loops with an unknown or larger count, and loops holding other loops,
// keep their checks.
#include "epoch_loops.h"

#include <llvm/ADT/SetVector.h>
#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ScalarEvolution.h>
#include <llvm/IR/Instructions.h>
#include <llvm/Transforms/Utils/BasicBlockUtils.h>
#include <llvm/Transforms/Utils/Local.h>

namespace wasmaot::codegen {
namespace {

using namespace llvm;

/// The innermost loops whose iterations are counted and fewer than 2^32.
SmallVector<Loop *, 8> countedInnermostLoops(LoopInfo &LI,
                                             ScalarEvolution &SE) {
  SmallVector<Loop *, 8> Out;
  for (Loop *L : LI.getLoopsInPreorder()) {
    if (!L->isInnermost())
      continue;
    const SCEV *Count = SE.getSymbolicMaxBackedgeTakenCount(L);
    if (isa<SCEVCouldNotCompute>(Count) ||
        SE.getUnsignedRangeMax(Count).ugt(0xffffffffull))
      continue;
    Out.push_back(L);
  }
  return Out;
}

/// Removes the check whose counter load is \p Now: its branch goes straight
/// to the fast path, and the slow block goes if nothing else reaches it.
/// False if the check does not have the expected shape (then it stays).
/// The fast-path blocks go to \p Fast.
bool removeCheck(LoadInst *Now, SmallSetVector<BasicBlock *, 8> &Fast) {
  for (User *U : Now->users()) {
    auto *Cmp = dyn_cast<ICmpInst>(U);
    if (!Cmp)
      return false;
    for (User *CU : Cmp->users())
      if (!isa<BranchInst>(CU))
        return false;
  }
  SmallVector<ICmpInst *, 2> Cmps;
  for (User *U : Now->users())
    Cmps.push_back(cast<ICmpInst>(U));
  for (ICmpInst *Cmp : Cmps) {
    CmpInst::Predicate P = Cmp->getOperand(0) == Now
                               ? Cmp->getPredicate()
                               : Cmp->getSwappedPredicate();
    // now >= deadline takes the slow path.
    unsigned Slow;
    if (P == CmpInst::ICMP_UGE)
      Slow = 0;
    else if (P == CmpInst::ICMP_ULT)
      Slow = 1;
    else
      return false;
    SmallVector<BranchInst *, 2> Brs;
    for (User *CU : Cmp->users())
      Brs.push_back(cast<BranchInst>(CU));
    for (BranchInst *Br : Brs) {
      BasicBlock *SlowBB = Br->getSuccessor(Slow);
      BasicBlock *FastBB = Br->getSuccessor(1 - Slow);
      BasicBlock *From = Br->getParent();
      if (SlowBB == FastBB)
        continue;
      SlowBB->removePredecessor(From);
      BranchInst::Create(FastBB, Br);
      Br->eraseFromParent();
      Fast.insert(FastBB);
      if (pred_empty(SlowBB))
        DeleteDeadBlock(SlowBB);
    }
    if (Cmp->use_empty())
      Cmp->eraseFromParent();
  }
  // An ordered atomic load counts as a write to LLVM; nothing else drops
  // it once it is unused.
  if (Now->use_empty())
    Now->eraseFromParent();
  return true;
}

} // namespace

PreservedAnalyses EpochLoopPass::run(Function &F,
                                     FunctionAnalysisManager &AM) {
  unsigned Kind = F.getContext().getMDKindID(kEpochLoadMD);
  auto &LI = AM.getResult<LoopAnalysis>(F);
  if (LI.empty())
    return PreservedAnalyses::all();
  auto &SE = AM.getResult<ScalarEvolutionAnalysis>(F);
  SmallVector<LoadInst *, 8> Checks;
  for (Loop *L : countedInnermostLoops(LI, SE))
    for (BasicBlock *BB : L->blocks())
      for (Instruction &I : *BB)
        if (auto *Ld = dyn_cast<LoadInst>(&I); Ld && Ld->getMetadata(Kind))
          Checks.push_back(Ld);
  if (Checks.empty())
    return PreservedAnalyses::all();
  bool Changed = false;
  SmallSetVector<BasicBlock *, 8> Fast;
  for (LoadInst *Now : Checks)
    Changed |= removeCheck(Now, Fast);
  if (!Changed)
    return PreservedAnalyses::all();
  // Each check split its block in two; join them again so the loop body is
  // one block where it was before.
  for (BasicBlock *BB : Fast)
    MergeBlockIntoPredecessor(BB);
  return PreservedAnalyses::none();
}

} // namespace wasmaot::codegen
