// The artifact checksum: a seal that `wasmaot compile` appends to every
// artifact after lld has written it, and that the loader verifies over the
// whole file before anything of it is mapped executable (dlopen would run
// its initialisers). Header-only so codegen (the writer) and the runtime
// (the reader) share one definition; nobody else computes it.
//
//   +--------------------------- file ---------------------------+
//   | ELF shared object as lld wrote it (N bytes) | hash | magic  |
//   +---------------------------------------------+------+--------+
//                                                   u64 LE  8 bytes
//   hash  = XXH64(first N bytes, seed 0)
//   magic = "WAOTSUM" 0x01 (the last byte is the seal's version)
//
// A signed artifact (`wasmaot compile --sign KEYFILE`) has one more trailer
// after the seal: HMAC-SHA256 under the key of everything before it (the
// sealed file), then "WAOTSIG" 0x01. The seal is checked without it.
//
// ELF loaders map only what the program headers name, so the trailers never
// reach memory. It detects corruption (a bit flip, a truncated or extended
// copy), not tampering: anyone who can write the file can recompute it. See
// runtime/README.md, "Trust model".
//
// XXH64 (xxHash, Yann Collet; spec: xxhash_spec.md in the xxHash
// repository): four 64-bit lanes over 32-byte stripes, then the tail. Fast
// enough (~10 GB/s) to run on every load; any single-bit change anywhere
// changes the hash.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace wasmaot::abi {

namespace xxh64_detail {
inline constexpr uint64_t P1 = 0x9E3779B185EBCA87ull;
inline constexpr uint64_t P2 = 0xC2B2AE3D27D4EB4Full;
inline constexpr uint64_t P3 = 0x165667B19E3779F9ull;
inline constexpr uint64_t P4 = 0x85EBCA77C2B2AE63ull;
inline constexpr uint64_t P5 = 0x27D4EB2F165667C5ull;

inline uint64_t rotl(uint64_t X, unsigned R) {
  return (X << R) | (X >> (64 - R));
}
inline uint64_t read64(const uint8_t *P) {
  uint64_t V;
  std::memcpy(&V, P, 8); // little-endian hosts only (x86-64, aarch64)
  return V;
}
inline uint32_t read32(const uint8_t *P) {
  uint32_t V;
  std::memcpy(&V, P, 4);
  return V;
}
inline uint64_t round(uint64_t Acc, uint64_t Input) {
  return rotl(Acc + Input * P2, 31) * P1;
}
inline uint64_t mergeRound(uint64_t Acc, uint64_t Lane) {
  return (Acc ^ round(0, Lane)) * P1 + P4;
}
} // namespace xxh64_detail

/// XXH64 of \p Data with \p Seed.
inline uint64_t xxh64(std::span<const uint8_t> Data, uint64_t Seed = 0) {
  using namespace xxh64_detail;
  const uint8_t *P = Data.data();
  const uint8_t *End = P + Data.size();
  uint64_t H;
  if (Data.size() >= 32) {
    uint64_t V1 = Seed + P1 + P2, V2 = Seed + P2, V3 = Seed, V4 = Seed - P1;
    for (; End - P >= 32; P += 32) {
      V1 = round(V1, read64(P));
      V2 = round(V2, read64(P + 8));
      V3 = round(V3, read64(P + 16));
      V4 = round(V4, read64(P + 24));
    }
    H = rotl(V1, 1) + rotl(V2, 7) + rotl(V3, 12) + rotl(V4, 18);
    H = mergeRound(H, V1);
    H = mergeRound(H, V2);
    H = mergeRound(H, V3);
    H = mergeRound(H, V4);
  } else {
    H = Seed + P5;
  }
  H += uint64_t(Data.size());
  for (; End - P >= 8; P += 8)
    H = rotl(H ^ round(0, read64(P)), 27) * P1 + P4;
  if (End - P >= 4) {
    H = rotl(H ^ uint64_t(read32(P)) * P1, 23) * P2 + P3;
    P += 4;
  }
  for (; P < End; ++P)
    H = rotl(H ^ uint64_t(*P) * P5, 11) * P1;
  H ^= H >> 33;
  H *= P2;
  H ^= H >> 29;
  H *= P3;
  H ^= H >> 32;
  return H;
}

inline constexpr char kSealMagic[8] = {'W', 'A', 'O', 'T', 'S', 'U', 'M', 1};
inline constexpr size_t kSealSize = 16; ///< hash + magic

inline constexpr char kSignatureMagic[8] = {'W', 'A', 'O', 'T',
                                            'S', 'I', 'G', 1};
inline constexpr size_t kMacSize = 32;
inline constexpr size_t kSignatureSize = kMacSize + 8; ///< MAC + magic

/// Does \p File end with a signature trailer?
inline bool hasSignature(std::span<const uint8_t> File) {
  return File.size() >= kSignatureSize &&
         std::memcmp(File.data() + File.size() - 8, kSignatureMagic, 8) == 0;
}

/// \p File without its signature trailer (when it has one): the bytes the
/// signature covers, and that end with the seal.
inline std::span<const uint8_t>
withoutSignature(std::span<const uint8_t> File) {
  return hasSignature(File) ? File.first(File.size() - kSignatureSize) : File;
}

/// Appends the seal to an artifact's bytes (codegen, after linking).
inline void sealArtifact(std::vector<uint8_t> &Bytes) {
  uint64_t H = xxh64(Bytes);
  uint8_t Trailer[kSealSize];
  std::memcpy(Trailer, &H, 8);
  std::memcpy(Trailer + 8, kSealMagic, 8);
  Bytes.insert(Bytes.end(), Trailer, Trailer + kSealSize);
}

enum class SealStatus : uint8_t {
  Ok,       ///< the trailer is there and the hash matches
  Missing,  ///< no trailer: not sealed, or cut short
  Mismatch, ///< a trailer whose hash is not the content's
};

struct SealCheck {
  SealStatus Status = SealStatus::Missing;
  uint64_t Expected = 0, Actual = 0; ///< for Mismatch
};

/// Verifies the seal of a whole artifact file (signed or not).
inline SealCheck checkSeal(std::span<const uint8_t> File) {
  File = withoutSignature(File);
  SealCheck C;
  if (File.size() < kSealSize ||
      std::memcmp(File.data() + File.size() - 8, kSealMagic, 8) != 0)
    return C;
  std::span<const uint8_t> Body = File.first(File.size() - kSealSize);
  std::memcpy(&C.Expected, File.data() + Body.size(), 8);
  C.Actual = xxh64(Body);
  C.Status = C.Actual == C.Expected ? SealStatus::Ok : SealStatus::Mismatch;
  return C;
}

/// The artifact without its seal and signature (when it has them).
inline std::span<const uint8_t> unsealed(std::span<const uint8_t> File) {
  File = withoutSignature(File);
  if (File.size() >= kSealSize &&
      std::memcmp(File.data() + File.size() - 8, kSealMagic, 8) == 0)
    return File.first(File.size() - kSealSize);
  return File;
}

} // namespace wasmaot::abi
