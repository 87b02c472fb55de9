// Component Values: shape checks and the WAVE-like text form.
#include "wasmaot/runtime/component/value.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "utf.h"

namespace wasmaot::runtime::component {

using cabi::Type;

Value Value::f32(float F) { return scalar(Kind::F32, std::bit_cast<uint32_t>(F)); }
Value Value::f64(double F) { return scalar(Kind::F64, std::bit_cast<uint64_t>(F)); }
float Value::asF32() const { return std::bit_cast<float>(uint32_t(Bits)); }
double Value::asF64() const { return std::bit_cast<double>(Bits); }

// ---- Packed lists.

Value Value::elem(size_t I) const {
  if (!packed())
    return Items[I];
  size_t N = packedSize(PackedElem);
  uint64_t Raw = 0;
  std::memcpy(&Raw, Str.data() + I * N, N); // little-endian host
  if (N < 8 && (PackedElem == Kind::S8 || PackedElem == Kind::S16 ||
                PackedElem == Kind::S32)) {
    uint64_t Sign = 1ull << (8 * N - 1);
    Raw = (Raw ^ Sign) - Sign;
  }
  return Value::u(PackedElem, Raw);
}

std::vector<Value> Value::elems() const {
  if (!packed())
    return Items;
  std::vector<Value> Out;
  size_t N = listSize();
  Out.reserve(N);
  for (size_t I = 0; I < N; ++I)
    Out.push_back(elem(I));
  return Out;
}

std::string_view Value::byteView(std::string &Scratch) const {
  if (packed() && packedSize(PackedElem) == 1)
    return Str;
  Scratch.clear();
  Scratch.reserve(Items.size());
  for (const Value &E : Items)
    Scratch.push_back(char(uint8_t(E.Bits)));
  return Scratch;
}

void Value::pack(Kind Elem) {
  if (K != Kind::List || packed() || !isPackable(Elem))
    return;
  for (const Value &E : Items)
    if (E.K != Elem)
      return;
  size_t N = packedSize(Elem);
  std::string Raw(Items.size() * N, '\0');
  for (size_t I = 0; I < Items.size(); ++I)
    std::memcpy(Raw.data() + I * N, &Items[I].Bits, N); // little-endian
  Items.clear();
  Str = std::move(Raw);
  PackedElem = Elem;
}

bool operator==(const Value &A, const Value &B) {
  if (A.K != B.K)
    return false;
  if (A.K == Kind::List && (A.packed() || B.packed())) {
    if (A.PackedElem == B.PackedElem)
      return A.Str == B.Str;
    size_t N = A.listSize();
    if (N != B.listSize())
      return false;
    for (size_t I = 0; I < N; ++I)
      if (!(A.elem(I) == B.elem(I)))
        return false;
    return true;
  }
  return A.Bits == B.Bits && A.Case == B.Case && A.Str == B.Str &&
         A.Items == B.Items && A.FlagWords == B.FlagWords;
}

namespace {

Error valueError(std::string Msg) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, std::move(Msg), {}};
}

bool intInRange(Kind K, uint64_t Bits) {
  switch (K) {
  case Kind::S8: return int64_t(Bits) >= -128 && int64_t(Bits) <= 127;
  case Kind::S16: return int64_t(Bits) >= -32768 && int64_t(Bits) <= 32767;
  case Kind::S32:
    return int64_t(Bits) >= INT32_MIN && int64_t(Bits) <= INT32_MAX;
  case Kind::U8: return Bits <= 0xff;
  case Kind::U16: return Bits <= 0xffff;
  case Kind::U32: return Bits <= 0xffffffffu;
  default: return true;
  }
}

} // namespace

Status checkValue(const Value &V, const Type &T) {
  if (V.K != T.K)
    return valueError(fmt::format("expected a value of type {}",
                                  cabi::witName(T)));
  switch (T.K) {
  case Kind::Bool: if (V.Bits > 1) return valueError("bool out of range"); break;
  case Kind::S8: case Kind::S16: case Kind::S32: case Kind::U8: case Kind::U16:
  case Kind::U32:
    if (!intInRange(T.K, V.Bits))
      return valueError(fmt::format("{} out of range for {}", V.Bits,
                                    cabi::witName(T)));
    break;
  case Kind::Char:
    if (V.Bits >= 0x110000 || (V.Bits >= 0xd800 && V.Bits <= 0xdfff))
      return valueError("invalid char");
    break;
  case Kind::String:
    if (!utf::validUtf8(reinterpret_cast<const uint8_t *>(V.Str.data()),
                        V.Str.size()))
      return valueError("string is not valid UTF-8");
    break;
  case Kind::List:
    if (T.Length && V.listSize() != T.Length)
      return valueError(fmt::format("expected {} elements, got {}", T.Length,
                                    V.listSize()));
    if (V.packed()) {
      if (V.PackedElem != T.Elems[0]->K)
        return valueError(fmt::format("expected a list of {}",
                                      cabi::witName(*T.Elems[0])));
      break;
    }
    for (const Value &E : V.Items)
      WASMAOT_TRY(checkValue(E, *T.Elems[0]));
    break;
  case Kind::Record: case Kind::Tuple:
    if (V.Items.size() != T.Elems.size())
      return valueError(fmt::format("expected {} fields, got {}",
                                    T.Elems.size(), V.Items.size()));
    for (size_t I = 0; I < T.Elems.size(); ++I)
      WASMAOT_TRY(checkValue(V.Items[I], *T.Elems[I]));
    break;
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    if (V.Case >= T.numCases())
      return valueError(fmt::format("case {} out of range for {}", V.Case,
                                    cabi::witName(T)));
    const Type *P = T.casePayload(V.Case);
    if (bool(P) != (V.Items.size() == 1))
      return valueError("case payload does not match its type");
    if (P)
      WASMAOT_TRY(checkValue(V.Items[0], *P));
    break;
  }
  case Kind::Flags:
    for (size_t I = T.Labels.size(); I < V.FlagWords.size() * 32; ++I)
      if (V.flag(I))
        return valueError("flag bit set beyond the type's labels");
    break;
  default: break;
  }
  return {};
}

// ---- Printing.

namespace {

void formatChar(std::string &Out, uint32_t C, char Quote) {
  switch (C) {
  case '\n': Out += "\\n"; return;
  case '\r': Out += "\\r"; return;
  case '\t': Out += "\\t"; return;
  case '\\': Out += "\\\\"; return;
  case '\'': case '"':
    if (char(C) == Quote) {
      Out += '\\';
      Out += Quote;
      return;
    }
    break;
  default: break;
  }
  if (C < 0x20 || C == 0x7f)
    Out += fmt::format("\\u{{{:x}}}", C);
  else
    utf::appendUtf8(Out, C);
}

std::string formatFloat(double D, bool Is32) {
  if (std::isnan(D))
    return "nan";
  if (std::isinf(D))
    return D < 0 ? "-inf" : "inf";
  std::string S = Is32 ? fmt::format("{}", float(D)) : fmt::format("{}", D);
  return S;
}

void format(std::string &Out, const Value &V, const Type &T) {
  switch (T.K) {
  case Kind::Bool: Out += V.Bits ? "true" : "false"; return;
  case Kind::S8: case Kind::S16: case Kind::S32: case Kind::S64:
    Out += std::to_string(V.asS64());
    return;
  case Kind::U8: case Kind::U16: case Kind::U32: case Kind::U64:
    Out += std::to_string(V.asU64());
    return;
  case Kind::F32: Out += formatFloat(V.asF32(), true); return;
  case Kind::F64: Out += formatFloat(V.asF64(), false); return;
  case Kind::Char:
    Out += '\'';
    formatChar(Out, uint32_t(V.Bits), '\'');
    Out += '\'';
    return;
  case Kind::String: {
    Out += '"';
    const uint8_t *P = reinterpret_cast<const uint8_t *>(V.Str.data());
    for (size_t I = 0; I < V.Str.size();) {
      uint32_t C = P[I];
      size_t L = C < 0x80 ? 1 : utf::decodeUtf8(P + I, V.Str.size() - I, C);
      formatChar(Out, L ? C : 0xfffd, '"');
      I += L ? L : 1;
    }
    Out += '"';
    return;
  }
  case Kind::List: case Kind::Tuple: {
    Out += T.K == Kind::List ? '[' : '(';
    size_t N = T.K == Kind::List ? V.listSize() : V.Items.size();
    for (size_t I = 0; I < N; ++I) {
      if (I)
        Out += ", ";
      if (V.packed())
        format(Out, V.elem(I), *T.Elems[0]);
      else
        format(Out, V.Items[I],
               T.K == Kind::List ? *T.Elems[0] : *T.Elems[I]);
    }
    Out += T.K == Kind::List ? ']' : ')';
    return;
  }
  case Kind::Record:
    Out += '{';
    for (size_t I = 0; I < T.Elems.size() && I < V.Items.size(); ++I) {
      Out += I ? ", " : "";
      Out += T.Labels[I] + ": ";
      format(Out, V.Items[I], *T.Elems[I]);
    }
    Out += '}';
    return;
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    static const char *OptLabels[] = {"none", "some"};
    static const char *ResLabels[] = {"ok", "err"};
    Out += T.K == Kind::Option   ? OptLabels[V.Case & 1]
           : T.K == Kind::Result ? ResLabels[V.Case & 1]
                                 : T.Labels[V.Case].c_str();
    if (const Type *P = T.casePayload(V.Case); P && !V.Items.empty()) {
      Out += '(';
      format(Out, V.Items[0], *P);
      Out += ')';
    }
    return;
  }
  case Kind::Flags: {
    Out += '{';
    bool First = true;
    for (size_t I = 0; I < T.Labels.size(); ++I)
      if (V.flag(I)) {
        Out += First ? "" : ", ";
        Out += T.Labels[I];
        First = false;
      }
    Out += '}';
    return;
  }
  case Kind::Own: case Kind::Borrow:
    Out += fmt::format("{}<{}>", T.K == Kind::Own ? "own" : "borrow", V.Bits);
    return;
  }
}

// ---- Parsing.

class Parser {
public:
  explicit Parser(std::string_view S) : S(S) {}

  Expected<Value> value(const Type &T) {
    ws();
    switch (T.K) {
    case Kind::Bool: {
      std::string_view W = word();
      if (W == "true" || W == "false")
        return Value::boolean(W == "true");
      return fail("expected true or false");
    }
    case Kind::S8: case Kind::S16: case Kind::S32: case Kind::S64:
    case Kind::U8: case Kind::U16: case Kind::U32: case Kind::U64:
      return integer(T);
    case Kind::F32: case Kind::F64: return floating(T);
    case Kind::Char: {
      if (!eat('\''))
        return fail("expected a char literal like 'x'");
      uint32_t C;
      if (!character('\'', C))
        return fail("bad char literal");
      if (!eat('\''))
        return fail("expected ' to close the char literal");
      if (C >= 0x110000 || (C >= 0xd800 && C <= 0xdfff))
        return fail("invalid char code point");
      return Value::character(C);
    }
    case Kind::String: {
      if (!eat('"'))
        return fail("expected a string literal like \"text\"");
      std::string Out;
      while (!eat('"')) {
        uint32_t C;
        if (Pos >= S.size() || !character('"', C))
          return fail("unterminated or bad string literal");
        if (C >= 0x110000 || (C >= 0xd800 && C <= 0xdfff))
          return fail("invalid code point in string");
        utf::appendUtf8(Out, C);
      }
      return Value::string(std::move(Out));
    }
    case Kind::List: case Kind::Tuple: {
      bool IsList = T.K == Kind::List;
      if (!eat(IsList ? '[' : '('))
        return fail(IsList ? "expected [" : "expected (");
      std::vector<Value> Items;
      char Close = IsList ? ']' : ')';
      ws();
      while (!eat(Close)) {
        if (!Items.empty() && !eat(','))
          return fail(fmt::format("expected , or {}", Close));
        ws();
        if (eat(Close))
          break;
        if (!IsList && Items.size() >= T.Elems.size())
          return fail("too many tuple elements");
        auto E = value(IsList ? *T.Elems[0] : *T.Elems[Items.size()]);
        if (!E)
          return E.takeError();
        Items.push_back(std::move(*E));
        ws();
      }
      if (!IsList && Items.size() != T.Elems.size())
        return fail(fmt::format("expected {} tuple elements", T.Elems.size()));
      if (IsList && T.Length && Items.size() != T.Length)
        return fail(fmt::format("expected {} list elements", T.Length));
      return IsList ? Value::list(std::move(Items))
                    : Value::tuple(std::move(Items));
    }
    case Kind::Record: {
      if (!eat('{'))
        return fail("expected { for a record");
      std::vector<std::optional<Value>> Fields(T.Elems.size());
      ws();
      bool First = true;
      while (!eat('}')) {
        if (!First && !eat(','))
          return fail("expected , or }");
        First = false;
        ws();
        if (eat('}'))
          break;
        std::string_view L = label();
        size_t I = 0;
        while (I < T.Labels.size() && T.Labels[I] != L)
          ++I;
        if (I == T.Labels.size())
          return fail(fmt::format("record has no field `{}`", L));
        ws();
        if (!eat(':'))
          return fail("expected : after the field name");
        auto F = value(*T.Elems[I]);
        if (!F)
          return F.takeError();
        Fields[I] = std::move(*F);
        ws();
      }
      std::vector<Value> Items;
      for (size_t I = 0; I < Fields.size(); ++I) {
        if (!Fields[I]) {
          if (T.Elems[I]->K != Kind::Option)
            return fail(fmt::format("missing field `{}`", T.Labels[I]));
          Fields[I] = Value::caseOf(Kind::Option, 0);
        }
        Items.push_back(std::move(*Fields[I]));
      }
      return Value::record(std::move(Items));
    }
    case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
      std::string_view L = label();
      uint32_t Case = ~0u;
      if (T.K == Kind::Option)
        Case = L == "none" ? 0 : L == "some" ? 1 : ~0u;
      else if (T.K == Kind::Result)
        Case = L == "ok" ? 0 : L == "err" ? 1 : ~0u;
      else
        for (uint32_t I = 0; I < T.Labels.size(); ++I)
          if (T.Labels[I] == L)
            Case = I;
      if (Case == ~0u)
        return fail(fmt::format("`{}` is not a case of {}", L,
                                cabi::witName(T)));
      std::vector<Value> Payload;
      ws();
      const Type *P = T.casePayload(Case);
      if (eat('(')) {
        if (!P)
          return fail(fmt::format("case `{}` has no payload", L));
        auto V = value(*P);
        if (!V)
          return V.takeError();
        Payload.push_back(std::move(*V));
        ws();
        if (!eat(')'))
          return fail("expected )");
      } else if (P) {
        return fail(fmt::format("case `{}` needs a payload: {}(...)", L, L));
      }
      return Value::caseOf(T.K, Case, std::move(Payload));
    }
    case Kind::Flags: {
      if (!eat('{'))
        return fail("expected { for flags");
      std::vector<uint32_t> Words(T.flagWords());
      ws();
      bool First = true;
      while (!eat('}')) {
        if (!First && !eat(','))
          return fail("expected , or }");
        First = false;
        ws();
        std::string_view L = label();
        size_t I = 0;
        while (I < T.Labels.size() && T.Labels[I] != L)
          ++I;
        if (I == T.Labels.size())
          return fail(fmt::format("no flag `{}`", L));
        Words[I / 32] |= 1u << (I % 32);
        ws();
      }
      return Value::flags(std::move(Words));
    }
    case Kind::Own: case Kind::Borrow:
      return fail("resource handles cannot be written as text");
    }
    return fail("unsupported type");
  }

  Error fail(std::string Msg) const {
    return valueError(fmt::format("at column {}: {}", Pos + 1, Msg));
  }
  void ws() {
    while (Pos < S.size() && (S[Pos] == ' ' || S[Pos] == '\t' ||
                              S[Pos] == '\n' || S[Pos] == '\r'))
      ++Pos;
  }
  bool eat(char C) {
    if (Pos < S.size() && S[Pos] == C) {
      ++Pos;
      return true;
    }
    return false;
  }
  bool atEnd() {
    ws();
    return Pos == S.size();
  }
  size_t pos() const { return Pos; }

private:
  std::string_view word() {
    size_t B = Pos;
    while (Pos < S.size() && (std::isalnum(uint8_t(S[Pos])) || S[Pos] == '-' ||
                              S[Pos] == '_' || S[Pos] == '.' || S[Pos] == '+'))
      ++Pos;
    return S.substr(B, Pos - B);
  }
  std::string_view label() {
    eat('%');
    size_t B = Pos;
    while (Pos < S.size() && (std::isalnum(uint8_t(S[Pos])) || S[Pos] == '-'))
      ++Pos;
    return S.substr(B, Pos - B);
  }
  bool character(char Quote, uint32_t &C) {
    if (Pos >= S.size())
      return false;
    if (S[Pos] == Quote)
      return false;
    if (S[Pos] != '\\') {
      size_t L = utf::decodeUtf8(reinterpret_cast<const uint8_t *>(S.data()) + Pos,
                                 S.size() - Pos, C);
      if (!L)
        return false;
      Pos += L;
      return true;
    }
    if (++Pos >= S.size())
      return false;
    char E = S[Pos++];
    switch (E) {
    case 'n': C = '\n'; return true;
    case 'r': C = '\r'; return true;
    case 't': C = '\t'; return true;
    case '\\': C = '\\'; return true;
    case '\'': C = '\''; return true;
    case '"': C = '"'; return true;
    case 'u': {
      if (!eat('{'))
        return false;
      size_t B = Pos;
      while (Pos < S.size() && std::isxdigit(uint8_t(S[Pos])))
        ++Pos;
      if (Pos == B || Pos - B > 6)
        return false;
      C = uint32_t(std::stoul(std::string(S.substr(B, Pos - B)), nullptr, 16));
      return eat('}');
    }
    default: return false;
    }
  }
  Expected<Value> integer(const Type &T) {
    std::string_view W = word();
    bool Neg = !W.empty() && W[0] == '-';
    std::string_view Digits = Neg || (!W.empty() && W[0] == '+') ? W.substr(1) : W;
    uint64_t Mag = 0;
    auto [P, Ec] = std::from_chars(Digits.data(), Digits.data() + Digits.size(), Mag);
    if (Digits.empty() || Ec != std::errc() || P != Digits.data() + Digits.size())
      return fail(fmt::format("expected an integer of type {}", cabi::witName(T)));
    bool Signed = T.K == Kind::S8 || T.K == Kind::S16 || T.K == Kind::S32 ||
                  T.K == Kind::S64;
    uint64_t Bits;
    if (Neg) {
      if (!Signed || Mag > (1ull << 63))
        return fail(fmt::format("{} out of range for {}", W, cabi::witName(T)));
      Bits = uint64_t(-int64_t(Mag - 1) - 1);
    } else {
      if (Signed && Mag > uint64_t(INT64_MAX))
        return fail(fmt::format("{} out of range for {}", W, cabi::witName(T)));
      Bits = Mag;
    }
    if (!intInRange(T.K, Bits))
      return fail(fmt::format("{} out of range for {}", W, cabi::witName(T)));
    return Value::u(T.K, Bits);
  }
  Expected<Value> floating(const Type &T) {
    std::string W(word());
    double D;
    if (W == "nan")
      D = std::nan("");
    else if (W == "inf" || W == "+inf")
      D = INFINITY;
    else if (W == "-inf")
      D = -INFINITY;
    else {
      char *End = nullptr;
      D = std::strtod(W.c_str(), &End);
      if (W.empty() || *End || W.find_first_of("xXpP") != std::string::npos)
        return fail(fmt::format("expected a number of type {}", cabi::witName(T)));
    }
    return T.K == Kind::F32 ? Value::f32(float(D)) : Value::f64(D);
  }

  std::string_view S;
  size_t Pos = 0;
};

} // namespace

std::string formatValue(const Value &V, const Type &T) {
  std::string Out;
  format(Out, V, T);
  return Out;
}

Expected<Value> parseValue(std::string_view Text, const Type &T) {
  Parser P(Text);
  auto V = P.value(T);
  if (!V)
    return V;
  if (!P.atEnd())
    return P.fail("unexpected text after the value");
  return V;
}

Expected<std::pair<std::string, std::string>> splitCall(std::string_view Text) {
  size_t Open = Text.find('(');
  std::string_view Name = Text.substr(0, Open);
  while (!Name.empty() && Name.back() == ' ')
    Name.remove_suffix(1);
  if (Name.empty())
    return valueError("expected a function name, as in `add(1, 2)`");
  if (Open == std::string_view::npos)
    return std::pair{std::string(Name), std::string()};
  std::string_view Rest = Text.substr(Open + 1);
  while (!Rest.empty() && (Rest.back() == ' ' || Rest.back() == '\n'))
    Rest.remove_suffix(1);
  if (Rest.empty() || Rest.back() != ')')
    return valueError("expected ) at the end of the call");
  Rest.remove_suffix(1);
  return std::pair{std::string(Name), std::string(Rest)};
}

Expected<std::vector<Value>> parseArgs(std::string_view ArgText,
                                       const std::vector<cabi::TypeRef> &Ts) {
  Parser P(ArgText);
  std::vector<Value> Args;
  for (size_t I = 0; I < Ts.size(); ++I) {
    if (I) {
      P.ws();
      if (!P.eat(','))
        return P.fail(fmt::format("expected {} arguments, got {}", Ts.size(), I));
    }
    auto V = P.value(*Ts[I]);
    if (!V)
      return V.takeError();
    Args.push_back(std::move(*V));
  }
  P.ws();
  P.eat(',');
  if (!P.atEnd())
    return P.fail(fmt::format("expected {} arguments", Ts.size()));
  return Args;
}

} // namespace wasmaot::runtime::component
