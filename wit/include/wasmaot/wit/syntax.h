// WIT syntax: source files, tokens and the syntax tree the parser builds
// (component-model design/mvp/WIT.md, "Lexical structure" and "Top-level
// items"). Owns spans and the rendering of diagnostics with a caret; does not
// resolve names (resolve.h) or know about component binaries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::wit {

/// A byte range in a SourceMap: global offsets, each file has its own base.
struct Span {
  uint32_t Start = 0, End = 0;
};

/// All WIT text seen by one parse/resolve, so a Span alone says file, line
/// and column. Diagnostics render as
///   calc.wit:3:17: error: type `u33` does not exist
///       add: func(a: u33) -> u32;
///                    ^~~
class SourceMap {
public:
  struct File {
    std::string Name;
    std::string Text;
    uint32_t Base = 0;
  };
  /// Adds a file and returns the global offset of its first byte.
  uint32_t addFile(std::string Name, std::string Text);
  const File &fileAt(uint32_t Offset) const;
  const std::vector<File> &files() const { return Files; }
  /// `FILE:LINE:COL: error: MSG`, the source line and a caret under \p S.
  std::string render(Span S, std::string_view Msg) const;
  /// An Error (kind \p K) whose Message is render(S, Msg).
  Error error(ErrorKind K, Span S, std::string_view Msg) const;

private:
  std::vector<File> Files;
  uint32_t Next = 0;
};

// ---- tokens ---------------------------------------------------------------

enum class Tok : uint8_t {
#define WIT_TOKEN(Name, Text) Name,
#include "wasmaot/wit/tokens.def"
#undef WIT_TOKEN
};
const char *tokText(Tok T);

struct Token {
  Tok Kind = Tok::Eof;
  Span Sp;
  /// Identifier text (without `%`), decoded string literal, digits of a
  /// number or version.
  std::string Text;
  /// Doc comments (`///`, `/** */`) right before this token, one line each.
  std::string Docs;
  /// Whitespace or a comment came right before this token.
  bool SpaceBefore = false;
};

/// Splits one file (at \p Base in \p SM) into tokens, ending with Eof.
/// Rejects bad UTF-8, control characters and bidi overrides, malformed
/// identifiers (not kebab-case), unterminated comments and strings.
Expected<std::vector<Token>> lex(const SourceMap &SM, const SourceMap::File &F);

/// True if \p S is a kebab-case WIT identifier (Explainer.md, `label`):
/// words of letters and digits separated by single `-`, each word starting
/// with a letter and all lower- or all upper-case.
bool isValidIdent(std::string_view S);

/// True if \p S is a WIT keyword (tokens.def), so a name spelled like it
/// must be written `%S`.
bool isKeyword(std::string_view S);

// ---- syntax tree ----------------------------------------------------------

struct Ident {
  std::string Name;
  Span Sp;
};

/// `@since(version = ..)`, `@unstable(feature = ..)`, `@deprecated(..)` and
/// `@external-id("..")` before an item.
struct Attrs {
  std::string Since, Feature, Deprecated, ExternalId;
  Span Sp;
  bool empty() const {
    return Since.empty() && Feature.empty() && Deprecated.empty() &&
           ExternalId.empty();
  }
};

struct PackageNameAst {
  Ident Ns, Name;
  std::string Version;
  Span Sp;
};

/// `iface` or `ns:pkg/iface@1.2.3`.
struct UsePath {
  std::optional<PackageNameAst> Pkg;
  Ident Name;
  Span Sp;
};

enum class PrimKind : uint8_t {
  Bool, U8, U16, U32, U64, S8, S16, S32, S64, F32, F64, Char, String,
};

struct TypeExpr {
  enum Kind : uint8_t {
    Prim, Named, List, FixedList, Map, Tuple, Option, Result, Own, Borrow,
    Future, Stream,
  } K = Prim;
  PrimKind P = PrimKind::Bool;
  Ident Name;                 ///< Named, Own, Borrow
  std::vector<TypeExpr> Args; ///< element types, in order
  bool HasOk = false, HasErr = false; ///< Result: which of Args are there
  uint32_t Size = 0;          ///< FixedList
  Span Sp;
};

struct NamedType {
  Ident Name;
  TypeExpr Ty;
};

struct FuncTypeAst {
  bool Async = false;
  std::vector<NamedType> Params;
  std::optional<TypeExpr> Result;
  Span Sp;
};

struct UseItem {
  Attrs At;
  std::string Docs;
  UsePath From;
  struct Name {
    Ident Id;
    std::optional<Ident> As;
  };
  std::vector<Name> Names;
  Span Sp;
};

struct FuncItem {
  Attrs At;
  std::string Docs;
  Ident Name;
  FuncTypeAst Ty;
};

struct ResourceFunc {
  enum Kind : uint8_t { Method, Static, Constructor } K = Method;
  Attrs At;
  std::string Docs;
  Ident Name; ///< `constructor` for the constructor
  FuncTypeAst Ty;
};

struct CaseAst {
  Ident Name;
  std::optional<TypeExpr> Ty; ///< variant payload, record field type
  std::string Docs;
};

struct TypeDefItem {
  enum Kind : uint8_t { Alias, Record, Variant, Enum, Flags, Resource } K;
  Attrs At;
  std::string Docs;
  Ident Name;
  TypeExpr AliasTy;           ///< Alias
  std::vector<CaseAst> Cases; ///< fields, cases or flags
  std::vector<ResourceFunc> Funcs;
};

using InterfaceMember = std::variant<UseItem, TypeDefItem, FuncItem>;

struct InterfaceAst {
  Attrs At;
  std::string Docs;
  Ident Name;
  std::vector<InterfaceMember> Items;
};

struct ExternItem {
  bool Import = true;
  Attrs At;
  std::string Docs;
  std::optional<Ident> Name; ///< `import name: ...`; none for `import path;`
  enum Kind : uint8_t { Func, InlineInterface, Path } K = Path;
  FuncTypeAst FuncTy;
  std::vector<InterfaceMember> Items;
  UsePath Iface;
  Span Sp;
};

struct IncludeItem {
  Attrs At;
  UsePath World;
  std::vector<std::pair<Ident, Ident>> With;
  Span Sp;
};

using WorldMember = std::variant<ExternItem, UseItem, TypeDefItem, IncludeItem>;

struct WorldAst {
  Attrs At;
  std::string Docs;
  Ident Name;
  std::vector<WorldMember> Items;
};

struct TopUse {
  UsePath Path;
  std::optional<Ident> As;
  Span Sp;
};

using TopItem = std::variant<TopUse, InterfaceAst, WorldAst>;

/// The items of one package in one file: the file's top level (with its
/// optional `package` line) or one nested `package a:b { ... }` block.
struct PackageAst {
  std::optional<PackageNameAst> Name;
  std::string Docs;
  std::vector<TopItem> Items;
  bool Nested = false;
};

struct FileAst {
  PackageAst Root;
  std::vector<PackageAst> Nested;
};

/// Lexes and parses one file of \p SM.
Expected<FileAst> parseFile(const SourceMap &SM, const SourceMap::File &F);

} // namespace wasmaot::wit
