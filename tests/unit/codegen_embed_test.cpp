// The C++ embedding API end to end on real artifacts (modules assembled with
// wat2wasm at test time and compiled with codegen): typed host functions
// deduced from C++ callables and checked at link time, typed export lookup
// by name, host resource limits failing grow and instantiation cleanly, and
// one Module shared by many threads each instantiating and calling it.
#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <pthread.h>
#include <thread>

#include "wasmaot/runtime/runtime.h"
#include "wat_compile.h"

using namespace wasmaot;
using namespace wasmaot::runtime;
using wasmaot::test::compileWat;

namespace {

const char *kHostWat = R"((module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "peek" (func $peek (param i32) (result i32)))
  (import "env" "pair" (func $pair (param i64) (result i64 f64)))
  (memory (export "memory") 1)
  (data (i32.const 8) "\2a")
  (func (export "run") (param i32 i32) (result i32)
    (call $add (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32) (call $peek (local.get 0)))
  (func (export "pair") (param i64) (result f64) (local $d f64)
    (call $pair (local.get 0)) (local.set $d) (f64.convert_i64_s)
    (f64.add (local.get $d))))
)";

Linker hostLinker(Engine &E) {
  Linker L(E);
  L.defineFunc("env", "add", [](int32_t A, int32_t B) { return A + B; });
  L.defineFunc("env", "peek",
               [](Caller &C, uint32_t Addr) -> std::variant<int32_t, Trap> {
                 std::span<uint8_t> Mem = C.memory0Bytes();
                 if (Addr >= Mem.size())
                   return Trap::host("peek out of bounds");
                 return int32_t(Mem[Addr]);
               });
  L.defineFunc("env", "pair", [](int64_t X) {
    return std::tuple<int64_t, double>(X * 2, 0.5);
  });
  return L;
}

TEST(CodegenEmbed, TypedHostFunctionsAndTypedExports) {
  NEED_WAT2WASM();
  Engine E;
  auto Mod = Module::loadBytes(E, compileWat(kHostWat));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  Store S(E);
  Linker L = hostLinker(E);
  auto I = L.instantiate(S, **Mod);
  ASSERT_TRUE(I.ok()) << I.message();

  auto Run = (*I)->func<int32_t(int32_t, int32_t)>("run");
  ASSERT_TRUE(Run) << Run.error().Message;
  auto R = Run->call(40, 2);
  ASSERT_TRUE(R.ok()) << R.message();
  EXPECT_EQ(*R, 42);

  auto Peek = (*I)->func<int32_t(uint32_t)>("peek");
  ASSERT_TRUE(Peek);
  EXPECT_EQ(*Peek->call(8), 42); // the data segment, read by the host
  auto T = Peek->call(70000);
  ASSERT_TRUE(T.isTrap());
  EXPECT_EQ(T.trap().Code, TrapCode::HostTrap);
  EXPECT_EQ(T.trap().Message, "peek out of bounds");

  auto Pair = (*I)->func<double(int64_t)>("pair");
  ASSERT_TRUE(Pair);
  EXPECT_EQ(*Pair->call(5), 10.5);

  // Untyped call with a Val vector.
  auto U = (*I)->getFunc("run")->call({Val::fromI32(1), Val::fromI32(2)});
  ASSERT_TRUE(U.ok());
  EXPECT_EQ((*U)[0].i32(), 3);

  // Errors name the export.
  auto Wrong = (*I)->func<int64_t(int32_t, int32_t)>("run");
  ASSERT_FALSE(Wrong);
  EXPECT_NE(Wrong.error().Message.find("export \"run\""), std::string::npos)
      << Wrong.error().Message;
  auto Missing = (*I)->func<void()>("nope");
  ASSERT_FALSE(Missing);
  EXPECT_NE(Missing.error().Message.find("\"nope\""), std::string::npos);
  EXPECT_NE((*I)->getMemory("memory"), nullptr);
}

TEST(CodegenEmbed, HostSignatureCheckedAtLinkTime) {
  NEED_WAT2WASM();
  Engine E;
  auto Mod = Module::loadBytes(E, compileWat(kHostWat));
  ASSERT_TRUE(Mod);
  Store S(E);
  Linker L = hostLinker(E);
  L.defineFunc("env", "add", [](int64_t A, int32_t B) { return A + B; });
  auto I = L.instantiate(S, **Mod);
  ASSERT_TRUE(I.isError());
  EXPECT_EQ(I.error().Kind, ErrorKind::Link);
  EXPECT_EQ(I.error().Message,
            "import \"env\" \"add\": function type mismatch: expected "
            "[i32 i32] -> [i32], got [i64 i32] -> [i64]");
}

TEST(CodegenEmbed, ResourceLimitsFailCleanly) {
  NEED_WAT2WASM();
  EngineConfig C;
  C.MaxMemoryPages = 3;
  C.MaxTableElements = 4;
  C.MaxInstancesPerStore = 2;
  Engine E(C);
  auto Mod = Module::loadBytes(E, compileWat(R"((module
    (memory (export "memory") 1)
    (table (export "table") 2 funcref)
    (func (export "grow") (param i32) (result i32)
      (memory.grow (local.get 0)))
    (func (export "tgrow") (param i32) (result i32)
      (table.grow 0 (ref.null func) (local.get 0)))))"));
  ASSERT_TRUE(Mod);
  Store S(E);
  Linker L(E);
  auto I = L.instantiate(S, **Mod);
  ASSERT_TRUE(I.ok()) << I.message();
  auto Grow = *(*I)->func<int32_t(int32_t)>("grow");
  EXPECT_EQ(*Grow.call(2), 1);  // 1 -> 3 pages: at the limit
  EXPECT_EQ(*Grow.call(1), -1); // beyond it: memory.grow fails, no trap
  EXPECT_EQ((*I)->getMemory("memory")->pages(), 3u);
  EXPECT_EQ((*I)->getMemory("memory")->grow(1), -1); // host grow too
  auto TGrow = *(*I)->func<int32_t(int32_t)>("tgrow");
  EXPECT_EQ(*TGrow.call(2), 2);
  EXPECT_EQ(*TGrow.call(1), -1);
  EXPECT_EQ((*I)->getTable("table")->size(), 4u);

  ASSERT_TRUE(L.instantiate(S, **Mod).ok());
  auto Third = L.instantiate(S, **Mod);
  ASSERT_TRUE(Third.isError());
  EXPECT_EQ(Third.error().Kind, ErrorKind::Limit);
  Store S2(E); // the cap is per Store
  EXPECT_TRUE(L.instantiate(S2, **Mod).ok());

  // A memory whose minimum exceeds the cap fails instantiation.
  auto Big = Module::loadBytes(E, compileWat("(module (memory 4))"));
  ASSERT_TRUE(Big);
  Store S3(E);
  auto B = L.instantiate(S3, **Big);
  ASSERT_FALSE(B.ok());
  EXPECT_TRUE(B.isError()) << B.message();
}

/// Each instance sums 0..n-1 into its own memory and calls the host; 8
/// threads instantiate and run it at once from one shared Module. With
/// \p Trap each instance also traps out of bounds.
void runOneModuleManyThreads(bool Trap) {
  Engine E;
  auto Mod = Module::loadBytes(E, compileWat(R"((module
    (import "env" "mix" (func $mix (param i32) (result i32)))
    (memory (export "memory") 1)
    (global $calls (export "calls") (mut i32) (i32.const 0))
    (func (export "work") (param $n i32) (result i32)
      (local $i i32) (local $s i32)
      (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $i))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
      (call $mix (local.get $s)))
    (func (export "oob") (result i32) (i32.load (i32.const 65536)))))"));
  ASSERT_TRUE(Mod);
  std::shared_ptr<Module> Shared = *Mod;
  constexpr int kThreads = 8, kInstances = 25;
  std::atomic<int> Failures{0};
  std::vector<std::thread> Threads;
  for (int T = 0; T < kThreads; ++T)
    Threads.emplace_back([&, T] {
      for (int K = 0; K < kInstances; ++K) {
        Store S(E);
        Linker L(E);
        L.defineFunc("env", "mix", [T](int32_t X) { return X ^ T; });
        auto I = L.instantiate(S, *Shared);
        if (!I.ok()) {
          ++Failures;
          continue;
        }
        auto Work = (*I)->func<int32_t(int32_t)>("work");
        int32_t N = 100 + T * 10 + K;
        auto R = Work->call(N);
        if (!R.ok() || *R != ((N * (N - 1) / 2) ^ T))
          ++Failures;
        if (Trap) {
          auto Oob = (*I)->getFunc("oob")->call({});
          if (!Oob.isTrap() || Oob.trap().Code != TrapCode::MemoryOutOfBounds)
            ++Failures;
        }
        if ((*I)->getGlobal("calls")->get().i32() != 1)
          ++Failures;
      }
    });
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Failures.load(), 0);
}

TEST(CodegenEmbed, OneModuleManyThreads) {
  NEED_WAT2WASM();
  runOneModuleManyThreads(/*Trap=*/false);
}

// Guards against LLVM's signal handlers: lld registers them (SA_RESETHAND)
// on first use, over the runtime's; with 8 threads trapping on guard pages
// at once the second fault then found SIG_DFL and killed the process (about
// 1 run in 4). The module is compiled in this process after the Engine
// installed its handler, which is exactly that order.
TEST(CodegenEmbed, OneModuleManyThreadsTrapping) {
  NEED_WAT2WASM();
  runOneModuleManyThreads(/*Trap=*/true);
}

// Entries do not save the signal mask (trap.cpp); the fault handler runs
// with SA_NODEFER, so after a guard-page trap, also one in a nested entry
// (host function -> wasm), SIGSEGV must not stay blocked: the next fault
// must trap again rather than kill the process, and the host's own mask
// (here SIGUSR1 blocked) must be kept.
TEST(CodegenEmbed, FaultTrapsLeaveTheSignalMask) {
  NEED_WAT2WASM();
  Engine E;
  auto Mod = Module::loadBytes(E, compileWat(R"((module
    (import "env" "again" (func $again (result i32)))
    (memory 1)
    (func (export "oob") (result i32) (i32.load (i32.const 65536)))
    (func (export "nested") (result i32) (call $again))))"));
  ASSERT_TRUE(Mod);
  sigset_t Block, Before, After;
  sigemptyset(&Block);
  sigaddset(&Block, SIGUSR1);
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &Block, &Before), 0);
  Store S(E);
  Linker L(E);
  Func Oob;
  int Inner = 0;
  L.defineFunc("env", "again", [&]() -> int32_t {
    auto R = Oob.call({});
    Inner += R.isTrap() && R.trap().Code == TrapCode::MemoryOutOfBounds;
    return 7;
  });
  auto I = L.instantiate(S, **Mod);
  ASSERT_TRUE(I.ok()) << I.message();
  Oob = *(*I)->getFunc("oob");
  for (int K = 0; K < 3; ++K) {
    auto R = Oob.call({});
    ASSERT_TRUE(R.isTrap());
    EXPECT_EQ(R.trap().Code, TrapCode::MemoryOutOfBounds);
    auto N = (*I)->getFunc("nested")->call({});
    ASSERT_TRUE(N.ok()) << N.message();
    EXPECT_EQ((*N)[0].i32(), 7);
  }
  EXPECT_EQ(Inner, 3);
  ASSERT_EQ(pthread_sigmask(SIG_SETMASK, nullptr, &After), 0);
  EXPECT_FALSE(sigismember(&After, SIGSEGV));
  EXPECT_FALSE(sigismember(&After, SIGBUS));
  EXPECT_TRUE(sigismember(&After, SIGUSR1));
  pthread_sigmask(SIG_SETMASK, &Before, nullptr);
}

} // namespace
