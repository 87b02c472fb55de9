// UTF-8 / UTF-16 / Latin-1 conversions for the Canonical ABI's strings.
// Strict: overlong forms, surrogates in UTF-8, code points past U+10FFFF and
// unpaired UTF-16 surrogates are invalid.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace wasmaot::runtime::component::utf {

/// Decodes one code point at \p P (\p N bytes left); returns its length,
/// or 0 if the bytes there are not valid UTF-8.
inline size_t decodeUtf8(const uint8_t *P, size_t N, uint32_t &Cp) {
  if (N == 0)
    return 0;
  uint8_t B = P[0];
  if (B < 0x80) {
    Cp = B;
    return 1;
  }
  size_t Len;
  uint32_t Min;
  if ((B & 0xe0) == 0xc0)
    Len = 2, Cp = B & 0x1f, Min = 0x80;
  else if ((B & 0xf0) == 0xe0)
    Len = 3, Cp = B & 0x0f, Min = 0x800;
  else if ((B & 0xf8) == 0xf0)
    Len = 4, Cp = B & 0x07, Min = 0x10000;
  else
    return 0;
  if (N < Len)
    return 0;
  for (size_t I = 1; I < Len; ++I) {
    if ((P[I] & 0xc0) != 0x80)
      return 0;
    Cp = Cp << 6 | (P[I] & 0x3f);
  }
  if (Cp < Min || Cp > 0x10ffff || (Cp >= 0xd800 && Cp <= 0xdfff))
    return 0;
  return Len;
}

inline constexpr size_t kValid = SIZE_MAX;

/// The byte offset of the first invalid UTF-8 sequence, or kValid.
inline size_t firstInvalidUtf8(const uint8_t *P, size_t N) {
  for (size_t I = 0; I < N;) {
    // ASCII runs, 16 bytes at a time (most strings are mostly ASCII).
    while (N - I >= 16) {
      uint64_t A, B;
      std::memcpy(&A, P + I, 8);
      std::memcpy(&B, P + I + 8, 8);
      if ((A | B) & 0x8080808080808080ull)
        break;
      I += 16;
    }
    if (I >= N)
      break;
    if (P[I] < 0x80) {
      ++I;
      continue;
    }
    uint32_t Cp;
    size_t L = decodeUtf8(P + I, N - I, Cp);
    if (!L)
      return I;
    I += L;
  }
  return kValid;
}

inline bool validUtf8(const uint8_t *P, size_t N) {
  return firstInvalidUtf8(P, N) == kValid;
}

inline void appendUtf8(std::string &Out, uint32_t Cp) {
  if (Cp < 0x80) {
    Out += char(Cp);
  } else if (Cp < 0x800) {
    Out += char(0xc0 | Cp >> 6);
    Out += char(0x80 | (Cp & 0x3f));
  } else if (Cp < 0x10000) {
    Out += char(0xe0 | Cp >> 12);
    Out += char(0x80 | (Cp >> 6 & 0x3f));
    Out += char(0x80 | (Cp & 0x3f));
  } else {
    Out += char(0xf0 | Cp >> 18);
    Out += char(0x80 | (Cp >> 12 & 0x3f));
    Out += char(0x80 | (Cp >> 6 & 0x3f));
    Out += char(0x80 | (Cp & 0x3f));
  }
}

/// UTF-16LE code units at \p P (possibly unaligned) to UTF-8; returns the
/// index of the first unpaired surrogate (in code units), or kValid.
inline size_t utf16ToUtf8At(const uint8_t *P, size_t Units, std::string &Out) {
  auto Unit = [P](size_t I) {
    uint16_t U;
    std::memcpy(&U, P + 2 * I, 2);
    return U;
  };
  for (size_t I = 0; I < Units; ++I) {
    uint32_t U = Unit(I);
    if (U >= 0xd800 && U <= 0xdbff) {
      if (I + 1 >= Units)
        return I;
      uint32_t L = Unit(I + 1);
      if (L < 0xdc00 || L > 0xdfff)
        return I;
      U = 0x10000 + ((U - 0xd800) << 10) + (L - 0xdc00);
      ++I;
    } else if (U >= 0xdc00 && U <= 0xdfff) {
      return I;
    }
    appendUtf8(Out, U);
  }
  return kValid;
}

inline bool utf16ToUtf8(const uint8_t *P, size_t Units, std::string &Out) {
  return utf16ToUtf8At(P, Units, Out) == kValid;
}

inline void latin1ToUtf8(const uint8_t *P, size_t N, std::string &Out) {
  for (size_t I = 0; I < N; ++I)
    appendUtf8(Out, P[I]);
}

/// Valid UTF-8 to UTF-16 code units.
inline std::vector<uint16_t> utf8ToUtf16(const std::string &S) {
  std::vector<uint16_t> Out;
  Out.reserve(S.size());
  const uint8_t *P = reinterpret_cast<const uint8_t *>(S.data());
  for (size_t I = 0; I < S.size();) {
    uint32_t Cp = 0xfffd;
    size_t L = decodeUtf8(P + I, S.size() - I, Cp);
    I += L ? L : 1;
    if (Cp >= 0x10000) {
      Cp -= 0x10000;
      Out.push_back(uint16_t(0xd800 + (Cp >> 10)));
      Out.push_back(uint16_t(0xdc00 + (Cp & 0x3ff)));
    } else {
      Out.push_back(uint16_t(Cp));
    }
  }
  return Out;
}

} // namespace wasmaot::runtime::component::utf
