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
/// test:echo/host, what via-host-* relay through.
struct HostImpl {
  struct Host {
    int Calls = 0;
    ec::Point relayPoint(ec::Point P) {
      ++Calls;
      return ec::Point{P.x + 1, P.y * 2, P.label + " via host"};
    }
    Outcome<ec::Shape> relayShape(ec::Shape S) {
      ++Calls;
      if (S.isCircle() && S.asCircle() < 0)
        return Trap::host("negative radius");
      if (S.isCircle())
        return ec::Shape::circle(S.asCircle() * 2);
      if (S.isNothing())
        return ec::Shape::at(ec::Point{0, 0, "was nothing"});
      return ec::Shape::nothing();
    }
  } H;
  Host &host() { return H; }
};

struct EchoTest : ::testing::TestWithParam<bool> {
  Engine E;
  Store S{E};
  HostImpl Im;
  component::ComponentLinker L;
  std::optional<Outcome<Echoer>> Inst;
  void SetUp() override {
    auto C = component::Component::load(E, ECHO_SO);
    ASSERT_TRUE(bool(C)) << C.error().Message;
    Echoer::defineImports(L, Im);
    if (GetParam()) {
      // With the adapters the imports must be served in host layout: the
      // Value functions are replaced by ones that fail.
      for (const char *F : {"relay-point", "relay-shape"})
        L.defineFunc(std::string("test:echo/host#") + F,
                     [](std::span<const component::Value>)
                         -> Outcome<std::vector<component::Value>> {
                       return Trap::host("the Value path was taken");
                     });
    }
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

// Invalid UTF-8 from the host never reaches the guest, on either path.
TEST_P(EchoTest, InvalidUtf8ArgumentIsRefused) {
  auto R = echo().echoString(std::string("ab\xff", 3));
  ASSERT_TRUE(R.isError()) << (R.ok() ? *R : R.message());
  EXPECT_NE(R.message().find("UTF-8"), std::string::npos) << R.message();
  auto P = echo().echoPoint(ec::Point{1, 2, "\xc0"});
  ASSERT_TRUE(P.isError());
  EXPECT_NE(P.message().find("argument 1"), std::string::npos) << P.message();
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

// Guest -> host -> guest: the imports through the lower adapters in host
// layout (no Values: the Value functions would fail), or the dynamic path.
TEST_P(EchoTest, ImportsRoundTripThroughTheHost) {
  auto P = echo().viaHostPoint(ec::Point{-3, 40, "p"});
  ASSERT_TRUE(P.ok()) << P.message();
  EXPECT_EQ(*P, (ec::Point{-2, 80, "p via host"}));
  auto C = echo().viaHostShape(ec::Shape::circle(1.25f));
  ASSERT_TRUE(C.ok()) << C.message();
  ASSERT_TRUE(C->isCircle());
  EXPECT_EQ(C->asCircle(), 2.5f);
  auto N = echo().viaHostShape(ec::Shape::nothing());
  ASSERT_TRUE(N.ok()) << N.message();
  ASSERT_TRUE(N->isAt());
  EXPECT_EQ(N->asAt(), (ec::Point{0, 0, "was nothing"}));
  auto A = echo().viaHostShape(ec::Shape::at(ec::Point{1, 2, "at"}));
  ASSERT_TRUE(A.ok()) << A.message();
  EXPECT_TRUE(A->isNothing());
  EXPECT_EQ(Im.H.Calls, 4);
  // A Trap of the host function traps the guest's call.
  auto T = echo().viaHostShape(ec::Shape::circle(-1.0f));
  ASSERT_TRUE(T.isTrap());
  EXPECT_NE(T.trap().Message.find("negative radius"), std::string::npos)
      << T.trap().format();
  auto Again = echo().viaHostPoint(ec::Point{0, 0, ""});
  ASSERT_TRUE(Again.ok()) << Again.message();
  EXPECT_EQ(*Again, (ec::Point{1, 0, " via host"}));
}

// A host-layout function whose layout does not match the import's type is
// not used (here: no Value function either, so instantiation fails and
// says why).
TEST(EchoImports, HostLayoutOfTheWrongShapeIsRefused) {
  Engine E;
  Store S{E};
  auto C = component::Component::load(E, ECHO_SO);
  ASSERT_TRUE(bool(C)) << C.error().Message;
  component::ComponentLinker L;
  component::ComponentHostLayoutFunc Bad;
  Bad.ArgsSize = 4;
  Bad.ArgsAlign = 4;
  Bad.Fn = [](const uint8_t *, uint8_t *, const component::HostAllocFn &)
      -> Outcome<std::monostate> { return std::monostate{}; };
  L.defineFuncHostLayout("test:echo/host#relay-point", Bad);
  L.defineFuncHostLayout("test:echo/host#relay-shape", Bad);
  auto I = Echoer::instantiate(S, *C, L);
  ASSERT_FALSE(I.ok());
  EXPECT_NE(I.message().find("lays them out in 24 (8) and 24 (8)"),
            std::string::npos)
      << I.message();
}

// Only host-layout functions: the dynamic path (no adapters) converts its
// Values to host layout and back, and checks what the host returned.
TEST(EchoImports, HostLayoutOnlyServesTheDynamicPathToo) {
  for (bool Adapters : {false, true}) {
    Engine E;
    Store S{E};
    auto C = component::Component::load(E, ECHO_SO);
    ASSERT_TRUE(bool(C)) << C.error().Message;
    component::ComponentLinker L;
    component::defineImportHost<ec::Point, ec::Point>(
        L, "test:echo/host#relay-point",
        [](ec::Point P) { return ec::Point{P.y, P.x, P.label + "?"}; });
    component::defineImportHost<ec::Shape, ec::Shape>(
        L, "test:echo/host#relay-shape",
        [](ec::Shape) { return ec::Shape::at(ec::Point{7, 8, "\xff"}); });
    auto I = Echoer::instantiate(S, *C, L);
    ASSERT_TRUE(I.ok()) << I.message();
    I->instance().setUseAdapters(Adapters);
    auto P = I->echo().viaHostPoint(ec::Point{1, 2, "q"});
    ASSERT_TRUE(P.ok()) << P.message();
    EXPECT_EQ(*P, (ec::Point{2, 1, "q?"}));
    // Invalid UTF-8 from the host never reaches the guest.
    auto Bad = I->echo().viaHostShape(ec::Shape::nothing());
    ASSERT_TRUE(Bad.isTrap()) << Adapters;
    EXPECT_NE(Bad.trap().Message.find("UTF-8"), std::string::npos)
        << Bad.trap().format();
  }
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
