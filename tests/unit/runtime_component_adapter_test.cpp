// The host layout of compiled Canonical ABI adapters
// (abi/component_adapter.h): the Canonical ABI's layout, except that
// strings and lists are {u64 host pointer, u64 length}. Typed bindings will
// lay out C++ structs by these numbers, so they are pinned here.
#include <gtest/gtest.h>

#include "wasmaot/abi/component_adapter.h"

namespace frontend = wasmaot::frontend;
namespace c = frontend::cabi;
namespace ac = wasmaot::abi::component;
using c::Kind;

namespace {
c::TypeRef prim(Kind K) { return c::makePrim(K); }
ac::HostLayout layout(const c::TypeRef &T) { return ac::hostLayout(*T); }
} // namespace

TEST(AdapterHostLayout, ScalarsAreAsInTheCanonicalAbi) {
  for (Kind K : {Kind::Bool, Kind::S8, Kind::U16, Kind::S32, Kind::U64,
                 Kind::F32, Kind::F64, Kind::Char}) {
    c::TypeRef T = prim(K);
    EXPECT_EQ(layout(T).Size, T->Size);
    EXPECT_EQ(layout(T).Align, T->Align);
  }
  auto F40 = c::makeFlags(std::vector<std::string>(40, "f"));
  EXPECT_EQ(layout(F40).Size, 8u);
  EXPECT_EQ(layout(F40).Align, 4u);
}

TEST(AdapterHostLayout, StringsAndListsAreTwoU64s) {
  EXPECT_EQ(layout(prim(Kind::String)).Size, 16u);
  EXPECT_EQ(layout(prim(Kind::String)).Align, 8u);
  EXPECT_EQ(layout(c::makeList(prim(Kind::U8))).Size, 16u);
  // A fixed-size list is its elements, as in the guest.
  auto Fixed = c::makeList(prim(Kind::U16), 3);
  EXPECT_EQ(layout(Fixed).Size, 6u);
  EXPECT_EQ(layout(Fixed).Align, 2u);
}

TEST(AdapterHostLayout, AggregatesGrowWithTheirStrings) {
  // record { a: u8, s: string, b: u16 }: guest 0/4/12 size 16 align 4,
  // host 0/8/24 size 32 align 8.
  auto R = c::makeRecord({"a", "s", "b"},
                         {prim(Kind::U8), prim(Kind::String), prim(Kind::U16)});
  EXPECT_EQ(R->fieldOffsets(), (std::vector<uint32_t>{0, 4, 12}));
  ac::HostLayout Whole;
  EXPECT_EQ(ac::hostTupleOffsets(R->Elems, &Whole),
            (std::vector<uint32_t>{0, 8, 24}));
  EXPECT_EQ(Whole.Size, 32u);
  EXPECT_EQ(layout(R).Size, 32u);
  EXPECT_EQ(layout(R).Align, 8u);

  // variant { n(u32), s(string), none }: payload after an 8-aligned
  // discriminant in the host, a 4-aligned one in the guest.
  auto V = c::makeVariant({"n", "s", "none"},
                          {prim(Kind::U32), prim(Kind::String), nullptr});
  EXPECT_EQ(V->payloadOffset(), 4u);
  EXPECT_EQ(ac::hostPayloadOffset(*V), 8u);
  EXPECT_EQ(layout(V).Size, 24u);
  EXPECT_EQ(layout(V).Align, 8u);

  // No strings or lists inside: the same layout on both sides.
  auto P = c::makeRecord({"x", "y"}, {prim(Kind::F64), prim(Kind::S16)});
  auto O = c::makeOption(P);
  EXPECT_EQ(layout(O).Size, O->Size);
  EXPECT_EQ(ac::hostPayloadOffset(*O), O->payloadOffset());

  // A function's parameters are a host-layout tuple.
  ac::HostLayout Args;
  EXPECT_EQ(ac::hostTupleOffsets({prim(Kind::U8), c::makeList(prim(Kind::U32)),
                                  prim(Kind::Bool)},
                                 &Args),
            (std::vector<uint32_t>{0, 8, 24}));
  EXPECT_EQ(Args.Size, 32u);
}

TEST(AdapterHostLayout, HandlesAreTheHostsU64) {
  for (Kind K : {Kind::Own, Kind::Borrow}) {
    ac::HostLayout L = ac::hostLayout(*c::makeHandle(K, 3));
    EXPECT_EQ(L.Size, 8u);
    EXPECT_EQ(L.Align, 8u);
  }
  // In a record after a byte: padded to 8 (the guest's layout has 4).
  auto R = c::makeRecord({"a", "h"}, {c::makePrim(Kind::U8),
                                      c::makeHandle(Kind::Own, 0)});
  EXPECT_EQ(ac::hostTupleOffsets(R->Elems)[1], 8u);
  EXPECT_EQ(R->fieldOffsets()[1], 4u);
}

TEST(AdapterHostLayout, EnvOffsetsFollowTheStruct) {
  EXPECT_EQ(ac::kEnvMemory, 0u);
  EXPECT_EQ(ac::kEnvCalleeCode, 8u);
  EXPECT_EQ(ac::kEnvCallerVmctx, 56u);
  EXPECT_LT(ac::kEnvValidateUtf8, ac::kEnvLiftString);
  EXPECT_EQ(ac::kEnvLowerHandle, ac::kEnvLowerString + 8);
  EXPECT_EQ(ac::kEnvLiftHandle, ac::kEnvLowerHandle + 8);
  EXPECT_EQ(ac::kEnvFinishCall, ac::kEnvLiftHandle + 8);
  EXPECT_EQ(ac::kEnvCallHost, ac::kEnvFinishCall + 8);
  EXPECT_EQ(sizeof(ac::AdapterEnv), ac::kEnvCallHost + 8);
}
