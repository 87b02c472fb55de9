// Compile-time evaluation of a component into its instantiation plan
// (abi/component.h). LLVM-free.
#pragma once

#include <vector>

#include "wasmaot/abi/component.h"
#include "wasmaot/frontend/component.h"

namespace wasmaot::codegen {

struct ComponentPlan {
  abi::component::ComponentMeta Meta; ///< Modules still empty
  /// The core modules to compile, in Meta.Modules order.
  std::vector<const frontend::component::CoreModuleEntry *> Modules;
};

/// Inlines nested component instantiations, resolves aliases and inline
/// core instances, and resolves every function type into cabi trees.
/// Unsupported constructs (values, start functions, async) are errors with
/// the offset of the definition.
Expected<ComponentPlan> planComponent(const frontend::component::Component &C);

} // namespace wasmaot::codegen
