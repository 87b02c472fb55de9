// ArtifactMeta construction from a validated module (no LLVM here).
#pragma once

#include <vector>

#include "wasmaot/abi/artifact.h"
#include "wasmaot/frontend/module.h"

namespace wasmaot::codegen {

/// The metadata for \p M; appends all data segment bytes to \p DataImage
/// and records each segment's offset in it. Header fields (target, CPU,
/// bounds mode, versions) are left for the caller to fill.
abi::ArtifactMeta buildMeta(const frontend::Module &M,
                            std::vector<uint8_t> &DataImage);

} // namespace wasmaot::codegen
