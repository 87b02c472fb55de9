// Component call latency (issue #10): the same export called through its
// compiled Canonical ABI adapter (codegen/src/component_adapters.cpp) and
// through the dynamic path (runtime/src/component/canonical.cpp), per call:
//
//   process-sequence  examples/calculator: list<u32> of 1,000 -> list<u32>
//   echo              bench/component/echo.wat: a 1,000-byte string echoed
//
//   chain             bench/component/chain.wat: core code calls a lowered
//                     function 1,000 times per iteration with a 1,000-byte
//                     string: `echo` of a nested component (chain/nested)
//                     or the host's `host-echo` (chain/import, a Values
//                     host function), or the host's scalar `host-add`
//                     (chain/scalar); reported per lowered call
//
// each as   dynamic   ComponentInstance::call with adapters off (Values)
//           adapter   ComponentInstance::call (Values <-> host layout)
//           host      ComponentInstance::callHostLayout (host-layout
//                     arguments, results in a bump arena: what typed
//                     bindings can do)
//           bindings  (process-sequence) the bindgen-generated
//                     Calculator::Operations::processSequence, which
//                     passes host layout (bindings_host.h)
//
// Components are compiled in process at -O2 (or given precompiled:
// WASMAOT_BENCH_CALCULATOR=calc.so WASMAOT_BENCH_ECHO=echo.so). The calculator's allocator
// never frees, so its instance is replaced (untimed) every 10,000 calls.
// Every result is checked on the first call of each run.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "calculator.h" // tests/bindgen/golden: bindgen --cpp of the example
#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/runtime.h"

namespace {

using namespace wasmaot;
namespace rc = runtime::component;
using rc::Kind;
using rc::Value;

bool Failed = false; ///< any benchmark reported an error: exit 1

void fail(benchmark::State &S, const char *Why) {
  Failed = true;
  S.SkipWithError(Why);
}

runtime::Engine &engine() {
  static runtime::Engine E;
  return E;
}

/// \p Rel (under the source tree), or the file named by environment
/// variable \p Var: a component, compiled here, or a component artifact.
std::shared_ptr<rc::Component> load(const char *Rel, const char *Var) {
  const char *Env = std::getenv(Var);
  std::string Path = Env ? Env : std::string(WASMAOT_SOURCE_DIR) + "/" + Rel;
  std::ifstream In(Path, std::ios::binary);
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)),
                             std::istreambuf_iterator<char>());
  if (rc::isComponentArtifact(Bytes)) {
    auto L = rc::Component::loadBytes(engine(), Bytes, Rel);
    if (!L) {
      std::fprintf(stderr, "%s: %s\n", Path.c_str(),
                   L.error().Message.c_str());
      std::exit(1);
    }
    return *L;
  }
  auto C = frontend::component::readComponent(Bytes);
  if (!C) {
    std::fprintf(stderr, "%s: %s\n", Path.c_str(), C.error().Message.c_str());
    std::exit(1);
  }
  codegen::CompileOptions O;
  auto Art = codegen::compileComponent(*C, O);
  if (!Art) {
    std::fprintf(stderr, "%s: %s\n", Path.c_str(),
                 Art.error().Message.c_str());
    std::exit(1);
  }
  auto L = rc::Component::loadBytes(engine(), *Art, Rel);
  if (!L) {
    std::fprintf(stderr, "%s: %s\n", Path.c_str(), L.error().Message.c_str());
    std::exit(1);
  }
  return *L;
}

const std::shared_ptr<rc::Component> &calculator() {
  static auto C = load("examples/calculator/calculator.wasm", "WASMAOT_BENCH_CALCULATOR");
  return C;
}
const std::shared_ptr<rc::Component> &chainComponent() {
  static auto C = load("bench/component/chain.wasm", "WASMAOT_BENCH_CHAIN");
  return C;
}
const std::shared_ptr<rc::Component> &echoComponent() {
  static auto C = load("bench/component/echo.wasm", "WASMAOT_BENCH_ECHO");
  return C;
}

struct Live {
  std::unique_ptr<runtime::Store> St;
  rc::ComponentLinker L;
  std::unique_ptr<rc::ComponentInstance> I;
  Live(const std::shared_ptr<rc::Component> &C, bool Adapters)
      : St(std::make_unique<runtime::Store>(engine())) {
    L.defineFunc("host-echo",
                 [](std::span<const Value> Args)
                     -> runtime::Outcome<std::vector<Value>> {
                   return std::vector<Value>{Args[0]};
                 });
    L.defineFunc("host-add",
                 [](std::span<const Value> Args)
                     -> runtime::Outcome<std::vector<Value>> {
                   return std::vector<Value>{
                       Value::u(Kind::U32, uint32_t(Args[0].Bits + Args[1].Bits))};
                 });
    auto R = rc::ComponentInstance::instantiate(*St, C, L);
    if (!R.ok()) {
      std::fprintf(stderr, "instantiate: %s\n", R.message().c_str());
      std::exit(1);
    }
    I = std::move(*R);
    I->setUseAdapters(Adapters);
  }
};

/// A bump arena for callHostLayout's results, rewound every call.
struct Arena {
  std::vector<uint8_t> Buf = std::vector<uint8_t>(1 << 20);
  size_t Top = 0;
  rc::ComponentInstance::HostAlloc Fn = [this](uint64_t Size, uint64_t Align) {
    Top = (Top + Align - 1) / Align * Align;
    void *P = Buf.data() + Top;
    Top += Size;
    return P;
  };
};

constexpr uint32_t kListLen = 1000;
constexpr size_t kStringLen = 1000;
constexpr const char *kSeq = "process-sequence";

std::vector<uint32_t> input() {
  std::vector<uint32_t> In(kListLen);
  for (uint32_t I = 0; I < kListLen; ++I)
    In[I] = I * 7 + 1;
  return In;
}

bool seqOk(const uint32_t *Out, uint64_t N) {
  std::vector<uint32_t> In = input();
  uint32_t Acc = 0;
  for (uint32_t I = 0; I < kListLen; ++I) {
    Acc += In[I];
    if (N != kListLen || Out[I] != Acc * 2)
      return false;
  }
  return true;
}

void processSequence(benchmark::State &S, bool Adapters) {
  std::vector<Value> Args(1);
  for (uint32_t X : input())
    Args[0].Items.push_back(Value::u(Kind::U32, X));
  Args[0].K = Kind::List;
  auto L = std::make_unique<Live>(calculator(), Adapters);
  if (L->I->usesAdapter(kSeq) != Adapters)
    fail(S, "the adapter is not used as asked");
  uint64_t Calls = 0;
  for (auto _ : S) {
    if (++Calls % 10000 == 0) {
      S.PauseTiming();
      L = std::make_unique<Live>(calculator(), Adapters);
      S.ResumeTiming();
    }
    auto R = L->I->call(kSeq, Args);
    if (Calls == 1) {
      std::vector<uint32_t> Out;
      const Value &V = (*R)[0];
      for (size_t K = 0; R.ok() && K < V.Items.size(); ++K)
        Out.push_back(uint32_t(V.Items[K].Bits));
      if (V.Items.empty() && !V.Str.empty()) // a packed list
        Out.assign(reinterpret_cast<const uint32_t *>(V.Str.data()),
                   reinterpret_cast<const uint32_t *>(V.Str.data()) +
                       V.Str.size() / 4);
      if (!R.ok() || !seqOk(Out.data(), Out.size()))
        fail(S, "wrong result");
    }
    benchmark::DoNotOptimize(R);
  }
}

void processSequenceHost(benchmark::State &S) {
  std::vector<uint32_t> In = input();
  struct {
    uint64_t Ptr, Len;
  } Args{uint64_t(uintptr_t(In.data())), kListLen};
  uint64_t Res[2];
  Arena A;
  auto L = std::make_unique<Live>(calculator(), true);
  uint64_t Calls = 0;
  for (auto _ : S) {
    if (++Calls % 10000 == 0) {
      S.PauseTiming();
      L = std::make_unique<Live>(calculator(), true);
      S.ResumeTiming();
    }
    A.Top = 0;
    auto R = L->I->callHostLayout(kSeq, &Args, Res, A.Fn);
    if (Calls == 1 &&
        (!R.ok() ||
         !seqOk(reinterpret_cast<const uint32_t *>(uintptr_t(Res[0])), Res[1])))
      fail(S, "wrong result");
    benchmark::DoNotOptimize(Res);
  }
}

void processSequenceBindings(benchmark::State &S) {
  std::vector<uint32_t> In = input();
  auto L = std::make_unique<Live>(calculator(), true);
  if (!L->I->hostLayoutMatches(kSeq, 16, 8, 16, 8))
    fail(S, "the bindings would not pass host layout");
  uint64_t Calls = 0;
  for (auto _ : S) {
    if (++Calls % 10000 == 0) {
      S.PauseTiming();
      L = std::make_unique<Live>(calculator(), true);
      S.ResumeTiming();
    }
    cyber_corp::math_logic::Calculator::Operations Ops(*L->I);
    auto R = Ops.processSequence(In);
    if (Calls == 1 && (!R.ok() || !seqOk(R->data(), R->size())))
      fail(S, "wrong result");
    benchmark::DoNotOptimize(R);
  }
}

std::string text() {
  std::string T;
  for (size_t I = 0; I < kStringLen; ++I)
    T += char('a' + I % 26);
  return T;
}

void echo(benchmark::State &S, bool Adapters) {
  Live L(echoComponent(), Adapters);
  std::vector<Value> Args{Value::string(text())};
  for (auto _ : S) {
    auto R = L.I->call("echo", Args);
    if (!R.ok() || (*R)[0].Str != Args[0].Str)
      fail(S, "wrong result");
    benchmark::DoNotOptimize(R);
  }
}

void echoHost(benchmark::State &S) {
  Live L(echoComponent(), true);
  std::string T = text();
  struct {
    uint64_t Ptr, Len;
  } Args{uint64_t(uintptr_t(T.data())), T.size()};
  uint64_t Res[2];
  Arena A;
  for (auto _ : S) {
    A.Top = 0;
    auto R = L.I->callHostLayout("echo", &Args, Res, A.Fn);
    if (!R.ok() || Res[1] != T.size() ||
        std::memcmp(reinterpret_cast<const void *>(uintptr_t(Res[0])),
                    T.data(), T.size()) != 0)
      fail(S, "wrong result");
    benchmark::DoNotOptimize(Res);
  }
}

void chain(benchmark::State &S, uint32_t Which, bool Adapters) {
  Live L(chainComponent(), Adapters);
  constexpr uint32_t N = 1000;
  std::vector<Value> Args{Value::u(Kind::U32, N), Value::u(Kind::U32, Which)};
  for (auto _ : S) {
    auto R = L.I->call("run", Args);
    if (!R.ok() || (*R)[0].Bits != N * 1000)
      fail(S, "wrong result");
    benchmark::DoNotOptimize(R);
  }
  S.SetItemsProcessed(int64_t(S.iterations()) * N);
  S.counters["per_call"] = benchmark::Counter(
      double(S.iterations()) * N,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

} // namespace

BENCHMARK_CAPTURE(chain, nested/dynamic, 0, false);
BENCHMARK_CAPTURE(chain, nested/adapter, 0, true);
BENCHMARK_CAPTURE(chain, import/dynamic, 1, false);
BENCHMARK_CAPTURE(chain, import/adapter, 1, true);
BENCHMARK_CAPTURE(chain, scalar/dynamic, 2, false);
BENCHMARK_CAPTURE(chain, scalar/adapter, 2, true);
BENCHMARK_CAPTURE(processSequence, dynamic, false);
BENCHMARK_CAPTURE(processSequence, adapter, true);
BENCHMARK(processSequenceHost)->Name("processSequence/host");
BENCHMARK(processSequenceBindings)->Name("processSequence/bindings");
BENCHMARK_CAPTURE(echo, dynamic, false);
BENCHMARK_CAPTURE(echo, adapter, true);
BENCHMARK(echoHost)->Name("echo/host");

int main(int Argc, char **Argv) {
  benchmark::Initialize(&Argc, Argv);
  if (benchmark::ReportUnrecognizedArguments(Argc, Argv))
    return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return Failed ? 1 : 0;
}
