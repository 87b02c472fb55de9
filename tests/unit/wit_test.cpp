// Unit tests of the WIT library (wit/): lexer, parser, resolver, printer
// and their diagnostics, plus the round-trip parse -> print -> parse on the
// WASI packages in tests/wit/data/ and on many small inputs.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "wasmaot/wit/syntax.h"
#include "wasmaot/wit/wit.h"

using namespace wasmaot;
using namespace wasmaot::wit;

namespace {

std::string dataDir() { return WASMAOT_SOURCE_DIR "/tests/wit/data"; }

std::vector<Token> lexOk(std::string_view Text) {
  SourceMap SM;
  uint32_t Base = SM.addFile("t.wit", std::string(Text));
  auto T = lex(SM, SM.fileAt(Base));
  EXPECT_TRUE(T) << (T ? "" : T.error().Message);
  return T ? *T : std::vector<Token>{};
}

std::string lexErr(std::string_view Text) {
  SourceMap SM;
  uint32_t Base = SM.addFile("t.wit", std::string(Text));
  auto T = lex(SM, SM.fileAt(Base));
  EXPECT_FALSE(T);
  return T ? "" : T.error().Message;
}

struct Resolved {
  Resolve R;
  PackageId Pkg;
};

std::unique_ptr<Resolved> resolveOk(std::string_view Text) {
  auto Out = std::make_unique<Resolved>();
  auto P = resolveText(Out->R, "t.wit", Text);
  EXPECT_TRUE(P) << (P ? "" : P.error().Message);
  if (!P)
    return nullptr;
  Out->Pkg = *P;
  return Out;
}

std::string resolveErr(std::string_view Text) {
  Resolve R;
  auto P = resolveText(R, "t.wit", Text);
  EXPECT_FALSE(P) << "resolved but should not:\n" << Text;
  return P ? "" : P.error().Message;
}

/// Parse, print (with deps), re-parse, print again: the two prints match.
std::string roundTrip(Resolve &R, PackageId P) {
  std::string A = printWithDeps(R, P);
  Resolve R2;
  auto P2 = resolveText(R2, "printed.wit", A);
  EXPECT_TRUE(P2) << (P2 ? "" : P2.error().Message) << "\n" << A;
  if (!P2)
    return A;
  std::string B = printWithDeps(R2, *P2);
  EXPECT_EQ(A, B);
  EXPECT_EQ(R.Interfaces.size(), R2.Interfaces.size());
  EXPECT_EQ(R.Worlds.size(), R2.Worlds.size());
  return A;
}

const Interface &iface(const Resolved &X, std::string_view Name) {
  auto Id = X.R.findInterface(X.Pkg, Name);
  EXPECT_TRUE(Id);
  return X.R.iface(*Id);
}

const World &world(const Resolved &X, std::string_view Name) {
  auto Id = X.R.findWorld(X.Pkg, Name);
  EXPECT_TRUE(Id);
  return X.R.world(*Id);
}

// ---- lexer ----------------------------------------------------------------

TEST(WitLexer, TokensKeywordsAndExplicitIds) {
  auto T = lexOk("package a:b@1.2.3-rc.1; %interface record-x -> _ list");
  ASSERT_EQ(T.size(), 13u);
  EXPECT_EQ(T[0].Kind, Tok::KwPackage);
  EXPECT_EQ(T[1].Kind, Tok::Id);
  EXPECT_EQ(T[2].Kind, Tok::Colon);
  EXPECT_EQ(T[4].Kind, Tok::At);
  EXPECT_EQ(T[5].Kind, Tok::Number);
  EXPECT_EQ(T[5].Text, "1.2.3-rc.1");
  EXPECT_EQ(T[7].Kind, Tok::ExplicitId);
  EXPECT_EQ(T[7].Text, "interface");
  EXPECT_EQ(T[8].Kind, Tok::Id);
  EXPECT_EQ(T[9].Kind, Tok::Arrow);
  EXPECT_EQ(T[10].Kind, Tok::Underscore);
  EXPECT_EQ(T[11].Kind, Tok::KwList);
  EXPECT_EQ(T[12].Kind, Tok::Eof);
  EXPECT_FALSE(T[2].SpaceBefore);
  EXPECT_FALSE(T[3].SpaceBefore);
  EXPECT_TRUE(T[7].SpaceBefore);
}

TEST(WitLexer, VersionStopsBeforeTrailingDot) {
  auto T = lexOk("a@0.2.0.{x}");
  ASSERT_GE(T.size(), 5u);
  EXPECT_EQ(T[2].Text, "0.2.0");
  EXPECT_EQ(T[3].Kind, Tok::Dot);
  EXPECT_EQ(T[4].Kind, Tok::LBrace);
}

TEST(WitLexer, DocCommentsAttachToNextToken) {
  auto T = lexOk("// plain\n/// one\n///   two\n//// not doc\n/** block\n"
                 "   more */ /* /* nested */ */ x y");
  ASSERT_EQ(T.size(), 3u);
  EXPECT_EQ(T[0].Docs, "one\n  two\nblock\nmore");
  EXPECT_EQ(T[1].Docs, "");
}

TEST(WitLexer, IdentifiersMustBeKebabCase) {
  EXPECT_TRUE(isValidIdent("a"));
  EXPECT_TRUE(isValidIdent("parse-XML-document"));
  EXPECT_TRUE(isValidIdent("ipv4-address"));
  EXPECT_FALSE(isValidIdent("Foo"));
  EXPECT_FALSE(isValidIdent("a--b"));
  EXPECT_FALSE(isValidIdent("a-"));
  EXPECT_FALSE(isValidIdent("1a"));
  EXPECT_FALSE(isValidIdent("a-1"));
  EXPECT_NE(lexErr("type Foo-bar").find("t.wit:1:6: error: `Foo-bar` is not "
                                        "a valid WIT identifier"),
            std::string::npos);
}

TEST(WitLexer, RejectsBadText) {
  EXPECT_NE(lexErr("a /* open").find("unterminated block comment"),
            std::string::npos);
  EXPECT_NE(lexErr("a \x01").find("control character U+0001"),
            std::string::npos);
  EXPECT_NE(lexErr("a \xff").find("invalid UTF-8"), std::string::npos);
  EXPECT_NE(lexErr("a \xe2\x80\xae b").find("bidirectional"),
            std::string::npos);
  EXPECT_NE(lexErr("\"abc").find("unterminated string"), std::string::npos);
  EXPECT_NE(lexErr("a $").find("unexpected character `$`"),
            std::string::npos);
}

TEST(WitLexer, StringEscapes) {
  auto T = lexOk(R"("a\n\u{48}\"")");
  ASSERT_EQ(T.size(), 2u);
  EXPECT_EQ(T[0].Kind, Tok::String);
  EXPECT_EQ(T[0].Text, "a\nH\"");
}

// ---- diagnostics ----------------------------------------------------------

TEST(WitDiagnostics, UnknownTypeWithCaret) {
  std::string E = resolveErr("package cyber-corp:math-logic;\n"
                             "interface operations {\n"
                             "    add: func(a: u33) -> u32;\n"
                             "}\n");
  EXPECT_EQ(E, "t.wit:3:18: error: type `u33` does not exist\n"
               "        add: func(a: u33) -> u32;\n"
               "                     ^~~");
}

TEST(WitDiagnostics, SyntaxErrors) {
  EXPECT_NE(resolveErr("package a:b;\ninterface i { f: func(; }")
                .find("t.wit:2:23: error: expected an identifier, found `;`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface record {}")
                .find("found keyword `record` (write `%record`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b@1.0;").find("not a valid semver"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i {").find("end of file"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { variant v {} }")
                .find("at least one case"),
            std::string::npos);
  EXPECT_NE(resolveErr("interface i {}").find("no `package ns:name;`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { @foo(x = 1) f: func(); }")
                .find("unknown annotation `@foo`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { f: func() -> (a: u32); }")
                .find("named or multiple results"),
            std::string::npos);
}

TEST(WitDiagnostics, NameErrors) {
  EXPECT_NE(resolveErr("package a:b;\ninterface i { type t = u32; "
                       "record T { x: u32 } }")
                .find("`T` is defined more than once"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i {}\nworld i {}")
                .find("`i` is defined more than once in package `a:b`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { use j.{t}; }")
                .find("interface `j` does not exist"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { use j.{t}; }\n"
                       "interface j { type u = u8; }")
                .find("type `t` does not exist in interface `j`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { use x:y/z.{t}; }")
                .find("package `x:y` not found"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { f: func(a: u8, A: u8); }")
                .find("parameter `A` appears more than once"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { enum e { x, x } }")
                .find("`x` appears more than once in `e`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\nworld w { import i; }")
                .find("interface `i` does not exist"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i {}\n"
                       "world w { import i; import i; }")
                .find("interface `i` is imported more than once"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface p { resource d; }\n"
                       "world w { import p; export p; use p.{d}; "
                       "export f: func(x: d); }")
                .find("`use` of `p` is ambiguous: world `w` both imports "
                      "and exports it"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\nworld v {}\nworld w { import v; }")
                .find("`v` is a world, not an interface"),
            std::string::npos);
}

TEST(WitDiagnostics, Cycles) {
  EXPECT_NE(resolveErr("package a:b;\ninterface i { type t = t; }")
                .find("type `t` refers to itself"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { record a { b: list<b> } "
                       "record b { a: option<a> } }")
                .find("refers to itself"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { use j.{t}; type u = u8; }"
                       "\ninterface j { use i.{u}; type t = u8; }")
                .find("depends on itself (a cycle of `use`)"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\nworld v { include w; }\n"
                       "world w { include v; }")
                .find("includes itself"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { use i.{t}; }")
                .find("interface `i` depends on itself"),
            std::string::npos);
}

TEST(WitDiagnostics, LongChainsAreLimitsNotCrashes) {
  // 20000 aliases in a chain resolve (the cycle check keeps its own stack);
  // 2000 interfaces each using the next are over the nesting limit.
  std::string Aliases = "package a:b;\ninterface i {\n";
  for (int I = 0; I < 20000; ++I)
    Aliases += fmt::format("type t{} = t{};\n", I, I + 1);
  Aliases += "type t20000 = u8;\n}\n";
  EXPECT_TRUE(resolveOk(Aliases));
  std::string Chain = "package a:b;\n";
  for (int I = 0; I < 2000; ++I)
    Chain += fmt::format("interface i{} {{ use i{}.{{t}}; }}\n", I, I + 1);
  Chain += "interface i2000 { type t = u8; }\n";
  EXPECT_NE(resolveErr(Chain).find("more than 1000 interfaces or worlds"),
            std::string::npos);
}

TEST(WitDiagnostics, HandlesAndResources) {
  EXPECT_NE(resolveErr("package a:b;\ninterface i { resource r; "
                       "f: func() -> borrow<r>; }")
                .find("may not contain a `borrow`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { resource r; "
                       "f: func() -> list<option<borrow<r>>>; }")
                .find("may not contain a `borrow`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { record r {} "
                       "f: func(x: own<r>); }")
                .find("`r` is not a resource"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { resource r { "
                       "constructor(); constructor(x: u8); } }")
                .find("more than one constructor"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { resource r { "
                       "constructor() -> u32; } }")
                .find("a constructor of `r` returns `r` or `result<r, E>`"),
            std::string::npos);
  EXPECT_NE(resolveErr("package a:b;\ninterface i { resource r { "
                       "f: func(); f: static func(); } }")
                .find("`f` is defined more than once in resource `r`"),
            std::string::npos);
}

TEST(WitDiagnostics, IncludeConflicts) {
  std::string Base = "package a:b;\nworld one { import a: func(); }\n"
                     "world two { import a: func(); }\n";
  EXPECT_NE(resolveErr(Base + "world u { include one; include two; }")
                .find("import `a` of world `two` clashes"),
            std::string::npos);
  auto X = resolveOk(Base + "world u { include one; include two with "
                            "{ a as b } }");
  ASSERT_TRUE(X);
  const World &U = world(*X, "u");
  ASSERT_EQ(U.Imports.size(), 2u);
  EXPECT_EQ(U.Imports[0].Name, "a");
  EXPECT_EQ(U.Imports[1].Name, "b");
  EXPECT_EQ(U.Imports[1].Func.Name, "b");
  EXPECT_NE(resolveErr(Base + "world u { include one with { zz as b } }")
                .find("no import or export with the plain name `zz`"),
            std::string::npos);
}

// ---- resolver -------------------------------------------------------------

TEST(WitResolve, ResourcesDesugar) {
  auto X = resolveOk(R"(package local:demo;
interface types {
  resource blob {
    constructor(init: list<u8>);
    write: func(bytes: list<u8>);
    merge: static func(lhs: borrow<blob>, rhs: borrow<blob>) -> blob;
  }
  resource blob2 {
    constructor(init: list<u8>) -> result<blob2>;
  }
})");
  ASSERT_TRUE(X);
  const Interface &I = iface(*X, "types");
  ASSERT_EQ(I.Funcs.size(), 4u);
  EXPECT_EQ(I.Funcs[0].Name, "[constructor]blob");
  EXPECT_EQ(I.Funcs[1].Name, "[method]blob.write");
  EXPECT_EQ(I.Funcs[2].Name, "[static]blob.merge");
  EXPECT_EQ(I.Funcs[3].Name, "[constructor]blob2");
  TypeId Blob = I.Types[0].second;
  EXPECT_EQ(X->R.type(Blob).Kind, TypeDefKind::Resource);
  ASSERT_TRUE(I.Funcs[0].Result);
  EXPECT_EQ(*I.Funcs[0].Result, Type::id(Blob));
  ASSERT_EQ(I.Funcs[1].Params.size(), 2u);
  EXPECT_EQ(I.Funcs[1].Params[0].Name, "self");
  const TypeDef &Self = X->R.type(I.Funcs[1].Params[0].Ty.Id);
  EXPECT_EQ(Self.Kind, TypeDefKind::Borrow);
  EXPECT_EQ(Self.Resource, Blob);
  EXPECT_EQ(I.Funcs[1].itemName(), "write");
  EXPECT_EQ(X->R.type(I.Funcs[3].Result->Id).Kind, TypeDefKind::Result);
}

TEST(WitResolve, AllTypes) {
  auto X = resolveOk(R"(package a:b@1.0.0;
interface t {
  record r { a: u32, b: string, }
  variant human { baby, child(u32), adult }
  enum errno { too-big, too-small }
  flags permissions { read, write, exec }
  type t1 = u32;
  type t2 = tuple<u32, u64>;
  type t4 = option<u32>;
  type t5 = result<_, errno>;
  type t6 = result<string>;
  type t7 = result<char, errno>;
  type t8 = result;
  type t9 = list<string>;
  type t10 = t9;
  type t11 = list<u8, 4>;
  type t12 = map<string, list<r>>;
  type t13 = future<u8>;
  type t14 = stream;
  resource res;
  type t15 = own<res>;
  f: async func(a: bool, b: s8, c: s16, d: s32, e: s64, f: u8, g: u16, h: f32, i: f64, j: char) -> t12;
})");
  ASSERT_TRUE(X);
  const Interface &I = iface(*X, "t");
  ASSERT_EQ(I.Types.size(), 19u);
  auto K = [&](size_t N) { return X->R.type(I.Types[N].second).Kind; };
  EXPECT_EQ(K(0), TypeDefKind::Record);
  EXPECT_EQ(K(1), TypeDefKind::Variant);
  EXPECT_EQ(K(2), TypeDefKind::Enum);
  EXPECT_EQ(K(3), TypeDefKind::Flags);
  EXPECT_EQ(K(4), TypeDefKind::Alias);
  const TypeDef &T5 = X->R.type(X->R.type(I.Types[7].second).Elem->Id);
  EXPECT_EQ(T5.Kind, TypeDefKind::Result);
  EXPECT_FALSE(T5.Elem);
  EXPECT_TRUE(T5.Err);
  const TypeDef &T11 = X->R.type(X->R.type(I.Types[13].second).Elem->Id);
  EXPECT_EQ(T11.Kind, TypeDefKind::FixedList);
  EXPECT_EQ(T11.Size, 4u);
  EXPECT_EQ(X->R.unalias(I.Types[12].second),
            X->R.type(I.Types[11].second).Elem->Id);
  EXPECT_TRUE(I.Funcs[0].Async);
  EXPECT_EQ(I.Funcs[0].Params.size(), 10u);
  roundTrip(X->R, X->Pkg);
}

TEST(WitResolve, WorldsElaborateTransitiveImports) {
  auto X = resolveOk(R"(package local:demo;
interface a { resource r; }
interface b { use a.{r}; foo: func() -> r; }
interface shared { record metadata { x: u8 } }
world w1 { import a; export b; }
world w2 { export a; export b; }
world w3 { export b; }
world w4 {
  import host: interface {
    use shared.{metadata};
    get: func() -> metadata;
  }
  export run: func();
}
)");
  ASSERT_TRUE(X);
  const World &W1 = world(*X, "w1");
  ASSERT_EQ(W1.Imports.size(), 1u);
  EXPECT_EQ(W1.Exports.size(), 1u);
  EXPECT_TRUE(world(*X, "w2").Imports.empty());
  const World &W3 = world(*X, "w3");
  ASSERT_EQ(W3.Imports.size(), 1u); // a, imported implicitly
  EXPECT_EQ(X->R.iface(W3.Imports[0].Iface).Name, "a");
  const World &W4 = world(*X, "w4");
  ASSERT_EQ(W4.Imports.size(), 2u);
  EXPECT_EQ(X->R.iface(W4.Imports[0].Iface).Name, "shared");
  EXPECT_EQ(W4.Imports[1].Name, "host");
  EXPECT_EQ(W4.Exports[0].K, WorldItem::FunctionItem);
  roundTrip(X->R, X->Pkg);
}

TEST(WitResolve, TopLevelUseAndNestedPackages) {
  auto X = resolveOk(R"(package local:demo;
use wasi:http/types@1.0.0 as http-types;
interface my-interface {
  use http-types.{request as req};
  f: func(r: req);
}
world my-world {
  import wasi:http/handler@1.0.0;
  import primary: http-types;
}
package wasi:http@1.0.0 {
  interface types { resource request; }
  interface handler { use types.{request}; handle: func(r: request); }
}
)");
  ASSERT_TRUE(X);
  const World &W = world(*X, "my-world");
  ASSERT_EQ(W.Imports.size(), 3u);
  EXPECT_EQ(X->R.interfacePath(W.Imports[0].Iface, X->Pkg),
            "wasi:http/types@1.0.0");
  EXPECT_EQ(W.Imports[2].Name, "primary");
  std::string P = roundTrip(X->R, X->Pkg);
  EXPECT_NE(P.find("use wasi:http/types@1.0.0.{request as req};"),
            std::string::npos);
  EXPECT_NE(P.find("import primary: wasi:http/types@1.0.0;"),
            std::string::npos);
}

TEST(WitResolve, ImportPackagePathNeedsNoSpaces) {
  // WIT.md: `import a:b;` is a package, `import a: b;` a plain name.
  EXPECT_NE(resolveErr("package x:y;\ninterface b {}\nworld w { import a:b; }")
                .find("expected `/`"),
            std::string::npos);
  auto X = resolveOk("package x:y;\ninterface b {}\nworld w { import a: b; }");
  ASSERT_TRUE(X);
  EXPECT_EQ(world(*X, "w").Imports[0].Name, "a");
}

TEST(WitResolve, GatesAndDocsAreKept) {
  auto X = resolveOk(R"(/// The package.
package a:b@0.2.2;
/// An interface.
@since(version = 0.2.0)
interface foo {
  a: func();
  @since(version = 0.2.1)
  b: func();
  @unstable(feature = fancier-foo)
  d: func();
  @since(version = 0.2.0)
  @deprecated(version = 0.2.2)
  e: func();
  /** A record.
   * with two lines */
  record r {
    /// field docs
    x: u32,
  }
}
)");
  ASSERT_TRUE(X);
  const Interface &I = iface(*X, "foo");
  EXPECT_EQ(I.Docs, "An interface.");
  EXPECT_EQ(I.Stab.Since, "0.2.0");
  EXPECT_EQ(I.Funcs[2].Stab.Feature, "fancier-foo");
  EXPECT_EQ(I.Funcs[3].Stab.Deprecated, "0.2.2");
  EXPECT_EQ(X->R.type(I.Types[0].second).Docs, "A record.\n* with two lines");
  EXPECT_EQ(X->R.type(I.Types[0].second).Cases[0].Docs, "field docs");
  EXPECT_EQ(X->R.package(X->Pkg).Docs, "The package.");
  std::string P = roundTrip(X->R, X->Pkg);
  EXPECT_NE(P.find("  @unstable(feature = fancier-foo)\n  d: func();"),
            std::string::npos);
}

TEST(WitResolve, KeywordNamesPrintEscaped) {
  auto X = resolveOk("package a:b;\ninterface %interface {\n"
                     "  %variant: func(%enum: s32);\n}\n");
  ASSERT_TRUE(X);
  std::string P = roundTrip(X->R, X->Pkg);
  EXPECT_NE(P.find("interface %interface {"), std::string::npos);
  EXPECT_NE(P.find("%variant: func(%enum: s32);"), std::string::npos);
}

// ---- printer --------------------------------------------------------------

TEST(WitPrint, CanonicalForm) {
  auto X = resolveOk(R"(package cyber-corp:math-logic;
world calculator { export operations; }
interface operations {
  add: func(a: u32, b: u32) -> u32;
  process-sequence: func(input: list<u32>) -> list<u32>;
})");
  ASSERT_TRUE(X);
  EXPECT_EQ(printPackage(X->R, X->Pkg),
            "package cyber-corp:math-logic;\n"
            "\n"
            "interface operations {\n"
            "  add: func(a: u32, b: u32) -> u32;\n"
            "  process-sequence: func(input: list<u32>) -> list<u32>;\n"
            "}\n"
            "\n"
            "world calculator {\n"
            "  export operations;\n"
            "}\n");
  auto W = X->R.findWorld(X->Pkg, "calculator");
  ASSERT_TRUE(W);
  EXPECT_EQ(printWorld(X->R, *W), "world calculator {\n"
                                  "  export operations;\n"
                                  "}\n");
}

TEST(WitPrint, RoundTripsSmallInputs) {
  const char *Inputs[] = {
      "package a:b;",
      "package a:b;\ninterface i {}",
      "package a:b;\nworld w { import f: func(x: u32) -> string; "
      "export g: async func(); }",
      "package a:b;\ninterface i { resource r { constructor(); "
      "m: func(other: borrow<r>) -> option<r>; s: static async func(); } }",
      "package a:b;\ninterface i { type x = y; record y { a: list<tuple<u8, "
      "y2>> } type y2 = result<_, string>; }",
      "package a:b;\ninterface i { type s = stream<future<list<u8, 3>>>; }",
      "package a:b;\ninterface i { type t = u8; }\nworld w { use i.{t as u}; "
      "import f: func(x: u); type v = list<u>; export g: func() -> v; }",
      "package a:b;\nworld base { import cache: func(); }\n"
      "world ext { import cache2: func(); include base with { cache as c } }",
      "package a:b;\ninterface i { @external-id(\"foo/0\") foo: func(); }",
      "package a:b;\ninterface i { enum %enum { %result, %flags } }",
      "package %interface:%world@1.0.0;\ninterface %use { type %type = u8; }"
      "\nworld w { import %use; }\npackage x:y { interface z { use "
      "%interface:%world/%use@1.0.0.{%type}; } }",
      "package a:b;\ninterface i { record empty {} flags none {} "
      "resource r {} }",
      "package a:b;\n/// a\n///\n///   b\ninterface i {}",
      "package a:b {\n interface q {}\n}\npackage c:d {\n interface r { use "
      "a:b/q.{}; }\n}",
  };
  for (const char *In : Inputs) {
    SCOPED_TRACE(In);
    Resolve R;
    auto P = resolveText(R, "t.wit", In);
    if (std::string_view(In).find("use a:b/q.{}") != std::string_view::npos) {
      EXPECT_FALSE(P); // an empty use list is a syntax error
      continue;
    }
    if (std::string_view(In).rfind("package a:b {", 0) == 0) {
      EXPECT_FALSE(P); // no root package
      continue;
    }
    ASSERT_TRUE(P) << P.error().Message;
    roundTrip(R, *P);
  }
}

TEST(WitPrint, RoundTripsWasiPackages) {
  for (const char *Dir : {"wasi-0.2.12", "wasi-0.3.0"}) {
    SCOPED_TRACE(Dir);
    Resolve R;
    auto P = resolvePath(R, dataDir() + "/" + Dir);
    ASSERT_TRUE(P) << P.error().Message;
    EXPECT_GE(R.Packages.size(), 7u);
    auto W = R.findWorld(*P, "everything");
    ASSERT_TRUE(W);
    EXPECT_GE(R.world(*W).Imports.size(), 20u);
    std::string Text = roundTrip(R, *P);
    // Every dependency package is printed and resolves again.
    EXPECT_NE(Text.find("package wasi:cli@"), std::string::npos);
  }
}

TEST(WitPrint, RoundTripsEveryDataFile) {
  // Each dependency package on its own plus what it needs (all of deps/).
  namespace fs = std::filesystem;
  unsigned Count = 0;
  for (const auto &Ver : fs::directory_iterator(dataDir())) {
    if (!fs::is_directory(Ver.path() / "deps"))
      continue;
    std::vector<std::vector<SourceText>> Deps;
    std::vector<fs::path> Files;
    for (const auto &D : fs::directory_iterator(Ver.path() / "deps"))
      Files.push_back(D.path() / "package.wit");
    for (const auto &F : Files) {
      std::ifstream In(F);
      std::stringstream SS;
      SS << In.rdbuf();
      Deps.push_back({SourceText{F.string(), SS.str()}});
    }
    for (size_t I = 0; I < Deps.size(); ++I) {
      SCOPED_TRACE(Files[I].string());
      auto Others = Deps;
      auto Root = Others[I];
      Others.erase(Others.begin() + long(I));
      Resolve R;
      auto P = resolveSources(R, Root, Others);
      ASSERT_TRUE(P) << P.error().Message;
      roundTrip(R, *P);
      ++Count;
    }
  }
  EXPECT_GE(Count, 13u);
}

/// Lines without indentation, blank lines dropped.
std::string normalized(const std::string &Text) {
  std::istringstream In(Text);
  std::string Line, Out;
  while (std::getline(In, Line)) {
    size_t B = Line.find_first_not_of(' ');
    if (B != std::string::npos)
      Out += Line.substr(B) + "\n";
  }
  return Out;
}

TEST(WitPrint, RealWasiIoPrintsAsWritten) {
  // Wasmtime's copy of wasi:io@0.2.10, with all its docs and gates, is
  // already in canonical order: printing it gives the same lines back.
  std::string Path = dataDir() + "/wasi-io-0.2.10/io.wit";
  std::ifstream In(Path);
  std::stringstream SS;
  SS << In.rdbuf();
  Resolve R;
  auto P = resolvePath(R, Path);
  ASSERT_TRUE(P) << P.error().Message;
  std::string Printed = printPackage(R, *P);
  EXPECT_EQ(normalized(SS.str()), normalized(Printed));
  roundTrip(R, *P);
  PrintOptions NoDocs;
  NoDocs.Docs = false;
  EXPECT_EQ(printPackage(R, *P, NoDocs).find("///"), std::string::npos);
}

TEST(WitPrint, ResolvePathErrors) {
  Resolve R;
  auto P = resolvePath(R, dataDir() + "/no-such-dir/x.wit");
  ASSERT_FALSE(P);
  EXPECT_EQ(P.error().Kind, ErrorKind::Io);
}

} // namespace
