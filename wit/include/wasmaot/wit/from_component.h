// A component binary's WIT: the world a decoded component
// (frontend/component.h) implements, built into a Resolve (model.h) so the
// canonical printer prints it (`wasmaot wit comp.wasm`). Modelled on
// wit-component's decoder: interface-named instance imports and exports
// become interfaces of their packages, plain-named ones inline interfaces,
// functions and types world items; a type exported by an interface that
// was already named elsewhere becomes a `use`.
#pragma once

#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/support/error.h"
#include "wasmaot/wit/model.h"

namespace wasmaot::wit {

/// Adds the world of \p C (and the packages of the interfaces it imports
/// and exports) to \p R. The world's package and name come from a
/// `component-type` custom section when the component has one, else they
/// are `root:component` / `root`, as wasm-tools prints them. Items WIT
/// cannot express (core module, component or value imports, error-context)
/// are ErrorKind::Unsupported with the offset of the definition.
Expected<WorldId> worldFromComponent(Resolve &R,
                                     const frontend::component::Component &C);

} // namespace wasmaot::wit
