// Internal interface between resolve_sources.cpp (grouping files into
// packages, ordering packages, reading directories) and resolve.cpp (one
// package's names and types). Not installed.
#pragma once

#include <vector>

#include "wasmaot/wit/model.h"
#include "wasmaot/wit/syntax.h"

namespace wasmaot::wit::detail {

/// One package: its name and the parts (file top levels or nested blocks)
/// that define it.
struct PackageGroup {
  PackageName Name;
  Span NameSp;
  std::vector<const PackageAst *> Parts;
};

/// Resolves \p G into \p R (every package it refers to must be in \p R
/// already) and returns its id.
Expected<PackageId> resolvePackage(Resolve &R, const SourceMap &SM,
                                   const PackageGroup &G);

PackageName toName(const PackageNameAst &P);

} // namespace wasmaot::wit::detail
