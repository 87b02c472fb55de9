// `wasmaot inspect` on a component binary (see inspect_component.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wasmaot::cli {

/// Prints a component's imports and exports with their types in WIT-like
/// syntax, its nested modules and components, and its definitions; as text
/// or JSON. Returns the exit status.
int inspectComponent(const std::string &File, std::span<const uint8_t> Bytes,
                     bool Json);

} // namespace wasmaot::cli
