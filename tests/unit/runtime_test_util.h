// Shared helpers for the runtime unit tests: paths of the fake artifacts
// (tests/unit/fake_artifacts/) and a fixture that loads and instantiates
// the "basic" one with a recording host.log import.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "wasmaot/runtime/runtime.h"

namespace wasmaot::runtime::test {

inline std::string fakeArtifact(const char *Name) {
  return std::string(WASMAOT_FAKE_ARTIFACT_DIR) + "/" + Name + ".so";
}

constexpr ValType I32 = ValType::I32;

inline std::vector<Val> i32s(std::initializer_list<int32_t> Xs) {
  std::vector<Val> V;
  for (int32_t X : Xs)
    V.push_back(Val::fromI32(X));
  return V;
}

/// Calls \p F expecting one i32 result; fails the test on a trap or error.
inline int32_t callI32(const Func &F, std::vector<Val> Args) {
  Outcome<std::vector<Val>> R = F.call(Args);
  EXPECT_TRUE(R.ok()) << R.message();
  if (!R.ok() || R->size() != 1)
    return INT32_MIN;
  return (*R)[0].i32();
}

/// Defines the host.log (i32) import of the "basic" fake artifact as a
/// function that does nothing.
inline void defineNoopLog(Linker &L) {
  L.defineFunc("host", "log", FuncType{{I32}, {}},
               [](Caller &, std::span<const Val>, std::span<Val>) {
                 return std::optional<Trap>();
               });
}

class BasicInstance : public ::testing::Test {
protected:
  void SetUp() override {
    auto M = Module::load(E, fakeArtifact("basic"));
    ASSERT_TRUE(M) << M.error().Message;
    Mod = *M;
    L.defineFunc("host", "log", FuncType{{I32}, {}},
                 [this](Caller &C, std::span<const Val> A,
                        std::span<Val>) -> std::optional<Trap> {
                   return onLog(C, A[0].i32());
                 });
    Outcome<Instance *> R = L.instantiate(S, *Mod);
    ASSERT_TRUE(R.ok()) << R.message();
    I = *R;
  }

  /// host.log's behaviour: records; 13 traps; 7 re-enters wasm and traps.
  std::optional<Trap> onLog(Caller &C, int32_t X) {
    Logged.push_back(X);
    if (X == 13)
      return Trap::host("boom");
    if (X == 7) {
      auto R = C.instance()->getFunc("unreachable")->call({});
      return R.isTrap() ? std::optional<Trap>(R.takeTrap()) : std::nullopt;
    }
    if (X == 8) { // nested call that succeeds
      Nested = callI32(*C.instance()->getFunc("add"), i32s({40, 2}));
    }
    return std::nullopt;
  }

  Func func(const char *Name) {
    std::optional<Func> F = I->getFunc(Name);
    EXPECT_TRUE(F.has_value()) << Name;
    return F.value_or(Func());
  }

  Engine E;
  Store S{E};
  Linker L{E};
  std::shared_ptr<Module> Mod;
  Instance *I = nullptr;
  std::vector<int32_t> Logged;
  int32_t Nested = 0;
};

} // namespace wasmaot::runtime::test
