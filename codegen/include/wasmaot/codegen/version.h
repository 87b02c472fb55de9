// Facts about the LLVM this compiler was built with, for `wasmaot --version`
// and, later, the compiler build id recorded in every artifact. The header is
// LLVM-free so that cmd/ can include it without LLVM on its include path.
#pragma once

#include <string>

namespace wasmaot::codegen {

/// LLVM_VERSION_STRING of the LLVM headers codegen was compiled against,
/// e.g. "19.1.7".
std::string llvmVersion();

/// The triple LLVM targets by default on this host, e.g.
/// "x86_64-pc-linux-gnu". Answered by libLLVM at run time.
std::string hostTargetTriple();

} // namespace wasmaot::codegen
