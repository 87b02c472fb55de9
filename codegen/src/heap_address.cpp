// Heap-address facts for LLVM's loop passes (issue #6). Owns one function
// pass that runs before the loop vectoriser on guard-mode code; it does not
// own how addresses are first emitted (lower_memory.cpp).
//
// clang compiles `a[i] += ...; a[i + 1] += ...` for wasm32 into i32
// arithmetic: p = q + 16, then loads at p and at p + 8. We lower an access
// at i32 index x to `base + zext(x) + offset`. Because i32 adds wrap,
// zext(p + 8) is not zext(p) + 8 to LLVM, so two neighbouring accesses are
// not known to be 8 bytes apart and the vectoriser falls back to gathers;
// and a loop `p += 16 until p == end` might run forever (p wrapping past
// end), so its trip count is unknown and it is not vectorised at all.
//
// Both facts hold in guard mode because a memory never exceeds
// abi::kMaxMemoryPages (4 GiB - 64 KiB): an access at zext(y) + c (c >= 0)
// with y >= 2^32 - 64 KiB always traps.
//
// 1. If the program accesses zext(y) + c and, before that access could be
//    skipped, also accesses zext(y + k) with 0 < k <= 64 KiB, then y + k
//    cannot wrap without the access at y trapping first (or in the same
//    straight-line run), so zext(y + k) == zext(y) + k wherever it matters.
// 2. If every iteration of a loop accesses zext(x) + c where x is an i32
//    affine recurrence of the loop whose step has at most 16 trailing zero
//    bits, then a loop running forever would sweep x over a residue class
//    that reaches 2^32 - 64 KiB and trap. Such a loop terminates or traps:
//    `llvm.loop.mustprogress` lets SCEV count `!=`-exit loops (spec 4.4.7:
//    an out-of-bounds access traps).
//
// What a trap leaves behind may differ (stores of the trapping iteration
// may or may not have happened), as it already does whenever LLVM reorders
// heap accesses in guard mode; whether the program traps does not.
#include "heap_address.h"

#include <map>
#include <optional>

#include <llvm/Analysis/LoopInfo.h>
#include <llvm/Analysis/ScalarEvolution.h>
#include <llvm/Analysis/ScalarEvolutionExpressions.h>
#include <llvm/Analysis/ValueTracking.h>
#include <llvm/IR/Dominators.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Module.h>

#include "wasmaot/abi/vmctx.h"

namespace wasmaot::codegen {
namespace {

using namespace llvm;

/// Largest k for which `y + k` wrapping implies y is out of bounds.
constexpr uint64_t kMaxDelta = (1ull << 32) - abi::kMaxMemoryPages * 65536;

/// Heap accesses carry the "heap" TBAA type (Shard::TbaaHeap).
bool isHeapAccess(const Instruction &I) {
  const MDNode *Tag = I.getMetadata(LLVMContext::MD_tbaa);
  if (!Tag || Tag->getNumOperands() < 1)
    return false;
  const auto *Ty = dyn_cast<MDNode>(Tag->getOperand(0));
  if (!Ty || Ty->getNumOperands() < 1)
    return false;
  const auto *Name = dyn_cast<MDString>(Ty->getOperand(0));
  return Name && Name->getString() == "heap";
}

/// A heap access at base + zext(Index) + c, c >= 0; Use is the operand
/// holding the zext.
struct Access {
  Instruction *I;
  Value *Base;
  Value *Index; // i32
  Use *ZExtUse;
};

/// Follows an i64 offset through `add nuw x, C` / `or disjoint x, C` down
/// to `zext i32`.
Use *findZExt(Use &U) {
  Use *Cur = &U;
  for (int Depth = 0; Depth < 8; ++Depth) {
    Value *V = Cur->get();
    if (auto *Z = dyn_cast<ZExtInst>(V))
      return Z->getSrcTy()->isIntegerTy(32) ? Cur : nullptr;
    auto *BO = dyn_cast<BinaryOperator>(V);
    if (!BO)
      return nullptr;
    auto *C = dyn_cast<ConstantInt>(BO->getOperand(1));
    bool NoWrap =
        (BO->getOpcode() == Instruction::Add && BO->hasNoUnsignedWrap()) ||
        (BO->getOpcode() == Instruction::Or &&
         cast<PossiblyDisjointInst>(BO)->isDisjoint());
    if (!C || C->isNegative() || !NoWrap)
      return nullptr;
    Cur = &BO->getOperandUse(0);
  }
  return nullptr;
}

/// Matches base + zext(x) + c with c >= 0 (every fact above needs the access
/// at or after zext(x)) and base the memory base (a load from the vmctx).
std::optional<Access> decompose(Instruction &I) {
  Value *Ptr = getLoadStorePointerOperand(&I);
  if (!Ptr || !isHeapAccess(I))
    return std::nullopt;
  const DataLayout &DL = I.getModule()->getDataLayout();
  APInt Const(64, 0);
  // Constant byte offsets (the memarg offset after instcombine) first.
  auto *G = dyn_cast<GetElementPtrInst>(Ptr);
  while (G && G->hasAllConstantIndices()) {
    APInt Off(64, 0);
    if (!G->accumulateConstantOffset(DL, Off))
      return std::nullopt;
    Const += Off;
    G = dyn_cast<GetElementPtrInst>(G->getPointerOperand());
  }
  if (!G || G->getNumIndices() != 1 ||
      !G->getSourceElementType()->isIntegerTy(8))
    return std::nullopt;
  Use *Z = findZExt(G->getOperandUse(1));
  if (!Z)
    return std::nullopt;
  APInt BaseOff(64, 0);
  Value *Base = G->getPointerOperand()->stripAndAccumulateInBoundsConstantOffsets(
      DL, BaseOff);
  Const += BaseOff;
  if (Const.isNegative() || !isa<LoadInst>(Base))
    return std::nullopt;
  return Access{&I, Base, cast<ZExtInst>(Z->get())->getOperand(0), Z};
}

std::vector<Access> heapAccesses(Function &F) {
  std::vector<Access> Out;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto A = decompose(I))
        Out.push_back(*A);
  return Out;
}

/// Whenever \p Later executes, \p Earlier executes too with the same operand
/// values: it dominates it, or follows it in the same block with nothing in
/// between that may not return.
bool alsoExecutes(Instruction *Earlier, Instruction *Later,
                  const DominatorTree &DT) {
  if (DT.dominates(Earlier, Later))
    return true;
  if (Earlier->getParent() != Later->getParent())
    return false;
  return isGuaranteedToTransferExecutionToSuccessor(
      Later->getIterator(), Earlier->getIterator(), 64);
}

/// Fact 1: zext(y + k) as zext(y) + k. Returns whether anything changed.
bool splitOffsets(Function &F, const DominatorTree &DT) {
  bool Changed = false;
  for (int Round = 0; Round < 4; ++Round) {
    std::vector<Access> All = heapAccesses(F);
    std::map<std::pair<Value *, Value *>, std::vector<Instruction *>> At;
    for (const Access &A : All)
      At[{A.Base, A.Index}].push_back(A.I);
    bool RoundChanged = false;
    for (const Access &A : All) {
      auto *Add = dyn_cast<BinaryOperator>(A.Index);
      if (!Add || Add->getOpcode() != Instruction::Add)
        continue;
      auto *K = dyn_cast<ConstantInt>(Add->getOperand(1));
      if (!K || K->isZero() || K->getZExtValue() > kMaxDelta)
        continue;
      Value *Y = Add->getOperand(0);
      bool Exact = Add->hasNoUnsignedWrap();
      if (!Exact) {
        auto It = At.find({A.Base, Y});
        if (It != At.end())
          for (Instruction *Other : It->second)
            if (alsoExecutes(Other, A.I, DT)) {
              Exact = true;
              break;
            }
      }
      if (!Exact)
        continue;
      if (!isa<ZExtInst>(A.ZExtUse->get()))
        continue; // shared with an access rewritten this round
      auto *User = cast<Instruction>(A.ZExtUse->getUser());
      IRBuilder<> B(User);
      Value *Wide = B.CreateAdd(B.CreateZExt(Y, B.getInt64Ty()),
                                B.getInt64(K->getZExtValue()), "", true, true);
      A.ZExtUse->set(Wide);
      RoundChanged = true;
    }
    Changed |= RoundChanged;
    if (!RoundChanged)
      break;
  }
  return Changed;
}

bool sweepsToTrap(const Access &A, Loop &L, ScalarEvolution &SE) {
  const auto *AR = dyn_cast<SCEVAddRecExpr>(SE.getSCEV(A.Index));
  if (!AR || AR->getLoop() != &L || !AR->isAffine())
    return false;
  const auto *Step = dyn_cast<SCEVConstant>(AR->getStepRecurrence(SE));
  return Step && !Step->getAPInt().isZero() &&
         (1ull << Step->getAPInt().countr_zero()) <= kMaxDelta;
}

void markMustProgress(Loop &L) {
  LLVMContext &Ctx = L.getHeader()->getContext();
  SmallVector<Metadata *, 4> Ops{nullptr};
  if (MDNode *Old = L.getLoopID())
    for (unsigned I = 1; I < Old->getNumOperands(); ++I)
      Ops.push_back(Old->getOperand(I));
  Ops.push_back(MDNode::get(Ctx, MDString::get(Ctx, "llvm.loop.mustprogress")));
  MDNode *ID = MDNode::getDistinct(Ctx, Ops);
  ID->replaceOperandWith(0, ID);
  L.setLoopID(ID);
}

/// Fact 2: loops that cannot run forever without trapping.
bool markFiniteLoops(Function &F, LoopInfo &LI, const DominatorTree &DT,
                     ScalarEvolution &SE) {
  std::vector<Access> All = heapAccesses(F);
  bool Changed = false;
  for (Loop *L : LI.getLoopsInPreorder()) {
    if (findOptionMDForLoop(L, "llvm.loop.mustprogress"))
      continue;
    SmallVector<BasicBlock *, 4> Latches;
    L->getLoopLatches(Latches);
    if (Latches.empty())
      continue;
    for (const Access &A : All) {
      BasicBlock *BB = A.I->getParent();
      if (!L->contains(BB) ||
          !all_of(Latches, [&](BasicBlock *Latch) {
            return DT.dominates(BB, Latch);
          }) ||
          !sweepsToTrap(A, *L, SE))
        continue;
      markMustProgress(*L);
      Changed = true;
      break;
    }
  }
  return Changed;
}

} // namespace

llvm::PreservedAnalyses
HeapAddressPass::run(llvm::Function &F, llvm::FunctionAnalysisManager &AM) {
  auto &DT = AM.getResult<DominatorTreeAnalysis>(F);
  auto &LI = AM.getResult<LoopAnalysis>(F);
  auto &SE = AM.getResult<ScalarEvolutionAnalysis>(F);
  bool Changed = markFiniteLoops(F, LI, DT, SE);
  Changed |= splitOffsets(F, DT);
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace wasmaot::codegen
