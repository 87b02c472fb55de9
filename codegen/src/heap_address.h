// Facts about wasm heap addresses that LLVM cannot derive on its own, given
// to it right before the loop vectoriser (issue #6). See heap_address.cpp.
#pragma once

#include <llvm/IR/PassManager.h>

namespace wasmaot::codegen {

/// A function pass for guard-mode code: rewrites `zext(i32 y + c)` heap
/// offsets as `zext(y) + c` where that is exact, and marks loops that must
/// trap rather than run forever as `llvm.loop.mustprogress`.
struct HeapAddressPass : llvm::PassInfoMixin<HeapAddressPass> {
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &AM);
};

} // namespace wasmaot::codegen
