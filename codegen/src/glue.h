// The glue module: everything in an artifact that is not a wasm function —
// the exported symbols of runtime/abi/artifact.h (metadata, function table,
// array-call trampolines, host stubs, data image) and private memcpy-family
// helpers so the artifact has no undefined symbols.
#pragma once

#include <vector>

#include "shard.h"

namespace wasmaot::codegen {

void emitGlue(Shard &S, const std::vector<uint8_t> &Meta,
              const std::vector<uint8_t> &DataImage);

} // namespace wasmaot::codegen
