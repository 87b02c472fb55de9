// Embedding wasmaot in a C++ host: load an artifact compiled ahead of time
// (`wasmaot compile host.wasm -o host.so`), give it a host function, call its
// exports through typed and untyped entry points, read its memory, and
// handle a trap. Only the runtime library is linked: no LLVM.
//
//   host-cpp ARTIFACT.so
#include <cstdio>
#include <cstring>

#include "wasmaot/runtime/runtime.h"

using namespace wasmaot;
using namespace wasmaot::runtime;

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: host-cpp ARTIFACT.so\n");
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
  // A host function with the import's exact type; it sees the caller.
  Link.defineFunc("host", "log_sum",
                  FuncType{{ValType::I32, ValType::I64}, {}},
                  [](Caller &C, std::span<const Val> Args,
                     std::span<Val>) -> std::optional<Trap> {
                    std::printf("host: sum of 0..%d is %lld (memory: %zu "
                                "bytes)\n",
                                Args[0].i32(), (long long)Args[1].i64(),
                                C.memory0Bytes().size());
                    return std::nullopt;
                  });
  auto Inst = Link.instantiate(St, **Mod);
  if (!Inst) {
    std::fprintf(stderr, "instantiate: %s\n", Inst.message().c_str());
    return 1;
  }
  // Typed call.
  auto Sum = (*Inst)->getFunc("sum")->typed<int64_t(int32_t)>();
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
  return 0;
}
