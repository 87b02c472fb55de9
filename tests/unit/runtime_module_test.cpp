// Runtime unit tests: loading artifacts (Module::load / loadBytes) and the
// loader's refusals — not an artifact, incompatible format or ABI, foreign
// architecture — each with a message that says what to do.
#include <fstream>
#include <iterator>

#include "runtime_test_util.h"

namespace wasmaot::runtime::test {
namespace {

TEST(RuntimeModule, LoadsBasicArtifact) {
  Engine E;
  auto M = Module::load(E, fakeArtifact("basic"));
  ASSERT_TRUE(M) << M.error().Message;
  const Module &Mod = **M;
  EXPECT_EQ(Mod.displayName(), "basic");
  EXPECT_EQ(Mod.numFuncs(), 12u);
  EXPECT_EQ(Mod.numImportedFuncs(), 1u);
  EXPECT_EQ(Mod.funcName(1), "add");
  // Equal types get equal engine ids across modules.
  auto M2 = Module::load(E, fakeArtifact("importer"));
  ASSERT_TRUE(M2) << M2.error().Message;
  EXPECT_EQ(Mod.typeId(0), (*M2)->typeId(0)); // [i32 i32] -> [i32]
  EXPECT_NE(Mod.typeId(0), Mod.typeId(1));
  EXPECT_EQ(Mod.typeId(2), (*M2)->typeId(1)); // [i32] -> [i32]
}

TEST(RuntimeModule, LoadsFromBytesTwiceAtOnce) {
  std::ifstream In(fakeArtifact("basic"), std::ios::binary);
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)), {});
  ASSERT_FALSE(Bytes.empty());
  Engine E;
  auto A = Module::loadBytes(E, Bytes);
  auto B = Module::loadBytes(E, Bytes);
  ASSERT_TRUE(A) << A.error().Message;
  ASSERT_TRUE(B) << B.error().Message;
  // Distinct loads: separate code, so separate funcs.
  EXPECT_NE((*A)->funcCode(0), (*B)->funcCode(0));
  Store S(E);
  Linker L(E);
  defineNoopLog(L);
  for (auto *M : {&*A, &*B}) {
    Outcome<Instance *> I = L.instantiate(S, **M);
    ASSERT_TRUE(I.ok()) << I.message();
    EXPECT_EQ(callI32(*(*I)->getFunc("add"), i32s({20, 22})), 42);
  }
  // Unload one, load again: the loader must not hand back a stale object.
  A->reset();
  auto C = Module::loadBytes(E, Bytes);
  ASSERT_TRUE(C) << C.error().Message;
  EXPECT_EQ((*C)->meta().Name, "basic");
}

TEST(RuntimeModule, LoadsFromAMappedFileTheHostLookedAt) {
  Engine E;
  auto F = MappedFile::open(fakeArtifact("basic"));
  ASSERT_TRUE(F) << F.error().Message;
  ASSERT_GT(F->bytes().size(), 4u);
  EXPECT_EQ(F->bytes()[0], 0x7f); // the host may sniff it first
  auto M = Module::load(E, *F, "mapped");
  ASSERT_TRUE(M) << M.error().Message;
  EXPECT_EQ((*M)->numFuncs(), 12u);
  // The module outlives the mapping it was loaded from.
  MappedFile Moved = std::move(*F);
  Moved = std::move(Moved);
  EXPECT_EQ(Moved.bytes().size() > 0, true);
  { MappedFile Gone = std::move(Moved); }
  Store S(E);
  Linker L(E);
  defineNoopLog(L);
  Outcome<Instance *> I = L.instantiate(S, **M);
  ASSERT_TRUE(I.ok()) << I.message();
  EXPECT_EQ(callI32(*(*I)->getFunc("add"), i32s({20, 22})), 42);
}

TEST(RuntimeModule, MapsOnlyRegularFiles) {
  auto Dir = MappedFile::open("/");
  ASSERT_FALSE(Dir);
  EXPECT_EQ(Dir.error().Kind, ErrorKind::Io);
  EXPECT_NE(Dir.error().Message.find("'/': cannot read: is a directory"),
            std::string::npos)
      << Dir.error().Message;
  auto Missing = MappedFile::open("/nonexistent/x.so");
  ASSERT_FALSE(Missing);
  EXPECT_NE(Missing.error().Message.find("cannot open"), std::string::npos);
  auto Dev = MappedFile::open("/dev/null");
  ASSERT_FALSE(Dev);
  EXPECT_NE(Dev.error().Message.find("not a regular file"), std::string::npos);
  // An empty file maps to no bytes, and is no artifact.
  std::string Empty = ::testing::TempDir() + "/wasmaot-empty.so";
  std::ofstream(Empty).close();
  auto E0 = MappedFile::open(Empty);
  ASSERT_TRUE(E0) << E0.error().Message;
  EXPECT_TRUE(E0->bytes().empty());
  Engine E;
  auto M = Module::load(E, *E0, "empty");
  ASSERT_FALSE(M);
  EXPECT_NE(M.error().Message.find("empty or unreadable"), std::string::npos)
      << M.error().Message;
}

struct Refusal {
  const char *Artifact;
  const char *Expected;
};

class RuntimeModuleRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(RuntimeModuleRefusal, SaysWhatToDo) {
  Engine E;
  auto M = Module::load(E, fakeArtifact(GetParam().Artifact));
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Kind, ErrorKind::Link);
  EXPECT_NE(M.error().Message.find(GetParam().Expected), std::string::npos)
      << M.error().Message;
}

INSTANTIATE_TEST_SUITE_P(
    All, RuntimeModuleRefusal,
    ::testing::Values(
        Refusal{"badversion",
                "artifact was built by an incompatible wasmaot (format 3, "
                "expected 2): recompile it with `wasmaot compile ...`"},
        Refusal{"badabi", "incompatible wasmaot (ABI hash"},
        Refusal{"badarch", "recompile it with `wasmaot compile --target"},
        Refusal{"not_artifact", "is not a wasmaot artifact"}),
    [](const ::testing::TestParamInfo<Refusal> &I) {
      return std::string(I.param.Artifact);
    });

TEST(RuntimeModule, RefusesBeforeRunningAnyOfTheObjectsCode) {
  Engine E;
  unsetenv("WASMAOT_TEST_CTOR_RAN");
  auto M = Module::load(E, fakeArtifact("not_artifact"));
  ASSERT_FALSE(M);
  EXPECT_EQ(std::getenv("WASMAOT_TEST_CTOR_RAN"), nullptr)
      << "the loader dlopen-ed a file that is not an artifact";
}

TEST(RuntimeModule, RefusesNonElfAndMissingFiles) {
  Engine E;
  auto Missing = Module::load(E, fakeArtifact("does-not-exist"));
  ASSERT_FALSE(Missing);
  EXPECT_EQ(Missing.error().Kind, ErrorKind::Io);
  const uint8_t Text[] = "hello, I am not ELF";
  auto NotElf = Module::loadBytes(E, Text, "text");
  ASSERT_FALSE(NotElf);
  EXPECT_NE(NotElf.error().Message.find("not an ELF shared object"),
            std::string::npos);
}

TEST(RuntimeModule, RefusesGuardArtifactWithoutGuardReservation) {
  EngineConfig C;
  C.MemoryReservation = 1ull << 30; // no room for 4 GiB + guard
  Engine E(C);
  auto M = Module::load(E, fakeArtifact("basic"));
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Kind, ErrorKind::Unsupported);
  EXPECT_NE(M.error().Message.find("--bounds-checks=explicit"),
            std::string::npos);
}

TEST(RuntimeModule, NonWasmFaultIsNotSwallowed) {
  // The handler must pass faults outside wasm code on (here: to SIG_DFL).
  ASSERT_DEATH(
      {
        Engine E;
        volatile int *P = nullptr;
        *P = 1;
      },
      "");
}

} // namespace
} // namespace wasmaot::runtime::test

// The loader asks about each of the eighty-odd features an artifact lists.
namespace wasmaot::runtime::sys {
std::optional<bool> hostHasCpuFeature(std::string_view F);
} // namespace wasmaot::runtime::sys

namespace wasmaot::runtime::test {
namespace {

TEST(RuntimeCpuFeatures, KnownNamesAnswerAndOthersPass) {
#if defined(__x86_64__)
  __builtin_cpu_init();
  // The first and last entries of the sorted table, and some in between.
  EXPECT_EQ(sys::hostHasCpuFeature("aes"), __builtin_cpu_supports("aes") != 0);
  EXPECT_EQ(sys::hostHasCpuFeature("vpclmulqdq"),
            __builtin_cpu_supports("vpclmulqdq") != 0);
  EXPECT_EQ(sys::hostHasCpuFeature("avx2"), __builtin_cpu_supports("avx2") != 0);
  EXPECT_EQ(sys::hostHasCpuFeature("sse4.2"),
            __builtin_cpu_supports("sse4.2") != 0);
  EXPECT_EQ(sys::hostHasCpuFeature("avx512f"),
            __builtin_cpu_supports("avx512f") != 0);
  EXPECT_EQ(sys::hostHasCpuFeature("sse3"), true); // x86-64-v2 at least
  // LLVM tuning flags and unknown names are no reason to refuse.
  for (std::string_view F : {"64bit", "fast-lzcnt", "zzz", "", "a", "avx3"})
    EXPECT_EQ(sys::hostHasCpuFeature(F), std::nullopt) << F;
#else
  GTEST_SKIP() << "x86-64 feature names";
#endif
}

} // namespace
} // namespace wasmaot::runtime::test
