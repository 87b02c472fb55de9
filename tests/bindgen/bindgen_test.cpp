// Tests of `wasmaot bindgen --cpp`: all_types.h is generated at build time
// from all-types.wit (every WIT type kind) and calc_wrong.h from a
// calculator world whose `add` returns u64. This file compiling is the
// first test; the cases below check the codecs (C++ value -> Value -> C++
// value, and the Values' shapes against hand-made cabi types), the import
// glue through a ComponentLinker, and the instantiation check against the
// compiled calculator component (CALC_SO).
#include <gtest/gtest.h>

#include "all_types.h"
#include "calc_wrong.h"
#include "tiny.h"

#include "wasmaot/abi/component_adapter.h"
#include "wasmaot/runtime/engine.h"

using namespace wasmaot::runtime;
using namespace wasmaot::runtime::component;
namespace ty = test::all_types::types;
namespace cabi_ns = wasmaot::frontend::cabi;

namespace {

template <typename T> Value lower(const T &X) { return Codec<T>::lower(X); }
template <typename T> T roundTrip(const T &X) {
  T Y{};
  EXPECT_TRUE(Codec<T>::lift(Codec<T>::lower(X), Y));
  return Y;
}

ty::Point pt(int32_t X, int32_t Y, std::string L) { return {X, Y, L}; }

// A resource an exported interface defines gets a drop function on that
// interface's class (ComponentInstance::dropResource; behaviour: ctest
// component-host-handles); one the host implements does not.
static_assert(requires(test::all_types::Everything::Exported E,
                       test::all_types::exported::Session S) {
  { E.dropSession(S) } -> std::same_as<Outcome<std::monostate>>;
});
template <class E>
concept DropsCounter = requires(E X, ty::Counter C) { X.dropCounter(C); };
static_assert(!DropsCounter<test::all_types::Everything::Exported>);

TEST(BindgenCpp, Scalars) {
  EXPECT_EQ(roundTrip<int8_t>(-5), -5);
  EXPECT_EQ(roundTrip<uint64_t>(~0ull), ~0ull);
  EXPECT_EQ(roundTrip<int64_t>(INT64_MIN), INT64_MIN);
  EXPECT_EQ(roundTrip<float>(1.5f), 1.5f);
  EXPECT_EQ(roundTrip<char32_t>(U'\x1F600'), U'\x1F600');
  EXPECT_EQ(lower<int16_t>(-2).K, Kind::S16);
  EXPECT_EQ(lower<int16_t>(-2).asS64(), -2);
  EXPECT_EQ(lower<char32_t>(U'x').K, Kind::Char);
  uint32_t U = 0;
  EXPECT_FALSE(Codec<uint32_t>::lift(Value::u(Kind::U64, 1), U));
}

TEST(BindgenCpp, RecordsEnumsFlags) {
  ty::Point P = pt(1, -2, "p");
  Value V = lower(P);
  ASSERT_EQ(V.K, Kind::Record);
  ASSERT_EQ(V.Items.size(), 3u);
  EXPECT_EQ(V.Items[2].Str, "p");
  EXPECT_EQ(roundTrip(P), P);

  EXPECT_EQ(lower(ty::Color::DarkBlue).Case, 2u);
  EXPECT_EQ(roundTrip(ty::Color::Green), ty::Color::Green);
  ty::Color C{};
  EXPECT_FALSE(Codec<ty::Color>::lift(Value::caseOf(Kind::Enum, 3), C));

  ty::Perms F;
  F.write = F.exec = true;
  EXPECT_EQ(lower(F).FlagWords, std::vector<uint32_t>{6});
  EXPECT_EQ(roundTrip(F), F);
  ty::Many M;
  M.b31 = M.b0 = true;
  EXPECT_EQ(lower(M).FlagWords, std::vector<uint32_t>{0x80000001u});
  EXPECT_EQ(roundTrip(M), M);
}

TEST(BindgenCpp, Variants) {
  ty::Shape S = ty::Shape::at(pt(3, 4, "at"));
  EXPECT_TRUE(S.isAt());
  EXPECT_EQ(S.tag(), ty::Shape::Tag::At);
  Value V = lower(S);
  EXPECT_EQ(V.K, Kind::Variant);
  EXPECT_EQ(V.Case, 3u);
  EXPECT_EQ(roundTrip(S).asAt().label, "at");
  EXPECT_EQ(lower(ty::Shape::nothing()).Items.size(), 0u);
  EXPECT_EQ(roundTrip(ty::Shape::nothing()), ty::Shape::nothing());
  EXPECT_EQ(roundTrip(ty::Shape::tag_("t")).asTag(), "t");
  EXPECT_EQ(roundTrip(ty::Shape::circle(2.5f)).asCircle(), 2.5f);
  ty::Shape Out;
  EXPECT_FALSE(Codec<ty::Shape>::lift(Value::caseOf(Kind::Variant, 5), Out));
  EXPECT_FALSE(Codec<ty::Shape>::lift(Value::caseOf(Kind::Variant, 2, {Value::boolean(true)}), Out));
}

TEST(BindgenCpp, StandardTypes) {
  std::vector<std::vector<uint8_t>> L = {{1, 2}, {}, {3}};
  EXPECT_EQ(roundTrip(L), L);
  // Integer vectors lower packed (one memcpy) and lift from either form.
  EXPECT_TRUE(lower(std::vector<int16_t>{-2, 3}).packed());
  std::vector<int16_t> Shorts;
  EXPECT_TRUE(Codec<std::vector<int16_t>>::lift(
      Value::list({Value::s(Kind::S16, -2), Value::s(Kind::S16, 3)}), Shorts));
  EXPECT_EQ(Shorts, (std::vector<int16_t>{-2, 3}));
  EXPECT_FALSE(Codec<std::vector<int16_t>>::lift(Value::bytes("ab"), Shorts));
  std::optional<std::optional<uint32_t>> N = std::optional<uint32_t>();
  EXPECT_EQ(roundTrip(N), N);
  EXPECT_EQ(lower(N).Case, 1u);
  EXPECT_EQ(lower(N).Items[0].Case, 0u);
  using R1 = Result<Unit, ty::Color>;
  EXPECT_EQ(roundTrip(R1::err(ty::Color::Red)), R1::err(ty::Color::Red));
  EXPECT_TRUE(lower(R1::ok()).Items.empty());
  std::tuple<uint8_t, std::string, std::tuple<char32_t>> T{7, "s", {U'z'}};
  EXPECT_EQ(roundTrip(T), T);
  std::array<uint32_t, 4> A{1, 2, 3, 4};
  EXPECT_EQ(roundTrip(A), A);
  ty::Holder H{Borrow<ty::Counter>(ty::Counter{9}), "m"};
  EXPECT_EQ(lower(H).Items[0].K, Kind::Borrow);
  EXPECT_EQ(roundTrip(H), H);
  EXPECT_EQ(lower(ty::Counter{5}).K, Kind::Own);
}

/// The Values the codecs make pass the runtime's own check against the
/// cabi types, and typeShape of those types is what the generator wrote.
TEST(BindgenCpp, ShapesMatchTheRuntime) {
  namespace cabi = wasmaot::frontend::cabi;
  auto U32 = cabi::makePrim(Kind::U32), Str = cabi::makePrim(Kind::String);
  auto S32 = cabi::makePrim(Kind::S32);
  auto Point = cabi::makeRecord({"x", "y", "label"}, {S32, S32, Str});
  auto Opt = cabi::makeOption(Point);
  auto OptOpt = cabi::makeOption(cabi::makeOption(U32));
  ASSERT_TRUE(checkValue(lower(std::optional<ty::Point>(pt(1, 2, "a"))), *Opt));
  ASSERT_TRUE(checkValue(lower(std::optional<std::optional<uint32_t>>(5u)), *OptOpt));
  cabi::FuncType F;
  F.Params = {Opt, OptOpt};
  F.Results = {cabi::makeOption(Str)};
  std::string Want;
  for (const auto &[Name, Shape] : test::all_types::Everything::exportShapes())
    if (Name == "test:all-types/exported@0.1.0#options")
      Want = Shape;
  EXPECT_EQ(funcShape(F), Want);
  auto Shape = cabi::makeVariant(
      {"circle", "square", "nothing", "at", "tag"},
      {cabi::makePrim(Kind::F32), U32, nullptr, Point, Str});
  ASSERT_TRUE(checkValue(lower(ty::Shape::at(pt(1, 2, "x"))), *Shape));
  ASSERT_TRUE(checkValue(lower(ty::Shape::nothing()), *Shape));
}

struct HostImpl {
  struct Host {
    std::vector<std::string> Logs;
    uint64_t Next = 41;
    void log(std::string M) { Logs.push_back(std::move(M)); }
    Result<ty::Point, std::string> transform(ty::Point P, ty::Shape S) {
      if (!S.isSquare())
        return Result<ty::Point, std::string>::err("not a square");
      P.x += int32_t(S.asSquare());
      return Result<ty::Point, std::string>::ok(P);
    }
    Outcome<uint64_t> nextId() {
      if (Next == 43)
        return Trap::host("out of ids");
      return Next++;
    }
    uint32_t useCounter(Borrow<ty::Counter> C) { return C.Handle * 2; }
  } H;
  Host &host() { return H; }
  /// The resource `counter` implemented by the host: reps index Counts.
  struct Types {
    std::vector<uint32_t> Counts;
    std::vector<uint32_t> Dropped;
    ty::Counter newCounter(uint32_t Start) {
      Counts.push_back(Start);
      return ty::Counter{uint32_t(Counts.size() - 1)};
    }
    uint32_t counterGet(Borrow<ty::Counter> Self) { return Counts[Self.Handle]; }
    void counterBump(Borrow<ty::Counter> C, uint32_t By) { Counts[C.Handle] += By; }
    void dropCounter(uint32_t Rep) { Dropped.push_back(Rep); }
  } T;
  Types &types() { return T; }
  int now() { return 1234; } // converted to u64
};

// bindings_host.h lays each C++ type out as abi::component::hostLayout lays
// out its WIT type, and reads back what it wrote.
template <typename T> void expectHostLayout(const cabi_ns::TypeRef &W) {
  using wasmaot::runtime::component::HostCodec;
  auto L = wasmaot::abi::component::hostLayout(*W);
  EXPECT_EQ(HostCodec<T>::Size, L.Size) << cabi_ns::witName(*W);
  EXPECT_EQ(HostCodec<T>::Align, L.Align) << cabi_ns::witName(*W);
}
template <typename T> T hostRoundTrip(const T &X) {
  using wasmaot::runtime::component::HostCodec;
  HostScratch S;
  std::vector<uint8_t> Buf(HostCodec<T>::Size + 1);
  HostCodec<T>::put(X, Buf.data(), S);
  T Y{};
  HostCodec<T>::get(Buf.data(), Y);
  return Y;
}

TEST(BindgenCpp, HostLayoutsMatchTheRuntime) {
  namespace cabi = cabi_ns;
  auto U32 = cabi::makePrim(Kind::U32), Str = cabi::makePrim(Kind::String);
  auto S32 = cabi::makePrim(Kind::S32), U8 = cabi::makePrim(Kind::U8);
  auto Point = cabi::makeRecord({"x", "y", "label"}, {S32, S32, Str});
  auto Shape = cabi::makeVariant(
      {"circle", "square", "nothing", "at", "tag"},
      {cabi::makePrim(Kind::F32), U32, nullptr, Point, Str});
  std::vector<std::string> ManyLabels;
  for (int I = 0; I < 32; ++I)
    ManyLabels.push_back("b" + std::to_string(I));
  expectHostLayout<ty::Point>(Point);
  expectHostLayout<std::optional<ty::Point>>(cabi::makeOption(Point));
  expectHostLayout<std::optional<std::optional<uint32_t>>>(
      cabi::makeOption(cabi::makeOption(U32)));
  expectHostLayout<ty::Shape>(Shape);
  expectHostLayout<ty::Color>(cabi::makeEnum({"red", "green", "dark-blue"}));
  expectHostLayout<ty::Perms>(cabi::makeFlags({"read", "write", "exec"}));
  expectHostLayout<ty::Many>(cabi::makeFlags(ManyLabels));
  expectHostLayout<std::vector<ty::Point>>(cabi::makeList(Point));
  expectHostLayout<std::array<uint32_t, 4>>(cabi::makeList(U32, 4));
  expectHostLayout<Result<uint32_t, std::string>>(cabi::makeResult(U32, Str));
  expectHostLayout<Result<Unit, ty::Color>>(
      cabi::makeResult(nullptr, cabi::makeEnum({"red", "green", "dark-blue"})));
  expectHostLayout<std::tuple<uint8_t, std::string, std::tuple<char32_t>>>(
      cabi::makeTuple({U8, Str, cabi::makeTuple({cabi::makePrim(Kind::Char)})}));
  expectHostLayout<ty::Counter>(cabi::makeHandle(Kind::Own, 0));
  expectHostLayout<Borrow<ty::Counter>>(cabi::makeHandle(Kind::Borrow, 0));

  EXPECT_EQ(hostRoundTrip(pt(-1, 2, "héllo")), pt(-1, 2, "héllo"));
  EXPECT_EQ(hostRoundTrip(ty::Shape::at(pt(3, 4, "at"))),
            ty::Shape::at(pt(3, 4, "at")));
  EXPECT_EQ(hostRoundTrip(ty::Shape::nothing()), ty::Shape::nothing());
  EXPECT_EQ(hostRoundTrip(ty::Shape::circle(1.5f)), ty::Shape::circle(1.5f));
  EXPECT_EQ(hostRoundTrip(ty::Color::DarkBlue), ty::Color::DarkBlue);
  ty::Perms P;
  P.write = P.exec = true;
  EXPECT_EQ(hostRoundTrip(P), P);
  ty::Many M;
  M.b0 = M.b31 = M.b17 = true;
  EXPECT_EQ(hostRoundTrip(M), M);
  std::vector<ty::Point> Ps{pt(1, 2, "a"), pt(3, 4, "")};
  EXPECT_EQ(hostRoundTrip(Ps), Ps);
  std::vector<uint16_t> Us{1, 65535, 7};
  EXPECT_EQ(hostRoundTrip(Us), Us);
  std::vector<bool> Bs{true, false, true};
  EXPECT_EQ(hostRoundTrip(Bs), Bs);
  std::vector<std::string> Ss{"a", "", "ü"};
  EXPECT_EQ(hostRoundTrip(Ss), Ss);
  EXPECT_EQ(hostRoundTrip(std::array<uint32_t, 4>{1, 2, 3, 4}),
            (std::array<uint32_t, 4>{1, 2, 3, 4}));
  auto E = Result<uint32_t, std::string>::err("no");
  EXPECT_EQ(hostRoundTrip(E), E);
  std::optional<std::optional<uint32_t>> Some0 = std::optional<uint32_t>();
  EXPECT_EQ(hostRoundTrip(Some0), Some0);
  auto T = std::make_tuple(uint8_t(9), std::string("t"), std::tuple<char32_t>(U'\x1F600'));
  EXPECT_EQ(hostRoundTrip(T), T);
  EXPECT_EQ(hostRoundTrip(ty::Counter{0x100000005ull}).Handle, 0x100000005ull);
}

TEST(BindgenCpp, Imports) {
  ComponentLinker L;
  HostImpl Im;
  test::all_types::Everything::defineImports(L, Im);
  const ComponentHostFunc *Log = L.get("test:all-types/host@0.1.0#log");
  ASSERT_NE(Log, nullptr);
  Value Msg = Value::string("hello");
  auto R = (*Log)(std::span<const Value>(&Msg, 1));
  ASSERT_TRUE(R.ok());
  EXPECT_TRUE(R->empty());
  EXPECT_EQ(Im.H.Logs, std::vector<std::string>{"hello"});

  const ComponentHostFunc *Tr = L.get("test:all-types/host@0.1.0#transform");
  ASSERT_NE(Tr, nullptr);
  std::vector<Value> Args = {lower(pt(1, 2, "q")), lower(ty::Shape::square(10))};
  auto T = (*Tr)(Args);
  ASSERT_TRUE(T.ok());
  Result<ty::Point, std::string> Got;
  ASSERT_TRUE(Codec<decltype(Got)>::lift((*T)[0], Got));
  EXPECT_EQ(Got.value(), pt(11, 2, "q"));
  Args[1] = lower(ty::Shape::nothing());
  T = (*Tr)(Args);
  ASSERT_TRUE(Codec<decltype(Got)>::lift((*T)[0], Got));
  EXPECT_EQ(Got.error(), "not a square");
  // Arguments of the wrong shape trap instead of reaching the host.
  std::swap(Args[0], Args[1]);
  T = (*Tr)(Args);
  ASSERT_TRUE(T.isTrap());
  EXPECT_NE(T.trap().Message.find("do not match"), std::string::npos);

  const ComponentHostFunc *Next = L.get("test:all-types/host@0.1.0#next-id");
  ASSERT_NE(Next, nullptr);
  auto N = (*Next)({});
  ASSERT_TRUE(N.ok());
  EXPECT_EQ((*N)[0].K, Kind::U64);
  EXPECT_EQ((*N)[0].Bits, 41u);
  (void)(*Next)({});
  N = (*Next)({}); // the host's Trap goes to the caller
  ASSERT_TRUE(N.isTrap());
  EXPECT_EQ(N.trap().Message, "out of ids");

  const ComponentHostFunc *Now = L.get("now");
  ASSERT_NE(Now, nullptr);
  auto W = (*Now)({});
  ASSERT_TRUE(W.ok());
  EXPECT_EQ((*W)[0].K, Kind::U64);
  EXPECT_EQ((*W)[0].Bits, 1234u);

  const ComponentHostFunc *UC = L.get("test:all-types/host@0.1.0#use-counter");
  ASSERT_NE(UC, nullptr);
  Value H = Value::handle(Kind::Borrow, 21);
  auto C = (*UC)(std::span<const Value>(&H, 1));
  ASSERT_TRUE(C.ok());
  EXPECT_EQ((*C)[0].Bits, 42u);

  // The host-implemented resource: constructor, method, static, drop.
  const std::string Ty = "test:all-types/types@0.1.0#";
  const ComponentHostFunc *New = L.get(Ty + "[constructor]counter");
  const ComponentHostFunc *Get = L.get(Ty + "[method]counter.get");
  const ComponentHostFunc *Bump = L.get(Ty + "[static]counter.bump");
  ASSERT_TRUE(New && Get && Bump);
  (void)(*New)(std::vector<Value>{Value::u(Kind::U32, 5)});
  auto Made = (*New)(std::vector<Value>{Value::u(Kind::U32, 7)});
  ASSERT_TRUE(Made.ok());
  EXPECT_EQ((*Made)[0].K, Kind::Own);
  EXPECT_EQ((*Made)[0].Bits, 1u);
  auto B = (*Bump)(std::vector<Value>{Value::handle(Kind::Borrow, 1),
                                      Value::u(Kind::U32, 3)});
  ASSERT_TRUE(B.ok());
  auto G = (*Get)(std::vector<Value>{Value::handle(Kind::Borrow, 1)});
  ASSERT_TRUE(G.ok());
  EXPECT_EQ((*G)[0].Bits, 10u);
  const auto *Drop = L.resourceDrop(Ty + "counter");
  ASSERT_NE(Drop, nullptr);
  (*Drop)(1);
  EXPECT_EQ(Im.T.Dropped, std::vector<uint32_t>{1});
}

/// instantiate refuses a component that lacks an export or types it
/// differently, before running anything.
TEST(BindgenCpp, InstantiateChecksTheComponent) {
  Engine E;
  auto Comp = Component::load(E, CALC_SO);
  ASSERT_TRUE(bool(Comp)) << Comp.error().Message;
  Store S(E);
  ComponentLinker L;
  auto Tiny = test::all_types::Tiny::instantiate(S, *Comp, L);
  ASSERT_TRUE(Tiny.isError());
  EXPECT_NE(Tiny.error().Message.find("no export `ping`"), std::string::npos)
      << Tiny.error().Message;
  auto Wrong = cyber_corp::math_logic::Calculator::instantiate(S, *Comp, L);
  ASSERT_TRUE(Wrong.isError());
  EXPECT_NE(Wrong.error().Message.find(
                "has type (u32,u32)->u32, the bindings expect (u32,u32)->u64"),
            std::string::npos)
      << Wrong.error().Message;
}

} // namespace
