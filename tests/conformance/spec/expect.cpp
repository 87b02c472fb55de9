// Result matching for assert_return (see expect.h). NaN rules from the spec
// interpreter: a canonical NaN has only the quiet bit of the payload set; an
// arithmetic NaN has the quiet bit set and any other payload; sign ignored.
#include "expect.h"

#include <charconv>
#include <cstring>

#include <fmt/format.h>

namespace wasmaot::spec {

namespace {

bool parseU64(const std::string &S, uint64_t &V) {
  auto [P, Ec] = std::from_chars(S.data(), S.data() + S.size(), V);
  return Ec == std::errc() && P == S.data() + S.size();
}

/// Compares one float or integer lane of \p Bits width.
bool matchScalar(const std::string &Want, uint64_t Got, unsigned Bits,
                 bool IsFloat) {
  uint64_t Mask = Bits == 64 ? ~0ull : (1ull << Bits) - 1;
  Got &= Mask;
  if (IsFloat && (Want == "nan:canonical" || Want == "nan:arithmetic")) {
    uint64_t Quiet = Bits == 32 ? 0x7fc00000ull : 0x7ff8000000000000ull;
    uint64_t NoSign = Got & (Mask >> 1);
    if (Want == "nan:canonical")
      return NoSign == Quiet;
    return (NoSign & Quiet) == Quiet;
  }
  uint64_t W = 0;
  if (!parseU64(Want, W))
    return false;
  return (W & Mask) == Got;
}

unsigned laneBits(const std::string &L) {
  if (L == "i8")
    return 8;
  if (L == "i16")
    return 16;
  if (L == "i32" || L == "f32")
    return 32;
  return 64;
}

std::string typeName(frontend::ValType T) { return frontend::valTypeName(T); }

} // namespace

std::string showValue(const RuntimeValue &V) {
  switch (V.Type) {
  case frontend::ValType::I32:
    return fmt::format("i32:{}", uint32_t(V.Bits[0]));
  case frontend::ValType::I64:
    return fmt::format("i64:{}", V.Bits[0]);
  case frontend::ValType::F32:
    return fmt::format("f32:{:#010x}", uint32_t(V.Bits[0]));
  case frontend::ValType::F64:
    return fmt::format("f64:{:#018x}", V.Bits[0]);
  case frontend::ValType::V128:
    return fmt::format("v128:{:016x}{:016x}", V.Bits[1], V.Bits[0]);
  case frontend::ValType::FuncRef:
  case frontend::ValType::ExternRef:
    return V.IsNullRef ? typeName(V.Type) + ":null"
                       : fmt::format("{}:{}", typeName(V.Type), V.Bits[0]);
  }
  return "?";
}

std::string showExpected(const Value &V) {
  if (!V.Either.empty()) {
    std::string S = "either(";
    for (size_t I = 0; I < V.Either.size(); ++I)
      S += (I ? " | " : "") + showExpected(V.Either[I]);
    return S + ")";
  }
  std::string S = V.Type + (V.LaneType.empty() ? "" : "." + V.LaneType) + ":";
  for (size_t I = 0; I < V.Bits.size(); ++I)
    S += (I ? "," : "") + V.Bits[I];
  return S;
}

std::string matchValue(const Value &Want, const RuntimeValue &Got) {
  if (!Want.Either.empty()) {
    for (const Value &Alt : Want.Either)
      if (matchValue(Alt, Got).empty())
        return "";
    return "expected " + showExpected(Want) + ", got " + showValue(Got);
  }
  std::string Mismatch =
      "expected " + showExpected(Want) + ", got " + showValue(Got);
  if (Want.Type != typeName(Got.Type))
    return Mismatch;
  using frontend::ValType;
  switch (Got.Type) {
  case ValType::I32:
  case ValType::I64:
  case ValType::F32:
  case ValType::F64: {
    if (Want.Bits.size() != 1)
      return Mismatch;
    unsigned Bits = Got.Type == ValType::I32 || Got.Type == ValType::F32 ? 32 : 64;
    bool IsFloat = Got.Type == ValType::F32 || Got.Type == ValType::F64;
    return matchScalar(Want.Bits[0], Got.Bits[0], Bits, IsFloat) ? ""
                                                                  : Mismatch;
  }
  case ValType::V128: {
    unsigned LB = laneBits(Want.LaneType);
    bool IsFloat = Want.LaneType == "f32" || Want.LaneType == "f64";
    if (Want.Bits.size() != 128 / LB)
      return Mismatch;
    uint8_t Bytes[16];
    std::memcpy(Bytes, Got.Bits.data(), 16);
    for (size_t K = 0; K < Want.Bits.size(); ++K) {
      uint64_t Lane = 0;
      std::memcpy(&Lane, Bytes + K * LB / 8, LB / 8);
      if (!matchScalar(Want.Bits[K], Lane, LB, IsFloat))
        return Mismatch;
    }
    return "";
  }
  case ValType::FuncRef:
  case ValType::ExternRef: {
    bool WantNull = !Want.Bits.empty() && Want.Bits[0] == "null";
    if (WantNull != Got.IsNullRef)
      return Mismatch;
    if (WantNull || Got.Type == ValType::FuncRef || Want.Bits.empty())
      return "";
    uint64_t W = 0;
    if (!parseU64(Want.Bits[0], W) || W != Got.Bits[0])
      return Mismatch;
    return "";
  }
  }
  return Mismatch;
}

std::string matchResults(const std::vector<Value> &Want,
                         const std::vector<RuntimeValue> &Got) {
  if (Want.size() != Got.size())
    return fmt::format("expected {} result(s), got {}", Want.size(),
                       Got.size());
  for (size_t I = 0; I < Want.size(); ++I)
    if (std::string M = matchValue(Want[I], Got[I]); !M.empty())
      return fmt::format("result {}: {}", I, M);
  return "";
}

} // namespace wasmaot::spec
