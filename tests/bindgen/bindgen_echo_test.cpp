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

struct EchoTest : ::testing::Test {
  Engine E;
  Store S{E};
  std::optional<Outcome<Echoer>> Inst;
  void SetUp() override {
    auto C = component::Component::load(E, ECHO_SO);
    ASSERT_TRUE(bool(C)) << C.error().Message;
    component::ComponentLinker L;
    Inst.emplace(Echoer::instantiate(S, *C, L));
    ASSERT_TRUE(Inst->ok()) << Inst->message();
  }
  Echoer::Echo echo() { return (**Inst).echo(); }
};

TEST_F(EchoTest, Strings) {
  auto R = echo().echoString("héllo, wörld");
  ASSERT_TRUE(R.ok()) << R.message();
  EXPECT_EQ(*R, "héllo, wörld");
  auto Empty = echo().echoString("");
  ASSERT_TRUE(Empty.ok()) << Empty.message();
  EXPECT_EQ(*Empty, "");
}

TEST_F(EchoTest, Records) {
  auto R = echo().echoPoint(ec::Point{-3, 40, "p"});
  ASSERT_TRUE(R.ok()) << R.message();
  EXPECT_EQ(*R, (ec::Point{-3, 40, "p back"}));
}

TEST_F(EchoTest, Variants) {
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

TEST_F(EchoTest, TrapsComeBackAsOutcomes) {
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
