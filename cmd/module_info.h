// Read-only views of a decoded module that `wasmaot inspect` (and later other
// subcommands) print: which import defines each imported index, constant
// expressions and limits as short text. Computes nothing the frontend does
// not already know; only arranges it for people.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wasmaot/frontend/module.h"

namespace wasmaot::cli {

/// For each index space, the import that defines each imported index
/// (index spaces list imports first, spec 2.5.1).
struct ImportedEntities {
  std::vector<const frontend::Import *> Funcs, Tables, Memories, Globals;

  explicit ImportedEntities(const frontend::Module &M);

  /// The import that defines index \p Index of \p Kind, or null if the index
  /// is defined by the module.
  const frontend::Import *find(frontend::ExternKind Kind, uint32_t Index) const;
};

/// A constant expression in text form, e.g. "i32.const 1024" or
/// "global.get 0". Never fails: undecodable bytes read "<malformed>", and a
/// long expression is cut off with "...".
std::string constExprText(const frontend::Module &M, frontend::ByteSpan Expr);

/// "min 1, max 2", "min 0, no max", with ", shared" / ", i64" as set.
std::string limitsText(const frontend::Limits &L);

/// The total size of all defined function bodies (code entries), in bytes.
uint64_t codeBytes(const frontend::Module &M);

/// Custom section names in the order they appear.
std::vector<std::string> customSectionNames(const frontend::Module &M);

/// How many functions have local names in the name section.
size_t functionsWithLocalNames(const frontend::Module &M);

} // namespace wasmaot::cli
