// WASI 0.2 (preview2) for components, on the preview1 capability core:
// the same WasiCtx (runtime/wasi.h) decides what a component may touch —
// its args and env, the stdio it was given, the preopened directories
// (read-only ones refuse every write with error-code read-only), and
// whether clocks and random may be read. Nothing else is reachable.
//
//   WasiConfig Cfg; Cfg.Args = {"app"}; Cfg.InheritStdio = true; ...
//   auto Ctx = WasiCtx::create(Cfg);
//   ComponentLinker L;
//   defineWasiP2(L, **Ctx);
//   auto I = ComponentInstance::instantiate(Store, C, L);
//   Outcome<int32_t> Code = runWasiCommand(**I); // wasi:cli/run#run
//
// Interfaces (all @0.2.0; a component built against any 0.2.x links):
// wasi:cli/{environment, exit, stdin, stdout, stderr, terminal-*},
// wasi:io/{error, poll, streams}, wasi:clocks/{wall-clock, monotonic-clock},
// wasi:random/{random, insecure, insecure-seed},
// wasi:filesystem/{types, preopens}. wasi:sockets is not provided.
//
// Host resources (streams, pollables, errors, descriptors, directory
// streams) live in a table owned by the definitions; they are released
// when the component drops them or when the linker's functions die. The
// WasiCtx must outlive the linker and every instance made with it.
// Clock reads without WasiConfig::AllowClocks and random without
// AllowRandom trap (WASI 0.2 gives them no error result); relative sleeps
// (subscribe-duration) always work.
#pragma once

#include <cstdint>

#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/wasi.h"

namespace wasmaot::runtime::component {

/// Defines every WASI 0.2 function and host resource listed above on \p L,
/// bound to \p Ctx.
void defineWasiP2(ComponentLinker &L, WasiCtx &Ctx);

/// The export a WASI command runs: "wasi:cli/run@0.2.x#run", or null.
const abi::component::Export *findWasiRun(const Component &C);

/// Calls the command's wasi:cli/run#run: 0 for ok, 1 for err, N when it
/// calls wasi:cli/exit (exit: 0/1, exit-with-code: N); any other Trap as
/// is; an Error if the component exports no run function.
Outcome<int32_t> runWasiCommand(ComponentInstance &I);

} // namespace wasmaot::runtime::component
