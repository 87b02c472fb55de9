// Component composition (`wasmaot compose`): plugs a socket component's
// imports with the exports of plug components of the same name (or a
// semver-compatible one: semverCompatibleName), writing a
// new, standard component binary that nests the inputs unchanged:
//
//   (component
//     <the socket's leading type/import/alias sections, minus the plugged
//      imports; instance indices renumbered>
//     (component $plug0 ...) ... (component $socket ...)   ;; verbatim
//     (instance $p0 (instantiate $plug0 (with "wasi:..." (instance N)) ...))
//     (instance $s (instantiate $socket (with "ns:pkg/iface" (instance
//       <alias export $p0 "ns:pkg/iface">)) (with "wasi:..." ...)))
//     (export "..." <alias export $s "...">) ...)               ;; all of them
//
// Nothing is re-encoded but names and indices, so the result carries the
// inputs' own types and any runtime that accepts the inputs accepts it.
// What is not supported (each a clear error): a socket whose imports do
// not all come before its first definition (wit-component and jco always
// put them first), a plug import that neither a socket import nor an
// earlier plug's export provides, plugging (away) an import whose types
// other imports use, and type imports as plugs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::frontend::component {

struct ComposeInput {
  std::string Display; ///< for messages
  std::span<const uint8_t> Bytes;
};

struct ComposeResult {
  std::vector<uint8_t> Bytes;
  /// Socket imports satisfied, each with the plug (index into Plugs).
  std::vector<std::pair<std::string, size_t>> Plugged;
  /// Imports of the composition (the socket's that no plug satisfied).
  std::vector<std::string> Imports;
};

/// Which input an Error's offset refers to: 0 the socket, 1 + i plug i,
/// kComposeOutput the composition itself.
inline constexpr size_t kComposeOutput = ~size_t(0);

/// Composes \p Socket with \p Plugs (instantiated in the order given: a
/// plug's import comes from an earlier plug that exports it, else from the
/// composition's import of that name, which must be one of the socket's
/// and is kept even when the socket's own import of it is plugged). Both must be valid components (readComponent); the
/// result is validated before it is returned. On error, \p ErrorInput says
/// which input the Error's offset is in.
Expected<ComposeResult> compose(const ComposeInput &Socket,
                                std::span<const ComposeInput> Plugs,
                                size_t &ErrorInput);

} // namespace wasmaot::frontend::component
