// Runtime unit tests, end to end on fake artifacts: calls (typed and
// untyped), instantiation (globals, start, data and element segments),
// traps from builtins, guard pages, the stack limit and real stack overflow,
// host imports (including traps and nested host→wasm→host→wasm calls),
// memory.grow, call_indirect through tables, and threads.
#include <pthread.h>
#include <thread>

#include "runtime_test_util.h"

namespace wasmaot::runtime::test {
namespace {

TEST_F(BasicInstance, UntypedAndTypedCalls) {
  EXPECT_EQ(callI32(func("add"), i32s({2, 3})), 5);
  auto Typed = func("add").typed<int32_t(int32_t, int32_t)>();
  ASSERT_TRUE(Typed) << Typed.error().Message;
  auto R = Typed->call(40, 2);
  ASSERT_TRUE(R.ok());
  EXPECT_EQ(*R, 42);
  auto Wrong = func("add").typed<int64_t(int32_t, int32_t)>();
  ASSERT_FALSE(Wrong);
  EXPECT_NE(Wrong.error().Message.find("[i32 i32] -> [i32]"), std::string::npos);
}

TEST_F(BasicInstance, ArgumentsAreCheckedBeforeCalling) {
  auto Few = func("add").call(i32s({1}));
  ASSERT_TRUE(Few.isError());
  EXPECT_EQ(Few.error().Message, "expected 2 arguments, got 1");
  auto Typ = func("add").call({Val::fromI32(1), Val::fromI64(2)});
  ASSERT_TRUE(Typ.isError());
  EXPECT_EQ(Typ.error().Message, "argument 1: expected i32, got i64");
}

TEST_F(BasicInstance, StartFunctionRanAfterGlobalInit) {
  EXPECT_EQ(callI32(func("get_global"), {}), 43);
  Global *G = I->getGlobal("g");
  ASSERT_NE(G, nullptr);
  EXPECT_EQ(G->get().i32(), 43);
  ASSERT_TRUE(G->set(Val::fromI32(7)));
  EXPECT_EQ(callI32(func("get_global"), {}), 7);
  EXPECT_FALSE(G->set(Val::fromI64(7)));
}

TEST_F(BasicInstance, DataSegmentsInitialiseMemory) {
  Memory *M = I->getMemory("mem");
  ASSERT_NE(M, nullptr);
  EXPECT_EQ(M->pages(), 1u);
  EXPECT_EQ(std::string(reinterpret_cast<char *>(M->data()) + 16, 5), "hello");
  EXPECT_EQ(callI32(func("load"), i32s({16})), 0x6c6c6568); // "hell"
  // The passive segment is kept, the active one dropped.
  EXPECT_EQ(I->dataSegment(0).size(), 0u);
  EXPECT_EQ(std::string(reinterpret_cast<const char *>(I->dataSegment(1).data()), 5),
            "world");
}

TEST_F(BasicInstance, ElementSegmentsAndCallIndirect) {
  Table *T = I->getTable("tab");
  ASSERT_NE(T, nullptr);
  EXPECT_EQ(T->size(), 4u);
  EXPECT_TRUE(T->get(0)->isNull());
  EXPECT_FALSE(T->get(1)->isNull());
  EXPECT_EQ(callI32(func("call_indirect"), i32s({1})), 43); // get_global
  auto Null = func("call_indirect").call(i32s({0}));
  ASSERT_TRUE(Null.isTrap());
  EXPECT_EQ(Null.trap().Code, TrapCode::UninitializedElement);
  auto Oob = func("call_indirect").call(i32s({4}));
  ASSERT_TRUE(Oob.isTrap());
  EXPECT_EQ(Oob.trap().Message, "undefined element");
  // Element 2 is oob_read: [] -> [i32] matches, and it traps inside.
  auto Guard = func("call_indirect").call(i32s({2}));
  ASSERT_TRUE(Guard.isTrap());
  EXPECT_EQ(Guard.trap().Code, TrapCode::MemoryOutOfBounds);
  ASSERT_EQ(Guard.trap().Frames.size(), 2u);
  EXPECT_EQ(Guard.trap().Frames[0].FuncName, "oob_read");
  EXPECT_EQ(Guard.trap().Frames[1].FuncName, "call_indirect");
  // Declarative dropped, passive kept (evaluated: ref.func 1, ref.null).
  EXPECT_TRUE(I->elemSegment(1).empty());
  ASSERT_EQ(I->elemSegment(2).size(), 2u);
  EXPECT_NE(I->elemSegment(2)[0], nullptr);
  EXPECT_EQ(I->elemSegment(2)[1], nullptr);
}

TEST_F(BasicInstance, GuardPageFaultIsATrapAndTheInstanceSurvives) {
  for (int Round = 0; Round < 3; ++Round) {
    auto R = func("oob_read").call({});
    ASSERT_TRUE(R.isTrap());
    EXPECT_EQ(R.trap().Code, TrapCode::MemoryOutOfBounds);
    EXPECT_EQ(R.trap().Message, "out of bounds memory access");
    ASSERT_FALSE(R.trap().Frames.empty());
    EXPECT_EQ(R.trap().Frames[0].FuncName, "oob_read");
    EXPECT_EQ(R.trap().Frames[0].FuncIndex, 2u);
    EXPECT_EQ(callI32(func("add"), i32s({1, 1})), 2);
  }
  auto Past = func("load").call(i32s({65536}));
  ASSERT_TRUE(Past.isTrap());
  EXPECT_EQ(Past.trap().Code, TrapCode::MemoryOutOfBounds);
}

TEST_F(BasicInstance, TrapBuiltinReportsCodeAndBacktrace) {
  auto R = func("unreachable").call({});
  ASSERT_TRUE(R.isTrap());
  EXPECT_EQ(R.trap().Code, TrapCode::Unreachable);
  EXPECT_EQ(R.trap().Message, "unreachable");
  ASSERT_EQ(R.trap().Frames.size(), 1u);
  EXPECT_EQ(R.trap().Frames[0].FuncName, "trap_unreachable");
  EXPECT_NE(R.trap().format().find("basic!trap_unreachable (func 3)"),
            std::string::npos)
      << R.trap().format();
}

TEST_F(BasicInstance, DeepRecursionHitsTheStackLimit) {
  EXPECT_EQ(callI32(func("recurse"), i32s({1000})), 1000);
  auto R = func("recurse").call(i32s({100'000'000}));
  ASSERT_TRUE(R.isTrap());
  EXPECT_EQ(R.trap().Code, TrapCode::StackExhausted);
  EXPECT_EQ(R.trap().Message, "call stack exhausted");
  EXPECT_GT(R.trap().Frames.size(), 10u);
  EXPECT_EQ(R.trap().Frames[0].FuncName, "recurse");
  EXPECT_EQ(callI32(func("recurse"), i32s({1000})), 1000);
}

TEST_F(BasicInstance, StackOverflowWithoutCheckTrapsOnAThreadsGuardPage) {
  // A small pthread stack, so the unchecked recursion reaches the thread's
  // real guard page before anything else.
  struct Ctx {
    Func F;
    Outcome<std::vector<Val>> R = Error{};
  } C{func("recurse_nocheck")};
  pthread_attr_t Attr;
  pthread_attr_init(&Attr);
  pthread_attr_setstacksize(&Attr, 256 * 1024);
  pthread_t T;
  ASSERT_EQ(pthread_create(
                &T, &Attr,
                [](void *P) -> void * {
                  auto *C = static_cast<Ctx *>(P);
                  C->R = C->F.call(i32s({0}));
                  return nullptr;
                },
                &C),
            0);
  pthread_join(T, nullptr);
  pthread_attr_destroy(&Attr);
  ASSERT_TRUE(C.R.isTrap()) << C.R.message();
  EXPECT_EQ(C.R.trap().Code, TrapCode::StackExhausted);
}

TEST_F(BasicInstance, HostImportsAndHostTraps) {
  EXPECT_EQ(callI32(func("call_host"), i32s({5})), 6);
  EXPECT_EQ(Logged, std::vector<int32_t>{5});
  auto R = func("call_host").call(i32s({13}));
  ASSERT_TRUE(R.isTrap());
  EXPECT_EQ(R.trap().Code, TrapCode::HostTrap);
  EXPECT_EQ(R.trap().Message, "boom");
  ASSERT_EQ(R.trap().Frames.size(), 1u);
  EXPECT_EQ(R.trap().Frames[0].FuncName, "call_host");
  // The re-exported import, called from the host through the artifact.
  auto Log = func("log").call(i32s({99}));
  ASSERT_TRUE(Log.ok()) << Log.message();
  EXPECT_EQ(Logged.back(), 99);
}

TEST_F(BasicInstance, NestedHostWasmCalls) {
  EXPECT_EQ(callI32(func("call_host"), i32s({8})), 9);
  EXPECT_EQ(Nested, 42);
  // 7: the host calls "unreachable" and returns its trap.
  auto R = func("call_host").call(i32s({7}));
  ASSERT_TRUE(R.isTrap());
  EXPECT_EQ(R.trap().Code, TrapCode::Unreachable);
  ASSERT_EQ(R.trap().Frames.size(), 2u);
  EXPECT_EQ(R.trap().Frames[0].FuncName, "trap_unreachable");
  EXPECT_EQ(R.trap().Frames[1].FuncName, "call_host");
  EXPECT_EQ(callI32(func("call_host"), i32s({1})), 2);
}

TEST_F(BasicInstance, MemoryGrowRespectsTheDeclaredMax) {
  Memory *M = I->getMemory("mem");
  uint8_t *Base = M->data();
  EXPECT_EQ(callI32(func("grow"), i32s({1})), 1);
  EXPECT_EQ(callI32(func("grow"), i32s({2})), 2);
  EXPECT_EQ(callI32(func("grow"), i32s({1})), -1); // max 4
  EXPECT_EQ(callI32(func("grow"), i32s({0})), 4);
  EXPECT_EQ(M->pages(), 4u);
  EXPECT_EQ(M->data(), Base);
  EXPECT_EQ(callI32(func("load"), i32s({4 * 65536 - 4})), 0);
  EXPECT_TRUE(func("load").call(i32s({4 * 65536})).isTrap());
}

TEST_F(BasicInstance, ImportsFromAnotherInstanceAndSharedState) {
  L.defineInstance("basic", *I);
  auto M = Module::load(E, fakeArtifact("importer"));
  ASSERT_TRUE(M) << M.error().Message;
  Outcome<Instance *> R = L.instantiate(S, **M);
  ASSERT_TRUE(R.ok()) << R.message();
  Instance *Imp = *R;
  EXPECT_EQ(callI32(*Imp->getFunc("call_add"), i32s({2, 3})), 5);
  EXPECT_EQ(callI32(*Imp->getFunc("read_mem"), i32s({100})), 'i');
  EXPECT_EQ(callI32(*Imp->getFunc("get_ig"), {}), 43); // = basic's g
  // The importer's element segment wrote call_add ([i32 i32] -> [i32]) into
  // basic's table[0]: call_indirect expecting [] -> [i32] must refuse it.
  auto Ind = func("call_indirect").call(i32s({0}));
  ASSERT_TRUE(Ind.isTrap());
  EXPECT_EQ(Ind.trap().Code, TrapCode::IndirectCallType);
  // A global shared by export and import.
  ASSERT_TRUE(I->getGlobal("g")->set(Val::fromI32(100)));
  EXPECT_EQ(I->getGlobal("g")->get().i32(), 100);
}

TEST_F(BasicInstance, FailedInstantiationKeepsEarlierSegmentEffects) {
  L.defineInstance("basic", *I);
  auto M = Module::load(E, fakeArtifact("importer_oob"));
  ASSERT_TRUE(M) << M.error().Message;
  size_t Before = S.numInstances();
  Outcome<Instance *> R = L.instantiate(S, **M);
  ASSERT_TRUE(R.isTrap()) << R.message();
  EXPECT_EQ(R.trap().Code, TrapCode::MemoryOutOfBounds);
  EXPECT_EQ(S.numInstances(), Before + 1); // kept alive by the store
  EXPECT_FALSE(I->getTable("tab")->get(0)->isNull()); // elem applied
  EXPECT_EQ(I->getMemory("mem")->data()[100], 'i');   // first data applied
  // The function the failed instance left in the table still runs.
  auto Call = I->getTable("tab")->get(0)->funcRef();
  ASSERT_NE(Call, nullptr);
}

TEST_F(BasicInstance, UnlinkableImportsNameTheImport) {
  Linker Empty(E);
  auto M = Module::load(E, fakeArtifact("importer"));
  ASSERT_TRUE(M);
  auto Missing = Empty.instantiate(S, **M);
  ASSERT_TRUE(Missing.isError());
  EXPECT_EQ(Missing.error().Kind, ErrorKind::Link);
  EXPECT_EQ(Missing.error().Message, "import \"basic\" \"add\": unknown import");

  Linker Bad(E);
  Bad.defineInstance("basic", *I);
  Bad.defineFunc("basic", "add", FuncType{{}, {}},
                 [](Caller &, std::span<const Val>, std::span<Val>) {
                   return std::optional<Trap>();
                 });
  auto Sig = Bad.instantiate(S, **M);
  ASSERT_TRUE(Sig.isError());
  EXPECT_EQ(Sig.error().Message,
            "import \"basic\" \"add\": function type mismatch: expected "
            "[i32 i32] -> [i32], got [] -> []");

  Bad.defineInstance("basic", *I);
  Bad.define("basic", "mem", Extern::global(I->getGlobal("g")));
  auto Kind = Bad.instantiate(S, **M);
  ASSERT_TRUE(Kind.isError());
  EXPECT_EQ(Kind.error().Message,
            "import \"basic\" \"mem\": expected a memory, got a global");

  Bad.defineInstance("basic", *I);
  auto Ext = Table::create(S, TableType{ValType::ExternRef, {4, {}}},
                           Val::zero(ValType::ExternRef));
  ASSERT_TRUE(Ext);
  Bad.define("basic", "tab", Extern::table(*Ext));
  auto Elem = Bad.instantiate(S, **M);
  ASSERT_TRUE(Elem.isError());
  EXPECT_EQ(Elem.error().Message, "import \"basic\" \"tab\": table element "
                                  "type mismatch: expected funcref, got "
                                  "externref");

  Bad.defineInstance("basic", *I);
  auto Small = Memory::create(S, MemoryType{{0, 1}});
  ASSERT_TRUE(Small);
  Bad.define("basic", "mem", Extern::memory(*Small));
  auto Lim = Bad.instantiate(S, **M);
  ASSERT_TRUE(Lim.isError());
  EXPECT_EQ(Lim.error().Message, "import \"basic\" \"mem\": memory limits "
                                 "mismatch: expected {min 1, no max}, got "
                                 "{min 0, max 1}");

  Bad.defineInstance("basic", *I);
  auto Imm = Global::create(S, GlobalType{I32, false}, Val::fromI32(1));
  ASSERT_TRUE(Imm);
  Bad.define("basic", "g", Extern::global(*Imm));
  auto Mut = Bad.instantiate(S, **M);
  ASSERT_TRUE(Mut.isError());
  EXPECT_EQ(Mut.error().Message, "import \"basic\" \"g\": global type "
                                 "mismatch: expected (mut i32), got i32");
}

TEST(RuntimeLinker, ProvidersDefineNamesOnDemandOnce) {
  Engine E;
  auto M = Module::load(E, fakeArtifact("basic")); // imports host.log (i32)
  ASSERT_TRUE(M) << M.error().Message;
  Linker L(E);
  std::vector<std::string> Asked;
  std::vector<int32_t> Logged;
  auto Provide = [&](std::string_view Name) -> std::optional<Extern> {
    Asked.emplace_back(Name);
    if (Name != "log")
      return std::nullopt;
    auto H = std::make_shared<HostFunc>(
        E, FuncType{{I32}, {}},
        [&](Caller &, std::span<const Val> A, std::span<Val>) {
          Logged.push_back(A[0].i32());
          return std::optional<Trap>();
        });
    return Extern::func(Func::fromHost(std::move(H)));
  };
  L.defineProvider("host", Provide);
  // A copy made now has the provider, and makes its own functions.
  Linker Copy = L;
  for (int Round = 0; Round < 2; ++Round) {
    Store S(E);
    auto I = L.instantiate(S, **M);
    ASSERT_TRUE(I.ok()) << I.message();
    EXPECT_EQ(callI32(*(*I)->getFunc("call_host"), i32s({5})), 6);
  }
  // Asked once, though instantiated twice; other names never.
  EXPECT_EQ(Asked, std::vector<std::string>{"log"});
  EXPECT_EQ(Logged, (std::vector<int32_t>{5, 5}));
  // A name the provider does not know is an unknown import.
  EXPECT_FALSE(L.get("host", "nope"));
  EXPECT_FALSE(L.get("host", "nope"));
  EXPECT_EQ(Asked, (std::vector<std::string>{"log", "nope"}));
  // An explicit definition wins over the provider.
  L.defineFunc("host", "log", FuncType{{I32}, {}},
               [&](Caller &, std::span<const Val> A, std::span<Val>) {
                 Logged.push_back(-A[0].i32());
                 return std::optional<Trap>();
               });
  Store S(E);
  auto I = L.instantiate(S, **M);
  ASSERT_TRUE(I.ok()) << I.message();
  EXPECT_EQ(callI32(*(*I)->getFunc("call_host"), i32s({7})), 8);
  EXPECT_EQ(Logged.back(), -7);
  // The copy still calls the provider's function, asked once more.
  Store S3(E);
  auto C = Copy.instantiate(S3, **M);
  ASSERT_TRUE(C.ok()) << C.message();
  EXPECT_EQ(callI32(*(*C)->getFunc("call_host"), i32s({1})), 2);
  EXPECT_EQ(Logged.back(), 1);
  EXPECT_EQ(Asked, (std::vector<std::string>{"log", "nope", "log"}));
  Linker Assigned(E);
  Assigned = Copy;
  EXPECT_TRUE(Assigned.get("host", "log"));
  // A provider with nothing: a link error naming the import.
  Linker Empty(E);
  Empty.defineProvider("host", [](std::string_view) { return std::nullopt; });
  Store S2(E);
  auto Missing = Empty.instantiate(S2, **M);
  ASSERT_TRUE(Missing.isError());
  EXPECT_EQ(Missing.error().Message, "import \"host\" \"log\": unknown import");
}

TEST(RuntimeInstance, ConcurrentStoresOnThreadsShareOneModule) {
  Engine E;
  auto M = Module::load(E, fakeArtifact("basic"));
  ASSERT_TRUE(M);
  std::shared_ptr<Module> Mod = *M;
  std::vector<std::thread> Threads;
  std::atomic<int> Failures{0};
  for (int T = 0; T < 4; ++T)
    Threads.emplace_back([&, T] {
      Store S(E);
      Linker L(E);
      defineNoopLog(L);
      Outcome<Instance *> I = L.instantiate(S, *Mod);
      if (!I.ok()) {
        ++Failures;
        return;
      }
      for (int K = 0; K < 50; ++K) {
        auto Add = (*I)->getFunc("add")->call(i32s({T, K}));
        auto Oob = (*I)->getFunc("oob_read")->call({});
        auto Deep = (*I)->getFunc("recurse")->call(i32s({1 << 30}));
        if (!Add.ok() || (*Add)[0].i32() != T + K || !Oob.isTrap() ||
            Oob.trap().Code != TrapCode::MemoryOutOfBounds || !Deep.isTrap() ||
            Deep.trap().Code != TrapCode::StackExhausted)
          ++Failures;
      }
    });
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Failures.load(), 0);
}

TEST(RuntimeInstance, WasmStackSizeIsConfigurable) {
  EngineConfig C;
  C.WasmStackSize = 64 * 1024;
  Engine E(C);
  auto M = Module::load(E, fakeArtifact("basic"));
  ASSERT_TRUE(M);
  Store S(E);
  Linker L(E);
  defineNoopLog(L);
  Outcome<Instance *> I = L.instantiate(S, **M);
  ASSERT_TRUE(I.ok());
  // ~300 bytes a frame: 64 KiB holds a few hundred, not a thousand.
  EXPECT_TRUE((*I)->getFunc("recurse")->call(i32s({100})).ok());
  EXPECT_TRUE((*I)->getFunc("recurse")->call(i32s({1000})).isTrap());
}

} // namespace
} // namespace wasmaot::runtime::test
