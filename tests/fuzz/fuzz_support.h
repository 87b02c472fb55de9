// What the libFuzzer targets that run code share: one Engine with resource
// limits and an epoch ticker, and stubs for any import. Owns nothing else;
// each target decides what it feeds in and what counts as a bug.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <thread>

#include "wasmaot/runtime/runtime.h"

namespace wasmaot::fuzz {

/// The process's Engine: memories capped at 64 MiB, tables at 100,000
/// elements, 256 KiB of wasm stack, and an epoch that advances every 5 ms,
/// so a deadline of a few ticks ends any loop (start functions included,
/// through DefaultEpochDeadlineTicks). Artifacts must be compiled with
/// EpochInterruption for the deadline to reach them.
inline runtime::Engine &engine() {
  static runtime::Engine *E = [] {
    runtime::EngineConfig C;
    C.MaxMemoryPages = 1024; // 64 MiB
    C.MaxTableElements = 100'000;
    C.WasmStackSize = 256 << 10;
    C.DefaultEpochDeadlineTicks = 4;
    auto *Eng = new runtime::Engine(C);
    std::thread([Eng] {
      for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        Eng->incrementEpoch();
      }
    }).detach();
    return Eng;
  }();
  return *E;
}

/// Defines a stub for every import of \p M, of exactly the imported type:
/// functions return zeros, memories, tables and globals are fresh ones of
/// the imported type (a memory or table over the Engine's caps is left
/// undefined, and instantiation fails with a link error).
inline void stubImports(runtime::Linker &L, runtime::Store &S,
                        const runtime::Module &M) {
  using frontend::ExternKind;
  for (const abi::MetaImport &I : M.meta().Imports) {
    switch (I.Kind) {
    case ExternKind::Func: {
      frontend::FuncType T = M.meta().Types[I.TypeIndex];
      L.defineFunc(I.Module, I.Name, T,
                   [T](runtime::Caller &, std::span<const runtime::Val>,
                       std::span<runtime::Val> Results)
                       -> std::optional<runtime::Trap> {
                     for (size_t K = 0; K < Results.size(); ++K)
                       Results[K] = runtime::Val::zero(T.Results[K]);
                     return std::nullopt;
                   });
      break;
    }
    case ExternKind::Memory:
      if (auto Mem = runtime::Memory::create(S, I.Memory))
        L.define(I.Module, I.Name, runtime::Extern::memory(*Mem));
      break;
    case ExternKind::Table:
      if (auto Tab = runtime::Table::create(
              S, I.Table, runtime::Val::zero(I.Table.Elem)))
        L.define(I.Module, I.Name, runtime::Extern::table(*Tab));
      break;
    case ExternKind::Global:
      if (auto G = runtime::Global::create(S, I.Global,
                                           runtime::Val::zero(I.Global.Type)))
        L.define(I.Module, I.Name, runtime::Extern::global(*G));
      break;
    }
  }
}

} // namespace wasmaot::fuzz
