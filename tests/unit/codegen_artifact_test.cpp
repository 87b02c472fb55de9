// Codegen end to end on small hand-built modules: the artifact is an ELF
// shared object that exports exactly the runtime/abi symbols and imports
// nothing, cross-compiles for aarch64, runs through the runtime, and a
// failed compile leaves no output behind.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <elf.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "wasm_builder.h"
#include "wasmaot/abi/artifact.h"
#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"
#include "wasmaot/runtime/runtime.h"

using namespace wasmaot;
using namespace wasmaot::test;

namespace {

/// (import "env" "f" (func (param i32) (result i32))) (memory 1)
/// (func (export "add") (param i32 i32) (result i32)
///   local.get 0 local.get 1 i32.add call 0)
/// (data (i32.const 16) "hi")
Bytes sampleModule() {
  Bytes Import;
  appendName(Import, "env");
  appendName(Import, "f");
  Import.insert(Import.end(), {0x00, 0x00});
  Bytes Export;
  appendName(Export, "add");
  Export.insert(Export.end(), {0x00, 0x01});
  Bytes Body{0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x10, 0x00, 0x0b};
  Bytes Code;
  appendU32(Code, Body.size());
  Code.insert(Code.end(), Body.begin(), Body.end());
  Bytes Data{0x00, 0x41, 0x10, 0x0b, 0x02, 'h', 'i'};
  return cat({header(),
              section(1, vec({{0x60, 0x01, 0x7f, 0x01, 0x7f},
                              {0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f}})),
              section(2, vec({Import})), section(3, vec({{0x01}})),
              section(5, vec({{0x00, 0x01}})), section(7, vec({Export})),
              section(10, vec({Code})), section(11, vec({Data}))});
}

frontend::Module readValid(const Bytes &B) {
  auto M = frontend::readModule(B);
  EXPECT_TRUE(M);
  EXPECT_TRUE(frontend::validateModule(*M));
  return std::move(*M);
}

struct DynSyms {
  uint16_t Machine = 0;
  std::set<std::string> Defined, Undefined;
};

/// The dynamic symbol table of an ELF64 little-endian shared object.
DynSyms readDynSyms(const std::vector<uint8_t> &So) {
  DynSyms R;
  Elf64_Ehdr EH;
  std::memcpy(&EH, So.data(), sizeof(EH));
  R.Machine = EH.e_machine;
  std::vector<Elf64_Shdr> Sections(EH.e_shnum);
  std::memcpy(Sections.data(), So.data() + EH.e_shoff,
              EH.e_shnum * sizeof(Elf64_Shdr));
  for (const Elf64_Shdr &S : Sections) {
    if (S.sh_type != SHT_DYNSYM)
      continue;
    const Elf64_Shdr &Str = Sections[S.sh_link];
    for (size_t Off = sizeof(Elf64_Sym); Off < S.sh_size;
         Off += sizeof(Elf64_Sym)) {
      Elf64_Sym Sym;
      std::memcpy(&Sym, So.data() + S.sh_offset + Off, sizeof(Sym));
      std::string Name(reinterpret_cast<const char *>(So.data() +
                                                      Str.sh_offset +
                                                      Sym.st_name));
      if (Sym.st_shndx == SHN_UNDEF)
        R.Undefined.insert(Name);
      else if (ELF64_ST_BIND(Sym.st_info) != STB_LOCAL)
        R.Defined.insert(Name);
    }
  }
  return R;
}

TEST(CodegenArtifact, ExportsExactlyTheAbiSymbolsAndImportsNothing) {
  frontend::Module M = readValid(sampleModule());
  auto So = codegen::compileModule(M, {});
  ASSERT_TRUE(So) << So.error().Message;
  DynSyms Syms = readDynSyms(*So);
  EXPECT_EQ(Syms.Machine, EM_X86_64);
  EXPECT_TRUE(Syms.Undefined.empty());
  namespace A = wasmaot::abi;
  std::set<std::string> Want{A::kSymMeta,      A::kSymMetaSize,
                             A::kSymFuncs,     A::kSymArrayCalls,
                             A::kSymHostStubs, A::kSymData};
  EXPECT_EQ(Syms.Defined, Want);
}

TEST(CodegenArtifact, CrossCompilesForAarch64) {
  frontend::Module M = readValid(sampleModule());
  codegen::CompileOptions O;
  O.Target = "aarch64-linux-gnu";
  auto So = codegen::compileModule(M, O);
  ASSERT_TRUE(So) << So.error().Message;
  DynSyms Syms = readDynSyms(*So);
  EXPECT_EQ(Syms.Machine, EM_AARCH64);
  EXPECT_TRUE(Syms.Undefined.empty());
}

TEST(CodegenArtifact, RefusesUnknownTargetsAndCpus) {
  frontend::Module M = readValid(sampleModule());
  codegen::CompileOptions O;
  O.Target = "riscv64-linux-gnu";
  auto A = codegen::compileModule(M, O);
  ASSERT_FALSE(A);
  EXPECT_EQ(A.error().Kind, ErrorKind::Unsupported);
  O.Target.clear();
  O.Cpu = "not-a-cpu";
  auto B = codegen::compileModule(M, O);
  ASSERT_FALSE(B);
  EXPECT_EQ(B.error().Kind, ErrorKind::Unsupported);
}

TEST(CodegenArtifact, RefusesX86CpusWithoutSse41) {
  frontend::Module M = readValid(sampleModule());
  codegen::CompileOptions O;
  O.Cpu = "x86-64";
  auto A = codegen::compileModule(M, O);
  ASSERT_FALSE(A);
  EXPECT_EQ(A.error().Kind, ErrorKind::Unsupported);
  EXPECT_NE(A.error().Message.find("SSE4.1"), std::string::npos);
  O.Cpu = "x86-64-v3";
  EXPECT_TRUE(codegen::compileModule(M, O));
}

/// (func $spin (loop (br 0))) (start $spin) / (export "spin")
Bytes spinModule(bool Start) {
  Bytes Body{0x00, 0x03, 0x40, 0x0c, 0x00, 0x0b, 0x0b};
  Bytes Code;
  appendU32(Code, Body.size());
  Code.insert(Code.end(), Body.begin(), Body.end());
  Bytes Export;
  appendName(Export, "spin");
  Export.insert(Export.end(), {0x00, 0x00});
  return cat({header(), section(1, vec({{0x60, 0x00, 0x00}})),
              section(3, vec({{0x00}})),
              Start ? section(8, {0x00}) : section(7, vec({Export})),
              section(10, vec({Code}))});
}

TEST(CodegenArtifact, EpochDeadlinesInterruptLoopsAndStartFunctions) {
  codegen::CompileOptions O;
  O.EpochInterruption = true;
  runtime::EngineConfig C;
  C.DefaultEpochDeadlineTicks = 3;
  runtime::Engine E(C);
  std::atomic<bool> Done{false};
  std::thread Ticker([&] {
    while (!Done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      E.incrementEpoch();
    }
  });
  for (bool Start : {false, true}) {
    SCOPED_TRACE(Start ? "start function" : "export");
    frontend::Module M = readValid(spinModule(Start));
    auto So = codegen::compileModule(M, O);
    ASSERT_TRUE(So) << So.error().Message;
    auto Mod = runtime::Module::loadBytes(E, *So);
    ASSERT_TRUE(Mod);
    EXPECT_TRUE((*Mod)->meta().EpochInterruption);
    runtime::Store St(E);
    runtime::Linker L(E);
    auto I = L.instantiate(St, **Mod);
    if (Start) {
      ASSERT_TRUE(I.isTrap());
      EXPECT_EQ(I.trap().Code, wasmaot::abi::TrapCode::Interrupted);
      continue;
    }
    ASSERT_TRUE(I.ok());
    (*I)->setEpochDeadline(3);
    auto R = (*I)->getFunc("spin")->call(std::span<const runtime::Val>());
    ASSERT_TRUE(R.isTrap());
    EXPECT_EQ(R.trap().Code, wasmaot::abi::TrapCode::Interrupted);
  }
  Done = true;
  Ticker.join();
}

/// (memory 1)
/// (func (export "nest") (local $i i32) (local $s i32)
///   (loop $outer                        ;; runs forever
///     (local.set $i (i32.const 0)) (local.set $s (i32.const 0))
///     (loop $inner                      ;; 1000 iterations
///       (local.set $s (i32.add (local.get $s) (i32.load (local.get $i))))
///       (br_if $inner (i32.lt_u (local.tee $i (i32.add (local.get $i)
///                                  (i32.const 4))) (i32.const 4000))))
///     (i32.store (i32.const 4000) (local.get $s))
///     (br $outer)))
Bytes nestedLoopModule() {
  Bytes Body{0x01, 0x02, 0x7f,                         // 2 locals i32
             0x03, 0x40,                               // loop $outer
             0x41, 0x00, 0x21, 0x00, 0x41, 0x00, 0x21, 0x01,
             0x03, 0x40,                               // loop $inner
             0x20, 0x01, 0x20, 0x00, 0x28, 0x02, 0x00, 0x6a, 0x21, 0x01,
             0x20, 0x00, 0x41, 0x04, 0x6a, 0x22, 0x00, 0x41, 0xa0, 0x1f,
             0x49, 0x0d, 0x00,                         // br_if $inner
             0x0b,                                     // end $inner
             0x41, 0xa0, 0x1f, 0x20, 0x01, 0x36, 0x02, 0x00,
             0x0c, 0x00,                               // br $outer
             0x0b, 0x0b};
  Bytes Code;
  appendU32(Code, Body.size());
  Code.insert(Code.end(), Body.begin(), Body.end());
  Bytes Export;
  appendName(Export, "nest");
  Export.insert(Export.end(), {0x00, 0x00});
  return cat({header(), section(1, vec({{0x60, 0x00, 0x00}})),
              section(3, vec({{0x00}})), section(5, vec({{0x00, 0x01}})),
              section(7, vec({Export})), section(10, vec({Code}))});
}

// EpochLoopPass (codegen/src/epoch_loops.cpp): the counted inner loop loses
// its check and is vectorised; the endless outer loop keeps its check, so
// the call is still interrupted.
TEST(CodegenArtifact, EpochChecksLeaveCountedInnerLoopsButStillInterrupt) {
  codegen::CompileOptions O;
  O.EpochInterruption = true;
  O.EmitLLVMPath = (std::filesystem::path(testing::TempDir()) /
                    "wasmaot-epoch-nest.ll")
                       .string();
  frontend::Module M = readValid(nestedLoopModule());
  auto So = codegen::compileModule(M, O);
  ASSERT_TRUE(So) << So.error().Message;
  std::ifstream IRFile(O.EmitLLVMPath);
  std::string IR((std::istreambuf_iterator<char>(IRFile)), {});
  std::filesystem::remove(O.EmitLLVMPath);
  size_t Begin = IR.find("@wasm_f0(");
  ASSERT_NE(Begin, std::string::npos);
  std::string Fn = IR.substr(Begin, IR.find("\n}\n", Begin) - Begin);
  EXPECT_NE(Fn.find("vector.body"), std::string::npos)
      << "the inner loop was not vectorised:\n" << Fn;

  runtime::EngineConfig C;
  C.DefaultEpochDeadlineTicks = 3;
  runtime::Engine E(C);
  std::atomic<bool> Done{false};
  std::thread Ticker([&] {
    while (!Done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      E.incrementEpoch();
    }
  });
  auto Mod = runtime::Module::loadBytes(E, *So);
  ASSERT_TRUE(Mod);
  runtime::Store St(E);
  runtime::Linker L(E);
  auto I = L.instantiate(St, **Mod);
  ASSERT_TRUE(I.ok());
  (*I)->setEpochDeadline(3);
  auto R = (*I)->getFunc("nest")->call(std::span<const runtime::Val>());
  Done = true;
  Ticker.join();
  ASSERT_TRUE(R.isTrap());
  EXPECT_EQ(R.trap().Code, wasmaot::abi::TrapCode::Interrupted);
}

TEST(CodegenArtifact, FailedWriteLeavesNothing) {
  frontend::Module M = readValid(sampleModule());
  std::string Out = "/nonexistent-dir-wasmaot/x.so";
  Status S = codegen::compileModuleToFile(M, {}, Out);
  EXPECT_FALSE(S);
  EXPECT_FALSE(std::filesystem::exists(Out));
}

TEST(CodegenArtifact, RunsThroughTheRuntimeAtEveryLevelAndMode) {
  frontend::Module M = readValid(sampleModule());
  for (unsigned Opt : {0u, 1u, 2u, 3u}) {
    for (auto Bounds :
         {codegen::BoundsChecks::Guard, codegen::BoundsChecks::Explicit}) {
      SCOPED_TRACE(fmt::format("-O{} bounds {}", Opt, int(Bounds)));
      codegen::CompileOptions O;
      O.OptLevel = Opt;
      O.Bounds = Bounds;
      O.Jobs = 2;
      auto So = codegen::compileModule(M, O);
      ASSERT_TRUE(So) << So.error().Message;
      runtime::Engine E;
      auto Mod = runtime::Module::loadBytes(E, *So);
      ASSERT_TRUE(Mod) << Mod.error().Message;
      EXPECT_EQ((*Mod)->meta().OptLevel, Opt);
      runtime::Store St(E);
      runtime::Linker L(E);
      L.defineFunc("env", "f", {{frontend::ValType::I32}, {frontend::ValType::I32}},
                   [](runtime::Caller &C, std::span<const runtime::Val> A,
                      std::span<runtime::Val> R) -> std::optional<runtime::Trap> {
                     // Sees the caller's memory: the data segment "hi".
                     auto Mem = C.memory0Bytes();
                     R[0] = runtime::Val::fromI32(A[0].i32() * 10 + Mem[16]);
                     return std::nullopt;
                   });
      auto I = L.instantiate(St, **Mod);
      ASSERT_TRUE(I.ok()) << I.message();
      auto F = (*I)->getFunc("add");
      ASSERT_TRUE(F);
      auto R = F->call({runtime::Val::fromI32(2), runtime::Val::fromI32(3)});
      ASSERT_TRUE(R.ok()) << R.message();
      EXPECT_EQ((*R)[0].i32(), 50 + 'h');
    }
  }
}

} // namespace
