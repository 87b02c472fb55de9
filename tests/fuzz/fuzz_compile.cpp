// libFuzzer target: the whole path. Bytes that read and validate as a module
// are compiled (at -O0 or -O2, guard or explicit bounds checks, chosen by the
// last input byte), loaded, linked against stubs for every import, and every
// exported function is called with zero arguments under an epoch deadline.
// Traps and errors are expected; a crash, sanitizer report, hang, or a
// compiler "internal" error is a bug.
#include <cstdio>
#include <cstdlib>
#include <span>

#include "fuzz_support.h"
#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"

using namespace wasmaot;
using fuzz::engine;
using fuzz::stubImports;

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
