// Resource exhaustion through the embedding API (issue #9, with
// tests/hostile/ for the CLI side): thousands of live instances in one
// Store and across Stores, the per-Store instance cap and the pooling
// allocator's slots failing with a clean Limit error, memory grown until the
// host's cap — and after each, the host keeps serving the instances it has
// and new ones.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "wasmaot/runtime/runtime.h"
#include "wat_compile.h"

using namespace wasmaot;
using namespace wasmaot::runtime;
using wasmaot::test::compileWat;

namespace {

// Per-instance state in both a memory and a global: set(v) stores v and
// 2v, get() returns their sum, so 3v proves nothing was shared.
const char *kCellWat = R"((module
  (memory 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "set") (param i32)
    (i32.store (i32.const 0) (local.get 0))
    (global.set $g (i32.mul (local.get 0) (i32.const 2))))
  (func (export "get") (result i32)
    (i32.add (i32.load (i32.const 0)) (global.get $g)))))";

constexpr int kMany = 5000;

void setAndCheck(const std::vector<Instance *> &Is) {
  for (size_t K = 0; K < Is.size(); ++K)
    ASSERT_TRUE(Is[K]->func<void(int32_t)>("set")->call(int32_t(K)).ok());
  for (size_t K = 0; K < Is.size(); ++K)
    ASSERT_EQ(*Is[K]->func<int32_t()>("get")->call(), int32_t(3 * K))
        << "instance " << K;
}

TEST(CodegenHostile, ThousandsOfInstancesInOneStoreThenTheCap) {
  NEED_WAT2WASM();
  EngineConfig C;
  C.MaxInstancesPerStore = kMany;
  Engine E(C);
  auto Mod = Module::loadBytes(E, compileWat(kCellWat));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  Store S(E);
  Linker L(E);
  std::vector<Instance *> Is;
  for (int K = 0; K < kMany; ++K) {
    auto I = L.instantiate(S, **Mod);
    ASSERT_TRUE(I.ok()) << "instance " << K << ": " << I.message();
    Is.push_back(*I);
  }
  setAndCheck(Is);
  // One more: refused cleanly, naming the limit.
  auto Over = L.instantiate(S, **Mod);
  ASSERT_TRUE(Over.isError());
  EXPECT_EQ(Over.error().Kind, ErrorKind::Limit);
  EXPECT_NE(Over.error().Message.find("MaxInstancesPerStore"),
            std::string::npos);
  // The host keeps serving: every existing instance, and a new Store.
  setAndCheck(Is);
  Store S2(E);
  auto Fresh = L.instantiate(S2, **Mod);
  ASSERT_TRUE(Fresh.ok()) << Fresh.message();
  EXPECT_EQ(*(*Fresh)->func<int32_t()>("get")->call(), 0);
}

TEST(CodegenHostile, ThousandsOfStoresAtOnce) {
  NEED_WAT2WASM();
  Engine E;
  auto Mod = Module::loadBytes(E, compileWat(kCellWat));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  Linker L(E);
  std::vector<std::unique_ptr<Store>> Stores;
  std::vector<Instance *> Is;
  for (int K = 0; K < kMany / 2; ++K) {
    Stores.push_back(std::make_unique<Store>(E));
    auto I = L.instantiate(*Stores.back(), **Mod);
    ASSERT_TRUE(I.ok()) << "store " << K << ": " << I.message();
    Is.push_back(*I);
  }
  setAndCheck(Is);
  // Drop every other Store; the survivors keep their state.
  std::vector<Instance *> Left;
  for (size_t K = 0; K < Stores.size(); ++K)
    if (K % 2)
      Stores[K].reset();
    else
      Left.push_back(Is[K]);
  for (size_t K = 0; K < Left.size(); ++K)
    ASSERT_EQ(*Left[K]->func<int32_t()>("get")->call(), int32_t(3 * 2 * K));
}

TEST(CodegenHostile, PoolingSlotsRunOutCleanlyAndComeBack) {
  NEED_WAT2WASM();
  EngineConfig C;
  C.Pooling.Slots = 64;
  C.Pooling.MaxMemoryBytes = 1 << 20;
  Engine E(C);
  auto Mod = Module::loadBytes(E, compileWat(kCellWat));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  Linker L(E);
  {
    Store S(E);
    std::vector<Instance *> Is;
    for (unsigned K = 0; K < C.Pooling.Slots; ++K) {
      auto I = L.instantiate(S, **Mod);
      ASSERT_TRUE(I.ok()) << "slot " << K << ": " << I.message();
      Is.push_back(*I);
    }
    auto Over = L.instantiate(S, **Mod);
    ASSERT_TRUE(Over.isError());
    EXPECT_EQ(Over.error().Kind, ErrorKind::Limit);
    EXPECT_NE(Over.error().Message.find("Pooling.Slots"), std::string::npos)
        << Over.error().Message;
    setAndCheck(Is);
  }
  // The Store is gone, its slots are free again (and reset: state is 0).
  Store S(E);
  for (unsigned K = 0; K < C.Pooling.Slots; ++K) {
    auto I = L.instantiate(S, **Mod);
    ASSERT_TRUE(I.ok()) << "slot " << K << " again: " << I.message();
    ASSERT_EQ(*(*I)->func<int32_t()>("get")->call(), 0);
  }
}

TEST(CodegenHostile, GrowUntilTheHostCapThenKeepServing) {
  NEED_WAT2WASM();
  EngineConfig C;
  C.MaxMemoryPages = 64;
  Engine E(C);
  // No declared maximum: only the host's cap stops it.
  auto Mod = Module::loadBytes(E, compileWat(R"((module
    (memory 1)
    (func (export "grow_all") (result i32)
      (block $done
        (loop $more
          (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
          (br $more)))
      (memory.size))
    (func (export "poke") (param i32) (i32.store8 (local.get 0) (i32.const 1)))))"));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  Store S(E);
  Linker L(E);
  auto A = L.instantiate(S, **Mod);
  auto B = L.instantiate(S, **Mod);
  ASSERT_TRUE(A.ok() && B.ok());
  EXPECT_EQ(*(*A)->func<int32_t()>("grow_all")->call(), 64);
  auto Poke = *(*A)->func<void(int32_t)>("poke");
  EXPECT_TRUE(Poke.call(64 * 65536 - 1).ok()); // the last byte it has
  auto T = Poke.call(64 * 65536);               // one past: a trap
  ASSERT_TRUE(T.isTrap());
  EXPECT_EQ(T.trap().Code, TrapCode::MemoryOutOfBounds);
  // The other instance is unaffected and can grow to the cap too.
  EXPECT_EQ(*(*B)->func<int32_t()>("grow_all")->call(), 64);
}

} // namespace
