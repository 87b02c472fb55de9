// LLVM version facts for `wasmaot --version`: the LLVM codegen was compiled
// against, and the host triple as libLLVM reports it at run time.
#include "wasmaot/codegen/version.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/TargetParser/Host.h>

namespace wasmaot::codegen {

std::string llvmVersion() { return LLVM_VERSION_STRING; }

std::string hostTargetTriple() { return llvm::sys::getDefaultTargetTriple(); }

} // namespace wasmaot::codegen
