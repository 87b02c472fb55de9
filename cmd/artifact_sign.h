// Signed artifacts for the CLI: `wasmaot compile --sign KEYFILE` and
// `wasmaot run --verify KEYFILE`. The signature itself (HMAC-SHA256 of the
// sealed file, a trailer after the checksum seal) is the runtime's
// (artifact_file.h: signArtifact, verifyArtifactSignature); this owns key
// files and rewriting an artifact file with its signature.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::cli {

/// The bytes of a key file: a secret of at least kMinKeyBytes bytes (e.g.
/// `head -c 32 /dev/urandom > KEY`). Errors are ErrorKind::Io (exit 2).
inline constexpr size_t kMinKeyBytes = 16;
Expected<std::vector<uint8_t>> readSigningKey(const std::string &Path);

/// Replaces the artifact at \p Path by a copy signed with \p Key, atomically
/// (a temporary file beside it, then rename).
Status signArtifactFile(const std::string &Path, std::span<const uint8_t> Key);

} // namespace wasmaot::cli
