// ByteReader: bounds-checked reads and LEB128 decoding (spec 5.2.2).
#include "wasmaot/frontend/support/byte_reader.h"

namespace wasmaot {

Expected<ByteReader> ByteReader::sub(size_t N, std::string_view What) {
  if (N > remaining())
    return malformed(fmt::format("unexpected end: {} needs {} bytes but only "
                                 "{} remain",
                                 What, N, remaining()));
  ByteReader Sub(Data.subspan(Pos, N), offset());
  Pos += N;
  return Sub;
}

Expected<uint8_t> ByteReader::u8() {
  if (atEnd())
    return malformed("unexpected end of input");
  return Data[Pos++];
}

Expected<uint32_t> ByteReader::u32le() {
  auto B = bytes(4);
  if (!B)
    return B.takeError();
  uint32_t V;
  std::memcpy(&V, B->data(), 4);
  return V;
}

Expected<uint64_t> ByteReader::u64le() {
  auto B = bytes(8);
  if (!B)
    return B.takeError();
  uint64_t V;
  std::memcpy(&V, B->data(), 8);
  return V;
}

Expected<std::span<const uint8_t>> ByteReader::bytes(size_t N) {
  if (N > remaining())
    return malformed(fmt::format("unexpected end: expected {} bytes, {} remain",
                                 N, remaining()));
  auto S = Data.subspan(Pos, N);
  Pos += N;
  return S;
}

Expected<int64_t> ByteReader::varSInt(unsigned Bits) {
  uint64_t Start = offset();
  int64_t Result = 0;
  unsigned Shift = 0;
  for (;;) {
    if (atEnd())
      return malformed(offset() == Start
                           ? "unexpected end: expected a LEB128 integer"
                           : "unexpected end inside a LEB128 integer");
    uint8_t B = Data[Pos++];
    if (Shift + 7 >= Bits) {
      // Last permitted byte: no continuation; the unused high bits must be
      // a sign extension of the highest used bit.
      if (B & 0x80)
        return malformedAt(Start, fmt::format("integer representation too "
                                              "long: LEB128 s{} has more "
                                              "than {} bytes",
                                              Bits, (Bits + 6) / 7));
      unsigned Used = Bits - Shift; // 1..7
      if (Used < 7) {
        int8_t Signed = int8_t(B << 1) >> 1; // sign-extend 7 bits
        int8_t High = Signed >> (Used - 1);
        if (High != 0 && High != -1)
          return malformedAt(Start, fmt::format("integer too large: LEB128 "
                                                "s{} has unused bits that are "
                                                "not a sign extension",
                                                Bits));
      }
      Result |= int64_t(uint64_t(B & 0x7f) << Shift);
      Shift += 7;
      if (Shift < 64 && (B & 0x40))
        Result |= int64_t(~uint64_t(0) << Shift);
      return Result;
    }
    Result |= int64_t(uint64_t(B & 0x7f) << Shift);
    Shift += 7;
    if (!(B & 0x80)) {
      if (Shift < 64 && (B & 0x40))
        Result |= int64_t(~uint64_t(0) << Shift);
      return Result;
    }
  }
}

Expected<std::string> ByteReader::name() {
  uint64_t Start = offset();
  auto Len = varU32();
  if (!Len)
    return Len.takeError();
  if (*Len > remaining())
    return malformedAt(Start, fmt::format("unexpected end: name of {} bytes "
                                          "but only {} remain",
                                          *Len, remaining()));
  auto B = bytes(*Len);
  std::string S(reinterpret_cast<const char *>(B->data()), B->size());
  if (!isValidUtf8(S))
    return malformedAt(Start, "malformed UTF-8 encoding in name");
  return S;
}

Expected<uint32_t> ByteReader::count(std::string_view What,
                                     size_t MinElemBytes) {
  uint64_t Start = offset();
  auto N = varU32();
  if (!N)
    return N.takeError();
  if (MinElemBytes && uint64_t(*N) * MinElemBytes > remaining())
    return malformedAt(Start, fmt::format("unexpected end: {} count {} "
                                          "exceeds the {} bytes that remain",
                                          What, *N, remaining()));
  return *N;
}

bool isValidUtf8(std::string_view S) {
  const auto *P = reinterpret_cast<const unsigned char *>(S.data());
  const auto *E = P + S.size();
  while (P < E) {
    unsigned char C = *P;
    if (C < 0x80) {
      ++P;
      continue;
    }
    unsigned Len;
    uint32_t CP;
    if ((C & 0xe0) == 0xc0) {
      Len = 2;
      CP = C & 0x1f;
    } else if ((C & 0xf0) == 0xe0) {
      Len = 3;
      CP = C & 0x0f;
    } else if ((C & 0xf8) == 0xf0) {
      Len = 4;
      CP = C & 0x07;
    } else {
      return false;
    }
    if (size_t(E - P) < Len)
      return false;
    for (unsigned I = 1; I < Len; ++I) {
      if ((P[I] & 0xc0) != 0x80)
        return false;
      CP = CP << 6 | (P[I] & 0x3f);
    }
    static constexpr uint32_t MinForLen[] = {0, 0, 0x80, 0x800, 0x10000};
    if (CP < MinForLen[Len] || CP > 0x10ffff || (CP >= 0xd800 && CP <= 0xdfff))
      return false;
    P += Len;
  }
  return true;
}

} // namespace wasmaot
