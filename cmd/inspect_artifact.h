// `wasmaot inspect` on a compiled artifact (see inspect_artifact.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wasmaot::cli {

/// Prints what the artifact \p Bytes (read from \p File) holds, as text or
/// JSON; returns the exit status.
int inspectArtifact(const std::string &File, std::span<const uint8_t> Bytes,
                    bool Json);

/// The same for a component artifact whose metadata is \p MetaBytes
/// (inspect_component_artifact.cpp).
int inspectComponentArtifact(const std::string &File,
                             std::span<const uint8_t> Bytes,
                             std::span<const uint8_t> MetaBytes, bool Json);

} // namespace wasmaot::cli
