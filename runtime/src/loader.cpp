// The artifact loader (Module): dlopen, symbols, metadata, compatibility
// checks, type ids, code registration. Reader of the metadata format that
// codegen/src/artifact_writer.cpp writes (see abi/artifact.h). Every refusal
// says what to do about it; a corrupt or foreign artifact never gets as far
// as running code.
#include "wasmaot/runtime/module.h"

#include <sys/stat.h>

#include "wasmaot/runtime/artifact_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include "code_registry.h"
#include "memory_internal.h"
#include "sys/sys.h"

namespace wasmaot::runtime {

struct Module::Impl {
  sys::SharedObject SO;
  /// Memory 0's initial contents, when they can be mapped copy-on-write.
  std::unique_ptr<MemoryImage> Image;
};

namespace {

constexpr uint64_t k4GiB = 4ull << 30;

Error linkError(std::string Msg) {
  return Error{ErrorKind::Link, Error::kNoOffset, std::move(Msg), {}};
}

/// "x86_64-unknown-linux-gnu" -> "x86_64" (arm64 spelled the LLVM way).
std::string tripleArch(const std::string &Triple) {
  std::string A = Triple.substr(0, Triple.find('-'));
  return A == "arm64" ? "aarch64" : A;
}

const char *boundsName(abi::BoundsMode B) {
  return B == abi::BoundsMode::Guard ? "guard" : "explicit";
}

} // namespace

Expected<MappedFile> MappedFile::open(const std::string &Path) {
  Expected<sys::MappedFileView> V = sys::mapFile(Path);
  if (!V)
    return makeError(ErrorKind::Io, Error::kNoOffset, "'{}': {}", Path,
                     V.error().Message);
  MappedFile F;
  F.Fd = V->Fd;
  F.Data = V->Data;
  F.Size = V->Size;
  return F;
}

MappedFile::MappedFile(MappedFile &&O) noexcept
    : Fd(std::exchange(O.Fd, -1)), Data(std::exchange(O.Data, nullptr)),
      Size(std::exchange(O.Size, 0)) {}

MappedFile &MappedFile::operator=(MappedFile &&O) noexcept {
  if (this != &O) {
    sys::MappedFileView V{Fd, Data, Size};
    sys::unmapFile(V);
    Fd = std::exchange(O.Fd, -1);
    Data = std::exchange(O.Data, nullptr);
    Size = std::exchange(O.Size, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  sys::MappedFileView V{Fd, Data, Size};
  sys::unmapFile(V);
}

Expected<std::shared_ptr<Module>> Module::load(Engine &E,
                                               const std::string &Path) {
  Expected<MappedFile> F = MappedFile::open(Path);
  if (!F)
    return F.takeError();
  return load(E, *F, Path);
}

Expected<std::shared_ptr<Module>>
Module::load(Engine &E, const MappedFile &File, std::string DisplayName) {
  std::shared_ptr<Module> M(new Module);
  if (Status S = M->init(E, File.fd(), File.bytes(), std::move(DisplayName));
      !S)
    return S.takeError();
  return M;
}

Expected<std::shared_ptr<Module>> Module::loadBytes(Engine &E,
                                                    std::span<const uint8_t> B,
                                                    std::string Name) {
  Expected<int> Fd = sys::memoryFile(B.data(), B.size());
  if (!Fd)
    return Fd.takeError();
  std::shared_ptr<Module> M(new Module);
  Status S = M->init(E, *Fd, B, std::move(Name));
  ::close(*Fd);
  if (!S)
    return S.takeError();
  return M;
}

Module::~Module() {
  if (!I)
    return;
  unregisterCode(this);
  sys::unloadSharedObject(I->SO);
}

Status Module::checkFile(std::span<const uint8_t> Bytes,
                         std::span<const uint8_t> &MetaBytes) {
  if (Bytes.empty())
    return linkError(fmt::format("'{}' is not a wasmaot artifact (empty or "
                                 "unreadable)",
                                 Display));
  // Every artifact of this format carries a checksum seal over all its
  // bytes (abi/checksum.h): a bit flip in code or data would otherwise run.
  // A broken seal is called damage even where the damage also broke the
  // ELF structure; an artifact of another format or ABI is refused by
  // checkHeader with "recompile" (older formats have no seal).
  abi::SealCheck Seal = abi::checkSeal(Bytes);
  Expected<ArtifactFile> A = readArtifactFile(Bytes);
  bool OurFormat = A && A->Meta.FormatVersion == abi::kArtifactFormatVersion &&
                   A->Meta.AbiHash == abi::abiHash();
  if ((Seal.Status == abi::SealStatus::Mismatch && (OurFormat || !A)) ||
      (Seal.Status == abi::SealStatus::Missing && OurFormat))
    return linkError(fmt::format("'{}' is a corrupt artifact: {}: recompile "
                                 "it with `wasmaot compile ...`",
                                 Display, sealError(Seal, Bytes.size()).Message));
  if (sys::elfMachine(Bytes.data(), Bytes.size()) < 0)
    return linkError(fmt::format(
        "'{}' is not a wasmaot artifact (not an ELF shared object)", Display));
  if (!A)
    return linkError(fmt::format("'{}' is not a wasmaot artifact: {}", Display,
                                 A.error().Message));
  if (A->Machine != unsigned(sys::hostElfMachine()))
    return linkError(fmt::format(
        "'{}' was compiled for {} but this host is {}: recompile it with "
        "`wasmaot compile --target {}-linux-gnu ...`",
        Display, sys::elfMachineArch(int(A->Machine)),
        sys::elfMachineArch(sys::hostElfMachine()),
        sys::elfMachineArch(sys::hostElfMachine())));
  MetaBytes = A->MetaBytes;
  WASMAOT_TRY(checkCompatible(A->Meta));
  if (!A->Complete)
    return checkHeader(A->MetaBytes);
  return adoptMeta(std::move(A->Meta));
}

Status Module::init(Engine &E, int Fd, std::span<const uint8_t> Bytes,
                    std::string Name) {
  Eng = &E;
  Display = std::move(Name);
  // Check the file itself before dlopen, which would run the object's
  // initialisers: a file that is not a wasmaot artifact, a damaged one, or
  // one built for another ABI or machine never gets to execute anything.
  std::span<const uint8_t> FileMeta;
  WASMAOT_TRY(checkFile(Bytes, FileMeta));
  Expected<sys::SharedObject> SO = sys::loadSharedObject(Fd, Bytes, Display);
  if (!SO)
    return SO.takeError();
  I = std::make_unique<Impl>();
  I->SO = std::move(*SO);
  auto *MetaPtr = static_cast<const uint8_t *>(sys::findSymbol(I->SO, abi::kSymMeta));
  auto *MetaSize = static_cast<const uint64_t *>(sys::findSymbol(I->SO, abi::kSymMetaSize));
  if (!MetaPtr || !MetaSize)
    return linkError(fmt::format(
        "'{}' is not a wasmaot artifact (it has no {} symbol)", Display,
        abi::kSymMeta));
  // What was mapped is what was checked, unless the file changed since:
  // then the mapped copy is checked again, from the start.
  if (*MetaSize != FileMeta.size() ||
      std::memcmp(MetaPtr, FileMeta.data(), FileMeta.size()) != 0)
    WASMAOT_TRY(checkHeader({MetaPtr, size_t(*MetaSize)}));
  WASMAOT_TRY(findSymbols());
  TypeIds.reserve(Meta.Types.size());
  for (const FuncType &T : Meta.Types)
    TypeIds.push_back(E.types().intern(T));
  uint32_t NumDefined = numFuncs() - numImportedFuncs();
  for (uint32_t D = 0; D < NumDefined; ++D)
    CodeMap.push_back({uintptr_t(Funcs[D]), numImportedFuncs() + D});
  for (size_t T = 0; T < Meta.Types.size(); ++T) {
    if (ArrayCalls[T])
      CodeMap.push_back({uintptr_t(ArrayCalls[T]), ~0u});
    if (HostStubs[T])
      CodeMap.push_back({uintptr_t(HostStubs[T]), ~0u});
  }
  std::sort(CodeMap.begin(), CodeMap.end());
  registerCode(this, I->SO.Code);
  if (E.config().CopyOnWriteImages)
    I->Image = MemoryImage::build(*this);
  return {};
}

const MemoryImage *Module::memoryImage() const {
  return I ? I->Image.get() : nullptr;
}

Status Module::checkHeader(std::span<const uint8_t> Bytes) {
  std::optional<abi::ArtifactMeta> H = abi::decodeMeta(Bytes, /*HeaderOnly=*/true);
  if (!H)
    return linkError(fmt::format(
        "'{}' is not a wasmaot artifact (bad metadata header)", Display));
  WASMAOT_TRY(checkCompatible(*H));
  std::optional<abi::ArtifactMeta> Full = abi::decodeMeta(Bytes);
  if (!Full)
    return linkError(fmt::format("'{}': corrupt artifact metadata: recompile "
                                 "it with `wasmaot compile ...`",
                                 Display));
  return adoptMeta(std::move(*Full));
}

Status Module::checkCompatible(const abi::ArtifactMeta &H) {
  if (H.FormatVersion != abi::kArtifactFormatVersion)
    return linkError(fmt::format(
        "'{}': artifact was built by an incompatible wasmaot (format {}, "
        "expected {}): recompile it with `wasmaot compile ...`",
        Display, H.FormatVersion, abi::kArtifactFormatVersion));
  if (H.AbiHash != abi::abiHash())
    return linkError(fmt::format(
        "'{}': artifact was built by an incompatible wasmaot (ABI hash "
        "{:#x}, expected {:#x}): recompile it with `wasmaot compile ...`",
        Display, H.AbiHash, abi::abiHash()));
  std::string Host = sys::elfMachineArch(sys::hostElfMachine());
  if (tripleArch(H.Target) != Host)
    return linkError(fmt::format(
        "'{}' was compiled for {} but this host is {}: recompile it with "
        "`wasmaot compile --target {}-linux-gnu ...`",
        Display, H.Target, Host, Host));
  std::string Missing;
  std::string_view Feats = H.CpuFeatures;
  while (!Feats.empty()) {
    size_t Comma = Feats.find(',');
    std::string_view F = Feats.substr(0, Comma);
    Feats = Comma == std::string_view::npos ? "" : Feats.substr(Comma + 1);
    if (F.size() > 1 && F[0] == '+' && sys::hostHasCpuFeature(F.substr(1)) == false)
      Missing += fmt::format("{}{}", Missing.empty() ? "" : ", ", F.substr(1));
  }
  if (!Missing.empty())
    return Error{ErrorKind::Unsupported, Error::kNoOffset,
                 fmt::format("'{}' was compiled for CPU {} and uses {}, which "
                             "this host's CPU lacks: recompile it with "
                             "`wasmaot compile --cpu native ...` (or a CPU "
                             "this host has, e.g. --cpu x86-64-v2)",
                             Display, H.Cpu, Missing),
                 {}};
  uint64_t Reserve = Eng->config().MemoryReservation;
  if (H.Bounds == abi::BoundsMode::Guard &&
      (Reserve < k4GiB || Reserve - k4GiB < H.GuardBytes))
    return Error{ErrorKind::Unsupported, Error::kNoOffset,
                 fmt::format("'{}' relies on guard pages ({} bounds checks, "
                             "{} guard bytes) but the engine reserves only {} "
                             "bytes per memory: recompile it with `wasmaot "
                             "compile --bounds-checks=explicit ...`",
                             Display, boundsName(H.Bounds), H.GuardBytes,
                             Reserve),
                 {}};
  return {};
}

Status Module::adoptMeta(abi::ArtifactMeta M) {
  Meta = std::move(M);
  // Idempotent: the mapped copy is adopted again if it differs from the
  // file's.
  std::fill(std::begin(NumImported), std::end(NumImported), 0u);
  for (const abi::MetaImport &Imp : Meta.Imports)
    ++NumImported[unsigned(Imp.Kind)];
  if (!Meta.Name.empty())
    Display = Meta.Name;
  return checkCrossReferences();
}

Status Module::findSymbols() {
  Funcs = static_cast<void *const *>(sys::findSymbol(I->SO, abi::kSymFuncs));
  ArrayCalls = static_cast<void *const *>(sys::findSymbol(I->SO, abi::kSymArrayCalls));
  HostStubs = static_cast<void *const *>(sys::findSymbol(I->SO, abi::kSymHostStubs));
  Data = static_cast<const uint8_t *>(sys::findSymbol(I->SO, abi::kSymData));
  const char *Missing = !Funcs        ? abi::kSymFuncs
                        : !ArrayCalls ? abi::kSymArrayCalls
                        : !HostStubs  ? abi::kSymHostStubs
                        : (!Data && Meta.DataImageSize) ? abi::kSymData
                                                        : nullptr;
  if (Missing)
    return linkError(fmt::format("'{}': corrupt artifact (no {} symbol): "
                                 "recompile it with `wasmaot compile ...`",
                                 Display, Missing));
  return {};
}

namespace {

bool exprOk(const abi::ConstExpr &E, uint32_t NumFuncs, uint32_t NumGlobals);

/// A Wasm 3.0 extended constant expression: its stack typed as the
/// validator typed it, so Instance::evalProgram never underflows.
bool programOk(const abi::ConstExpr &E, uint32_t NumFuncs,
               uint32_t NumGlobals) {
  std::vector<ValType> Stack;
  for (const abi::ConstExpr &Op : E.Ops) {
    if (abi::ConstExpr::isBinary(Op.K)) {
      ValType T = Op.K <= abi::ConstExpr::I32Mul ? ValType::I32 : ValType::I64;
      if (Stack.size() < 2 || Stack.back() != T || Stack[Stack.size() - 2] != T)
        return false;
      Stack.pop_back();
      continue;
    }
    if (Op.K == abi::ConstExpr::Program || !exprOk(Op, NumFuncs, NumGlobals))
      return false;
    Stack.push_back(Op.Type);
  }
  return Stack.size() == 1 && Stack[0] == E.Type;
}

bool exprOk(const abi::ConstExpr &E, uint32_t NumFuncs, uint32_t NumGlobals) {
  switch (E.K) {
  case abi::ConstExpr::RefFunc: return E.Index < NumFuncs;
  case abi::ConstExpr::GlobalGet: return E.Index < NumGlobals;
  case abi::ConstExpr::Program: return programOk(E, NumFuncs, NumGlobals);
  default: return !abi::ConstExpr::isBinary(E.K);
  }
}

bool limitsOk(const Limits &L) { return !L.Max || *L.Max >= L.Min; }

} // namespace

/// What instantiation relies on without checking again: every index in the
/// metadata names something that exists.
Status Module::checkCrossReferences() const {
  const abi::ArtifactMeta &M = Meta;
  uint32_t NF = numFuncs(), NG = numGlobals();
  auto Bad = [this](const char *What) -> Status {
    return linkError(fmt::format("'{}': corrupt artifact metadata ({}): "
                                 "recompile it with `wasmaot compile ...`",
                                 Display, What));
  };
  if (NF < numImportedFuncs() || M.FuncNames.size() > NF)
    return Bad("function counts");
  for (const abi::MetaImport &Imp : M.Imports)
    if ((Imp.Kind == ExternKind::Table && !limitsOk(Imp.Table.Lim)) ||
        (Imp.Kind == ExternKind::Memory && !limitsOk(Imp.Memory.Lim)))
      return Bad("import limits");
  for (const TableType &T : M.Tables)
    if (!limitsOk(T.Lim) || !frontend::isRefType(T.Elem))
      return Bad("table type");
  for (const MemoryType &T : M.Memories)
    if (!limitsOk(T.Lim))
      return Bad("memory type");
  for (const abi::MetaGlobal &G : M.Globals)
    if (!exprOk(G.Init, NF, NG))
      return Bad("global initializer");
  for (const abi::MetaExport &E : M.Exports) {
    uint32_t Count[4] = {NF, numTables(), numMemories(), NG};
    if (E.Index >= Count[unsigned(E.Kind)])
      return Bad("export index");
  }
  for (const abi::MetaElem &E : M.Elems) {
    if (E.Mode == abi::SegMode::Active &&
        (E.Table >= numTables() || !exprOk(E.Offset, NF, NG)))
      return Bad("element segment");
    for (const abi::ConstExpr &X : E.Items)
      if (!exprOk(X, NF, NG))
        return Bad("element item");
  }
  for (const abi::MetaData &D : M.Datas)
    if (D.Mode == abi::SegMode::Active &&
        (D.Memory >= numMemories() || !exprOk(D.Offset, NF, NG)))
      return Bad("data segment");
  if (M.Start && *M.Start >= NF)
    return Bad("start function");
  for (const MemoryType &T : M.Memories)
    if (T.Lim.Is64 || T.Lim.Shared)
      return Error{ErrorKind::Unsupported, Error::kNoOffset,
                   fmt::format("'{}': 64-bit and shared memories are not "
                               "supported by this runtime",
                               Display),
                   {}};
  return {};
}

uint32_t Module::numTables() const {
  return numImportedTables() + uint32_t(Meta.Tables.size());
}
uint32_t Module::numMemories() const {
  return numImportedMemories() + uint32_t(Meta.Memories.size());
}
uint32_t Module::numGlobals() const {
  return numImportedGlobals() + uint32_t(Meta.Globals.size());
}

std::string_view Module::funcName(uint32_t F) const {
  return F < Meta.FuncNames.size() ? std::string_view(Meta.FuncNames[F])
                                   : std::string_view();
}

std::optional<uint32_t> Module::funcIndexForPc(uintptr_t Pc) const {
  auto It = std::upper_bound(
      CodeMap.begin(), CodeMap.end(), Pc,
      [](uintptr_t P, const std::pair<uintptr_t, uint32_t> &E) {
        return P < E.first;
      });
  if (It == CodeMap.begin() || std::prev(It)->second == ~0u)
    return std::nullopt;
  return std::prev(It)->second;
}

} // namespace wasmaot::runtime
