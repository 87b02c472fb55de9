// Epoch checks that loops do not need, removed right before the loop
// vectoriser (issue #6). See epoch_loops.cpp.
#pragma once

#include <llvm/IR/PassManager.h>

namespace wasmaot::codegen {

/// The metadata kind that marks the epoch counter load of an epoch check
/// (FunctionLowerer::emitEpochCheck).
inline constexpr const char *kEpochLoadMD = "wasmaot.epoch";

/// A function pass: drops the epoch checks inside innermost loops whose
/// trip count is known and below 2^32 (their enclosing loop, or the
/// function entry, still checks), so such loops can be vectorised.
struct EpochLoopPass : llvm::PassInfoMixin<EpochLoopPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

} // namespace wasmaot::codegen
