// Module: one loaded artifact (an ELF shared object written by `wasmaot
// compile`). Loading = dlopen + symbol lookup + metadata decode + the checks
// that make running it safe (format version, ABI hash, architecture, bounds
// mode vs. the engine's reservation, metadata cross-references) + engine type
// ids + registration of its code ranges for the fault handler and backtraces.
// Immutable after load and shareable between threads and Stores.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/abi/artifact.h"
#include "wasmaot/runtime/engine.h"

namespace wasmaot::runtime {

class MemoryImage;

/// A file opened and mapped read-only, once. A host that looks at an
/// artifact before loading it (is it a component? is it signed?) hands the
/// same MappedFile to Module::load: the file is read once, and what the
/// loader checks is what it dlopens, through the same descriptor.
class MappedFile {
public:
  /// Opens and maps the regular file \p Path; an Io error names the path.
  static Expected<MappedFile> open(const std::string &Path);
  MappedFile(MappedFile &&O) noexcept;
  MappedFile &operator=(MappedFile &&O) noexcept;
  MappedFile(const MappedFile &) = delete;
  MappedFile &operator=(const MappedFile &) = delete;
  ~MappedFile();

  std::span<const uint8_t> bytes() const { return {Data, Size}; }
  int fd() const { return Fd; }

private:
  MappedFile() = default;
  int Fd = -1;
  const uint8_t *Data = nullptr;
  size_t Size = 0;
};

class Module : public std::enable_shared_from_this<Module> {
public:
  /// Loads the artifact at \p Path.
  static Expected<std::shared_ptr<Module>> load(Engine &E,
                                                const std::string &Path);
  /// Loads the artifact \p File (see MappedFile), called \p DisplayName in
  /// messages.
  static Expected<std::shared_ptr<Module>>
  load(Engine &E, const MappedFile &File, std::string DisplayName);
  /// Loads an artifact from bytes (via an in-memory file).
  static Expected<std::shared_ptr<Module>>
  loadBytes(Engine &E, std::span<const uint8_t> Bytes,
            std::string DisplayName = "<memory>");
  ~Module();
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;

  Engine &engine() const { return *Eng; }
  const abi::ArtifactMeta &meta() const { return Meta; }
  /// The name section's module name, else the path given to load.
  const std::string &displayName() const { return Display; }

  uint32_t numImportedFuncs() const { return NumImported[0]; }
  uint32_t numImportedTables() const { return NumImported[1]; }
  uint32_t numImportedMemories() const { return NumImported[2]; }
  uint32_t numImportedGlobals() const { return NumImported[3]; }
  uint32_t numFuncs() const { return uint32_t(Meta.FuncTypes.size()); }
  uint32_t numTables() const;
  uint32_t numMemories() const;
  uint32_t numGlobals() const;

  /// Engine-wide id of the module's type \p TypeIndex.
  uint32_t typeId(uint32_t TypeIndex) const { return TypeIds[TypeIndex]; }
  const FuncType &funcType(uint32_t FuncIndex) const {
    return Meta.Types[Meta.FuncTypes[FuncIndex]];
  }
  /// Name from the name section, or "" if none.
  std::string_view funcName(uint32_t FuncIndex) const;

  /// Native code of defined function \p DefinedIndex (not counting imports).
  void *funcCode(uint32_t DefinedIndex) const { return Funcs[DefinedIndex]; }
  abi::ArrayCallFn arrayCall(uint32_t TypeIndex) const {
    return reinterpret_cast<abi::ArrayCallFn>(ArrayCalls[TypeIndex]);
  }
  void *hostStub(uint32_t TypeIndex) const { return HostStubs[TypeIndex]; }
  const uint8_t *dataImage() const { return Data; }
  /// Memory 0's initial contents as a copy-on-write image built at load
  /// (EngineConfig::CopyOnWriteImages), or null when instantiation copies
  /// the data segments (runtime-internal, see src/memory_internal.h).
  const MemoryImage *memoryImage() const;

  /// The function (index space of this module) whose code contains \p Pc,
  /// or nullopt for trampolines, stubs and foreign code.
  std::optional<uint32_t> funcIndexForPc(uintptr_t Pc) const;

  /// Where the shared object's code lives (for the code registry).
  struct Impl;

private:
  Module() = default;
  /// \p Bytes: the whole content of the file \p Fd.
  Status init(Engine &E, int Fd, std::span<const uint8_t> Bytes,
              std::string DisplayName);
  /// Decodes and checks encoded metadata, then adopts it.
  Status checkHeader(std::span<const uint8_t> Bytes);
  /// Whether this runtime can run an artifact with header \p H (format,
  /// ABI, architecture, CPU features, bounds mode vs. reservation).
  Status checkCompatible(const abi::ArtifactMeta &H);
  /// Makes \p M this module's metadata, after checking its cross-references.
  Status adoptMeta(abi::ArtifactMeta M);
  /// Decodes Meta from the file's copy; sets \p MetaBytes to it.
  Status checkFile(std::span<const uint8_t> Bytes,
                   std::span<const uint8_t> &MetaBytes);
  Status checkCrossReferences() const;
  Status findSymbols();

  Engine *Eng = nullptr;
  std::unique_ptr<Impl> I;
  abi::ArtifactMeta Meta;
  std::string Display;
  uint32_t NumImported[4] = {};
  std::vector<uint32_t> TypeIds;
  void *const *Funcs = nullptr;
  void *const *ArrayCalls = nullptr;
  void *const *HostStubs = nullptr;
  const uint8_t *Data = nullptr;
  /// Sorted code start addresses: (address, function index or ~0u for a
  /// trampoline or stub). The function containing pc is the greatest start
  /// <= pc.
  std::vector<std::pair<uintptr_t, uint32_t>> CodeMap;
};

} // namespace wasmaot::runtime
