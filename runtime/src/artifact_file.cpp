// Artifact metadata from the ELF file (see artifact_file.h). Every read is
// bounds-checked against the file: the input may be any file at all.
#include "wasmaot/runtime/artifact_file.h"

#include <array>
#include <cstring>
#include <elf.h>
#include <optional>

#include <fmt/format.h>

#include "wasmaot/frontend/support/sha256.h"

namespace wasmaot::runtime {

namespace {

Error notArtifact(uint64_t Offset, std::string Why) {
  return Error{ErrorKind::Malformed,
               Offset,
               "not a wasmaot artifact: " + std::move(Why),
               {}};
}

/// A bounds-checked view of the file.
class FileView {
public:
  explicit FileView(std::span<const uint8_t> B) : B(B) {}
  bool has(uint64_t Off, uint64_t Size) const {
    return Off <= B.size() && Size <= B.size() - Off;
  }
  template <typename T> std::optional<T> read(uint64_t Off) const {
    if (!has(Off, sizeof(T)))
      return std::nullopt;
    T V;
    std::memcpy(&V, B.data() + Off, sizeof(T));
    return V;
  }
  std::span<const uint8_t> span(uint64_t Off, uint64_t Size) const {
    return B.subspan(size_t(Off), size_t(Size));
  }
  std::string_view cstr(uint64_t Off, uint64_t End) const {
    if (Off >= End || End > B.size())
      return {};
    auto *P = reinterpret_cast<const char *>(B.data() + Off);
    return {P, ::strnlen(P, size_t(End - Off))};
  }

private:
  std::span<const uint8_t> B;
};

/// The file offset of virtual address \p Addr with \p Size bytes behind it,
/// from the PT_LOAD program headers.
std::optional<uint64_t> fileOffsetOf(const FileView &F, const Elf64_Ehdr &H,
                                     uint64_t Addr, uint64_t Size) {
  for (unsigned I = 0; I < H.e_phnum; ++I) {
    auto P = F.read<Elf64_Phdr>(H.e_phoff + uint64_t(I) * H.e_phentsize);
    if (!P)
      return std::nullopt;
    if (P->p_type != PT_LOAD || Addr < P->p_vaddr ||
        Addr - P->p_vaddr > P->p_filesz ||
        Size > P->p_filesz - (Addr - P->p_vaddr))
      continue;
    uint64_t Off = P->p_offset + (Addr - P->p_vaddr);
    if (F.has(Off, Size))
      return Off;
  }
  return std::nullopt;
}

struct FoundSymbols {
  std::optional<Elf64_Sym> Meta, MetaSize;
};

Expected<FoundSymbols> findSymbols(const FileView &F, const Elf64_Ehdr &H,
                                   std::string_view DataName,
                                   std::string_view SizeName) {
  if (H.e_shentsize != sizeof(Elf64_Shdr))
    return notArtifact(0, "unexpected ELF section header size");
  FoundSymbols Found;
  for (unsigned I = 0; I < H.e_shnum; ++I) {
    auto S = F.read<Elf64_Shdr>(H.e_shoff + uint64_t(I) * sizeof(Elf64_Shdr));
    if (!S)
      return notArtifact(H.e_shoff, "truncated ELF section headers");
    if (S->sh_type != SHT_DYNSYM)
      continue;
    auto Str = F.read<Elf64_Shdr>(H.e_shoff +
                                  uint64_t(S->sh_link) * sizeof(Elf64_Shdr));
    if (!Str || S->sh_link >= H.e_shnum || !F.has(Str->sh_offset, Str->sh_size))
      return notArtifact(S->sh_offset, "bad dynamic string table");
    uint64_t StrEnd = Str->sh_offset + Str->sh_size;
    for (uint64_t Off = S->sh_offset;
         Off + sizeof(Elf64_Sym) <= S->sh_offset + S->sh_size;
         Off += sizeof(Elf64_Sym)) {
      auto Sym = F.read<Elf64_Sym>(Off);
      if (!Sym)
        return notArtifact(Off, "truncated dynamic symbol table");
      std::string_view Name = F.cstr(Str->sh_offset + Sym->st_name, StrEnd);
      if (Name == DataName)
        Found.Meta = *Sym;
      else if (Name == SizeName)
        Found.MetaSize = *Sym;
    }
  }
  return Found;
}

/// The bytes of the symbol pair \p DataName / \p SizeName (a uint64_t
/// length) of the ELF shared object \p Bytes, and its header.
struct ElfBlob {
  Elf64_Ehdr Header;
  std::span<const uint8_t> Data;
  uint64_t Offset = 0;
};

Expected<ElfBlob> readElfBlob(std::span<const uint8_t> Bytes,
                              std::string_view DataName,
                              std::string_view SizeName) {
  FileView F(Bytes);
  auto H = F.read<Elf64_Ehdr>(0);
  if (!H || std::memcmp(H->e_ident, ELFMAG, SELFMAG) != 0)
    return notArtifact(0, "not an ELF file");
  if (H->e_ident[EI_CLASS] != ELFCLASS64 || H->e_ident[EI_DATA] != ELFDATA2LSB)
    return notArtifact(4, "not a 64-bit little-endian ELF file");
  if (H->e_type != ET_DYN)
    return notArtifact(16, "not an ELF shared object");
  auto Syms = findSymbols(F, *H, DataName, SizeName);
  if (!Syms)
    return Syms.takeError();
  if (!Syms->Meta || !Syms->MetaSize)
    return notArtifact(Error::kNoOffset,
                       fmt::format("it has no {} symbol", DataName));
  auto SizeOff = fileOffsetOf(F, *H, Syms->MetaSize->st_value, 8);
  if (!SizeOff)
    return notArtifact(Error::kNoOffset,
                       fmt::format("{} is not in the file", SizeName));
  uint64_t Size = *F.read<uint64_t>(*SizeOff);
  auto MetaOff = fileOffsetOf(F, *H, Syms->Meta->st_value, Size);
  if (!MetaOff)
    return notArtifact(*SizeOff, fmt::format("{} ({} bytes) is not in the file",
                                             DataName, Size));
  return ElfBlob{*H, F.span(*MetaOff, Size), *MetaOff};
}

} // namespace

std::string elfMachineName(unsigned Machine) {
  switch (Machine) {
  case EM_X86_64:
    return "x86_64";
  case EM_AARCH64:
    return "aarch64";
  default:
    return fmt::format("machine {}", Machine);
  }
}

bool hasElfSymbols(std::span<const uint8_t> Bytes, std::string_view DataName,
                   std::string_view SizeName) {
  FileView F(Bytes);
  auto H = F.read<Elf64_Ehdr>(0);
  if (!H || std::memcmp(H->e_ident, ELFMAG, SELFMAG) != 0 ||
      H->e_ident[EI_CLASS] != ELFCLASS64 ||
      H->e_ident[EI_DATA] != ELFDATA2LSB || H->e_type != ET_DYN)
    return false;
  auto Syms = findSymbols(F, *H, DataName, SizeName);
  return Syms && Syms->Meta && Syms->MetaSize;
}

Expected<std::span<const uint8_t>>
readElfSymbolData(std::span<const uint8_t> Bytes, std::string_view DataName,
                  std::string_view SizeName) {
  auto B = readElfBlob(Bytes, DataName, SizeName);
  if (!B)
    return B.takeError();
  return B->Data;
}

Error sealError(const abi::SealCheck &C, uint64_t FileSize) {
  switch (C.Status) {
  case abi::SealStatus::Ok:
    break;
  case abi::SealStatus::Missing:
    return Error{ErrorKind::Malformed, FileSize,
                 "it has no checksum seal at its end: it was cut short, "
                 "damaged, or not written by `wasmaot compile`",
                 {}};
  case abi::SealStatus::Mismatch:
    return Error{ErrorKind::Malformed, FileSize - abi::kSealSize,
                 fmt::format("checksum mismatch (sealed {:016x}, content "
                             "{:016x}): the file is damaged",
                             C.Expected, C.Actual),
                 {}};
  }
  WASMAOT_UNREACHABLE("sealError of an intact seal");
}

Status verifyArtifactSignature(std::span<const uint8_t> File,
                               std::span<const uint8_t> Key) {
  if (!abi::hasSignature(File))
    return Error{ErrorKind::Malformed, File.size(),
                 "it is not signed (sign it with `wasmaot compile --sign "
                 "KEYFILE ...`)",
                 {}};
  std::span<const uint8_t> Body = abi::withoutSignature(File);
  std::array<uint8_t, 32> Want = hmacSha256(Key, Body);
  if (!equalMacs(Want, File.subspan(Body.size()).first<abi::kMacSize>()))
    return Error{ErrorKind::Malformed, Body.size(),
                 "its signature does not match the key: it was signed with "
                 "another key, or changed after it was signed",
                 {}};
  return {};
}

std::vector<uint8_t> signArtifact(std::span<const uint8_t> File,
                                  std::span<const uint8_t> Key) {
  std::span<const uint8_t> Body = abi::withoutSignature(File);
  std::vector<uint8_t> Out(Body.begin(), Body.end());
  std::array<uint8_t, 32> Mac = hmacSha256(Key, Body);
  Out.insert(Out.end(), Mac.begin(), Mac.end());
  Out.insert(Out.end(), abi::kSignatureMagic, abi::kSignatureMagic + 8);
  return Out;
}

Expected<ArtifactFile> readArtifactFile(std::span<const uint8_t> Bytes) {
  auto Blob = readElfBlob(Bytes, abi::kSymMeta, abi::kSymMetaSize);
  if (!Blob)
    return Blob.takeError();
  const Elf64_Ehdr *H = &Blob->Header;
  std::span<const uint8_t> MetaBytes = Blob->Data;
  std::optional<uint64_t> MetaOff = Blob->Offset;
  ArtifactFile A;
  A.Machine = H->e_machine;
  A.MetaBytes = MetaBytes;
  std::optional<abi::ArtifactMeta> Header =
      abi::decodeMeta(MetaBytes, /*HeaderOnly=*/true);
  if (!Header)
    return notArtifact(*MetaOff, "bad metadata header");
  A.Meta = std::move(*Header);
  if (A.Meta.FormatVersion != abi::kArtifactFormatVersion ||
      A.Meta.AbiHash != abi::abiHash())
    return A;
  std::optional<abi::ArtifactMeta> Full = abi::decodeMeta(MetaBytes);
  if (!Full)
    return notArtifact(*MetaOff, "corrupt metadata");
  A.Meta = std::move(*Full);
  A.Complete = true;
  return A;
}

} // namespace wasmaot::runtime
