// ArtifactMeta construction from a validated module, and the checksum seal
// on the linked file (no LLVM here).
#pragma once

#include <vector>

#include "wasmaot/abi/artifact.h"
#include "wasmaot/frontend/support/error.h"
#include "wasmaot/frontend/module.h"

namespace wasmaot::codegen {

/// The metadata for \p M; appends all data segment bytes to \p DataImage
/// and records each segment's offset in it. Header fields (target, CPU,
/// bounds mode, versions) are left for the caller to fill.
abi::ArtifactMeta buildMeta(const frontend::Module &M,
                            std::vector<uint8_t> &DataImage);

/// The linked shared object with the checksum seal appended
/// (abi/checksum.h): the last step of writing any artifact, so the seal
/// covers every byte the loader will map.
Expected<std::vector<uint8_t>> sealed(Expected<std::vector<uint8_t>> Linked);

} // namespace wasmaot::codegen
