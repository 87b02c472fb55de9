// Copy-on-write memory images and the pooling allocator (runtime/src/
// memory_internal.h) on real artifacts: the initial contents are the same as
// copying the segments, every instance gets its own private copy, modules
// whose segments cannot be imaged fall back to copying with the spec's
// trapping behaviour, and pooled slots are reused and reset (contents,
// size, protection) and run out cleanly.
#include <gtest/gtest.h>

#include <cstring>

#include "wasmaot/runtime/runtime.h"
#include "wat_compile.h"

using namespace wasmaot;
using namespace wasmaot::runtime;
using wasmaot::test::compileWat;

namespace {

// Two pages; overlapping segments (the later wins), one on the second page.
const char *kImageWat = R"((module
  (memory (export "memory") 2 4)
  (data (i32.const 0) "hello, world")
  (data (i32.const 7) "WORLD")
  (data (i32.const 65636) "\01\02\03\04")
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
)";

enum class Mode { Copy, Cow, Pooled };

EngineConfig configFor(Mode M) {
  EngineConfig C;
  C.CopyOnWriteImages = M != Mode::Copy;
  if (M == Mode::Pooled)
    C.Pooling.Slots = 2;
  return C;
}

class MemoryImageTest : public ::testing::TestWithParam<Mode> {};

int32_t le32(const char *S) {
  int32_t V;
  std::memcpy(&V, S, 4);
  return V;
}

TEST_P(MemoryImageTest, EveryInstanceStartsFromTheImageAndWritesPrivately) {
  NEED_WAT2WASM();
  Engine E(configFor(GetParam()));
  auto Mod = Module::loadBytes(E, compileWat(kImageWat));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  EXPECT_EQ((*Mod)->memoryImage() != nullptr, GetParam() != Mode::Copy);
  Linker L(E);
  for (int Round = 0; Round < 3; ++Round) {
    Store S(E);
    auto I = L.instantiate(S, **Mod);
    ASSERT_TRUE(I.ok()) << I.message();
    Memory *Mem = (*I)->getMemory("memory");
    ASSERT_EQ(Mem->pages(), 2u) << "round " << Round;
    EXPECT_EQ(std::memcmp(Mem->data(), "hello, WORLD", 12), 0);
    EXPECT_EQ(Mem->data()[12], 0);
    EXPECT_EQ(Mem->data()[65635], 0);
    EXPECT_EQ(std::memcmp(Mem->data() + 65636, "\1\2\3\4", 4), 0);
    EXPECT_EQ(Mem->data()[2 * 65536 - 1], 0);
    auto Load = (*I)->func<int32_t(int32_t)>("load");
    auto Store32 = (*I)->func<void(int32_t, int32_t)>("store");
    auto Grow = (*I)->func<int32_t(int32_t)>("grow");
    ASSERT_TRUE(Load && Store32 && Grow);
    EXPECT_EQ(*Load->call(0), le32("hell"));
    // Writes (from wasm and from the host) stay in this instance.
    ASSERT_TRUE(Store32->call(0, 0x11223344).ok());
    EXPECT_EQ(*Load->call(0), 0x11223344);
    Mem->data()[65636] = 0x7f;
    Mem->data()[1000] = 0x55;
    // The grown page starts zero; the next round must not see it.
    EXPECT_EQ(*Grow->call(1), 2);
    EXPECT_EQ(*Load->call(2 * 65536), 0);
    ASSERT_TRUE(Store32->call(2 * 65536, 99).ok());
    // A second instance in the same Store has its own memory.
    auto I2 = L.instantiate(S, **Mod);
    ASSERT_TRUE(I2.ok()) << I2.message();
    EXPECT_EQ(*(*I2)->func<int32_t(int32_t)>("load")->call(0), le32("hell"));
    EXPECT_EQ((*I2)->getMemory("memory")->data()[1000], 0);
    EXPECT_EQ((*I2)->getMemory("memory")->data()[65636], 1);
  }
}

TEST_P(MemoryImageTest, ResetSlotsTrapBeyondTheInitialSize) {
  NEED_WAT2WASM();
  Engine E(configFor(GetParam()));
  auto Mod = Module::loadBytes(E, compileWat(kImageWat));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  Linker L(E);
  {
    Store S(E);
    auto I = L.instantiate(S, **Mod);
    ASSERT_TRUE(I.ok()) << I.message();
    EXPECT_EQ(*(*I)->func<int32_t(int32_t)>("grow")->call(2), 2);
    ASSERT_TRUE((*I)->func<void(int32_t, int32_t)>("store")->call(3 * 65536, 7).ok());
  }
  Store S(E);
  auto I = L.instantiate(S, **Mod);
  ASSERT_TRUE(I.ok()) << I.message();
  EXPECT_EQ((*I)->getMemory("memory")->pages(), 2u);
  auto R = (*I)->func<int32_t(int32_t)>("load")->call(3 * 65536);
  ASSERT_TRUE(R.isTrap());
  EXPECT_EQ(R.trap().Code, TrapCode::MemoryOutOfBounds);
}

std::string modeName(const ::testing::TestParamInfo<Mode> &Info) {
  switch (Info.param) {
  case Mode::Copy: return "Copy";
  case Mode::Cow: return "Cow";
  case Mode::Pooled: return "Pooled";
  }
  return "?";
}

INSTANTIATE_TEST_SUITE_P(Modes, MemoryImageTest,
                         ::testing::Values(Mode::Copy, Mode::Cow, Mode::Pooled),
                         modeName);

TEST(MemoryImage, SegmentsThatCannotBeImagedAreCopied) {
  NEED_WAT2WASM();
  Engine E;
  Linker L(E);
  Store S(E);
  // A global.get offset: only known at instantiation.
  auto G = Module::loadBytes(E, compileWat(R"((module
    (import "env" "g" (global $g i32))
    (memory (export "memory") 1)
    (data (global.get $g) "xyz")))"));
  ASSERT_TRUE(G) << G.error().Message;
  EXPECT_EQ((*G)->memoryImage(), nullptr);
  auto Off = Global::create(S, GlobalType{ValType::I32, false}, Val::fromI32(16));
  ASSERT_TRUE(Off) << Off.error().Message;
  L.define("env", "g", Extern::global(*Off));
  auto I = L.instantiate(S, **G);
  ASSERT_TRUE(I.ok()) << I.message();
  EXPECT_EQ(std::memcmp((*I)->getMemory("memory")->data() + 16, "xyz", 3), 0);
  // A segment beyond the initial size traps at instantiation (spec 4.5.4).
  auto Oob = Module::loadBytes(E, compileWat(R"((module
    (memory (export "memory") 1)
    (data (i32.const 0) "ok")
    (data (i32.const 65535) "no")))"));
  ASSERT_TRUE(Oob) << Oob.error().Message;
  EXPECT_EQ((*Oob)->memoryImage(), nullptr);
  auto I2 = L.instantiate(S, **Oob);
  ASSERT_TRUE(I2.isTrap());
  EXPECT_EQ(I2.trap().Code, TrapCode::MemoryOutOfBounds);
  // An imported memory is the importer's to fill, in place.
  auto Imp = Module::loadBytes(E, compileWat(R"((module
    (import "env" "m" (memory 1))
    (data (i32.const 4) "abc")))"));
  ASSERT_TRUE(Imp) << Imp.error().Message;
  EXPECT_EQ((*Imp)->memoryImage(), nullptr);
}

TEST(MemoryImage, PoolRunsOutCleanlyAndReusesSlots) {
  NEED_WAT2WASM();
  EngineConfig C;
  C.Pooling.Slots = 2;
  C.Pooling.MaxMemoryBytes = 3 * 65536;
  Engine E(C);
  auto Mod = Module::loadBytes(E, compileWat(kImageWat));
  ASSERT_TRUE(Mod) << Mod.error().Message;
  Linker L(E);
  Store S(E);
  void *First = nullptr;
  {
    Store S1(E);
    auto I1 = L.instantiate(S1, **Mod);
    auto I2 = L.instantiate(S, **Mod);
    ASSERT_TRUE(I1.ok() && I2.ok()) << I1.message() << I2.message();
    First = (*I1)->getMemory("memory")->data();
    // The pool's limit caps growth (declared max: 4 pages).
    auto Grow = (*I1)->func<int32_t(int32_t)>("grow");
    EXPECT_EQ(*Grow->call(2), -1);
    EXPECT_EQ(*Grow->call(1), 2);
    Store S3(E);
    auto I3 = L.instantiate(S3, **Mod);
    ASSERT_TRUE(I3.isError());
    EXPECT_EQ(I3.error().Kind, ErrorKind::Limit);
    EXPECT_NE(I3.error().Message.find("Pooling.Slots"), std::string::npos)
        << I3.error().Message;
  }
  // S1's slot is free again: the next instance gets it, reset.
  Store S4(E);
  auto I4 = L.instantiate(S4, **Mod);
  ASSERT_TRUE(I4.ok()) << I4.message();
  EXPECT_EQ((*I4)->getMemory("memory")->data(), First);
  EXPECT_EQ((*I4)->getMemory("memory")->pages(), 2u);
  // Host-created memories never take a slot.
  auto HostMem = Memory::create(S4, MemoryType{Limits{1, 1}});
  ASSERT_TRUE(HostMem) << HostMem.error().Message;
}

} // namespace
