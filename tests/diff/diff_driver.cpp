// wasmaot-diff-driver: the wasmaot half of the differential test (see
// README.md here). Compiles one binary module in process, instantiates it
// with the `fuzzing-support` logging imports of binaryen's translate-to-fuzz
// modules, calls every exported function in export order with the fixed
// arguments of the tables below, and prints a transcript that
// ref_node.js prints identically for V8:
//
//   log i32 4294967295            an import call (i32/i64 unsigned decimal,
//   result NAME i32:7 f64:0x...   floats as bits or `nan`, v128 as 4 u32 hex)
//   trap NAME memory-oob          a trap category (V8 merges some spec traps)
//   memory NAME PAGES HASH        final state: memory size and FNV-1a hash
//   global NAME i32:3             exported globals
//
// Nothing here is a checker: compare.py diffs the two transcripts.
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"
#include "wasmaot/runtime/runtime.h"

using namespace wasmaot;
using runtime::Val;
using runtime::ValType;

namespace {

// ---- The fixed arguments: parameter K of every export gets entry
// (Seed + 7 * K) % 8 of its type's table. ref_node.js has the same tables.
const uint32_t I32Args[8] = {0,          1,          0xffffffff, 42,
                             0x7fffffff, 0x80000000, 0x10000,    7};
const uint64_t I64Args[8] = {0,
                             1,
                             ~0ull,
                             42,
                             0x7fffffffffffffffull,
                             0x8000000000000000ull,
                             0x100000000ull,
                             7};
const double FloatArgs[8] = {0, 1, -1, 0.5, -0.0, 1e10, 1.0 / 0.0, -1.0 / 0.0};

Val argFor(ValType T, unsigned Seed, unsigned K) {
  unsigned I = (Seed + 7 * K) % 8;
  switch (T) {
  case ValType::I32:
    return Val::fromI32(int32_t(I32Args[I]));
  case ValType::I64:
    return Val::fromI64(int64_t(I64Args[I]));
  case ValType::F32:
    return Val::fromF32(float(FloatArgs[I]));
  case ValType::F64:
    return Val::fromF64(FloatArgs[I]);
  case ValType::V128: {
    runtime::V128 V;
    for (unsigned L = 0; L < 4; ++L)
      std::memcpy(V.Bytes + 4 * L, &I32Args[(I + L) % 8], 4);
    return Val::fromV128(V);
  }
  case ValType::FuncRef:
  case ValType::ExternRef:
    return Val::zero(T);
  }
  return Val::zero(T);
}

std::string show(const Val &V) {
  char Buf[96];
  switch (V.type()) {
  case ValType::I32:
    std::snprintf(Buf, sizeof Buf, "i32:%" PRIu32, uint32_t(V.i32()));
    break;
  case ValType::I64:
    std::snprintf(Buf, sizeof Buf, "i64:%" PRIu64, uint64_t(V.i64()));
    break;
  // NaN payloads do not survive V8's JS boundary: print NaNs as `nan`.
  case ValType::F32:
    if (V.f32() != V.f32())
      return "f32:nan";
    std::snprintf(Buf, sizeof Buf, "f32:0x%08" PRIx32, V.f32Bits());
    break;
  case ValType::F64:
    if (V.f64() != V.f64())
      return "f64:nan";
    std::snprintf(Buf, sizeof Buf, "f64:0x%016" PRIx64, V.f64Bits());
    break;
  case ValType::V128: {
    uint32_t L[4];
    std::memcpy(L, V.v128().Bytes, 16);
    std::snprintf(Buf, sizeof Buf, "v128:%08" PRIx32 ":%08" PRIx32
                  ":%08" PRIx32 ":%08" PRIx32, L[0], L[1], L[2], L[3]);
    break;
  }
  case ValType::FuncRef:
  case ValType::ExternRef:
    return V.isNull() ? "ref:null" : "ref:non-null";
  }
  return Buf;
}

/// Categories both engines can name (V8 says "null function or function
/// signature mismatch" for three different spec traps, for instance).
const char *category(runtime::TrapCode C) {
  using runtime::TrapCode;
  switch (C) {
  case TrapCode::Unreachable:
    return "unreachable";
  case TrapCode::IntDivByZero:
    return "div-zero";
  case TrapCode::IntOverflow:
    return "int-overflow";
  case TrapCode::InvalidConversion:
    return "conversion";
  case TrapCode::MemoryOutOfBounds:
    return "memory-oob";
  case TrapCode::TableOutOfBounds:
  case TrapCode::UndefinedElement:
  case TrapCode::UninitializedElement:
  case TrapCode::IndirectCallType:
    return "table";
  case TrapCode::StackExhausted:
    return "stack";
  case TrapCode::Interrupted:
    return "interrupted";
  default: // host traps, exit, and kinds core modules cannot raise
    return "host";
  }
}

uint32_t fnv1a(std::span<const uint8_t> B) {
  uint32_t H = 2166136261u;
  for (uint8_t X : B)
    H = (H ^ X) * 16777619u;
  return H;
}

int usage() {
  std::fprintf(stderr, "usage: wasmaot-diff-driver [-O 0|2] "
                       "[--bounds-checks guard|explicit] [--seed N] "
                       "M.wasm\n");
  return 2;
}

} // namespace

int main(int Argc, char **Argv) {
  codegen::CompileOptions Opts;
  Opts.EpochInterruption = true;
  // Traps are compared exactly: keep loads whose value is unused.
  Opts.StrictGuardLoads = true;
  unsigned Seed = 0;
  const char *Path = nullptr;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "-O" && I + 1 < Argc)
      Opts.OptLevel = unsigned(std::atoi(Argv[++I]));
    else if (A == "--bounds-checks" && I + 1 < Argc)
      Opts.Bounds = std::string(Argv[++I]) == "explicit"
                        ? codegen::BoundsChecks::Explicit
                        : codegen::BoundsChecks::Guard;
    else if (A == "--seed" && I + 1 < Argc)
      Seed = unsigned(std::atoi(Argv[++I]));
    else if (!Path && A[0] != '-')
      Path = Argv[I];
    else
      return usage();
  }
  if (!Path)
    return usage();
  std::ifstream In(Path, std::ios::binary);
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)), {});
  auto M = frontend::readModule(Bytes);
  if (!M) {
    std::fprintf(stderr, "%s\n", M.error().format(Path).c_str());
    return 1;
  }
  if (Status S = frontend::validateModule(*M); !S) {
    std::fprintf(stderr, "%s\n", S.error().format(Path).c_str());
    return 1;
  }
  Opts.SourceName = Path;
  auto So = codegen::compileModule(*M, Opts);
  if (!So) {
    std::fprintf(stderr, "%s\n", So.error().format(Path).c_str());
    return 1;
  }

  runtime::EngineConfig Cfg;
  Cfg.WasmStackSize = 1 << 20; // V8's default is about as deep
  runtime::Engine Eng(Cfg);
  auto Mod = runtime::Module::loadBytes(Eng, *So, Path);
  if (!Mod) {
    std::fprintf(stderr, "%s\n", Mod.error().format(Path).c_str());
    return 1;
  }
  // A runaway export is a finding too: the epoch ends it after ~10 s.
  std::thread([&Eng] {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      Eng.incrementEpoch();
    }
  }).detach();

  runtime::Store St(Eng);
  runtime::Linker Link(Eng);
  auto logger = [&Link](const char *Name, std::vector<ValType> Params) {
    Link.defineFunc("fuzzing-support", Name, runtime::FuncType{Params, {}},
                    [](runtime::Caller &, std::span<const Val> Args,
                       std::span<Val>) -> std::optional<runtime::Trap> {
                      std::string Line = "log";
                      for (const Val &V : Args)
                        Line += " " + show(V);
                      std::printf("%s\n", Line.c_str());
                      return std::nullopt;
                    });
  };
  logger("log-i32", {ValType::I32});
  logger("log-i64", {ValType::I64});
  logger("log-f32", {ValType::F32});
  logger("log-f64", {ValType::F64});
  logger("log-v128", {ValType::V128});

  auto Inst = Link.instantiate(St, **Mod);
  if (Inst.isError()) {
    std::printf("link-error\n");
    std::fprintf(stderr, "%s\n", Inst.error().format(Path).c_str());
    return 0;
  }
  if (Inst.isTrap()) {
    std::printf("instantiate trap %s\n", category(Inst.trap().Code));
    return 0;
  }
  runtime::Instance &I = **Inst;
  for (const auto &[Name, Ext] : I.exports()) {
    if (Ext.Kind != runtime::ExternKind::Func)
      continue;
    std::vector<Val> Args;
    const runtime::FuncType &T = Ext.F.type();
    for (unsigned K = 0; K < T.Params.size(); ++K)
      Args.push_back(argFor(T.Params[K], Seed, K));
    std::printf("call %s\n", Name.c_str());
    std::fflush(stdout);
    I.setEpochDeadline(100);
    auto R = Ext.F.call(Args);
    if (R.isTrap()) {
      std::printf("trap %s %s\n", Name.c_str(), category(R.trap().Code));
    } else if (R.isError()) {
      std::printf("error %s %s\n", Name.c_str(), R.error().Message.c_str());
    } else {
      std::string Line = "result " + Name;
      for (const Val &V : *R)
        Line += " " + show(V);
      std::printf("%s\n", Line.c_str());
    }
  }
  for (const auto &[Name, Ext] : I.exports()) {
    if (Ext.Kind == runtime::ExternKind::Memory)
      std::printf("memory %s %" PRIu64 " %08" PRIx32 "\n", Name.c_str(),
                  Ext.Mem->pages(), fnv1a(Ext.Mem->bytes()));
    else if (Ext.Kind == runtime::ExternKind::Global)
      std::printf("global %s %s\n", Name.c_str(),
                  Ext.Glob->type().Type == ValType::V128
                      ? "v128"
                      : show(Ext.Glob->get()).c_str());
    else if (Ext.Kind == runtime::ExternKind::Table)
      std::printf("table %s %" PRIu64 "\n", Name.c_str(), Ext.Tab->size());
  }
  std::fflush(stdout);
  std::_Exit(0); // the ticker thread is still running
}
