// The entry points of the WIT library: resolve WIT text, a .wit file or a
// package directory (with deps/) into a Resolve (model.h), and print a
// resolved package or world as canonical WIT. Errors are values; their
// Message is already rendered (`file:line:col: error: ...`, the source line
// and a caret), so a caller prints it as it is.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/frontend/support/error.h"
#include "wasmaot/wit/model.h"

namespace wasmaot::wit {

struct SourceText {
  std::string Name; ///< file name used in diagnostics
  std::string Text;
};

/// Resolves \p Root (the files of the root package; each may also hold
/// nested `package a:b { ... }` blocks) after \p Deps (each one dependency:
/// a file, or the files of a directory) into \p R. Packages are resolved in
/// dependency order. Returns the root package.
Expected<PackageId> resolveSources(Resolve &R, std::vector<SourceText> Root,
                                   std::vector<std::vector<SourceText>> Deps);

/// One file of text (no deps/ lookup).
Expected<PackageId> resolveText(Resolve &R, std::string_view Name,
                                std::string_view Text);

/// A `.wit` file, or a directory: its `*.wit` files are the root package
/// and each entry of its `deps/` (a `.wit` file or a directory of them) is a
/// dependency (WIT.md, "Filesystem structure"). I/O errors are
/// ErrorKind::Io.
Expected<PackageId> resolvePath(Resolve &R, const std::string &Path);

struct PrintOptions {
  /// Print `///` doc comments.
  bool Docs = true;
};

/// Canonical WIT for one package: `package ns:name@ver;`, then its
/// interfaces and worlds in definition order, with references to other
/// packages fully qualified.
std::string printPackage(const Resolve &R, PackageId P,
                         const PrintOptions &Opts = {});

/// \p Root as printPackage does, followed by every other package of \p R
/// (sorted by name) as nested `package a:b { ... }` blocks, so the text
/// resolves on its own.
std::string printWithDeps(const Resolve &R, PackageId Root,
                          const PrintOptions &Opts = {});

/// One world, as `world name { ... }` (for `wasmaot wit comp.wasm`).
std::string printWorld(const Resolve &R, WorldId W,
                       const PrintOptions &Opts = {});

} // namespace wasmaot::wit
