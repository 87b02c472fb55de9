// The builtins table compiled code calls through (abi/builtins.def), and the
// non-trapping cores of table.init / memory.init that instantiation shares
// with the builtins.
#pragma once

#include <cstdint>

namespace wasmaot::runtime {

class Instance;

/// The table, in builtins.def order; every vmctx's builtins field points here.
void *const *builtinsTable();

/// table.init / memory.init (spec 4.4.6, 4.4.7): false, with nothing
/// written, if a range is out of bounds.
bool tableInit(Instance &I, uint32_t Table, uint32_t Elem, uint64_t Dst,
               uint64_t Src, uint64_t Len);
bool memoryInit(Instance &I, uint32_t Mem, uint32_t Data, uint64_t Dst,
                uint64_t Src, uint64_t Len);

} // namespace wasmaot::runtime
