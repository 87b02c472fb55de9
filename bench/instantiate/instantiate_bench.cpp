// Instantiation microbenchmark (issue #6): instantiate a module, call a
// trivial export, drop the instance (its Store), measured per iteration.
//
// The modules are built here, byte by byte, and compiled in process with
// codegen (-O2, guard pages), so the benchmark needs no external tool:
//   small: 1 page of memory, 64 KiB of data in 16 active segments
//   large: 160 pages of memory, 10 MiB of data in 160 active segments
// Each exports `f`, which returns the i32 at address 0 (a read: it maps the
// first page of the image but copies nothing). The result is checked.
//
// Engines compared:
//   copy    EngineConfig::CopyOnWriteImages = false: data copied (the
//           behaviour before copy-on-write images)
//   cow     copy-on-write data images, a fresh reservation per memory
//   pooled  copy-on-write images and the pooling allocator (slots reused)
//
// Google Benchmark reports the mean; the counters median_us and p99_us are
// computed from every iteration's own latency.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"
#include "wasmaot/runtime/runtime.h"

namespace {

using namespace wasmaot;
using Bytes = std::vector<uint8_t>;

void uleb(Bytes &B, uint64_t V) {
  do {
    uint8_t Byte = V & 0x7f;
    V >>= 7;
    B.push_back(Byte | (V ? 0x80 : 0));
  } while (V);
}

void sleb32(Bytes &B, int32_t V) {
  int64_t X = V;
  bool More = true;
  while (More) {
    uint8_t Byte = X & 0x7f;
    X >>= 7;
    More = !((X == 0 && !(Byte & 0x40)) || (X == -1 && (Byte & 0x40)));
    B.push_back(Byte | (More ? 0x80 : 0));
  }
}

void section(Bytes &Out, uint8_t Id, const Bytes &Body) {
  Out.push_back(Id);
  uleb(Out, Body.size());
  Out.insert(Out.end(), Body.begin(), Body.end());
}

/// (memory Pages) (data (i32.const k*SegSize) ...) x NumSegs, and
/// (func (export "f") (result i32) (i32.load (i32.const 0))).
Bytes buildModule(uint32_t Pages, uint32_t NumSegs, uint32_t SegSize) {
  Bytes M = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  section(M, 1, {0x01, 0x60, 0x00, 0x01, 0x7f});        // type () -> i32
  section(M, 3, {0x01, 0x00});                          // func 0: type 0
  Bytes Mem = {0x01, 0x00};                             // one memory, min only
  uleb(Mem, Pages);
  section(M, 5, Mem);
  section(M, 7, {0x01, 0x01, 'f', 0x00, 0x00});         // export "f" func 0
  Bytes Body = {0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x0b}; // i32.load
  Bytes Code = {0x01};
  uleb(Code, Body.size());
  Code.insert(Code.end(), Body.begin(), Body.end());
  section(M, 10, Code);
  Bytes Data;
  uleb(Data, NumSegs);
  uint32_t Seed = 12345;
  for (uint32_t S = 0; S < NumSegs; ++S) {
    Data.push_back(0x00); // active, memory 0
    Data.push_back(0x41); // i32.const
    sleb32(Data, int32_t(S * SegSize));
    Data.push_back(0x0b);
    uleb(Data, SegSize);
    for (uint32_t I = 0; I < SegSize; ++I) {
      Seed = Seed * 1103515245u + 12345u;
      Data.push_back(uint8_t(Seed >> 16));
    }
  }
  section(M, 11, Data);
  return M;
}

struct Case {
  const char *Name;
  uint32_t Pages, NumSegs, SegSize;
};
constexpr Case kSmall{"small_1page_64KiB", 1, 16, 4096};
constexpr Case kLarge{"large_10MiB", 160, 160, 65536};

enum class Mode { Copy, Cow, Pooled };

runtime::EngineConfig configFor(Mode Mo) {
  runtime::EngineConfig C;
  C.CopyOnWriteImages = Mo != Mode::Copy;
  if (Mo == Mode::Pooled)
    C.Pooling.Slots = 16;
  return C;
}

/// Compiled once per case; loaded once per engine.
const std::vector<uint8_t> &artifact(const Case &C) {
  static std::vector<uint8_t> Cache[2];
  std::vector<uint8_t> &A = Cache[&C == &kLarge];
  if (!A.empty())
    return A;
  Bytes Wasm = buildModule(C.Pages, C.NumSegs, C.SegSize);
  auto M = frontend::readModule(Wasm);
  if (!M || !frontend::validateModule(*M)) {
    std::fprintf(stderr, "bench module %s does not validate\n", C.Name);
    std::exit(1);
  }
  auto So = codegen::compileModule(*M, codegen::CompileOptions{});
  if (!So) {
    std::fprintf(stderr, "compile: %s\n", So.error().Message.c_str());
    std::exit(1);
  }
  A = std::move(*So);
  return A;
}

/// The 4 bytes at address 0, as f reads them.
int32_t expected(const Case &C) {
  Bytes Wasm = buildModule(C.Pages, 1, 4);
  int32_t V = 0;
  std::memcpy(&V, &Wasm[Wasm.size() - 4], 4);
  return V;
}

bool Failed = false; ///< any benchmark reported an error: exit 1

void fail(benchmark::State &State, const std::string &Why) {
  Failed = true;
  State.SkipWithError(Why.c_str());
}

void run(benchmark::State &State, const Case &C, Mode Mo) {
  runtime::Engine Eng(configFor(Mo));
  auto Mod = runtime::Module::loadBytes(Eng, artifact(C), C.Name);
  if (!Mod) {
    fail(State, Mod.error().Message);
    return;
  }
  runtime::Linker Link(Eng);
  const int32_t Want = expected(C);
  std::vector<double> Us;
  Us.reserve(1 << 16);
  for (auto _ : State) {
    auto T0 = std::chrono::steady_clock::now();
    {
      runtime::Store St(Eng);
      auto Inst = Link.instantiate(St, **Mod);
      if (!Inst) {
        fail(State, "instantiation failed: " + Inst.message());
        return;
      }
      auto F = (*Inst)->getFunc("f")->typed<int32_t()>();
      auto R = F->call();
      if (!R || *R != Want) {
        fail(State, "f returned a wrong value");
        return;
      }
      benchmark::DoNotOptimize(*R);
    }
    auto T1 = std::chrono::steady_clock::now();
    Us.push_back(std::chrono::duration<double, std::micro>(T1 - T0).count());
  }
  std::sort(Us.begin(), Us.end());
  if (!Us.empty()) {
    State.counters["median_us"] = Us[Us.size() / 2];
    State.counters["p99_us"] = Us[std::min(Us.size() - 1, Us.size() * 99 / 100)];
  }
}

} // namespace

BENCHMARK_CAPTURE(run, small_copy, kSmall, Mode::Copy);
BENCHMARK_CAPTURE(run, small_cow, kSmall, Mode::Cow);
BENCHMARK_CAPTURE(run, small_pooled, kSmall, Mode::Pooled);
BENCHMARK_CAPTURE(run, large_copy, kLarge, Mode::Copy);
BENCHMARK_CAPTURE(run, large_cow, kLarge, Mode::Cow);
BENCHMARK_CAPTURE(run, large_pooled, kLarge, Mode::Pooled);

int main(int Argc, char **Argv) {
  benchmark::Initialize(&Argc, Argv);
  if (benchmark::ReportUnrecognizedArguments(Argc, Argv))
    return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return Failed ? 1 : 0;
}
