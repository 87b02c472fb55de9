// The artifact checksum seal (runtime/abi/checksum.h, issue #9): XXH64
// against the reference implementation's values, and the loader refusing a
// fake artifact with any single bit flipped — every bit position of every
// byte of the file — before dlopen, as damage or as another format. And the
// optional signature over it: SHA-256 and HMAC-SHA256 against the
// standards' vectors, signing and verifying.
#include <fstream>
#include <iterator>

#include "runtime_test_util.h"
#include "wasmaot/abi/checksum.h"
#include "wasmaot/frontend/support/sha256.h"
#include "wasmaot/runtime/artifact_file.h"

namespace wasmaot::runtime::test {
namespace {

std::span<const uint8_t> bytesOf(std::string_view S) {
  return {reinterpret_cast<const uint8_t *>(S.data()), S.size()};
}

TEST(ArtifactSeal, Xxh64MatchesTheReference) {
  // Values from libxxhash 0.8.1 (XXH64, seed 0); inputs of every length
  // class: empty, < 4, < 8, < 32 (tail only), 32+ (four lanes and a tail).
  EXPECT_EQ(abi::xxh64(bytesOf("")), 0xef46db3751d8e999ull);
  EXPECT_EQ(abi::xxh64(bytesOf("a")), 0xd24ec4f1a98c6e5bull);
  EXPECT_EQ(abi::xxh64(bytesOf("abc")), 0x44bc2cf5ad770999ull);
  EXPECT_EQ(abi::xxh64(bytesOf("abcdefghijklmnopqrstuvwxyz12345")),
            0x467605901b01d6f6ull);
  std::vector<uint8_t> B;
  auto Pattern = [&B](size_t N) {
    B.resize(N);
    for (size_t I = 0; I < N; ++I)
      B[I] = uint8_t(I * 131 + 7);
    return abi::xxh64(B);
  };
  EXPECT_EQ(Pattern(7), 0x2744460dd675d2c0ull);
  EXPECT_EQ(Pattern(32), 0x07f7b8e3bc5d6e25ull);
  EXPECT_EQ(Pattern(63), 0xb7c9968c066cb6a5ull);
  EXPECT_EQ(Pattern(1000), 0x0bf0bdbcc82eb373ull);
  EXPECT_EQ(Pattern(100003), 0xb50ad3cd166fe52bull);
}

TEST(ArtifactSeal, SealAndCheck) {
  std::vector<uint8_t> A = {1, 2, 3, 4, 5};
  EXPECT_EQ(abi::checkSeal(A).Status, abi::SealStatus::Missing);
  abi::sealArtifact(A);
  ASSERT_EQ(A.size(), 5 + abi::kSealSize);
  EXPECT_EQ(abi::checkSeal(A).Status, abi::SealStatus::Ok);
  EXPECT_EQ(abi::unsealed(A).size(), 5u);
  A[2] ^= 0x80;
  abi::SealCheck C = abi::checkSeal(A);
  EXPECT_EQ(C.Status, abi::SealStatus::Mismatch);
  EXPECT_NE(C.Expected, C.Actual);
  Error E = sealError(C, A.size());
  EXPECT_EQ(E.Offset, 5u);
  EXPECT_NE(E.Message.find("checksum mismatch"), std::string::npos);
}

std::string hexOf(std::span<const uint8_t> B) {
  std::string S;
  for (uint8_t X : B)
    S += "0123456789abcdef"[X >> 4], S += "0123456789abcdef"[X & 15];
  return S;
}

TEST(ArtifactSignature, Sha256AndHmacMatchTheStandards) {
  Sha256 H;
  H.update(bytesOf("abc")); // FIPS 180-2, appendix B.1
  EXPECT_EQ(hexOf(H.finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::vector<uint8_t> Key1(20, 0x0b); // RFC 4231, test cases 1 and 2
  EXPECT_EQ(hexOf(hmacSha256(Key1, bytesOf("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hexOf(hmacSha256(bytesOf("Jefe"),
                             bytesOf("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(ArtifactSignature, SignVerifyAndTheSealUnderneath) {
  std::vector<uint8_t> A = {1, 2, 3, 4, 5};
  abi::sealArtifact(A);
  std::vector<uint8_t> Key(32, 7), Other(32, 8);
  EXPECT_FALSE(verifyArtifactSignature(A, Key)); // not signed
  std::vector<uint8_t> S = signArtifact(A, Key);
  ASSERT_EQ(S.size(), A.size() + abi::kSignatureSize);
  EXPECT_TRUE(verifyArtifactSignature(S, Key));
  EXPECT_FALSE(verifyArtifactSignature(S, Other));
  EXPECT_EQ(abi::checkSeal(S).Status, abi::SealStatus::Ok); // seal still seen
  EXPECT_EQ(signArtifact(S, Key), S);                       // re-signing
  for (size_t Off = 0; Off < S.size(); ++Off) {             // any flip
    std::vector<uint8_t> Bad = S;
    Bad[Off] ^= 0x10;
    EXPECT_FALSE(verifyArtifactSignature(Bad, Key)) << "byte " << Off;
  }
}

std::vector<uint8_t> readFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  return {std::istreambuf_iterator<char>(In), {}};
}

TEST(ArtifactSeal, EveryBitFlipIsRefusedBeforeDlopen) {
  std::vector<uint8_t> Good = readFile(fakeArtifact("basic"));
  ASSERT_GT(Good.size(), 1000u);
  ASSERT_EQ(abi::checkSeal(Good).Status, abi::SealStatus::Ok);
  Engine E;
  ASSERT_TRUE(Module::loadBytes(E, Good, "basic"));
  size_t Corrupt = 0, OtherFormat = 0;
  for (size_t Off = 0; Off < Good.size(); ++Off) {
    std::vector<uint8_t> Bad = Good;
    Bad[Off] ^= uint8_t(1u << (Off % 8));
    auto M = Module::loadBytes(E, Bad, "flipped");
    ASSERT_FALSE(M) << "bit " << Off % 8 << " of byte " << Off
                    << " flipped, and the artifact loaded";
    const std::string &Msg = M.error().Message;
    if (Msg.find("is a corrupt artifact") != std::string::npos)
      ++Corrupt;
    else if (Msg.find("incompatible wasmaot") != std::string::npos)
      ++OtherFormat; // the flip hit the format version or the ABI hash
    else
      FAIL() << "byte " << Off << ": unexpected refusal: " << Msg;
  }
  EXPECT_LE(OtherFormat, 20u);
  EXPECT_EQ(Corrupt + OtherFormat, Good.size());
}

TEST(ArtifactSeal, TruncatedOrExtendedIsCorrupt) {
  std::vector<uint8_t> Good = readFile(fakeArtifact("basic"));
  Engine E;
  for (std::vector<uint8_t> Bad :
       {std::vector<uint8_t>(Good.begin(), Good.end() - 1),
        std::vector<uint8_t>(Good.begin(), Good.end() - abi::kSealSize)}) {
    auto M = Module::loadBytes(E, Bad, "cut");
    ASSERT_FALSE(M);
    EXPECT_NE(M.error().Message.find("it has no checksum seal"),
              std::string::npos)
        << M.error().Message;
  }
  std::vector<uint8_t> Longer = Good;
  Longer.push_back(0);
  auto M = Module::loadBytes(E, Longer, "long");
  ASSERT_FALSE(M);
  EXPECT_NE(M.error().Message.find("is a corrupt artifact"), std::string::npos);
}

} // namespace
} // namespace wasmaot::runtime::test
