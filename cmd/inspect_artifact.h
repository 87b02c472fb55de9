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

} // namespace wasmaot::cli
