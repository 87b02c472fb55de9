// The dynamic Canonical ABI: layouts against CanonicalABI.md, lowering then
// lifting every kind of type in every string encoding, each trap the ABI
// defines, and the WAVE text form.
#include <gtest/gtest.h>

#include <cstring>

#include "wasmaot/runtime/component/canonical.h"

using namespace wasmaot;
using namespace wasmaot::runtime;
using namespace wasmaot::runtime::component;
using frontend::ValType;
namespace c = frontend::cabi;

namespace {

c::TypeRef prim(Kind K) { return c::makePrim(K); }

/// A linear memory with a bump allocator as realloc, recording calls.
struct FakeMemory {
  std::vector<uint8_t> Bytes = std::vector<uint8_t>(1 << 16);
  uint32_t Next = 16;
  std::vector<std::array<uint32_t, 4>> Calls;

  AbiContext context(StringEncoding E) {
    AbiContext Cx;
    Cx.Encoding = E;
    Cx.Memory = [this] { return std::span<uint8_t>(Bytes); };
    Cx.Realloc = [this](uint32_t Old, uint32_t OldSize, uint32_t Align,
                        uint32_t NewSize) -> Outcome<uint32_t> {
      Calls.push_back({Old, OldSize, Align, NewSize});
      Next = (Next + Align - 1) / Align * Align;
      uint32_t P = Next;
      Next += NewSize;
      if (Old)
        std::memmove(&Bytes[P], &Bytes[Old], std::min(OldSize, NewSize));
      return P;
    };
    return Cx;
  }
};

std::vector<ValType> flat(const c::TypeRef &T) { return T->Flat; }

} // namespace

TEST(CanonicalAbiLayout, PrimitivesAndAggregates) {
  auto R = c::makeRecord({"a", "b", "c"},
                         {prim(Kind::U8), prim(Kind::U32), prim(Kind::U16)});
  EXPECT_EQ(R->Size, 12u);
  EXPECT_EQ(R->Align, 4u);
  EXPECT_EQ(R->fieldOffsets(), (std::vector<uint32_t>{0, 4, 8}));
  EXPECT_EQ(flat(R), (std::vector<ValType>{ValType::I32, ValType::I32,
                                           ValType::I32}));

  auto O = c::makeOption(prim(Kind::U64));
  EXPECT_EQ(O->Size, 16u);
  EXPECT_EQ(O->Align, 8u);
  EXPECT_EQ(O->payloadOffset(), 8u);
  EXPECT_EQ(flat(O), (std::vector<ValType>{ValType::I32, ValType::I64}));

  // Joined payloads: f32 with u32 is i32, f32 with u64 is i64.
  auto V1 = c::makeResult(prim(Kind::U32), prim(Kind::F32));
  EXPECT_EQ(flat(V1), (std::vector<ValType>{ValType::I32, ValType::I32}));
  auto V2 = c::makeVariant({"a", "b", "c"},
                           {prim(Kind::F32), prim(Kind::U64), nullptr});
  EXPECT_EQ(flat(V2), (std::vector<ValType>{ValType::I32, ValType::I64}));

  std::vector<std::string> Many;
  for (int I = 0; I < 300; ++I)
    Many.push_back("c" + std::to_string(I));
  auto E = c::makeEnum(Many);
  EXPECT_EQ(E->discSize(), 2u);
  EXPECT_EQ(E->Size, 2u);

  auto F40 = c::makeFlags(std::vector<std::string>(Many.begin(), Many.begin() + 40));
  EXPECT_EQ(F40->Size, 8u);
  EXPECT_EQ(F40->Align, 4u);
  EXPECT_EQ(F40->Flat.size(), 2u);
  auto F9 = c::makeFlags(std::vector<std::string>(Many.begin(), Many.begin() + 9));
  EXPECT_EQ(F9->Size, 2u);

  EXPECT_EQ(prim(Kind::String)->Size, 8u);
  auto Fixed = c::makeList(prim(Kind::U16), 3);
  EXPECT_EQ(Fixed->Size, 6u);
  EXPECT_EQ(Fixed->Flat.size(), 3u);
}

TEST(CanonicalAbiLayout, FlattenFuncType) {
  c::FuncType F;
  for (int I = 0; I < 17; ++I)
    F.Params.push_back(prim(Kind::U32));
  F.Results = {prim(Kind::String)};
  auto Lift = c::flattenFuncType(F, c::FlattenContext::Lift);
  EXPECT_EQ(Lift.Params, (std::vector<ValType>{ValType::I32}));
  EXPECT_EQ(Lift.Results, (std::vector<ValType>{ValType::I32}));
  auto Lower = c::flattenFuncType(F, c::FlattenContext::Lower);
  EXPECT_EQ(Lower.Params, (std::vector<ValType>{ValType::I32, ValType::I32}));
  EXPECT_TRUE(Lower.Results.empty());
}

namespace {

c::TypeRef bigType() {
  auto Point = c::makeRecord({"x", "y"}, {prim(Kind::F64), prim(Kind::S16)});
  auto Shape = c::makeVariant({"circle", "named", "none"},
                              {prim(Kind::F32), prim(Kind::String), nullptr});
  auto Perms = c::makeFlags({"read", "write", "exec"});
  return c::makeTuple({
      c::makeList(Point),
      c::makeList(c::makeList(prim(Kind::String))),
      c::makeList(Shape),
      c::makeOption(c::makeResult(prim(Kind::U8), prim(Kind::Char))),
      Perms,
      prim(Kind::S64),
      prim(Kind::Bool),
  });
}

Value bigValue() {
  auto Pt = [](double X, int16_t Y) {
    return Value::record({Value::f64(X), Value::s(Kind::S16, Y)});
  };
  return Value::tuple({
      Value::list({Pt(1.5, -2), Pt(-0.25, 32767)}),
      Value::list({Value::list({Value::string("héllo"), Value::string("")}),
                   Value::list({Value::string("wörld 🌍")})}),
      Value::list({Value::caseOf(Kind::Variant, 0, {Value::f32(2.5f)}),
                   Value::caseOf(Kind::Variant, 1, {Value::string("Ω")}),
                   Value::caseOf(Kind::Variant, 2)}),
      Value::caseOf(Kind::Option, 1,
                    {Value::caseOf(Kind::Result, 1, {Value::character(0x1F600)})}),
      Value::flags({0b101}),
      Value::s(Kind::S64, -1234567890123),
      Value::boolean(true),
  });
}

} // namespace

TEST(CanonicalAbi, RoundTripEveryEncoding) {
  c::TypeRef T = bigType();
  for (StringEncoding E : {StringEncoding::Utf8, StringEncoding::Utf16,
                           StringEncoding::Latin1Utf16}) {
    SCOPED_TRACE(stringEncodingName(E));
    FakeMemory M;
    AbiContext Cx = M.context(E);
    Value V = bigValue();
    ASSERT_TRUE(checkValue(V, *T));
    // Through flat values (17+ flat values spill to memory via realloc)...
    auto Flat = lowerValues(Cx, c::kMaxFlatParams, {V}, {T});
    ASSERT_TRUE(Flat.ok()) << Flat.message();
    auto Back = liftValues(Cx, c::kMaxFlatParams, *Flat, {T});
    ASSERT_TRUE(Back.ok()) << Back.message();
    ASSERT_EQ(Back->size(), 1u);
    EXPECT_EQ((*Back)[0], V) << formatValue((*Back)[0], *T);
    // ...and stored/loaded at a fixed address.
    store(Cx, V, *T, 0x8000);
    ASSERT_FALSE(Cx.failed());
    EXPECT_EQ(load(Cx, 0x8000, *T), V);
  }
}

TEST(CanonicalAbi, Latin1OrUtf16ChoosesTheNarrowestEncoding) {
  FakeMemory M;
  AbiContext Cx = M.context(StringEncoding::Latin1Utf16);
  auto Latin = lowerValues(Cx, 16, {Value::string("café")}, {prim(Kind::String)});
  ASSERT_TRUE(Latin.ok());
  EXPECT_EQ(uint32_t((*Latin)[1].i32()), 4u); // 4 Latin-1 bytes, no tag
  auto Wide = lowerValues(Cx, 16, {Value::string("€")}, {prim(Kind::String)});
  ASSERT_TRUE(Wide.ok());
  EXPECT_EQ(uint32_t((*Wide)[1].i32()), 1u | c::kUtf16Tag);
}

TEST(CanonicalAbi, Utf16ReallocShrinksToTheEncodedSize) {
  FakeMemory M;
  AbiContext Cx = M.context(StringEncoding::Utf16);
  auto R = lowerValues(Cx, 16, {Value::string("aé")}, {prim(Kind::String)});
  ASSERT_TRUE(R.ok());
  // 3 UTF-8 bytes: worst case 6 bytes, then shrunk to 2 code units.
  ASSERT_EQ(M.Calls.size(), 2u);
  EXPECT_EQ(M.Calls[0], (std::array<uint32_t, 4>{0, 0, 2, 6}));
  EXPECT_EQ(M.Calls[1][3], 4u);
  EXPECT_EQ((*R)[1].i32(), 2);
}

namespace {

std::string liftTrap(StringEncoding E, std::vector<Val> Flat, c::TypeRef T,
                     std::function<void(FakeMemory &)> Setup = {}) {
  FakeMemory M;
  if (Setup)
    Setup(M);
  AbiContext Cx = M.context(E);
  HandleTable Handles;
  Cx.Handles = &Handles;
  auto R = liftValues(Cx, 16, Flat, {T});
  if (!R.isTrap())
    return "no trap";
  // Its own code, so embedders can tell it from a host function's trap.
  EXPECT_EQ(R.trap().Code, TrapCode::CanonicalAbi);
  EXPECT_EQ(R.trap().Message.rfind("canonical ABI violation: ", 0), 0u)
      << R.trap().Message;
  return R.trap().Message;
}

Val i32(uint32_t V) { return Val::fromI32(int32_t(V)); }

} // namespace

TEST(CanonicalAbi, Traps) {
  auto U8 = StringEncoding::Utf8;
  EXPECT_NE(liftTrap(U8, {i32(0xD800)}, prim(Kind::Char)).find("invalid char"),
            std::string::npos);
  EXPECT_NE(liftTrap(U8, {i32(0x110000)}, prim(Kind::Char)).find("invalid char"),
            std::string::npos);
  // The first bad byte (here an overlong encoding at byte 1 of 3) is named.
  EXPECT_NE(liftTrap(U8, {i32(100), i32(3)}, prim(Kind::String),
                     [](FakeMemory &M) {
                       M.Bytes[100] = 'a', M.Bytes[101] = 0xc0,
                       M.Bytes[102] = 0x80;
                     })
                .find("invalid UTF-8 in string at 0x64: byte 1 of 3 (at 0x65)"),
            std::string::npos);
  EXPECT_NE(liftTrap(StringEncoding::Utf16, {i32(100), i32(2)}, prim(Kind::String),
                     [](FakeMemory &M) {
                       M.Bytes[100] = 'a', M.Bytes[102] = 0x00,
                       M.Bytes[103] = 0xdc;
                     })
                .find("invalid UTF-16 in string at 0x64: unpaired surrogate "
                      "at code unit 1 of 2 (at 0x66)"),
            std::string::npos);
  EXPECT_NE(liftTrap(StringEncoding::Utf16, {i32(101), i32(1)}, prim(Kind::String))
                .find("unaligned"),
            std::string::npos);
  EXPECT_NE(liftTrap(U8, {i32(0xfff0), i32(100)}, prim(Kind::String))
                .find("out of bounds"),
            std::string::npos);
  EXPECT_NE(liftTrap(U8, {i32(8), i32(0x20000000)}, c::makeList(prim(Kind::U64)))
                .find("out of bounds"),
            std::string::npos);
  EXPECT_NE(liftTrap(U8, {i32(2), i32(1)}, c::makeList(prim(Kind::U32)))
                .find("unaligned"),
            std::string::npos);
  EXPECT_NE(liftTrap(U8, {i32(3)}, c::makeEnum({"a", "b", "c"}))
                .find("invalid discriminant 3 for enum"),
            std::string::npos);
  EXPECT_NE(liftTrap(U8, {i32(2), Val::fromI64(0)},
                     c::makeOption(prim(Kind::U64)))
                .find("discriminant"),
            std::string::npos);
  EXPECT_NE(liftTrap(U8, {i32(1)}, c::makeHandle(Kind::Own, 7))
                .find("unknown handle index 1"),
            std::string::npos);
}

TEST(CanonicalAbi, OwnHandlesMoveAndBorrowsMustBeDropped) {
  FakeMemory M;
  AbiContext Cx = M.context(StringEncoding::Utf8);
  HandleTable Handles;
  Cx.Handles = &Handles;
  auto Own = c::makeHandle(Kind::Own, 1);
  auto Borrow = c::makeHandle(Kind::Borrow, 1);
  auto Lowered = lowerValues(Cx, 16, {Value::handle(Kind::Own, 42)}, {Own});
  ASSERT_TRUE(Lowered.ok());
  Val H = (*Lowered)[0];
  EXPECT_EQ(Handles.liveCount(), 1u);
  // A borrow of it lends it: it cannot move until the call finishes.
  auto B = liftValues(Cx, 16, std::vector<Val>{H}, {Borrow});
  ASSERT_TRUE(B.ok());
  EXPECT_EQ((*B)[0].Bits, 42u);
  auto Moved = liftValues(Cx, 16, std::vector<Val>{H}, {Own});
  ASSERT_TRUE(Moved.isTrap());
  AbiContext Cx2 = M.context(StringEncoding::Utf8);
  Cx2.Handles = &Handles;
  Cx.Failure.reset();
  EXPECT_FALSE(finishCall(Cx));
  auto Moved2 = liftValues(Cx2, 16, std::vector<Val>{H}, {Own});
  ASSERT_TRUE(Moved2.ok()) << Moved2.message();
  EXPECT_EQ((*Moved2)[0].Bits, 42u);
  EXPECT_EQ(Handles.liveCount(), 0u);
  // Now dangling: lifting it again traps.
  AbiContext Cx3 = M.context(StringEncoding::Utf8);
  Cx3.Handles = &Handles;
  EXPECT_TRUE(liftValues(Cx3, 16, std::vector<Val>{H}, {Own}).isTrap());
  // A borrow lowered into a call and never dropped fails the call.
  AbiContext Cx4 = M.context(StringEncoding::Utf8);
  Cx4.Handles = &Handles;
  ASSERT_TRUE(lowerValues(Cx4, 16, {Value::handle(Kind::Borrow, 5)}, {Borrow}).ok());
  EXPECT_TRUE(finishCall(Cx4).has_value());
}

TEST(CanonicalAbi, ValuesThatDoNotFitTheTypeAreErrors) {
  FakeMemory M;
  AbiContext Cx = M.context(StringEncoding::Utf8);
  auto R = lowerValues(Cx, 16, {Value::string("x")}, {prim(Kind::U32)});
  ASSERT_TRUE(R.isError());
  EXPECT_FALSE(checkValue(Value::u(Kind::U8, 256), *prim(Kind::U8)));
}

TEST(CanonicalAbiText, FormatAndParseRoundTrip) {
  c::TypeRef T = bigType();
  Value V = bigValue();
  std::string Text = formatValue(V, *T);
  EXPECT_EQ(Text, "([{x: 1.5, y: -2}, {x: -0.25, y: 32767}], "
                  "[[\"héllo\", \"\"], [\"wörld 🌍\"]], "
                  "[circle(2.5), named(\"Ω\"), none], some(err('😀')), "
                  "{read, exec}, -1234567890123, true)");
  auto Parsed = parseValue(Text, *T);
  ASSERT_TRUE(Parsed) << Parsed.error().Message;
  EXPECT_EQ(*Parsed, V);
}

TEST(CanonicalAbiText, ParseErrorsAndCalls) {
  EXPECT_FALSE(parseValue("256", *prim(Kind::U8)));
  EXPECT_FALSE(parseValue("-1", *prim(Kind::U32)));
  EXPECT_FALSE(parseValue("\"abc", *prim(Kind::String)));
  EXPECT_FALSE(parseValue("maybe", *c::makeOption(prim(Kind::U8))));
  auto R = c::makeRecord({"a", "b"}, {prim(Kind::U8), c::makeOption(prim(Kind::U8))});
  auto V = parseValue("{a: 1}", *R); // omitted option field is none
  ASSERT_TRUE(V);
  EXPECT_EQ(V->Items[1], Value::caseOf(Kind::Option, 0));
  auto Call = splitCall("process-sequence([1, 2, 3])");
  ASSERT_TRUE(Call);
  EXPECT_EQ(Call->first, "process-sequence");
  auto Args = parseArgs(Call->second, {c::makeList(prim(Kind::U32))});
  ASSERT_TRUE(Args) << Args.error().Message;
  EXPECT_EQ((*Args)[0].Items.size(), 3u);
  EXPECT_FALSE(parseArgs("1, 2", {prim(Kind::U32)}));
  EXPECT_EQ(formatValue(Value::string("a\"\n"), *prim(Kind::String)),
            "\"a\\\"\\n\"");
  EXPECT_EQ(formatValue(Value::f32(NAN), *prim(Kind::F32)), "nan");
}

// Lists of integers cross as packed bytes (value.h): one memcpy each way,
// equal to the same list unpacked, readable element by element.
TEST(CanonicalAbiPacked, IntegerListsCrossAsBytes) {
  FakeMemory M;
  auto Bytes = c::makeList(prim(Kind::U8));
  auto Shorts = c::makeList(prim(Kind::S16));
  const uint8_t Raw[] = {1, 0x80, 0xff, 0xff, 7, 0};
  std::memcpy(&M.Bytes[100], Raw, sizeof(Raw));
  AbiContext Cx = M.context(StringEncoding::Utf8);
  Val Args[] = {Val::fromI32(100), Val::fromI32(6), Val::fromI32(100),
                Val::fromI32(3)};
  auto Vs = liftValues(Cx, 16, Args, {Bytes, Shorts});
  ASSERT_TRUE(Vs.ok());
  const Value &B = (*Vs)[0], &S = (*Vs)[1];
  EXPECT_TRUE(B.packed());
  EXPECT_TRUE(B.Items.empty());
  EXPECT_EQ(B.listSize(), 6u);
  EXPECT_EQ(B.elem(1), Value::u(Kind::U8, 0x80));
  EXPECT_EQ(S.listSize(), 3u);
  EXPECT_EQ(S.elem(0), Value::s(Kind::S16, -32767)); // 0x8001
  EXPECT_EQ(S.elem(1), Value::s(Kind::S16, -1));     // 0xffff
  EXPECT_EQ(S, Value::list({Value::s(Kind::S16, -32767),
                            Value::s(Kind::S16, -1),
                            Value::s(Kind::S16, 7)}));
  EXPECT_NE(S, Value::list({Value::s(Kind::S16, -32767)}));
  EXPECT_EQ(formatValue(S, *Shorts), "[-32767, -1, 7]");
  EXPECT_TRUE(checkValue(S, *Shorts));
  EXPECT_FALSE(checkValue(S, *Bytes)); // packed s16 is no list<u8>
  std::string Scratch;
  EXPECT_EQ(B.byteView(Scratch), std::string_view("\x01\x80\xff\xff\x07\x00", 6));
  EXPECT_EQ(B.elems().size(), 6u);

  // Lowering copies the bytes in one realloc'd block.
  M.Calls.clear();
  AbiContext Lo = M.context(StringEncoding::Utf8);
  auto Flat = lowerValues(Lo, 16, {Value::bytes("hello")}, {Bytes});
  ASSERT_TRUE(Flat.ok());
  ASSERT_EQ(M.Calls.size(), 1u);
  EXPECT_EQ(M.Calls[0][3], 5u);
  uint32_t P = uint32_t((*Flat)[0].i32());
  EXPECT_EQ((*Flat)[1].i32(), 5);
  EXPECT_EQ(std::memcmp(&M.Bytes[P], "hello", 5), 0);

  // A packed list of the wrong element type is an error, not a bad copy.
  AbiContext Bad = M.context(StringEncoding::Utf8);
  EXPECT_TRUE(lowerValues(Bad, 16, {Value::bytes("ab")}, {Shorts}).isError());

  // Out of bounds still traps before anything is copied.
  AbiContext Oob = M.context(StringEncoding::Utf8);
  Val Far[] = {Val::fromI32(int32_t(M.Bytes.size() - 2)), Val::fromI32(3)};
  EXPECT_TRUE(liftValues(Oob, 16, Far, {Bytes}).isTrap());

  // pack() turns an unpacked integer list into bytes.
  Value L = Value::list({Value::u(Kind::U32, 0x01020304)});
  L.pack(Kind::U32);
  EXPECT_TRUE(L.packed());
  EXPECT_EQ(L.Str, std::string("\x04\x03\x02\x01", 4));
}
