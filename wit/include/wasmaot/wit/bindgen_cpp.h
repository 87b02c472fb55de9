// `wasmaot bindgen --cpp`: a C++20 header of typed host-side bindings for
// one world of a Resolve (model.h). The header includes
// wasmaot/runtime/component/bindings.h (the type mapping is described
// there) and declares, for the world `ns:pkg/world`:
//   - every named type the world reaches, in namespace `ns::pkg::iface` (or
//     `ns::pkg::world` for world-level types), with a Codec to and from
//     runtime Values;
//   - class `ns::pkg::World`: `instantiate(Store, Component, Linker)`
//     (checks the component's export types first), one accessor per
//     exported interface returning a wrapper whose methods call its
//     functions, methods for exported world-level functions, and
//     `defineImports(Linker, Impl)` binding imports to a host object;
//   - `ns::pkg::iface::defineImports(Linker, Impl)` per imported interface.
// Owns the text generation only; runs no wasm.
#pragma once

#include <string>

#include "wasmaot/frontend/support/error.h"
#include "wasmaot/wit/model.h"

namespace wasmaot::wit {

struct CppBindgenOptions {
  /// Named in the header's first comment (the WIT or component path).
  std::string Source;
};

/// The header for world \p W. ErrorKind::Unsupported for what the
/// bindings cannot express yet (map, future, stream, async functions).
Expected<std::string> generateCppBindings(const Resolve &R, WorldId W,
                                          const CppBindgenOptions &Opts = {});

/// `process-sequence` -> `processSequence`, `processSequence`-style names
/// with a trailing `_` when they are C++ keywords.
std::string cppCamelName(std::string_view Kebab);
/// `process-sequence` -> `ProcessSequence`.
std::string cppPascalName(std::string_view Kebab);

} // namespace wasmaot::wit
