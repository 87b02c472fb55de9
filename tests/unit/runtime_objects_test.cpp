// Runtime unit tests for host-created objects: memory reservation and grow
// limits (declared max, engine limit), tables (get/set/grow, element types),
// globals (mutability, types), Val conversions and the type registry.
#include "runtime_test_util.h"

namespace wasmaot::runtime::test {
namespace {

TEST(RuntimeMemory, GrowRespectsDeclaredMaxAndKeepsBase) {
  Engine E;
  Store S(E);
  auto M = Memory::create(S, MemoryType{{1, 3}});
  ASSERT_TRUE(M) << M.error().Message;
  Memory *Mem = *M;
  uint8_t *Base = Mem->data();
  EXPECT_EQ(Mem->size(), 65536u);
  Mem->data()[65535] = 7;
  EXPECT_EQ(Mem->grow(2), 1);
  EXPECT_EQ(Mem->data(), Base);
  EXPECT_EQ(Mem->data()[65535], 7);
  Mem->data()[3 * 65536 - 1] = 1; // now accessible
  EXPECT_EQ(Mem->grow(1), -1);
  EXPECT_EQ(Mem->grow(0), 3);
  EXPECT_EQ(Mem->vm()->Size, 3u * 65536);
  EXPECT_GE(Mem->reserved(), 8ull << 30);
}

TEST(RuntimeMemory, EngineLimitCapsGrowAndCreation) {
  EngineConfig C;
  C.MaxMemoryPages = 2;
  Engine E(C);
  Store S(E);
  auto M = Memory::create(S, MemoryType{{1, {}}});
  ASSERT_TRUE(M);
  EXPECT_EQ((*M)->grow(1), 1);
  EXPECT_EQ((*M)->grow(1), -1);
  auto Big = Memory::create(S, MemoryType{{3, {}}});
  ASSERT_FALSE(Big);
  EXPECT_EQ(Big.error().Kind, ErrorKind::Limit);
}

// 4 GiB - 64 KiB (abi::kMaxMemoryPages): guard-mode code relies on an
// index of 2^32 - 64 KiB or more never being in bounds.
TEST(RuntimeMemory, UnboundedMemoryStopsAt65535Pages) {
  Engine E;
  Store S(E);
  auto M = Memory::create(S, MemoryType{{0, {}}});
  ASSERT_TRUE(M);
  EXPECT_EQ((*M)->maxPages(), 65535u);
  EXPECT_EQ((*M)->grow(65536), -1);
  EXPECT_EQ((*M)->grow(0), 0);
}

TEST(RuntimeTable, GetSetGrowAndTypes) {
  Engine E;
  Store S(E);
  auto T = Table::create(S, TableType{ValType::ExternRef, {2, 3}},
                         Val::zero(ValType::ExternRef));
  ASSERT_TRUE(T);
  Table *Tab = *T;
  int X = 0;
  EXPECT_TRUE(Tab->get(0)->isNull());
  EXPECT_TRUE(Tab->set(1, Val::fromExternRef(&X)));
  EXPECT_EQ(Tab->get(1)->ref(), &X);
  EXPECT_FALSE(Tab->set(2, Val::fromExternRef(&X)));           // out of bounds
  EXPECT_FALSE(Tab->set(0, Val::zero(ValType::FuncRef)));       // wrong type
  EXPECT_FALSE(Tab->get(2).has_value());
  EXPECT_EQ(Tab->grow(1, Val::fromExternRef(&X)), 2);
  EXPECT_EQ(Tab->get(2)->ref(), &X);
  EXPECT_EQ(Tab->grow(1, Val::zero(ValType::ExternRef)), -1); // max 3
  EXPECT_EQ(Tab->vm()->Size, 3u);
  EXPECT_EQ(Tab->vm()->Base, Tab->elems());
  EXPECT_EQ(Tab->type().Lim.Min, 3u);
  auto Bad = Table::create(S, TableType{ValType::FuncRef, {1, {}}},
                           Val::fromI32(0));
  EXPECT_FALSE(Bad);
}

TEST(RuntimeGlobal, MutabilityAndTypes) {
  Engine E;
  Store S(E);
  auto G = Global::create(S, GlobalType{ValType::F64, false}, Val::fromF64(1.5));
  ASSERT_TRUE(G);
  EXPECT_EQ((*G)->get().f64(), 1.5);
  EXPECT_FALSE((*G)->set(Val::fromF64(2)));
  auto M = Global::create(S, GlobalType{ValType::I64, true}, Val::fromI64(-1));
  ASSERT_TRUE(M);
  EXPECT_TRUE((*M)->set(Val::fromI64(5)));
  EXPECT_EQ((*M)->get().i64(), 5);
  EXPECT_FALSE(Global::create(S, GlobalType{ValType::I32, true}, Val::fromI64(1)));
}

TEST(RuntimeVal, SlotsRoundTripBitExactly) {
  abi::ValRaw Slot;
  Val NaN = Val::fromF32Bits(0x7fa00001);
  NaN.store(&Slot);
  EXPECT_EQ(Val::load(ValType::F32, &Slot).f32Bits(), 0x7fa00001u);
  Val::fromI32(-1).store(&Slot);
  EXPECT_EQ(Slot.Bytes[4], 0); // upper bytes zeroed
  EXPECT_EQ(Val::load(ValType::I32, &Slot).i32(), -1);
  V128 V;
  for (int I = 0; I < 16; ++I)
    V.Bytes[I] = uint8_t(I);
  Val::fromV128(V).store(&Slot);
  EXPECT_EQ(Val::load(ValType::V128, &Slot).v128(), V);
  EXPECT_EQ(Val::fromI32(3).toString(), "i32:3");
  EXPECT_EQ(Val::zero(ValType::FuncRef).toString(), "funcref:null");
}

TEST(RuntimeEngine, TypeRegistryInterns) {
  Engine E;
  FuncType A{{ValType::I32}, {}}, B{{ValType::I64}, {}};
  uint32_t IA = E.types().intern(A);
  EXPECT_EQ(E.types().intern(FuncType{{ValType::I32}, {}}), IA);
  EXPECT_NE(E.types().intern(B), IA);
  EXPECT_GE(IA, 1u);
  EXPECT_EQ(E.types().lookup(IA), A);
}

TEST(RuntimeFunc, HostFunctionCalledFromTheHost) {
  Engine E;
  Linker L(E);
  L.defineFunc("m", "twice", FuncType{{ValType::I32}, {ValType::I32}},
               [](Caller &C, std::span<const Val> A, std::span<Val> R) {
                 EXPECT_EQ(C.instance(), nullptr);
                 R[0] = Val::fromI32(A[0].i32() * 2);
                 return std::optional<Trap>();
               });
  std::optional<Extern> X = L.get("m", "twice");
  ASSERT_TRUE(X);
  auto T = X->F.typed<int32_t(int32_t)>();
  ASSERT_TRUE(T);
  EXPECT_EQ(*T->call(21), 42);
  L.defineFunc("m", "bad", FuncType{{}, {ValType::I32}},
               [](Caller &, std::span<const Val>, std::span<Val> R) {
                 R[0] = Val::fromI64(1);
                 return std::optional<Trap>();
               });
  auto Bad = L.get("m", "bad")->F.call({});
  ASSERT_TRUE(Bad.isTrap());
  EXPECT_EQ(Bad.trap().Code, TrapCode::HostTrap);
}

} // namespace
} // namespace wasmaot::runtime::test
