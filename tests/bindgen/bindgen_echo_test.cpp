// Generated bindings against a running component: echo/echo.wasm (a C
// guest, echo/echo.c) compiled at build time to ECHO_SO, called through the
// header generated from echo/echo.wit. Strings, records and variants go
// through the real Canonical ABI lowering and lifting both ways, and a trap
// in the guest comes back as a Trap in the Outcome.
#include <gtest/gtest.h>

#include "echo.h"

#include "wasmaot/runtime/engine.h"

using namespace wasmaot::runtime;
using test::echo::Echoer;
namespace ec = test::echo::echo;

namespace {

// Every case twice: with the compiled adapters the generated methods pass
// host layout (bindings_host.h, no Values); without them they fall back to
// Values and the dynamic Canonical ABI. Both must give the same answers.
struct EchoTest : ::testing::TestWithParam<bool> {
  Engine E;
  Store S{E};
  std::optional<Outcome<Echoer>> Inst;
  void SetUp() override {
    auto C = component::Component::load(E, ECHO_SO);
    ASSERT_TRUE(bool(C)) << C.error().Message;
    component::ComponentLinker L;
    Inst.emplace(Echoer::instantiate(S, *C, L));
    ASSERT_TRUE(Inst->ok()) << Inst->message();
    (**Inst).instance().setUseAdapters(GetParam());
  }
  Echoer::Echo echo() { return (**Inst).echo(); }
};

INSTANTIATE_TEST_SUITE_P(HostLayoutAndValues, EchoTest, ::testing::Bool(),
                         [](const auto &I) {
                           return I.param ? "HostLayout" : "Values";
                         });

TEST_P(EchoTest, TakesTheHostLayoutPathWithAdapters) {
  component::ComponentInstance &CI = (**Inst).instance();
  for (const char *F : {"echo-string", "echo-point", "echo-shape",
                        "maybe-trap"}) {
    std::string Name = std::string("test:echo/echo#") + F;
    EXPECT_EQ(CI.usesAdapter(Name), GetParam()) << Name;
  }
  // The generated types lay out as the component's (string, record of
  // s32, s32, string; variant of f32 / none / that record; bool -> u32).
  EXPECT_EQ(CI.hostLayoutMatches("test:echo/echo#echo-point", 24, 8, 24, 8),
            GetParam());
  EXPECT_EQ(CI.hostLayoutMatches("test:echo/echo#echo-shape", 32, 8, 32, 8),
            GetParam());
  EXPECT_EQ(CI.hostLayoutMatches("test:echo/echo#maybe-trap", 1, 1, 4, 4),
            GetParam());
  EXPECT_FALSE(CI.hostLayoutMatches("test:echo/echo#maybe-trap", 4, 4, 4, 4));
  using component::HostCodec;
  EXPECT_EQ(HostCodec<ec::Point>::Size, 24u);
  EXPECT_EQ(HostCodec<ec::Shape>::Size, 32u);
  EXPECT_EQ(HostCodec<ec::Shape>::Align, 8u);
}

TEST_P(EchoTest, Strings) {
  auto R = echo().echoString("héllo, wörld");
  ASSERT_TRUE(R.ok()) << R.message();
  EXPECT_EQ(*R, "héllo, wörld");
  auto Empty = echo().echoString("");
  ASSERT_TRUE(Empty.ok()) << Empty.message();
  EXPECT_EQ(*Empty, "");
}

TEST_P(EchoTest, Records) {
  auto R = echo().echoPoint(ec::Point{-3, 40, "p"});
  ASSERT_TRUE(R.ok()) << R.message();
  EXPECT_EQ(*R, (ec::Point{-3, 40, "p back"}));
}

TEST_P(EchoTest, Variants) {
  auto C = echo().echoShape(ec::Shape::circle(2.5f));
  ASSERT_TRUE(C.ok()) << C.message();
  ASSERT_TRUE(C->isCircle());
  EXPECT_EQ(C->asCircle(), 2.5f);
  auto N = echo().echoShape(ec::Shape::nothing());
  ASSERT_TRUE(N.ok()) << N.message();
  EXPECT_TRUE(N->isNothing());
  auto A = echo().echoShape(ec::Shape::at(ec::Point{1, 2, "at"}));
  ASSERT_TRUE(A.ok()) << A.message();
  ASSERT_TRUE(A->isAt());
  EXPECT_EQ(A->asAt(), (ec::Point{1, 2, "at"}));
}

TEST_P(EchoTest, TrapsComeBackAsOutcomes) {
  auto Ok = echo().maybeTrap(false);
  ASSERT_TRUE(Ok.ok()) << Ok.message();
  EXPECT_EQ(*Ok, 7u);
  auto T = echo().maybeTrap(true);
  ASSERT_TRUE(T.isTrap());
  EXPECT_EQ(T.trap().Code, TrapCode::Unreachable) << T.trap().format();
  // The instance stays usable for the next call.
  auto Again = echo().echoString("again");
  ASSERT_TRUE(Again.ok()) << Again.message();
  EXPECT_EQ(*Again, "again");
}

} // namespace
