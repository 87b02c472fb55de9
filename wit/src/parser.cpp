// The WIT parser (WIT.md, "Top-level items" onwards): tokens of one file to
// a syntax tree (syntax.h) — packages, nested package blocks, top-level use,
// interfaces, worlds, types, functions, resources and feature gates. Checks
// only syntax; names are resolved by resolve.cpp.
#include "wasmaot/wit/syntax.h"

namespace wasmaot::wit {

namespace {

/// Deep nesting of types is bounded so hostile input cannot exhaust the
/// stack (list<list<list<...>>>).
constexpr unsigned kMaxTypeDepth = 100;

class Parser {
public:
  Parser(const SourceMap &SM, std::vector<Token> Toks)
      : SM(SM), Toks(std::move(Toks)) {}

  Expected<FileAst> file() {
    FileAst F;
    F.Root.Docs = peekDocs();
    if (at(Tok::KwPackage)) {
      size_t Save = I;
      PackageNameAst Name;
      ++I;
      WASMAOT_TRY(packageName(Name));
      if (at(Tok::LBrace)) {
        I = Save; // a nested package block, not the file's package line
      } else {
        WASMAOT_TRY(expect(Tok::Semicolon));
        F.Root.Name = std::move(Name);
      }
    }
    if (!F.Root.Name)
      F.Root.Docs.clear();
    while (!at(Tok::Eof)) {
      if (at(Tok::KwPackage)) {
        PackageAst P;
        P.Nested = true;
        P.Docs = peekDocs();
        ++I;
        PackageNameAst Name;
        WASMAOT_TRY(packageName(Name));
        P.Name = std::move(Name);
        WASMAOT_TRY(expect(Tok::LBrace));
        while (!at(Tok::RBrace)) {
          if (at(Tok::Eof))
            return unexpected("`}`");
          WASMAOT_TRY(topItem(P.Items));
        }
        ++I;
        F.Nested.push_back(std::move(P));
        continue;
      }
      WASMAOT_TRY(topItem(F.Root.Items));
    }
    return F;
  }

private:
  // ---- token helpers ------------------------------------------------------
  const Token &cur() const { return Toks[I]; }
  bool at(Tok K) const { return Toks[I].Kind == K; }
  bool atId() const { return at(Tok::Id) || at(Tok::ExplicitId); }
  std::string peekDocs() const { return Toks[I].Docs; }
  Span spanFrom(const Span &S) const {
    return {S.Start, Toks[I > 0 ? I - 1 : 0].Sp.End};
  }

  Error unexpected(std::string_view Expected) const {
    const Token &T = cur();
    std::string Found =
        T.Kind == Tok::Eof ? "end of file"
        : (T.Kind == Tok::Id || T.Kind == Tok::ExplicitId)
            ? fmt::format("identifier `{}`", T.Text)
        : T.Kind == Tok::Number ? fmt::format("`{}`", T.Text)
        : T.Kind == Tok::String ? "a string literal"
                                : fmt::format("`{}`", tokText(T.Kind));
    if (T.Kind >= Tok::KwAs && Expected.find("identifier") != Expected.npos)
      return SM.error(ErrorKind::Malformed, T.Sp,
                      fmt::format("expected {}, found keyword `{}` (write "
                                  "`%{}` to use it as a name)",
                                  Expected, T.Text, T.Text));
    return SM.error(ErrorKind::Malformed, T.Sp,
                    fmt::format("expected {}, found {}", Expected, Found));
  }
  Status expect(Tok K) {
    if (!at(K))
      return unexpected(fmt::format("`{}`", tokText(K)));
    ++I;
    return {};
  }
  bool eat(Tok K) {
    if (!at(K))
      return false;
    ++I;
    return true;
  }
  Status ident(Ident &Out) {
    if (!atId())
      return unexpected("an identifier");
    Out.Name = cur().Text;
    Out.Sp = cur().Sp;
    ++I;
    return {};
  }

  // ---- names and versions -------------------------------------------------
  static bool validSemverPart(std::string_view S, bool Numeric) {
    if (S.empty())
      return false;
    for (char C : S)
      if (!((C >= '0' && C <= '9') ||
            (!Numeric && ((C >= 'a' && C <= 'z') || (C >= 'A' && C <= 'Z') ||
                          C == '-'))))
        return false;
    if (Numeric && S.size() > 1 && S[0] == '0')
      return false;
    return true;
  }
  static bool validSemver(std::string_view V) {
    size_t Plus = V.find('+');
    std::string_view Build =
        Plus == V.npos ? std::string_view() : V.substr(Plus + 1);
    if (Plus != V.npos) {
      V = V.substr(0, Plus);
      if (Build.empty())
        return false;
    }
    size_t Dash = V.find('-');
    std::string_view Pre =
        Dash == V.npos ? std::string_view() : V.substr(Dash + 1);
    if (Dash != V.npos) {
      V = V.substr(0, Dash);
      if (Pre.empty())
        return false;
    }
    auto Parts = [](std::string_view S, bool Numeric, int Count) {
      int N = 0;
      size_t B = 0;
      while (true) {
        size_t E = S.find('.', B);
        std::string_view P =
            S.substr(B, E == S.npos ? std::string_view::npos : E - B);
        bool AllDigits = !P.empty() && P.find_first_not_of("0123456789") ==
                                            std::string_view::npos;
        if (!validSemverPart(P, Numeric || AllDigits))
          return false;
        ++N;
        if (E == S.npos)
          break;
        B = E + 1;
      }
      return Count < 0 || N == Count;
    };
    return Parts(V, true, 3) && (Pre.empty() || Parts(Pre, false, -1)) &&
           (Build.empty() || [&] {
             for (char C : Build)
               if (!(isalnum(static_cast<unsigned char>(C)) || C == '-' ||
                     C == '.'))
                 return false;
             return Build.front() != '.' && Build.back() != '.';
           }());
  }
  Status version(std::string &Out) {
    if (!at(Tok::Number))
      return unexpected("a semver version like `1.2.3`");
    if (!validSemver(cur().Text))
      return SM.error(ErrorKind::Malformed, cur().Sp,
                      fmt::format("`{}` is not a valid semver version",
                                  cur().Text));
    Out = cur().Text;
    ++I;
    return {};
  }
  Status packageName(PackageNameAst &P) {
    Span S = cur().Sp;
    WASMAOT_TRY(ident(P.Ns));
    WASMAOT_TRY(expect(Tok::Colon));
    WASMAOT_TRY(ident(P.Name));
    if (at(Tok::Colon))
      return SM.error(ErrorKind::Unsupported, cur().Sp,
                      "nested namespaces (`a:b:c`) are not supported");
    if (eat(Tok::At))
      WASMAOT_TRY(version(P.Version));
    P.Sp = spanFrom(S);
    return {};
  }
  /// `id` or `ns:pkg/id@ver`.
  Status usePath(UsePath &U) {
    Span S = cur().Sp;
    Ident First;
    WASMAOT_TRY(ident(First));
    if (!at(Tok::Colon)) {
      U.Name = std::move(First);
      U.Sp = spanFrom(S);
      return {};
    }
    ++I;
    PackageNameAst P;
    P.Ns = std::move(First);
    WASMAOT_TRY(ident(P.Name));
    if (at(Tok::Colon))
      return SM.error(ErrorKind::Unsupported, cur().Sp,
                      "nested namespaces (`a:b:c`) are not supported");
    WASMAOT_TRY(expect(Tok::Slash));
    WASMAOT_TRY(ident(U.Name));
    if (at(Tok::Slash))
      return SM.error(ErrorKind::Unsupported, cur().Sp,
                      "nested packages (`a:b/c/d`) are not supported");
    if (eat(Tok::At))
      WASMAOT_TRY(version(P.Version));
    P.Sp = spanFrom(S);
    U.Pkg = std::move(P);
    U.Sp = spanFrom(S);
    return {};
  }

  // ---- gates --------------------------------------------------------------
  Status attrs(Attrs &A) {
    A.Sp = cur().Sp;
    while (at(Tok::At)) {
      ++I;
      Ident Name;
      WASMAOT_TRY(ident(Name));
      WASMAOT_TRY(expect(Tok::LParen));
      if (Name.Name == "external-id") {
        if (!at(Tok::String))
          return unexpected("a string literal");
        A.ExternalId = cur().Text;
        ++I;
      } else if (Name.Name == "since" || Name.Name == "deprecated" ||
                 Name.Name == "unstable") {
        bool IsFeature = Name.Name == "unstable";
        Ident Field;
        WASMAOT_TRY(ident(Field));
        if (Field.Name != (IsFeature ? "feature" : "version"))
          return SM.error(ErrorKind::Malformed, Field.Sp,
                          fmt::format("expected `{}` in `@{}(...)`",
                                      IsFeature ? "feature" : "version",
                                      Name.Name));
        WASMAOT_TRY(expect(Tok::Equals));
        std::string &Slot = Name.Name == "since"        ? A.Since
                            : Name.Name == "deprecated" ? A.Deprecated
                                                        : A.Feature;
        if (!Slot.empty())
          return SM.error(ErrorKind::Malformed, Name.Sp,
                          fmt::format("duplicate `@{}`", Name.Name));
        if (IsFeature) {
          Ident F;
          WASMAOT_TRY(ident(F));
          Slot = F.Name;
        } else {
          WASMAOT_TRY(version(Slot));
        }
      } else {
        return SM.error(ErrorKind::Malformed, Name.Sp,
                        fmt::format("unknown annotation `@{}` (expected "
                                    "@since, @unstable, @deprecated or "
                                    "@external-id)", Name.Name));
      }
      WASMAOT_TRY(expect(Tok::RParen));
    }
    if (!A.Since.empty() && !A.Feature.empty())
      return SM.error(ErrorKind::Malformed, A.Sp,
                      "an item may have `@since` or `@unstable`, not both");
    A.Sp = spanFrom(A.Sp);
    return {};
  }

  // ---- top level ----------------------------------------------------------
  Status topItem(std::vector<TopItem> &Out) {
    std::string Docs = peekDocs();
    Attrs A;
    WASMAOT_TRY(attrs(A));
    if (at(Tok::KwUse)) {
      if (!A.empty())
        return SM.error(ErrorKind::Malformed, A.Sp,
                        "a top-level `use` cannot be gated");
      TopUse U;
      U.Sp = cur().Sp;
      ++I;
      WASMAOT_TRY(usePath(U.Path));
      if (eat(Tok::KwAs)) {
        Ident As;
        WASMAOT_TRY(ident(As));
        U.As = std::move(As);
      }
      WASMAOT_TRY(expect(Tok::Semicolon));
      U.Sp = spanFrom(U.Sp);
      Out.push_back(std::move(U));
      return {};
    }
    if (eat(Tok::KwInterface)) {
      InterfaceAst IA;
      IA.At = std::move(A);
      IA.Docs = std::move(Docs);
      WASMAOT_TRY(ident(IA.Name));
      WASMAOT_TRY(interfaceBody(IA.Items));
      Out.push_back(std::move(IA));
      return {};
    }
    if (eat(Tok::KwWorld)) {
      WorldAst W;
      W.At = std::move(A);
      W.Docs = std::move(Docs);
      WASMAOT_TRY(ident(W.Name));
      WASMAOT_TRY(worldBody(W.Items));
      Out.push_back(std::move(W));
      return {};
    }
    if (at(Tok::KwPackage))
      return SM.error(ErrorKind::Malformed, cur().Sp,
                      "`package ...;` must come first in a file, before any "
                      "other item");
    return unexpected("`interface`, `world`, `use` or `package`");
  }

  Status interfaceBody(std::vector<InterfaceMember> &Items) {
    WASMAOT_TRY(expect(Tok::LBrace));
    while (!eat(Tok::RBrace)) {
      if (at(Tok::Eof))
        return unexpected("`}`");
      std::string Docs = peekDocs();
      Attrs A;
      WASMAOT_TRY(attrs(A));
      if (at(Tok::KwUse)) {
        UseItem U;
        WASMAOT_TRY(useItem(U));
        U.At = std::move(A);
        U.Docs = std::move(Docs);
        Items.push_back(std::move(U));
      } else if (auto K = typeDefKind()) {
        TypeDefItem T{*K, std::move(A), std::move(Docs), {}, {}, {}, {}};
        WASMAOT_TRY(typeDef(T));
        Items.push_back(std::move(T));
      } else {
        FuncItem F{std::move(A), std::move(Docs), {}, {}};
        WASMAOT_TRY(ident(F.Name));
        WASMAOT_TRY(expect(Tok::Colon));
        WASMAOT_TRY(funcType(F.Ty));
        WASMAOT_TRY(expect(Tok::Semicolon));
        Items.push_back(std::move(F));
      }
    }
    return {};
  }

  std::optional<TypeDefItem::Kind> typeDefKind() const {
    switch (cur().Kind) {
    case Tok::KwType: return TypeDefItem::Alias;
    case Tok::KwRecord: return TypeDefItem::Record;
    case Tok::KwVariant: return TypeDefItem::Variant;
    case Tok::KwEnum: return TypeDefItem::Enum;
    case Tok::KwFlags: return TypeDefItem::Flags;
    case Tok::KwResource: return TypeDefItem::Resource;
    default: return std::nullopt;
    }
  }

  Status useItem(UseItem &U) {
    U.Sp = cur().Sp;
    WASMAOT_TRY(expect(Tok::KwUse));
    WASMAOT_TRY(usePath(U.From));
    WASMAOT_TRY(expect(Tok::Dot));
    WASMAOT_TRY(expect(Tok::LBrace));
    do {
      if (at(Tok::RBrace) && !U.Names.empty())
        break;
      UseItem::Name N;
      WASMAOT_TRY(ident(N.Id));
      if (eat(Tok::KwAs)) {
        Ident As;
        WASMAOT_TRY(ident(As));
        N.As = std::move(As);
      }
      U.Names.push_back(std::move(N));
    } while (eat(Tok::Comma));
    WASMAOT_TRY(expect(Tok::RBrace));
    WASMAOT_TRY(expect(Tok::Semicolon));
    U.Sp = spanFrom(U.Sp);
    return {};
  }

  /// `{ a, b(ty), }` for variants/enums/flags and `{ a: ty, }` for records:
  /// at least one entry (WIT.md grammar), trailing comma allowed.
  Status cases(TypeDefItem &T) {
    WASMAOT_TRY(expect(Tok::LBrace));
    while (!at(Tok::RBrace)) {
      CaseAst C;
      C.Docs = peekDocs();
      WASMAOT_TRY(ident(C.Name));
      if (T.K == TypeDefItem::Record) {
        WASMAOT_TRY(expect(Tok::Colon));
        TypeExpr Ty;
        WASMAOT_TRY(type(Ty, 0));
        C.Ty = std::move(Ty);
      } else if (T.K == TypeDefItem::Variant && eat(Tok::LParen)) {
        TypeExpr Ty;
        WASMAOT_TRY(type(Ty, 0));
        C.Ty = std::move(Ty);
        WASMAOT_TRY(expect(Tok::RParen));
      }
      T.Cases.push_back(std::move(C));
      if (!eat(Tok::Comma))
        break;
    }
    if (T.Cases.empty() && T.K != TypeDefItem::Record &&
        T.K != TypeDefItem::Flags)
      return unexpected("at least one case");
    return expect(Tok::RBrace);
  }

  Status typeDef(TypeDefItem &T) {
    ++I; // the keyword
    WASMAOT_TRY(ident(T.Name));
    switch (T.K) {
    case TypeDefItem::Alias:
      WASMAOT_TRY(expect(Tok::Equals));
      WASMAOT_TRY(type(T.AliasTy, 0));
      return expect(Tok::Semicolon);
    case TypeDefItem::Resource:
      if (eat(Tok::Semicolon))
        return {};
      WASMAOT_TRY(expect(Tok::LBrace));
      while (!eat(Tok::RBrace)) {
        if (at(Tok::Eof))
          return unexpected("`}`");
        ResourceFunc F;
        F.Docs = peekDocs();
        WASMAOT_TRY(attrs(F.At));
        if (at(Tok::KwConstructor)) {
          F.K = ResourceFunc::Constructor;
          F.Name = Ident{"constructor", cur().Sp};
          ++I;
          WASMAOT_TRY(paramsAndResult(F.Ty));
        } else {
          WASMAOT_TRY(ident(F.Name));
          WASMAOT_TRY(expect(Tok::Colon));
          if (eat(Tok::KwStatic))
            F.K = ResourceFunc::Static;
          WASMAOT_TRY(funcType(F.Ty));
        }
        WASMAOT_TRY(expect(Tok::Semicolon));
        T.Funcs.push_back(std::move(F));
      }
      // `resource r {}` and `resource r;` are the same resource.
      return {};
    default:
      return cases(T);
    }
  }

  Status funcType(FuncTypeAst &F) {
    F.Sp = cur().Sp;
    if (eat(Tok::KwAsync))
      F.Async = true;
    WASMAOT_TRY(expect(Tok::KwFunc));
    return paramsAndResult(F);
  }

  Status paramsAndResult(FuncTypeAst &F) {
    if (!F.Async && F.Sp.Start == 0 && F.Sp.End == 0)
      F.Sp = cur().Sp;
    WASMAOT_TRY(expect(Tok::LParen));
    while (!at(Tok::RParen)) {
      NamedType P;
      WASMAOT_TRY(ident(P.Name));
      WASMAOT_TRY(expect(Tok::Colon));
      WASMAOT_TRY(type(P.Ty, 0));
      F.Params.push_back(std::move(P));
      if (!eat(Tok::Comma))
        break;
    }
    WASMAOT_TRY(expect(Tok::RParen));
    if (eat(Tok::Arrow)) {
      if (at(Tok::LParen))
        return SM.error(ErrorKind::Malformed, cur().Sp,
                        "named or multiple results are no longer part of "
                        "WIT; return a tuple or a record");
      TypeExpr R;
      WASMAOT_TRY(type(R, 0));
      F.Result = std::move(R);
    }
    F.Sp = spanFrom(F.Sp);
    return {};
  }

  // ---- types --------------------------------------------------------------
  static std::optional<PrimKind> prim(Tok K) {
    switch (K) {
    case Tok::KwBool: return PrimKind::Bool;
    case Tok::KwU8: return PrimKind::U8;
    case Tok::KwU16: return PrimKind::U16;
    case Tok::KwU32: return PrimKind::U32;
    case Tok::KwU64: return PrimKind::U64;
    case Tok::KwS8: return PrimKind::S8;
    case Tok::KwS16: return PrimKind::S16;
    case Tok::KwS32: return PrimKind::S32;
    case Tok::KwS64: return PrimKind::S64;
    case Tok::KwF32: return PrimKind::F32;
    case Tok::KwF64: return PrimKind::F64;
    case Tok::KwChar: return PrimKind::Char;
    case Tok::KwString: return PrimKind::String;
    default: return std::nullopt;
    }
  }

  Status typeArg(TypeExpr &T, unsigned Depth) {
    TypeExpr A;
    WASMAOT_TRY(type(A, Depth + 1));
    T.Args.push_back(std::move(A));
    return {};
  }

  Status type(TypeExpr &T, unsigned Depth) {
    if (Depth > kMaxTypeDepth)
      return SM.error(ErrorKind::Limit, cur().Sp,
                      fmt::format("types nested deeper than {} levels",
                                  kMaxTypeDepth));
    Span S = cur().Sp;
    if (auto P = prim(cur().Kind)) {
      ++I;
      T.K = TypeExpr::Prim;
      T.P = *P;
      T.Sp = S;
      return {};
    }
    Tok K = cur().Kind;
    if (atId()) {
      T.K = TypeExpr::Named;
      WASMAOT_TRY(ident(T.Name));
      T.Sp = S;
      return {};
    }
    ++I;
    switch (K) {
    case Tok::KwList:
      T.K = TypeExpr::List;
      WASMAOT_TRY(expect(Tok::Less));
      WASMAOT_TRY(typeArg(T, Depth));
      if (eat(Tok::Comma)) {
        T.K = TypeExpr::FixedList;
        if (!at(Tok::Number) ||
            cur().Text.find_first_not_of("0123456789") != std::string::npos ||
            cur().Text[0] == '0' || cur().Text.size() > 9)
          return unexpected("a list length from 1 to 999999999");
        T.Size = uint32_t(std::stoul(cur().Text));
        ++I;
      }
      break;
    case Tok::KwMap:
      T.K = TypeExpr::Map;
      WASMAOT_TRY(expect(Tok::Less));
      WASMAOT_TRY(typeArg(T, Depth));
      WASMAOT_TRY(expect(Tok::Comma));
      WASMAOT_TRY(typeArg(T, Depth));
      break;
    case Tok::KwOption:
      T.K = TypeExpr::Option;
      WASMAOT_TRY(expect(Tok::Less));
      WASMAOT_TRY(typeArg(T, Depth));
      break;
    case Tok::KwTuple:
      T.K = TypeExpr::Tuple;
      WASMAOT_TRY(expect(Tok::Less));
      do {
        if (at(Tok::Greater) && !T.Args.empty())
          break;
        WASMAOT_TRY(typeArg(T, Depth));
      } while (eat(Tok::Comma));
      break;
    case Tok::KwResult:
      T.K = TypeExpr::Result;
      if (!eat(Tok::Less)) {
        T.Sp = S;
        return {};
      }
      if (eat(Tok::Underscore)) {
        WASMAOT_TRY(expect(Tok::Comma));
        T.HasErr = true;
        WASMAOT_TRY(typeArg(T, Depth));
      } else {
        T.HasOk = true;
        WASMAOT_TRY(typeArg(T, Depth));
        if (eat(Tok::Comma)) {
          T.HasErr = true;
          WASMAOT_TRY(typeArg(T, Depth));
        }
      }
      break;
    case Tok::KwOwn:
    case Tok::KwBorrow:
      T.K = K == Tok::KwOwn ? TypeExpr::Own : TypeExpr::Borrow;
      WASMAOT_TRY(expect(Tok::Less));
      WASMAOT_TRY(ident(T.Name));
      break;
    case Tok::KwFuture:
    case Tok::KwStream:
      T.K = K == Tok::KwFuture ? TypeExpr::Future : TypeExpr::Stream;
      if (!eat(Tok::Less)) {
        T.Sp = S;
        return {};
      }
      WASMAOT_TRY(typeArg(T, Depth));
      break;
    default:
      --I;
      return unexpected("a type");
    }
    WASMAOT_TRY(expect(Tok::Greater));
    T.Sp = spanFrom(S);
    return {};
  }

  // ---- worlds -------------------------------------------------------------
  Status worldBody(std::vector<WorldMember> &Items) {
    WASMAOT_TRY(expect(Tok::LBrace));
    while (!eat(Tok::RBrace)) {
      if (at(Tok::Eof))
        return unexpected("`}`");
      std::string Docs = peekDocs();
      Attrs A;
      WASMAOT_TRY(attrs(A));
      if (at(Tok::KwImport) || at(Tok::KwExport)) {
        ExternItem E;
        E.At = std::move(A);
        E.Docs = std::move(Docs);
        WASMAOT_TRY(externItem(E));
        Items.push_back(std::move(E));
      } else if (at(Tok::KwUse)) {
        UseItem U;
        WASMAOT_TRY(useItem(U));
        U.At = std::move(A);
        U.Docs = std::move(Docs);
        Items.push_back(std::move(U));
      } else if (at(Tok::KwInclude)) {
        IncludeItem Inc;
        Inc.At = std::move(A);
        Inc.Sp = cur().Sp;
        ++I;
        WASMAOT_TRY(usePath(Inc.World));
        if (eat(Tok::KwWith)) {
          WASMAOT_TRY(expect(Tok::LBrace));
          do {
            if (at(Tok::RBrace) && !Inc.With.empty())
              break;
            Ident From, To;
            WASMAOT_TRY(ident(From));
            WASMAOT_TRY(expect(Tok::KwAs));
            WASMAOT_TRY(ident(To));
            Inc.With.emplace_back(std::move(From), std::move(To));
          } while (eat(Tok::Comma));
          WASMAOT_TRY(expect(Tok::RBrace));
          eat(Tok::Semicolon); // WIT.md's example has none after `}`
        } else {
          WASMAOT_TRY(expect(Tok::Semicolon));
        }
        Inc.Sp = spanFrom(Inc.Sp);
        Items.push_back(std::move(Inc));
      } else if (auto K = typeDefKind()) {
        TypeDefItem T{*K, std::move(A), std::move(Docs), {}, {}, {}, {}};
        WASMAOT_TRY(typeDef(T));
        Items.push_back(std::move(T));
      } else {
        return unexpected("`import`, `export`, `use`, `include` or a type");
      }
    }
    return {};
  }

  /// `import name: func..;`, `import name: interface {..}`,
  /// `import name: path;` and `import path;`. `a:b` written without spaces
  /// is a package-qualified path (WIT.md: "`a:b` is lexed as a single
  /// token"), `a: b` a plain name and an interface.
  Status externItem(ExternItem &E) {
    E.Sp = cur().Sp;
    E.Import = at(Tok::KwImport);
    ++I;
    bool Named = atId() && Toks[I + 1].Kind == Tok::Colon &&
                 (Toks[I + 2].SpaceBefore || Toks[I + 1].SpaceBefore ||
                  !(Toks[I + 2].Kind == Tok::Id ||
                    Toks[I + 2].Kind == Tok::ExplicitId));
    if (Named) {
      Ident N;
      WASMAOT_TRY(ident(N));
      E.Name = std::move(N);
      ++I; // ':'
      if (at(Tok::KwFunc) || at(Tok::KwAsync)) {
        E.K = ExternItem::Func;
        WASMAOT_TRY(funcType(E.FuncTy));
        WASMAOT_TRY(expect(Tok::Semicolon));
      } else if (eat(Tok::KwInterface)) {
        E.K = ExternItem::InlineInterface;
        WASMAOT_TRY(interfaceBody(E.Items));
        eat(Tok::Semicolon);
      } else {
        E.K = ExternItem::Path;
        WASMAOT_TRY(usePath(E.Iface));
        WASMAOT_TRY(expect(Tok::Semicolon));
      }
    } else {
      E.K = ExternItem::Path;
      WASMAOT_TRY(usePath(E.Iface));
      WASMAOT_TRY(expect(Tok::Semicolon));
    }
    E.Sp = spanFrom(E.Sp);
    return {};
  }

  const SourceMap &SM;
  std::vector<Token> Toks;
  size_t I = 0;
};

} // namespace

Expected<FileAst> parseFile(const SourceMap &SM, const SourceMap::File &F) {
  auto Toks = lex(SM, F);
  if (!Toks)
    return Toks.takeError();
  return Parser(SM, std::move(*Toks)).file();
}

} // namespace wasmaot::wit
