// Canonical ABI adapters compiled per lifted and lowered function type
// (abi/component_adapter.h): which Lifts and Lowers get one (LLVM-free) and
// the IR generator that writes them into the component artifact's own
// shard.
#pragma once

#include "wasmaot/abi/component.h"

namespace wasmaot::codegen {

class Shard;

/// Does \p L get a compiled adapter? Everything but resources, fixed-size
/// lists over 64 elements, callees that are not core exports, and options
/// missing a memory or realloc the type needs (the dynamic path reports
/// those when called).
bool adapterSupported(const abi::component::Lift &L);
/// Does \p L get a compiled lower adapter? The same types; options missing
/// a memory or realloc the type needs keep the dynamic path.
bool adapterSupported(const abi::component::Lower &L);

/// Numbers the Lifts, then the Lowers, that get an adapter (::Adapter);
/// returns how many.
uint32_t assignAdapters(abi::component::ComponentMeta &M);

/// Emits one adapter per numbered Lift and Lower and the `wasmaot_adapters` table
/// (nothing if none).
void emitAdapters(Shard &S, const abi::component::ComponentMeta &M);

} // namespace wasmaot::codegen
