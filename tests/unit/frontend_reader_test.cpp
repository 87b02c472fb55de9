// Unit tests for the frontend: LEB128, UTF-8, the opcode table, the reader's
// malformed-input handling and the validator's diagnostics.
#include <gtest/gtest.h>

#include "wasm_builder.h"
#include "wasmaot/frontend/instr.h"
#include "wasmaot/frontend/opcodes.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"

using namespace wasmaot;
using namespace wasmaot::frontend;
using namespace wasmaot::test;

namespace {

Expected<Module> read(const Bytes &B) { return readModule(B); }

ErrorKind kindOf(const Bytes &B) {
  auto M = read(B);
  if (!M)
    return M.error().Kind;
  auto S = validateModule(*M);
  if (!S)
    return S.error().Kind;
  return ErrorKind::Internal; // "no error"
}

TEST(ByteReader, UnsignedLeb) {
  Bytes B{0xe5, 0x8e, 0x26};
  ByteReader R(B);
  auto V = R.varU32();
  ASSERT_TRUE(V);
  EXPECT_EQ(*V, 624485u);
  EXPECT_TRUE(R.atEnd());
}

TEST(ByteReader, LebTooLongIsMalformed) {
  Bytes B{0x80, 0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader R(B, 100);
  auto V = R.varU32();
  ASSERT_FALSE(V);
  EXPECT_EQ(V.error().Kind, ErrorKind::Malformed);
  EXPECT_EQ(V.error().Offset, 100u);
}

TEST(ByteReader, LebUnusedBitsMustBeZero) {
  Bytes B{0xff, 0xff, 0xff, 0xff, 0x1f}; // 2^35-1: too large for u32
  ByteReader R(B);
  EXPECT_FALSE(R.varU32());
  Bytes Ok{0xff, 0xff, 0xff, 0xff, 0x0f};
  ByteReader R2(Ok);
  auto V = R2.varU32();
  ASSERT_TRUE(V);
  EXPECT_EQ(*V, 0xffffffffu);
}

TEST(ByteReader, SignedLeb) {
  Bytes B{0x7f};
  ByteReader R(B);
  EXPECT_EQ(*R.varS32(), -1);
  Bytes Min{0x80, 0x80, 0x80, 0x80, 0x78};
  ByteReader R2(Min);
  EXPECT_EQ(*R2.varS32(), INT32_MIN);
  Bytes Bad{0x80, 0x80, 0x80, 0x80, 0x70}; // sign bits inconsistent
  ByteReader R3(Bad);
  EXPECT_FALSE(R3.varS32());
  Bytes S64{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7f};
  ByteReader R4(S64);
  EXPECT_EQ(*R4.varS64(), INT64_MIN);
}

TEST(ByteReader, TruncatedLeb) {
  Bytes B{0x80, 0x80};
  ByteReader R(B, 7);
  auto V = R.varU32();
  ASSERT_FALSE(V);
  EXPECT_EQ(V.error().Offset, 9u);
}

TEST(ByteReader, Utf8) {
  EXPECT_TRUE(isValidUtf8("plain"));
  EXPECT_TRUE(isValidUtf8("\xe2\x82\xac"));           // €
  EXPECT_FALSE(isValidUtf8("\xc0\x80"));              // overlong NUL
  EXPECT_FALSE(isValidUtf8("\xed\xa0\x80"));          // surrogate
  EXPECT_FALSE(isValidUtf8("\xf4\x90\x80\x80"));      // > U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xe2\x82"));              // truncated
}

TEST(ByteReader, CountCheckedAgainstRemainingBytes) {
  Bytes B{0xff, 0xff, 0xff, 0xff, 0x0f, 0x00};
  ByteReader R(B);
  auto N = R.count("thing", 1);
  ASSERT_FALSE(N);
  EXPECT_EQ(N.error().Kind, ErrorKind::Malformed);
}

// Every row of the table: the encoding looks up to the same op, the text is
// unique, the signature string is well formed, and the immediate kinds agree
// with the MemBytes and Lanes columns.
TEST(Opcodes, TableIsConsistent) {
  for (unsigned I = 0; I < kNumOps; ++I) {
    Op O = Op(I);
    const OpInfo &Info = opInfo(O);
    SCOPED_TRACE(std::string(Info.Text));
    auto Back = lookupOp(Info.Prefix, Info.Code);
    ASSERT_TRUE(Back);
    EXPECT_EQ(*Back, O);
    if (O != Op::SelectT) {
      auto ByName = lookupOpByName(Info.Text);
      ASSERT_TRUE(ByName);
      EXPECT_EQ(*ByName, O);
    }
    std::string_view Sig = Info.Sig;
    if (Sig != "*") {
      auto Colon = Sig.find(':');
      ASSERT_NE(Colon, std::string_view::npos);
      EXPECT_LE(Colon, 3u);
      EXPECT_LE(Sig.size() - Colon - 1, 1u);
      for (char C : Sig)
        EXPECT_NE(std::string_view(":ilfdv").find(C), std::string_view::npos);
    }
    bool IsMem = Info.Imm == ImmKind::MemArg || Info.Imm == ImmKind::MemArgLane;
    EXPECT_EQ(IsMem, Info.MemBytes != 0);
    bool HasLane = Info.Imm == ImmKind::Lane || Info.Imm == ImmKind::MemArgLane;
    EXPECT_EQ(HasLane, Info.Lanes != 0);
    if (Info.Prefix == 0xfd) {
      EXPECT_EQ(Info.Feat, Feature::Simd);
    }
  }
}

TEST(Opcodes, KnownEncodings) {
  EXPECT_EQ(lookupOp(0, 0x6a), Op::I32Add);
  EXPECT_EQ(lookupOp(0xfc, 0x0a), Op::MemoryCopy);
  EXPECT_EQ(lookupOp(0xfd, 0x62), Op::I8x16Popcnt);
  EXPECT_EQ(lookupOp(0xfd, 0x94), Op::F64x2Nearest);
  EXPECT_FALSE(lookupOp(0, 0x06));
  EXPECT_FALSE(lookupOp(0xfd, 0x1000));
}

TEST(Reader, EmptyModule) {
  auto M = read(header());
  ASSERT_TRUE(M);
  EXPECT_TRUE(validateModule(*M));
  EXPECT_TRUE(isCoreModule(header()));
}

TEST(Reader, BadMagicAndVersion) {
  auto M = read({0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0});
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Kind, ErrorKind::Malformed);
  EXPECT_EQ(M.error().Offset, 0u);
  auto V = read({0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0});
  ASSERT_FALSE(V);
  EXPECT_EQ(V.error().Offset, 4u);
  auto C = read({0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00});
  ASSERT_FALSE(C);
  EXPECT_EQ(C.error().Kind, ErrorKind::Unsupported);
}

TEST(Reader, TruncatedEverywhereNeverCrashes) {
  Bytes Full = oneFunc({0x60, 0x01, 0x7f, 0x01, 0x7f},
                       {0x00, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b});
  ASSERT_TRUE(read(Full));
  size_t Failures = 0;
  for (size_t N = 0; N < Full.size(); ++N) {
    Bytes Cut(Full.begin(), Full.begin() + N);
    auto M = read(Cut);
    if (M) // a cut at a section boundary can leave a well-formed prefix
      continue;
    ++Failures;
    EXPECT_EQ(M.error().Kind, ErrorKind::Malformed) << N;
    EXPECT_LE(M.error().Offset, N);
  }
  EXPECT_GE(Failures, Full.size() - 5); // all but the few section boundaries
}

TEST(Reader, SectionOrder) {
  Bytes B = cat({header(), section(3, vec({})), section(1, vec({}))});
  auto M = read(B);
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Kind, ErrorKind::Malformed);
  EXPECT_EQ(M.error().Offset, 11u); // the type section's id byte
}

TEST(Reader, SectionSizeMismatch) {
  Bytes B = cat({header(), section(1, {0x00, 0x00})});
  auto M = read(B);
  ASSERT_FALSE(M);
  EXPECT_NE(M.error().Message.find("section size mismatch"), std::string::npos);
}

TEST(Reader, HugeCountDoesNotAllocate) {
  Bytes Types{0xff, 0xff, 0xff, 0xff, 0x0f};
  auto M = read(cat({header(), section(1, Types)}));
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Kind, ErrorKind::Malformed);
}

TEST(Reader, FunctionWithoutCode) {
  Bytes B = cat({header(), section(1, vec({{0x60, 0x00, 0x00}})),
                 section(3, vec({{0x00}}))});
  auto M = read(B);
  ASSERT_FALSE(M);
  EXPECT_NE(M.error().Message.find("inconsistent lengths"), std::string::npos);
}

TEST(Reader, NameSection) {
  Bytes Names;
  Bytes FuncNames = vec({cat({{0x00}, {0x03, 'a', 'd', 'd'}})});
  Names.push_back(1);
  appendU32(Names, FuncNames.size());
  Names.insert(Names.end(), FuncNames.begin(), FuncNames.end());
  Bytes Custom;
  appendName(Custom, "name");
  Custom.insert(Custom.end(), Names.begin(), Names.end());
  Bytes B = cat({oneFunc({0x60, 0x00, 0x00}, {0x00, 0x0b}), section(0, Custom)});
  auto M = read(B);
  ASSERT_TRUE(M);
  EXPECT_EQ(M->funcName(FuncIdx(0)), "add");
}

TEST(Reader, MalformedUtf8CustomSectionName) {
  Bytes Custom{0x02, 0xc0, 0x80};
  auto M = read(cat({header(), section(0, Custom)}));
  ASSERT_FALSE(M);
  EXPECT_EQ(M.error().Kind, ErrorKind::Malformed);
}

TEST(Reader, ElseOutsideIfIsMalformed) {
  Bytes B = oneFunc({0x60, 0x00, 0x00}, {0x00, 0x02, 0x40, 0x05, 0x0b, 0x0b});
  EXPECT_EQ(kindOf(B), ErrorKind::Malformed);
}

TEST(Reader, BytesAfterFinalEnd) {
  Bytes B = oneFunc({0x60, 0x00, 0x00}, {0x00, 0x0b, 0x01});
  EXPECT_EQ(kindOf(B), ErrorKind::Malformed);
}

TEST(Validator, TypeMismatchMessage) {
  // (func (result i32) i32.const 1 f32.const 0 i32.add)
  Bytes B = oneFunc({0x60, 0x00, 0x01, 0x7f},
                    {0x00, 0x41, 0x01, 0x43, 0, 0, 0, 0, 0x6a, 0x0b});
  auto M = read(B);
  ASSERT_TRUE(M);
  auto S = validateModule(*M);
  ASSERT_FALSE(S);
  EXPECT_EQ(S.error().Kind, ErrorKind::Invalid);
  EXPECT_EQ(S.error().Message,
            "type mismatch in i32.add: expected [i32 i32] but got [i32 f32]");
  // The offset is that of the i32.add opcode.
  EXPECT_EQ(M->Bytes[S.error().Offset], 0x6a);
  EXPECT_EQ(S.error().format("x.wasm").rfind("x.wasm:0x", 0), 0u);
}

TEST(Validator, UnreachableIsPolymorphic) {
  // (func (result i32) unreachable i32.add)
  Bytes B = oneFunc({0x60, 0x00, 0x01, 0x7f}, {0x00, 0x00, 0x6a, 0x0b});
  EXPECT_EQ(kindOf(B), ErrorKind::Internal); // valid
  // (func (result i32) unreachable f32.const 0 i32.add): still a mismatch
  Bytes C = oneFunc({0x60, 0x00, 0x01, 0x7f},
                    {0x00, 0x00, 0x43, 0, 0, 0, 0, 0x6a, 0x0b});
  EXPECT_EQ(kindOf(C), ErrorKind::Invalid);
}

TEST(Validator, LeftoverValues) {
  Bytes B = oneFunc({0x60, 0x00, 0x00}, {0x00, 0x41, 0x01, 0x0b});
  EXPECT_EQ(kindOf(B), ErrorKind::Invalid);
}

TEST(Validator, AlignmentLargerThanNatural) {
  // memory 1; (func i32.const 0 i32.load align=8 drop)
  Bytes Entry{0x00, 0x41, 0x00, 0x28, 0x03, 0x00, 0x1a, 0x0b};
  Bytes Code;
  appendU32(Code, Entry.size());
  Code.insert(Code.end(), Entry.begin(), Entry.end());
  Bytes B = cat({header(), section(1, vec({{0x60, 0x00, 0x00}})),
                 section(3, vec({{0x00}})), section(5, vec({{0x00, 0x01}})),
                 section(10, vec({Code}))});
  auto M = read(B);
  ASSERT_TRUE(M);
  auto S = validateModule(*M);
  ASSERT_FALSE(S);
  EXPECT_NE(S.error().Message.find("alignment"), std::string::npos);
}

TEST(Validator, UndeclaredFunctionReference) {
  // (func ref.func 0 drop) without any declaration of function 0 except the
  // export added by oneFunc, which declares it: so this one is valid...
  Bytes B = oneFunc({0x60, 0x00, 0x00}, {0x00, 0xd2, 0x00, 0x1a, 0x0b});
  EXPECT_EQ(kindOf(B), ErrorKind::Internal);
  // ...and ref.func 1 names an unknown function.
  Bytes C = oneFunc({0x60, 0x00, 0x00}, {0x00, 0xd2, 0x01, 0x1a, 0x0b});
  EXPECT_EQ(kindOf(C), ErrorKind::Invalid);
}

TEST(Validator, ParallelMatchesSerial) {
  // 64 functions, the 40th invalid: both modes report the same error.
  Bytes Funcs, Codes;
  appendU32(Funcs, 64);
  appendU32(Codes, 64);
  for (int I = 0; I < 64; ++I) {
    Funcs.push_back(0x00);
    Bytes Body = I == 40 ? Bytes{0x00, 0x41, 0x00, 0x0b} : Bytes{0x00, 0x0b};
    appendU32(Codes, Body.size());
    Codes.insert(Codes.end(), Body.begin(), Body.end());
  }
  Bytes B = cat({header(), section(1, vec({{0x60, 0x00, 0x00}})),
                 section(3, Funcs), section(10, Codes)});
  auto M = read(B);
  ASSERT_TRUE(M);
  auto Serial = validateModule(*M, 1);
  auto Parallel = validateModule(*M, 4);
  ASSERT_FALSE(Serial);
  ASSERT_FALSE(Parallel);
  EXPECT_EQ(Serial.error().Offset, Parallel.error().Offset);
}

TEST(InstrReader, DecodesImmediates) {
  // br_table 0 1 2 (default 3), then v128.const
  Bytes B{0x0e, 0x02, 0x00, 0x01, 0x02, 0xfd, 0x0c};
  for (int I = 0; I < 16; ++I)
    B.push_back(uint8_t(I));
  InstrReader R(ByteReader(B, 0x100), FeatureSet::wasm2());
  auto I = R.next();
  ASSERT_TRUE(I);
  EXPECT_EQ(I->Opcode, Op::BrTable);
  ASSERT_EQ(I->Targets.size(), 2u);
  EXPECT_EQ(I->Targets[1], 1u);
  EXPECT_EQ(I->Idx0, 2u);
  auto V = R.next();
  ASSERT_TRUE(V);
  EXPECT_EQ(V->Opcode, Op::V128Const);
  EXPECT_EQ(V->Offset, 0x105u);
  EXPECT_EQ(V->Bytes16[15], 15);
}

TEST(InstrReader, DisabledFeatureIsRejected) {
  Bytes B{0xfd, 0x0f};
  InstrReader R(ByteReader(B), FeatureSet::wasm2().without(Feature::Simd));
  auto I = R.next();
  ASSERT_FALSE(I);
  EXPECT_EQ(I.error().Kind, ErrorKind::Malformed);
}

} // namespace
