// libFuzzer target: the whole path. Bytes that read and validate as a module
// are compiled (at -O0 or -O2, guard or explicit bounds checks, chosen by the
// last input byte), loaded, linked against stubs for every import, and every
// exported function is called with zero arguments under an epoch deadline.
// Traps and errors are expected; a crash, sanitizer report, hang, or a
// compiler "internal" error is a bug.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <span>
#include <thread>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"
#include "wasmaot/runtime/runtime.h"

using namespace wasmaot;

namespace {

runtime::Engine &engine() {
  static runtime::Engine *E = [] {
    runtime::EngineConfig C;
    C.MaxMemoryPages = 1024; // 64 MiB
    C.MaxTableElements = 100'000;
    C.WasmStackSize = 256 << 10;
    C.DefaultEpochDeadlineTicks = 4; // start functions too
    auto *Eng = new runtime::Engine(C);
    // Advance the epoch every 5 ms so a deadline of a few ticks ends loops.
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

/// Defines a stub for every import of \p M, of exactly the imported type.
void stubImports(runtime::Linker &L, runtime::Store &S,
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

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  auto M = frontend::readModule(std::span<const uint8_t>(Data, Size));
  if (!M || !frontend::validateModule(*M))
    return 0;
  codegen::CompileOptions Opts;
  uint8_t Knobs = Size ? Data[Size - 1] : 0;
  Opts.OptLevel = Knobs & 1 ? 2 : 0;
  Opts.Bounds = Knobs & 2 ? codegen::BoundsChecks::Explicit
                          : codegen::BoundsChecks::Guard;
  Opts.EpochInterruption = true;
  auto So = codegen::compileModule(*M, Opts);
  if (!So) {
    // Unsupported is a deliberate refusal (e.g. a CPU without a feature);
    // anything else the compiler refuses for a valid module is a bug.
    if (So.error().Kind == ErrorKind::Unsupported)
      return 0;
    std::fprintf(stderr, "compile error: %s\n",
                 So.error().format("input").c_str());
    std::abort();
  }
  runtime::Engine &E = engine();
  auto Mod = runtime::Module::loadBytes(E, *So);
  if (!Mod) {
    std::fprintf(stderr, "load error: %s\n", Mod.error().Message.c_str());
    std::abort();
  }
  runtime::Store S(E);
  runtime::Linker L(E);
  stubImports(L, S, **Mod);
  auto Inst = L.instantiate(S, **Mod);
  if (!Inst)
    return 0; // link errors (limits) and instantiation traps are fine
  for (const auto &[Name, Ext] : (*Inst)->exports()) {
    if (Ext.Kind != frontend::ExternKind::Func)
      continue;
    std::vector<runtime::Val> Args;
    for (frontend::ValType T : Ext.F.type().Params)
      Args.push_back(runtime::Val::zero(T));
    (*Inst)->setEpochDeadline(4);
    (void)Ext.F.call(Args);
  }
  return 0;
}
