// In-process linking with lld (DESIGN.md, compile pipeline step 6).
#pragma once

#include <string>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::codegen {

/// Links ELF relocatable objects (in memory) into a shared object and
/// returns its bytes. Uses a private temporary directory that is removed
/// before returning. Serialised: lld keeps global state.
Expected<std::vector<uint8_t>>
linkSharedObject(const std::vector<std::vector<char>> &Objects);

} // namespace wasmaot::codegen
