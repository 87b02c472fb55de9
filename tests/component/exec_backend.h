// The execution backend of wasmaot-component-spec: compiles each component
// of a script with codegen, instantiates it with the runtime, and runs
// assert_return / assert_trap / invoke / `component instance` commands.
// Values are written as the scripts write them: (u32.const 1),
// (str.const "a"), (list.const ...), (record.const (field "a" u32.const 1)),
// (variant.const "case" v?), (enum.const "x"), (flags.const "a" ...),
// (option.some v), (option.none), (result.ok v?), (result.err v?),
// (tuple.const ...), (char.const "c").
//
// A trap passes assert_trap whatever its message (the scripts' messages are
// Wasmtime's); a mismatch reports both messages. Anything the backend
// cannot run is a skip ("skip: why"), never a pass.
#pragma once

#include <cerrno>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/runtime/component/component.h"

namespace wasmaot::testing {

namespace rc = runtime::component;
namespace cabi = frontend::cabi;

/// A minimal s-expression: an atom (symbol, number or string) or a list.
struct SExpr {
  bool IsList = false;
  bool IsString = false;
  std::string Atom;
  std::vector<SExpr> Items;
};

inline bool parseSExpr(const std::string &S, size_t &P, SExpr &Out) {
  auto Ws = [&] {
    while (P < S.size()) {
      if (std::isspace(uint8_t(S[P]))) {
        ++P;
      } else if (S.compare(P, 2, ";;") == 0) {
        while (P < S.size() && S[P] != '\n')
          ++P;
      } else if (S.compare(P, 2, "(;") == 0) {
        size_t E = S.find(";)", P);
        P = E == std::string::npos ? S.size() : E + 2;
      } else {
        break;
      }
    }
  };
  Ws();
  if (P >= S.size())
    return false;
  if (S[P] == '(') {
    ++P;
    Out.IsList = true;
    for (;;) {
      Ws();
      if (P >= S.size())
        return false;
      if (S[P] == ')') {
        ++P;
        return true;
      }
      SExpr E;
      if (!parseSExpr(S, P, E))
        return false;
      Out.Items.push_back(std::move(E));
    }
  }
  if (S[P] == '"') {
    ++P;
    Out.IsString = true;
    while (P < S.size() && S[P] != '"') {
      if (S[P] == '\\' && P + 1 < S.size()) {
        char C = S[++P];
        ++P;
        switch (C) {
        case 'n': Out.Atom += '\n'; break;
        case 't': Out.Atom += '\t'; break;
        case 'r': Out.Atom += '\r'; break;
        case '\\': Out.Atom += '\\'; break;
        case '"': Out.Atom += '"'; break;
        case '\'': Out.Atom += '\''; break;
        case 'u': {
          // \u{XXXX}
          size_t E = S.find('}', P);
          if (S[P] != '{' || E == std::string::npos)
            return false;
          uint32_t Cp = uint32_t(std::stoul(S.substr(P + 1, E - P - 1), nullptr, 16));
          P = E + 1;
          if (Cp < 0x80) {
            Out.Atom += char(Cp);
          } else if (Cp < 0x800) {
            Out.Atom += char(0xc0 | Cp >> 6);
            Out.Atom += char(0x80 | (Cp & 0x3f));
          } else if (Cp < 0x10000) {
            Out.Atom += char(0xe0 | Cp >> 12);
            Out.Atom += char(0x80 | (Cp >> 6 & 0x3f));
            Out.Atom += char(0x80 | (Cp & 0x3f));
          } else {
            Out.Atom += char(0xf0 | Cp >> 18);
            Out.Atom += char(0x80 | (Cp >> 12 & 0x3f));
            Out.Atom += char(0x80 | (Cp >> 6 & 0x3f));
            Out.Atom += char(0x80 | (Cp & 0x3f));
          }
          break;
        }
        default:
          if (std::isxdigit(uint8_t(C)) && P < S.size() &&
              std::isxdigit(uint8_t(S[P]))) {
            Out.Atom += char(std::stoi(std::string{C, S[P]}, nullptr, 16));
            ++P;
          } else {
            return false;
          }
        }
        continue;
      }
      Out.Atom += S[P++];
    }
    ++P;
    return true;
  }
  size_t B = P;
  while (P < S.size() && !std::isspace(uint8_t(S[P])) && S[P] != '(' &&
         S[P] != ')')
    ++P;
  Out.Atom = S.substr(B, P - B);
  return true;
}

/// Builds a Value of type \p T from a `(kind.const ...)` form given as its
/// head and arguments.
inline std::optional<rc::Value> constValue(const std::string &Head,
                                           std::span<const SExpr> Args,
                                           const cabi::Type &T);

inline std::optional<rc::Value> valueOf(const SExpr &E, const cabi::Type &T) {
  if (!E.IsList || E.Items.empty() || E.Items[0].IsList)
    return std::nullopt;
  return constValue(E.Items[0].Atom,
                    std::span<const SExpr>(E.Items).subspan(1), T);
}

inline std::optional<uint64_t> intAtom(const std::string &A) {
  std::string S;
  for (char C : A)
    if (C != '_')
      S += C;
  bool Neg = !S.empty() && S[0] == '-';
  if (Neg || (!S.empty() && S[0] == '+'))
    S = S.substr(1);
  int Base = 10;
  if (S.rfind("0x", 0) == 0) {
    S = S.substr(2);
    Base = 16;
  }
  if (S.empty())
    return std::nullopt;
  char *End = nullptr;
  errno = 0;
  uint64_t V = std::strtoull(S.c_str(), &End, Base);
  if (errno || *End)
    return std::nullopt;
  return Neg ? uint64_t(0) - V : V;
}

inline std::optional<rc::Value> constValue(const std::string &Head,
                                           std::span<const SExpr> Args,
                                           const cabi::Type &T) {
  using cabi::Kind;
  auto One = [&]() -> const SExpr * {
    return Args.size() == 1 ? &Args[0] : nullptr;
  };
  switch (T.K) {
  case Kind::Bool:
    if (Head != "bool.const" || !One())
      return std::nullopt;
    return rc::Value::boolean(Args[0].Atom == "true");
  case Kind::S8: case Kind::S16: case Kind::S32: case Kind::S64:
  case Kind::U8: case Kind::U16: case Kind::U32: case Kind::U64: {
    if (!One())
      return std::nullopt;
    auto V = intAtom(Args[0].Atom);
    if (!V)
      return std::nullopt;
    unsigned Bits = T.Size * 8;
    uint64_t Bv = *V;
    bool Signed = T.K == Kind::S8 || T.K == Kind::S16 || T.K == Kind::S32 ||
                  T.K == Kind::S64;
    if (Bits < 64) {
      Bv &= (1ull << Bits) - 1;
      if (Signed && (Bv >> (Bits - 1)))
        Bv |= ~((1ull << Bits) - 1);
    }
    return rc::Value::u(T.K, Bv);
  }
  case Kind::F32: case Kind::F64: {
    if (!One())
      return std::nullopt;
    const std::string &A = Args[0].Atom;
    double D = A.rfind("nan", 0) == 0 || A.rfind("-nan", 0) == 0 ? NAN
               : A == "inf"                                        ? INFINITY
               : A == "-inf"                                       ? -INFINITY
                                                                   : std::strtod(A.c_str(), nullptr);
    return T.K == Kind::F32 ? rc::Value::f32(float(D)) : rc::Value::f64(D);
  }
  case Kind::Char: {
    if (!One())
      return std::nullopt;
    const std::string &A = Args[0].Atom;
    uint32_t Cp = 0;
    auto *P = reinterpret_cast<const uint8_t *>(A.data());
    if (A.empty())
      return std::nullopt;
    if (P[0] < 0x80)
      Cp = P[0];
    else if ((P[0] & 0xe0) == 0xc0 && A.size() >= 2)
      Cp = (P[0] & 0x1f) << 6 | (P[1] & 0x3f);
    else if ((P[0] & 0xf0) == 0xe0 && A.size() >= 3)
      Cp = (P[0] & 0x0f) << 12 | (P[1] & 0x3f) << 6 | (P[2] & 0x3f);
    else if (A.size() >= 4)
      Cp = (P[0] & 0x07) << 18 | (P[1] & 0x3f) << 12 | (P[2] & 0x3f) << 6 |
           (P[3] & 0x3f);
    return rc::Value::character(Cp);
  }
  case Kind::String:
    if (!One())
      return std::nullopt;
    return rc::Value::string(Args[0].Atom);
  case Kind::List: {
    std::vector<rc::Value> Items;
    for (const SExpr &A : Args) {
      auto V = valueOf(A, *T.Elems[0]);
      if (!V)
        return std::nullopt;
      Items.push_back(std::move(*V));
    }
    return rc::Value::list(std::move(Items));
  }
  case Kind::Tuple: {
    if (Args.size() != T.Elems.size())
      return std::nullopt;
    std::vector<rc::Value> Items;
    for (size_t I = 0; I < Args.size(); ++I) {
      auto V = valueOf(Args[I], *T.Elems[I]);
      if (!V)
        return std::nullopt;
      Items.push_back(std::move(*V));
    }
    return rc::Value::tuple(std::move(Items));
  }
  case Kind::Record: {
    std::vector<std::optional<rc::Value>> Fields(T.Elems.size());
    for (const SExpr &F : Args) {
      // (field "name" kind.const args...)
      if (!F.IsList || F.Items.size() < 3 || F.Items[0].Atom != "field")
        return std::nullopt;
      size_t I = 0;
      while (I < T.Labels.size() && T.Labels[I] != F.Items[1].Atom)
        ++I;
      if (I == T.Labels.size())
        return std::nullopt;
      Fields[I] = constValue(F.Items[2].Atom,
                             std::span<const SExpr>(F.Items).subspan(3),
                             *T.Elems[I]);
      if (!Fields[I])
        return std::nullopt;
    }
    std::vector<rc::Value> Items;
    for (auto &F : Fields) {
      if (!F)
        return std::nullopt;
      Items.push_back(std::move(*F));
    }
    return rc::Value::record(std::move(Items));
  }
  case Kind::Variant: case Kind::Enum: {
    if (Args.empty())
      return std::nullopt;
    uint32_t Case = 0;
    while (Case < T.Labels.size() && T.Labels[Case] != Args[0].Atom)
      ++Case;
    if (Case == T.Labels.size())
      return std::nullopt;
    std::vector<rc::Value> Payload;
    if (const cabi::Type *P = T.casePayload(Case)) {
      if (Args.size() != 2)
        return std::nullopt;
      auto V = valueOf(Args[1], *P);
      if (!V)
        return std::nullopt;
      Payload.push_back(std::move(*V));
    }
    return rc::Value::caseOf(T.K, Case, std::move(Payload));
  }
  case Kind::Option: case Kind::Result: {
    uint32_t Case = Head == "option.none" || Head == "result.ok" ? 0 : 1;
    if (Head != "option.none" && Head != "option.some" && Head != "result.ok" &&
        Head != "result.err")
      return std::nullopt;
    std::vector<rc::Value> Payload;
    if (const cabi::Type *P = T.casePayload(Case)) {
      if (Args.size() != 1)
        return std::nullopt;
      auto V = valueOf(Args[0], *P);
      if (!V)
        return std::nullopt;
      Payload.push_back(std::move(*V));
    }
    return rc::Value::caseOf(T.K, Case, std::move(Payload));
  }
  case Kind::Flags: {
    std::vector<uint32_t> Words(T.flagWords());
    for (const SExpr &A : Args) {
      size_t I = 0;
      while (I < T.Labels.size() && T.Labels[I] != A.Atom)
        ++I;
      if (I == T.Labels.size())
        return std::nullopt;
      Words[I / 32] |= 1u << (I % 32);
    }
    return rc::Value::flags(std::move(Words));
  }
  default:
    return std::nullopt;
  }
}

class ComponentExec {
public:
  ComponentExec() : Engine(), Store(std::make_unique<runtime::Store>(Engine)) {}

  /// A new current component (its bytes); instantiated on first use.
  void setComponent(std::span<const uint8_t> Bytes) {
    Current.assign(Bytes.begin(), Bytes.end());
    Loaded.reset();
    Inst.reset();
    Dyn.reset();
    LoadError.clear();
  }

  /// Differential: every command also runs on a second instance that
  /// always takes the dynamic Canonical ABI path (no compiled adapters);
  /// results, traps and their messages must be the same.
  void setDifferential(bool On) { Differential = On; }
  unsigned compared() const { return Compared; }
  unsigned adapted() const { return Adapted; }
  /// Lowered calls through lower adapters, and lowers without one, over
  /// the adapted instances of the run.
  uint64_t loweredAdapted() const { return LoweredAdapted; }
  size_t lowersNotAdapted() const { return LowersNotAdapted; }

  /// Runs one command; "" on success, "skip: why" when it cannot run.
  std::string execute(const nlohmann::json &Cmd) {
    std::string Type = Cmd.value("type", "");
    std::string Text = Cmd.value("text", "");
    if (Current.empty())
      return "skip: its component is not run (skipped or invalid above)";
    if (Type == "instance") {
      Inst.reset();
      return instantiate();
    }
    size_t P = 0;
    SExpr E;
    if (!parseSExpr(Text, P, E) || !E.IsList || E.Items.empty())
      return "skip: cannot parse the command";
    const std::string &Head = E.Items[0].Atom;
    const SExpr *Invoke = nullptr;
    if (Head == "invoke")
      Invoke = &E;
    else if ((Head == "assert_return" || Head == "assert_trap") &&
             E.Items.size() >= 2 && E.Items[1].IsList &&
             !E.Items[1].Items.empty() && E.Items[1].Items[0].Atom == "invoke")
      Invoke = &E.Items[1];
    else
      return "skip: " + Head + " of this form";
    if (!Inst)
      if (std::string Why = instantiate(); !Why.empty())
        return Why;
    if (Invoke->Items.size() < 2)
      return "skip: invoke without a name";
    std::string Name = Invoke->Items[1].Atom;
    const cabi::FuncType *FT = Loaded->exportType(Name);
    if (!FT)
      return "no export `" + Name + "`";
    std::vector<rc::Value> Args;
    if (Invoke->Items.size() - 2 != FT->Params.size())
      return "argument count does not match the export";
    for (size_t I = 0; I < FT->Params.size(); ++I) {
      auto V = valueOf(Invoke->Items[I + 2], *FT->Params[I]);
      if (!V)
        return "skip: cannot read argument " + std::to_string(I + 1);
      Args.push_back(std::move(*V));
    }
    uint64_t LoweredBefore = Inst->loweredAdapterCalls();
    auto R = Inst->call(Name, Args);
    if (Differential && Dyn) {
      LoweredAdapted += Inst->loweredAdapterCalls() - LoweredBefore;
      Adapted += Inst->usesAdapter(Name);
      ++Compared;
      LowersNotAdapted = std::max(LowersNotAdapted,
                                  Inst->lowersWithoutAdapter());
      auto D = Dyn->call(Name, Args);
      if (std::string Why = divergence(R, D, *FT); !Why.empty())
        return "adapter and dynamic path differ: " + Why;
    }
    if (Head == "assert_trap") {
      if (R.isTrap())
        return "";
      if (R.isError())
        return "expected a trap (" + E.Items[2].Atom + "), got error: " +
               R.error().Message;
      return "expected a trap (" + E.Items[2].Atom + "), got results";
    }
    if (R.isTrap())
      return "trapped: " + R.trap().Message;
    if (R.isError())
      return "error: " + R.error().Message;
    if (Head == "invoke")
      return "";
    size_t NExpected = E.Items.size() - 2;
    if (NExpected != R->size() || NExpected != FT->Results.size())
      return fmt::format("expected {} results, got {}", NExpected, R->size());
    for (size_t I = 0; I < NExpected; ++I) {
      auto Want = valueOf(E.Items[I + 2], *FT->Results[I]);
      if (!Want)
        return "skip: cannot read expected result";
      if (!(*Want == (*R)[I]))
        return fmt::format("result {}: expected {}, got {}", I + 1,
                           rc::formatValue(*Want, *FT->Results[I]),
                           rc::formatValue((*R)[I], *FT->Results[I]));
    }
    return "";
  }

private:
  using Results = runtime::Outcome<std::vector<rc::Value>>;
  static std::string outcomeText(const Results &R, const cabi::FuncType &FT) {
    if (R.isTrap())
      return "trap: " + R.trap().Message;
    if (R.isError())
      return "error: " + R.error().Message;
    std::string S;
    for (size_t I = 0; I < R->size() && I < FT.Results.size(); ++I)
      S += (I ? ", " : "") + rc::formatValue((*R)[I], *FT.Results[I]);
    return "[" + S + "]";
  }
  static std::string divergence(const Results &A, const Results &D,
                                const cabi::FuncType &FT) {
    bool Same = A.isTrap() == D.isTrap() && A.isError() == D.isError() &&
                A.message() == D.message() && (!A.ok() || *A == *D);
    if (Same)
      return "";
    return "adapter " + outcomeText(A, FT) + ", dynamic " + outcomeText(D, FT);
  }

  std::string instantiate() {
    if (!LoadError.empty())
      return LoadError;
    if (!Loaded) {
      auto C = frontend::component::readComponent(Current);
      if (!C)
        return LoadError = "skip: unsupported: " + C.error().Message;
      codegen::CompileOptions CO;
      CO.OptLevel = 1;
      auto Art = codegen::compileComponent(*C, CO);
      if (!Art)
        return LoadError = (Art.error().Kind == ErrorKind::Unsupported
                                ? "skip: unsupported: "
                                : "compile failed: ") +
                           Art.error().Message;
      auto L = rc::Component::loadBytes(Engine, *Art, "component");
      if (!L)
        return LoadError = "load failed: " + L.error().Message;
      Loaded = *L;
    }
    auto I = rc::ComponentInstance::instantiate(*Store, Loaded, Linker);
    if (I.isTrap())
      return "instantiation trapped: " + I.trap().Message;
    if (I.isError())
      return (I.error().Kind == ErrorKind::Link ? "skip: unlinkable: "
                                                : "instantiation failed: ") +
             I.error().Message;
    Inst = std::move(*I);
    if (Differential) {
      auto D = rc::ComponentInstance::instantiate(*Store, Loaded, Linker);
      if (!D.ok())
        return "instantiation failed (dynamic instance): " + D.message();
      Dyn = std::move(*D);
      Dyn->setUseAdapters(false);
    }
    return "";
  }

  runtime::Engine Engine;
  std::unique_ptr<runtime::Store> Store;
  rc::ComponentLinker Linker;
  std::vector<uint8_t> Current;
  std::shared_ptr<rc::Component> Loaded;
  std::unique_ptr<rc::ComponentInstance> Inst;
  std::unique_ptr<rc::ComponentInstance> Dyn; ///< Differential: no adapters
  bool Differential = false;
  unsigned Compared = 0, Adapted = 0;
  uint64_t LoweredAdapted = 0;
  size_t LowersNotAdapted = 0;
  std::string LoadError;
};

} // namespace wasmaot::testing
