// `wasmaot inspect` on a compiled artifact (see inspect_artifact.cpp).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wasmaot::cli {

class JsonWriter;

/// The integrity trailers of the artifact file \p Bytes (abi/checksum.h):
/// the checksum seal, checked, and whether a signature follows it. Empty
/// Problem when the seal is intact.
struct ArtifactIntegrity {
  std::string Seal;    ///< "XXH64 0x..., intact" or what is wrong
  std::string Problem; ///< why the loader would refuse the file, or empty
  bool Signed = false;
};
ArtifactIntegrity artifactIntegrity(std::span<const uint8_t> Bytes);
/// Its text lines (an "Integrity" section) and JSON keys.
void printIntegrity(const ArtifactIntegrity &I);
void jsonIntegrity(JsonWriter &J, const ArtifactIntegrity &I);

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
