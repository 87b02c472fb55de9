// A bounds-checked cursor over untrusted bytes: fixed-width little-endian
// integers and LEB128 per the binary format (spec 5.2.2). Every failure is a
// Malformed error at the absolute offset of the offending byte.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot {

class ByteReader {
public:
  /// \p Base is the absolute offset of Data[0] in the original input.
  ByteReader(std::span<const uint8_t> Data, uint64_t Base = 0)
      : Data(Data), Base(Base) {}

  uint64_t offset() const { return Base + Pos; }
  size_t pos() const { return Pos; }
  size_t remaining() const { return Data.size() - Pos; }
  bool atEnd() const { return Pos == Data.size(); }
  std::span<const uint8_t> data() const { return Data; }
  uint64_t base() const { return Base; }

  /// A reader over the next \p N bytes; advances past them.
  Expected<ByteReader> sub(size_t N, std::string_view What);

  Expected<uint8_t> u8();
  Expected<uint32_t> u32le();
  Expected<uint64_t> u64le();
  Expected<std::span<const uint8_t>> bytes(size_t N);

  Expected<uint32_t> varU32() { return varUInt<uint32_t>(32); }
  Expected<uint64_t> varU64() { return varUInt<uint64_t>(64); }
  Expected<int32_t> varS32() {
    auto V = varSInt(32);
    if (!V)
      return V.takeError();
    return int32_t(*V);
  }
  Expected<int64_t> varS64() { return varSInt(64); }
  /// The signed 33-bit block type / type index encoding (spec 5.4.1).
  Expected<int64_t> varS33() { return varSInt(33); }

  /// A `vec(byte)` holding UTF-8 (spec 5.2.4); invalid UTF-8 is malformed.
  Expected<std::string> name();

  /// Reads a vector length and checks it against the bytes left, assuming
  /// each element takes at least \p MinElemBytes: nothing is ever allocated
  /// in proportion to an untrusted count before this check.
  Expected<uint32_t> count(std::string_view What, size_t MinElemBytes = 1);

  Error malformed(std::string Msg) const {
    return Error{ErrorKind::Malformed, offset(), std::move(Msg), {}};
  }
  Error malformedAt(uint64_t Off, std::string Msg) const {
    return Error{ErrorKind::Malformed, Off, std::move(Msg), {}};
  }

private:
  template <typename T> Expected<T> varUInt(unsigned Bits);
  Expected<int64_t> varSInt(unsigned Bits);

  std::span<const uint8_t> Data;
  uint64_t Base;
  size_t Pos = 0;
};

/// True if \p S is well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF).
bool isValidUtf8(std::string_view S);

template <typename T> Expected<T> ByteReader::varUInt(unsigned Bits) {
  uint64_t Start = offset();
  T Result = 0;
  unsigned Shift = 0;
  for (;;) {
    if (atEnd())
      return malformed(Pos == 0 || offset() == Start
                           ? "unexpected end: expected a LEB128 integer"
                           : "unexpected end inside a LEB128 integer");
    uint8_t B = Data[Pos++];
    if (Shift + 7 >= Bits) {
      // Last permitted byte: no continuation, unused bits must be zero.
      unsigned Used = Bits - Shift;
      if (B & 0x80)
        return malformedAt(Start, fmt::format("integer representation too "
                                              "long: LEB128 u{} has more than "
                                              "{} bytes",
                                              Bits, (Bits + 6) / 7));
      if (Used < 7 && (B >> Used) != 0)
        return malformedAt(Start, fmt::format("integer too large: LEB128 "
                                              "u{} has unused bits set",
                                              Bits));
      Result |= T(B) << Shift;
      return Result;
    }
    Result |= T(B & 0x7f) << Shift;
    Shift += 7;
    if (!(B & 0x80))
      return Result;
  }
}

} // namespace wasmaot
