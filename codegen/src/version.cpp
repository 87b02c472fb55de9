// LLVM version facts. The first code in codegen/ and the proof that the layer
// links libLLVM: hostTargetTriple() calls into the shared library. The
// translation itself (lower_*.cpp, pipeline, emission, lld link) arrives with
// issue #3.
#include "wasmaot/codegen/version.h"

#include <llvm/Config/llvm-config.h>
#include <llvm/TargetParser/Host.h>

namespace wasmaot::codegen {

std::string llvmVersion() { return LLVM_VERSION_STRING; }

std::string hostTargetTriple() { return llvm::sys::getDefaultTargetTriple(); }

} // namespace wasmaot::codegen
