// The version of the artifact format: the contract between code that
// wasmaot's compiler emits and the runtime that loads it. This header owns
// the number only; what it versions lives beside it (artifact.h, vmctx.h,
// builtins.def, traps.def).
//
// Header-only and dependency-free: codegen and the runtime both include it,
// and neither may define a second copy of anything declared here.
#pragma once

#include <cstdint>

namespace wasmaot::abi {

/// Bump on ANY change that makes an artifact written by one build unreadable
/// or unsafe for another: the artifact header or metadata encoding, the vmctx
/// layout, the builtins table, the trap codes, the calling convention of
/// compiled functions. The loader refuses an artifact whose version differs
/// and tells the user to recompile it.
///
/// 2: every artifact ends with a checksum seal over the whole file
///    (checksum.h), verified before it is mapped.
inline constexpr uint32_t kArtifactFormatVersion = 2;

} // namespace wasmaot::abi
