// The process-wide registry of compiled wasm code: which address ranges hold
// code of which loaded Module. The fault handler asks isWasmCode(pc) from
// signal context (lock-free, async-signal-safe); backtraces ask moduleForPc
// from normal context. Modules register on load and unregister before
// dlclose.
#pragma once

#include <cstdint>
#include <span>

#include "sys/sys.h"

namespace wasmaot::runtime {

class Module;

void registerCode(const Module *M, std::span<const sys::CodeRange> Ranges);
void unregisterCode(const Module *M);
/// Async-signal-safe.
bool isWasmCode(uintptr_t Pc);
/// Normal context only. Null if \p Pc is in no registered module.
const Module *moduleForPc(uintptr_t Pc);

} // namespace wasmaot::runtime
