// Reading a wasmaot artifact's metadata straight from the ELF file, without
// dlopen: the loader checks an artifact with it (and its checksum seal)
// before dlopen can run any of its code; `wasmaot inspect` uses it to show
// what any artifact holds — one
// compiled for another architecture, or one this runtime would refuse — and
// `wasmaot run` to sniff artifacts. Knows the ELF64 little-endian layout and
// the symbol names of abi/artifact.h; decoding the metadata itself is
// abi::decodeMeta's job, and deciding whether an artifact may run is
// runtime::Module::load's.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/abi/artifact.h"
#include "wasmaot/abi/checksum.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::runtime {

struct ArtifactFile {
  /// e_machine of the ELF header (EM_X86_64, EM_AARCH64, ...).
  unsigned Machine = 0;
  /// The decoded metadata. When the format version or ABI hash differ from
  /// this build's, only the header fields (up to OptLevel) are filled in.
  abi::ArtifactMeta Meta;
  /// False when only the header could be decoded (see Meta).
  bool Complete = false;
  /// The encoded metadata inside the input bytes (valid while they are).
  std::span<const uint8_t> MetaBytes;
};

/// Finds `wasmaot_meta` / `wasmaot_meta_size` in the dynamic symbol table of
/// the ELF shared object \p Bytes and decodes the metadata. Errors (kind
/// Malformed, with the file offset where known) say why the file is not a
/// readable wasmaot artifact.
Expected<ArtifactFile> readArtifactFile(std::span<const uint8_t> Bytes);

/// Why the checksum seal that `wasmaot compile` appends to every artifact
/// (abi/checksum.h; \p C is abi::checkSeal of the whole file of
/// \p FileSize bytes) fails: missing (a truncated file, or one not written
/// by `wasmaot compile`) or not matching (a damaged file). Kind Malformed,
/// at the offset of the seal. Only artifacts whose metadata header has this
/// runtime's format carry a seal.
Error sealError(const abi::SealCheck &C, uint64_t FileSize);

/// Checks the signature trailer that `wasmaot compile --sign KEYFILE` appends
/// (abi/checksum.h): HMAC-SHA256 under \p Key of the rest of \p File. An
/// Error (kind Malformed) if the file is not signed or the MAC differs.
/// Hosts that accept artifacts from elsewhere call it on the bytes they then
/// give Module::loadBytes (not on a path that could change in between).
Status verifyArtifactSignature(std::span<const uint8_t> File,
                               std::span<const uint8_t> Key);

/// \p File (an artifact, signed or not) with a signature under \p Key.
std::vector<uint8_t> signArtifact(std::span<const uint8_t> File,
                                  std::span<const uint8_t> Key);

/// The bytes of data symbol \p DataName, whose uint64_t length is symbol
/// \p SizeName, in the ELF shared object \p Bytes (e.g. the component
/// metadata of abi/component.h).
Expected<std::span<const uint8_t>>
readElfSymbolData(std::span<const uint8_t> Bytes, std::string_view DataName,
                  std::string_view SizeName);

/// Whether the ELF shared object \p Bytes defines the dynamic symbols
/// \p DataName and \p SizeName (a cheap question: no error is built).
bool hasElfSymbols(std::span<const uint8_t> Bytes, std::string_view DataName,
                   std::string_view SizeName);

/// "x86_64", "aarch64" or "machine N".
std::string elfMachineName(unsigned Machine);

} // namespace wasmaot::runtime
