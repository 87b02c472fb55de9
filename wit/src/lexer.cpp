// The WIT lexer and source map (WIT.md, "Lexical structure"): whitespace,
// nested block comments, doc comments kept for the next token, `%`-escaped
// identifiers, keywords from tokens.def, numbers/versions and string
// literals. Also renders diagnostics with a caret. Does not parse.
#include <algorithm>
#include <cstring>

#include "wasmaot/wit/syntax.h"

namespace wasmaot::wit {

// ---- source map -----------------------------------------------------------

uint32_t SourceMap::addFile(std::string Name, std::string Text) {
  uint32_t Base = Next;
  // One byte of slack per file so an end-of-file span stays in its file.
  Next += uint32_t(Text.size()) + 1;
  Files.push_back(File{std::move(Name), std::move(Text), Base});
  return Base;
}

const SourceMap::File &SourceMap::fileAt(uint32_t Offset) const {
  assert(!Files.empty());
  auto It = std::upper_bound(
      Files.begin(), Files.end(), Offset,
      [](uint32_t O, const File &F) { return O < F.Base; });
  return *(It == Files.begin() ? It : It - 1);
}

std::string SourceMap::render(Span S, std::string_view Msg) const {
  if (Files.empty())
    return fmt::format("error: {}", Msg);
  const File &F = fileAt(S.Start);
  size_t Off = std::min<size_t>(S.Start - F.Base, F.Text.size());
  size_t LineStart = F.Text.rfind('\n', Off == 0 ? std::string::npos : Off - 1);
  LineStart = (LineStart == std::string::npos || Off == 0) ? 0 : LineStart + 1;
  if (Off > 0 && F.Text[Off - 1] == '\n')
    LineStart = Off;
  size_t LineEnd = F.Text.find('\n', Off);
  if (LineEnd == std::string::npos)
    LineEnd = F.Text.size();
  unsigned Line = 1 + unsigned(std::count(F.Text.begin(),
                                          F.Text.begin() + LineStart, '\n'));
  std::string Src = F.Text.substr(LineStart, LineEnd - LineStart);
  if (!Src.empty() && Src.back() == '\r')
    Src.pop_back();
  // Columns count characters, not UTF-8 continuation bytes; tabs stay tabs
  // in the caret line so it lines up in a terminal.
  std::string Pad;
  unsigned Col = 1;
  for (size_t I = LineStart; I < Off; ++I) {
    unsigned char C = F.Text[I];
    if ((C & 0xC0) == 0x80)
      continue;
    ++Col;
    Pad += C == '\t' ? '\t' : ' ';
  }
  size_t Len = S.End > S.Start ? S.End - S.Start : 1;
  Len = std::max<size_t>(1, std::min(Len, LineEnd > Off ? LineEnd - Off : 1));
  return fmt::format("{}:{}:{}: error: {}\n    {}\n    {}^{}", F.Name, Line,
                     Col, Msg, Src, Pad, std::string(Len - 1, '~'));
}

Error SourceMap::error(ErrorKind K, Span S, std::string_view Msg) const {
  return Error{K, Error::kNoOffset, render(S, Msg), {}};
}

// ---- tokens ---------------------------------------------------------------

const char *tokText(Tok T) {
  switch (T) {
#define WIT_TOKEN(Name, Text)                                                  \
  case Tok::Name:                                                              \
    return Text;
#include "wasmaot/wit/tokens.def"
#undef WIT_TOKEN
  }
  return "?";
}

namespace {

bool isLetter(char C) {
  return (C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z');
}
bool isDigit(char C) { return C >= '0' && C <= '9'; }
bool isIdChar(char C) { return isLetter(C) || isDigit(C) || C == '-'; }

std::optional<Tok> keyword(std::string_view S) {
  static constexpr struct {
    Tok T;
    const char *Text;
  } Table[] = {
#define WIT_TOKEN(Name, Text) {Tok::Name, Text},
#include "wasmaot/wit/tokens.def"
#undef WIT_TOKEN
  };
  for (const auto &Row : Table)
    if (Row.T >= Tok::KwAs && S == Row.Text)
      return Row.T;
  return std::nullopt;
}

class Lexer {
public:
  Lexer(const SourceMap &SM, const SourceMap::File &F)
      : SM(SM), Text(F.Text), Base(F.Base) {}

  Expected<std::vector<Token>> run() {
    if (auto S = checkText(); !S)
      return S.takeError();
    std::vector<Token> Out;
    std::string Docs;
    while (true) {
      bool Space = false;
      if (auto S = skipTrivia(Docs, Space); !S)
        return S.takeError();
      Token T;
      T.SpaceBefore = Space;
      T.Docs = std::move(Docs);
      Docs.clear();
      size_t Start = Pos;
      if (Pos >= Text.size()) {
        T.Kind = Tok::Eof;
        T.Sp = span(Start, Start);
        Out.push_back(std::move(T));
        return Out;
      }
      if (auto S = next(T); !S)
        return S.takeError();
      T.Sp = span(Start, Pos);
      Out.push_back(std::move(T));
    }
  }

private:
  Span span(size_t A, size_t B) const {
    return {Base + uint32_t(A), Base + uint32_t(B)};
  }
  Error err(size_t A, size_t B, std::string_view Msg) const {
    return SM.error(ErrorKind::Malformed, span(A, B), Msg);
  }

  /// WIT.md: UTF-8, no control codes other than \n \r \t, no bidirectional
  /// override characters.
  Status checkText() const {
    for (size_t I = 0; I < Text.size();) {
      unsigned char C = Text[I];
      if (C < 0x80) {
        if ((C < 0x20 && C != '\n' && C != '\r' && C != '\t') || C == 0x7f)
          return err(I, I + 1, fmt::format("control character U+{:04X} is "
                                           "not allowed in WIT", unsigned(C)));
        ++I;
        continue;
      }
      unsigned Len = C >= 0xF0 ? 4 : C >= 0xE0 ? 3 : C >= 0xC2 ? 2 : 0;
      if (Len == 0 || C > 0xF4 || I + Len > Text.size())
        return err(I, I + 1, "invalid UTF-8");
      uint32_t Cp = C & (0x7F >> Len);
      for (unsigned K = 1; K < Len; ++K) {
        unsigned char D = Text[I + K];
        if ((D & 0xC0) != 0x80)
          return err(I, I + 1, "invalid UTF-8");
        Cp = (Cp << 6) | (D & 0x3F);
      }
      if ((Len == 3 && Cp < 0x800) || (Len == 4 && Cp < 0x10000) ||
          Cp > 0x10FFFF || (Cp >= 0xD800 && Cp <= 0xDFFF))
        return err(I, I + Len, "invalid UTF-8");
      if ((Cp >= 0x202A && Cp <= 0x202E) || (Cp >= 0x2066 && Cp <= 0x2069) ||
          (Cp >= 0x80 && Cp < 0xA0))
        return err(I, I + Len,
                   fmt::format("character U+{:04X} (a control or bidirectional "
                               "override character) is not allowed in WIT",
                               Cp));
      I += Len;
    }
    return {};
  }

  static std::string trimDocLine(std::string_view L, bool StripOneSpace) {
    if (StripOneSpace) {
      if (!L.empty() && L[0] == ' ')
        L.remove_prefix(1);
    } else {
      while (!L.empty() && (L[0] == ' ' || L[0] == '\t'))
        L.remove_prefix(1);
    }
    while (!L.empty() && (L.back() == '\r' || L.back() == ' ' ||
                          L.back() == '\t'))
      L.remove_suffix(1);
    return std::string(L);
  }

  static void addDoc(std::string &Docs, const std::string &Line) {
    if (!Docs.empty())
      Docs += '\n';
    Docs += Line;
  }

  Status skipTrivia(std::string &Docs, bool &Space) {
    while (Pos < Text.size()) {
      char C = Text[Pos];
      if (C == ' ' || C == '\t' || C == '\n' || C == '\r') {
        ++Pos;
        Space = true;
        continue;
      }
      if (Text.compare(Pos, 2, "//") == 0) {
        size_t End = Text.find('\n', Pos);
        if (End == std::string::npos)
          End = Text.size();
        std::string_view Body(Text.data() + Pos, End - Pos);
        if (Body.size() >= 3 && Body[2] == '/' &&
            (Body.size() == 3 || Body[3] != '/'))
          addDoc(Docs, trimDocLine(Body.substr(3), true));
        Pos = End;
        Space = true;
        continue;
      }
      if (Text.compare(Pos, 2, "/*") == 0) {
        size_t Start = Pos;
        bool Doc = Text.compare(Pos, 3, "/**") == 0 &&
                   Text.compare(Pos, 4, "/**/") != 0 &&
                   Text.compare(Pos, 4, "/***") != 0;
        unsigned Depth = 0;
        do {
          if (Text.compare(Pos, 2, "/*") == 0) {
            ++Depth;
            Pos += 2;
          } else if (Text.compare(Pos, 2, "*/") == 0) {
            --Depth;
            Pos += 2;
          } else {
            ++Pos;
          }
        } while (Depth > 0 && Pos < Text.size());
        if (Depth > 0)
          return err(Start, Start + 2, "unterminated block comment");
        if (Doc) {
          std::string_view Body(Text.data() + Start + 3, Pos - Start - 5);
          std::vector<std::string> Lines;
          size_t B = 0;
          while (B <= Body.size()) {
            size_t E = Body.find('\n', B);
            if (E == std::string_view::npos)
              E = Body.size();
            Lines.push_back(trimDocLine(Body.substr(B, E - B), false));
            B = E + 1;
          }
          while (!Lines.empty() && Lines.front().empty())
            Lines.erase(Lines.begin());
          while (!Lines.empty() && Lines.back().empty())
            Lines.pop_back();
          for (auto &L : Lines)
            addDoc(Docs, L);
        }
        Space = true;
        continue;
      }
      break;
    }
    return {};
  }

  Status next(Token &T) {
    size_t Start = Pos;
    char C = Text[Pos];
    auto One = [&](Tok K) {
      T.Kind = K;
      ++Pos;
      return Status{};
    };
    switch (C) {
    case '=': return One(Tok::Equals);
    case ',': return One(Tok::Comma);
    case ':': return One(Tok::Colon);
    case ';': return One(Tok::Semicolon);
    case '(': return One(Tok::LParen);
    case ')': return One(Tok::RParen);
    case '{': return One(Tok::LBrace);
    case '}': return One(Tok::RBrace);
    case '<': return One(Tok::Less);
    case '>': return One(Tok::Greater);
    case '*': return One(Tok::Star);
    case '/': return One(Tok::Slash);
    case '.': return One(Tok::Dot);
    case '@': return One(Tok::At);
    case '"': return string(T);
    case '-':
      if (Pos + 1 < Text.size() && Text[Pos + 1] == '>') {
        Pos += 2;
        T.Kind = Tok::Arrow;
        return {};
      }
      break;
    case '_':
      if (Pos + 1 >= Text.size() || !isIdChar(Text[Pos + 1]))
        return One(Tok::Underscore);
      break;
    default:
      break;
    }
    if (isDigit(C)) {
      // Integers and semver versions (`0.2.0-rc-2023-11-10+build`); the
      // parser validates which one it expected. A trailing `.` belongs to
      // the next token (`@1.0.0.{name}`).
      while (Pos < Text.size() &&
             (isIdChar(Text[Pos]) || Text[Pos] == '.' || Text[Pos] == '+'))
        ++Pos;
      while (Text[Pos - 1] == '.')
        --Pos;
      T.Kind = Tok::Number;
      T.Text = Text.substr(Start, Pos - Start);
      return {};
    }
    bool Explicit = C == '%';
    if (Explicit)
      ++Pos;
    size_t IdStart = Pos;
    while (Pos < Text.size() && isIdChar(Text[Pos]))
      ++Pos;
    if (Pos == IdStart) {
      if (Explicit)
        return err(Start, Start + 1, "expected an identifier after `%`");
      unsigned char U = Text[Pos];
      size_t Len = U < 0x80 ? 1 : U >= 0xF0 ? 4 : U >= 0xE0 ? 3 : 2;
      return err(Start, Start + Len,
                 fmt::format("unexpected character `{}`",
                             Text.substr(Start, Len)));
    }
    T.Text = Text.substr(IdStart, Pos - IdStart);
    if (!isValidIdent(T.Text))
      return err(Start, Pos,
                 fmt::format("`{}` is not a valid WIT identifier (kebab-case "
                             "words, each starting with a letter and all "
                             "lower- or all upper-case)", T.Text));
    if (Explicit) {
      T.Kind = Tok::ExplicitId;
      return {};
    }
    T.Kind = keyword(T.Text).value_or(Tok::Id);
    return {};
  }

  Status string(Token &T) {
    size_t Start = Pos++;
    std::string Out;
    while (true) {
      if (Pos >= Text.size() || Text[Pos] == '\n')
        return err(Start, Pos, "unterminated string literal");
      char C = Text[Pos++];
      if (C == '"')
        break;
      if (C != '\\') {
        Out += C;
        continue;
      }
      if (Pos >= Text.size())
        return err(Start, Pos, "unterminated string literal");
      char E = Text[Pos++];
      switch (E) {
      case 't': Out += '\t'; continue;
      case 'n': Out += '\n'; continue;
      case 'r': Out += '\r'; continue;
      case '"': Out += '"'; continue;
      case '\'': Out += '\''; continue;
      case '\\': Out += '\\'; continue;
      default: break;
      }
      if (E == 'u' && Pos < Text.size() && Text[Pos] == '{') {
        size_t Close = Text.find('}', Pos);
        if (Close == std::string::npos || Close == Pos + 1 || Close > Pos + 7)
          return err(Pos - 2, Pos, "malformed `\\u{...}` escape");
        uint32_t Cp = 0;
        for (size_t I = Pos + 1; I < Close; ++I) {
          char H = Text[I];
          int V = isDigit(H) ? H - '0'
                  : (H >= 'a' && H <= 'f') ? H - 'a' + 10
                  : (H >= 'A' && H <= 'F') ? H - 'A' + 10 : -1;
          if (V < 0)
            return err(Pos - 2, Close + 1, "malformed `\\u{...}` escape");
          Cp = Cp * 16 + uint32_t(V);
        }
        if (Cp > 0x10FFFF || (Cp >= 0xD800 && Cp <= 0xDFFF))
          return err(Pos - 2, Close + 1, "escape is not a Unicode scalar");
        appendUtf8(Out, Cp);
        Pos = Close + 1;
        continue;
      }
      return err(Pos - 2, Pos, "unknown escape in string literal");
    }
    T.Kind = Tok::String;
    T.Text = std::move(Out);
    return {};
  }

  static void appendUtf8(std::string &S, uint32_t Cp) {
    if (Cp < 0x80) {
      S += char(Cp);
    } else if (Cp < 0x800) {
      S += char(0xC0 | (Cp >> 6));
      S += char(0x80 | (Cp & 0x3F));
    } else if (Cp < 0x10000) {
      S += char(0xE0 | (Cp >> 12));
      S += char(0x80 | ((Cp >> 6) & 0x3F));
      S += char(0x80 | (Cp & 0x3F));
    } else {
      S += char(0xF0 | (Cp >> 18));
      S += char(0x80 | ((Cp >> 12) & 0x3F));
      S += char(0x80 | ((Cp >> 6) & 0x3F));
      S += char(0x80 | (Cp & 0x3F));
    }
  }

  const SourceMap &SM;
  const std::string &Text;
  uint32_t Base;
  size_t Pos = 0;
};

} // namespace

bool isValidIdent(std::string_view S) {
  if (S.empty())
    return false;
  size_t B = 0;
  while (true) {
    size_t E = S.find('-', B);
    if (E == std::string_view::npos)
      E = S.size();
    std::string_view W = S.substr(B, E - B);
    if (W.empty() || !isLetter(W[0]))
      return false;
    bool Lower = false, Upper = false;
    for (char C : W) {
      if (C >= 'a' && C <= 'z')
        Lower = true;
      else if (C >= 'A' && C <= 'Z')
        Upper = true;
      else if (!isDigit(C))
        return false;
    }
    if (Lower && Upper)
      return false;
    if (E == S.size())
      return true;
    B = E + 1;
  }
}

bool isKeyword(std::string_view S) { return keyword(S).has_value(); }

Expected<std::vector<Token>> lex(const SourceMap &SM,
                                 const SourceMap::File &F) {
  return Lexer(SM, F).run();
}

} // namespace wasmaot::wit
