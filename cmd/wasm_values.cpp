// Command-line values (see wasm_values.h). Parsing uses std::from_chars,
// which rounds decimal and hex floats correctly and ignores the locale.
#include "wasm_values.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace wasmaot::cli {

using frontend::ValType;
using runtime::Val;

namespace {

Error bad(ValType T, std::string_view Text, std::string_view Expected) {
  return Error{ErrorKind::Invalid,
               Error::kNoOffset,
               fmt::format("invalid {} argument '{}': expected {}",
                           frontend::valTypeName(T), Text, Expected),
               {}};
}

/// An integer that fits in \p Bits bits read as signed or unsigned.
std::optional<uint64_t> parseInt(std::string_view S, unsigned Bits) {
  bool Neg = false;
  if (!S.empty() && (S[0] == '-' || S[0] == '+')) {
    Neg = S[0] == '-';
    S.remove_prefix(1);
  }
  int Base = 10;
  if (S.size() > 2 && S[0] == '0' && (S[1] == 'x' || S[1] == 'X')) {
    Base = 16;
    S.remove_prefix(2);
  }
  if (S.empty() || S[0] == '-' || S[0] == '+')
    return std::nullopt;
  uint64_t Mag = 0;
  auto [P, Ec] = std::from_chars(S.data(), S.data() + S.size(), Mag, Base);
  if (Ec != std::errc() || P != S.data() + S.size())
    return std::nullopt;
  uint64_t UMax = Bits == 64 ? ~uint64_t(0) : (uint64_t(1) << Bits) - 1;
  uint64_t NegMax = uint64_t(1) << (Bits - 1); // magnitude of the minimum
  if (Neg) {
    if (Mag > NegMax)
      return std::nullopt;
    return (~Mag + 1) & UMax;
  }
  if (Mag > UMax)
    return std::nullopt;
  return Mag;
}

/// Float bits of width \p Bits (32 or 64) for \p S.
template <typename F, typename U>
std::optional<U> parseFloatBits(std::string_view S) {
  constexpr unsigned MantBits = std::numeric_limits<F>::digits - 1;
  constexpr U SignBit = U(1) << (sizeof(U) * 8 - 1);
  constexpr U MantMask = (U(1) << MantBits) - 1;
  constexpr U ExpMask = ~SignBit & ~MantMask;
  bool Neg = false;
  if (!S.empty() && (S[0] == '-' || S[0] == '+')) {
    Neg = S[0] == '-';
    S.remove_prefix(1);
  }
  U Sign = Neg ? SignBit : 0;
  if (S == "inf" || S == "infinity")
    return Sign | ExpMask;
  if (S == "nan")
    return Sign | ExpMask | (U(1) << (MantBits - 1));
  if (S.starts_with("nan:0x")) {
    auto Payload = parseInt(S.substr(4), 64);
    if (!Payload || *Payload == 0 || *Payload > MantMask)
      return std::nullopt;
    return Sign | ExpMask | U(*Payload);
  }
  if (S.empty() || S[0] == '-' || S[0] == '+')
    return std::nullopt;
  auto Fmt = std::chars_format::general;
  if (S.size() > 2 && S[0] == '0' && (S[1] == 'x' || S[1] == 'X')) {
    Fmt = std::chars_format::hex;
    S.remove_prefix(2);
  }
  F V{};
  auto [P, Ec] = std::from_chars(S.data(), S.data() + S.size(), V, Fmt);
  if (Ec != std::errc() || P != S.data() + S.size())
    return std::nullopt;
  U Bits;
  std::memcpy(&Bits, &V, sizeof(Bits));
  return Bits | Sign;
}

template <typename F, typename U> std::string formatFloat(U Bits) {
  constexpr unsigned MantBits = std::numeric_limits<F>::digits - 1;
  constexpr U SignBit = U(1) << (sizeof(U) * 8 - 1);
  constexpr U MantMask = (U(1) << MantBits) - 1;
  F V;
  std::memcpy(&V, &Bits, sizeof(V));
  if (std::isnan(V))
    return fmt::format("{}nan:{:#x}", Bits & SignBit ? "-" : "",
                       Bits & MantMask);
  return fmt::format("{}", V);
}

/// `SHAPE:L0,L1,...` (an optional `v128:` first), SHAPE one of i8x16
/// i16x8 i32x4 i64x2 f32x4 f64x2; integer lanes as parseInt, float lanes
/// as parseFloatBits. Lanes are stored low lane first, little-endian.
std::optional<runtime::V128> parseV128(std::string_view Text) {
  if (Text.substr(0, 5) == "v128:")
    Text.remove_prefix(5);
  size_t Colon = Text.find(':');
  if (Colon == std::string_view::npos)
    return std::nullopt;
  std::string_view Shape = Text.substr(0, Colon);
  static constexpr std::pair<std::string_view, unsigned> Shapes[] = {
      {"i8x16", 8},  {"i16x8", 16}, {"i32x4", 32},
      {"i64x2", 64}, {"f32x4", 32}, {"f64x2", 64}};
  unsigned Bits = 0;
  for (const auto &[Name, B] : Shapes)
    if (Shape == Name)
      Bits = B;
  if (!Bits)
    return std::nullopt;
  bool Float = Shape[0] == 'f';
  runtime::V128 Out{};
  std::string_view Rest = Text.substr(Colon + 1);
  for (unsigned Lane = 0; Lane < 128 / Bits; ++Lane) {
    size_t Comma = Rest.find(',');
    std::string_view Item = Rest.substr(0, Comma);
    std::optional<uint64_t> V;
    if (!Float)
      V = parseInt(Item, Bits);
    else if (Bits == 32)
      V = parseFloatBits<float, uint32_t>(Item);
    else
      V = parseFloatBits<double, uint64_t>(Item);
    if (!V || (Lane + 1 < 128 / Bits) == (Comma == std::string_view::npos))
      return std::nullopt;
    std::memcpy(Out.Bytes + Lane * Bits / 8, &*V, Bits / 8);
    Rest = Comma == std::string_view::npos ? "" : Rest.substr(Comma + 1);
  }
  return Out;
}

} // namespace

Expected<Val> parseVal(ValType T, std::string_view Text) {
  switch (T) {
  case ValType::I32:
    if (auto V = parseInt(Text, 32))
      return Val::fromI32(int32_t(uint32_t(*V)));
    return bad(T, Text, "an integer from -2147483648 to 4294967295");
  case ValType::I64:
    if (auto V = parseInt(Text, 64))
      return Val::fromI64(int64_t(*V));
    return bad(T, Text,
               "an integer from -9223372036854775808 to 18446744073709551615");
  case ValType::F32:
    if (auto B = parseFloatBits<float, uint32_t>(Text))
      return Val::fromF32Bits(*B);
    return bad(T, Text, "a number, inf, nan or nan:0xPAYLOAD");
  case ValType::F64:
    if (auto B = parseFloatBits<double, uint64_t>(Text))
      return Val::fromF64Bits(*B);
    return bad(T, Text, "a number, inf, nan or nan:0xPAYLOAD");
  case ValType::FuncRef:
  case ValType::ExternRef:
    if (Text == "null")
      return Val::zero(T);
    return bad(T, Text, "null (the only reference the command line can pass)");
  case ValType::V128:
    if (auto V = parseV128(Text))
      return Val::fromV128(*V);
    return bad(T, Text,
               "SHAPE:LANES, e.g. i32x4:1,2,3,4 or f64x2:0.5,-inf "
               "(shapes i8x16 i16x8 i32x4 i64x2 f32x4 f64x2)");
  }
  return bad(T, Text, "a value");
}

std::string formatVal(const Val &V) {
  std::string_view Type = frontend::valTypeName(V.type());
  switch (V.type()) {
  case ValType::I32:
    return fmt::format("i32:{}", V.i32());
  case ValType::I64:
    return fmt::format("i64:{}", V.i64());
  case ValType::F32:
    return "f32:" + formatFloat<float, uint32_t>(V.f32Bits());
  case ValType::F64:
    return "f64:" + formatFloat<double, uint64_t>(V.f64Bits());
  case ValType::V128: {
    // Lanes as the spec testsuite writes them: i32x4, low lane first.
    runtime::V128 B = V.v128();
    uint32_t L[4];
    std::memcpy(L, B.Bytes, 16);
    return fmt::format("v128:i32x4:{:#010x},{:#010x},{:#010x},{:#010x}", L[0],
                       L[1], L[2], L[3]);
  }
  case ValType::FuncRef:
  case ValType::ExternRef:
    return fmt::format("{}:{}", Type, V.isNull() ? "null" : "non-null");
  }
  return fmt::format("{}:?", Type);
}

} // namespace wasmaot::cli
