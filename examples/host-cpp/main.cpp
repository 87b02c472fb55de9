// Embedding wasmaot in a C++ host: load an artifact compiled ahead of time
// (`wasmaot compile host.wasm -o host.so`), give it a host function, call
// its exports through typed and untyped entry points, read its memory,
// handle a trap, and run a WASI command with a preopened directory. Only
// the runtime library is linked: no LLVM. Builds in-tree or against the
// installed package (see CMakeLists.txt).
//
//   host-cpp HOST.so [WASI.so DIR]
#include <cstdio>
#include <cstring>

#include "wasmaot/runtime/runtime.h"

using namespace wasmaot;
using namespace wasmaot::runtime;

namespace {

/// Runs a WASI command with DIR preopened as "/" and the host's stdio.
int runWasi(Engine &Eng, const char *Path, const char *Dir) {
  auto Mod = Module::load(Eng, Path);
  if (!Mod) {
    std::fprintf(stderr, "%s\n", Mod.error().format(Path).c_str());
    return 1;
  }
  WasiConfig Cfg;
  Cfg.Args = {"greet"};
  Cfg.Preopens.push_back({Dir, "/", /*ReadOnly=*/false});
  Cfg.InheritStdio = true;
  auto Ctx = WasiCtx::create(Cfg); // must outlive the instance
  if (!Ctx) {
    std::fprintf(stderr, "wasi: %s\n", Ctx.error().Message.c_str());
    return 1;
  }
  Store St(Eng);
  Linker Link(Eng);
  defineWasi(Link, **Ctx);
  auto Inst = Link.instantiate(St, **Mod);
  if (!Inst) {
    std::fprintf(stderr, "instantiate: %s\n", Inst.message().c_str());
    return 1;
  }
  std::fflush(stdout); // the guest writes to the same stdout
  Outcome<int32_t> Code = runWasiStart(**Inst);
  if (!Code.ok()) {
    std::fprintf(stderr, "wasi: %s\n", Code.message().c_str());
    return 1;
  }
  std::printf("wasi exit status: %d\n", *Code);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc != 2 && argc != 4) {
    std::fprintf(stderr, "usage: host-cpp HOST.so [WASI.so DIR]\n");
    return 2;
  }
  Engine Eng;
  auto Mod = Module::load(Eng, argv[1]);
  if (!Mod) {
    std::fprintf(stderr, "%s\n", Mod.error().format(argv[1]).c_str());
    return 1;
  }
  Store St(Eng);
  Linker Link(Eng);
  // A host function from a plain callable: its wasm type, [i32 i64] -> [],
  // comes from the signature and is checked against the import when
  // instantiating. Caller gives access to the calling instance's memory.
  Link.defineFunc("host", "log_sum", [](Caller &C, int32_t N, int64_t Sum) {
    std::printf("host: sum of 0..%d is %lld (memory: %zu bytes)\n", N,
                (long long)Sum, C.memory0Bytes().size());
  });
  auto Inst = Link.instantiate(St, **Mod); // an Instance*, a Trap or an Error
  if (!Inst) {
    std::fprintf(stderr, "instantiate: %s\n", Inst.message().c_str());
    return 1;
  }
  // Typed call.
  auto Sum = (*Inst)->func<int64_t(int32_t)>("sum");
  if (!Sum) {
    std::fprintf(stderr, "%s\n", Sum.error().Message.c_str());
    return 1;
  }
  auto R = Sum->call(100);
  if (!R.ok())
    return 1;
  std::printf("sum(100) = %lld\n", (long long)*R);
  // The guest stored the result in its memory at address 16.
  Memory *Mem = (*Inst)->getMemory("memory");
  int64_t Stored;
  std::memcpy(&Stored, Mem->data() + 16, 8);
  std::printf("memory[16] = %lld\n", (long long)Stored);
  // Untyped call that traps: the trap is a value, with a backtrace.
  auto Boom = (*Inst)->getFunc("boom");
  auto T = Boom->call({Val::fromI32(0)});
  if (T.isTrap())
    std::printf("trap: %s\n", T.trap().format().c_str());
  // The instance is still usable after a trap.
  auto Again = Boom->call({Val::fromI32(1)});
  std::printf("boom(1) = %d\n", Again.ok() ? (*Again)[0].i32() : -1);
  return argc == 4 ? runWasi(Eng, argv[2], argv[3]) : 0;
}
