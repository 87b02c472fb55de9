// The runtime-internal side of traps: entering wasm from the host, raising a
// trap from a builtin or a host function, and the fault hook. See
// runtime/README.md, "Traps", for the design.
#pragma once

#include <optional>

#include "wasmaot/abi/vmctx.h"
#include "wasmaot/runtime/trap.h"

namespace wasmaot::runtime {

class Store;

/// Installs the SIGSEGV/SIGBUS handler (once per process).
void installTrapHandler();

/// Calls \p Code through the array-call trampoline \p Tramp with \p Values;
/// returns the Trap if the callee trapped. Sets \p S's stack limit first.
std::optional<Trap> invokeWasm(Store &S, abi::ArrayCallFn Tramp, void *Code,
                               void *CalleeVmctx, void *CallerVmctx,
                               abi::ValRaw *Values);

/// From a builtin called by wasm: unwinds to the innermost host→wasm entry,
/// which returns a Trap with code \p C. For TrapCode::HostTrap the trap a
/// host function left with setPendingHostTrap is reported instead.
[[noreturn]] void raiseTrap(TrapCode C);

/// A host function called from wasm is about to return "trapped".
void setPendingHostTrap(Trap T);

/// True while the calling thread runs inside some host→wasm call.
bool insideWasm();

} // namespace wasmaot::runtime
