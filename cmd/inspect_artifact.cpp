// `wasmaot inspect FILE.so`: what a compiled artifact holds — its header
// (format version, ABI hash, compiler, target, CPU and features, wasm
// features, bounds checks, guard size, opt level, epoch checks), whether this
// runtime would load it, and the module it was compiled from (types, imports,
// exports, functions, tables, memories, globals, segments).
//
// The metadata is read from the file (artifact_file.h), never by dlopen:
// inspecting an untrusted file must not run its code, and artifacts for
// another architecture are worth inspecting too. Whether the runtime would
// load it is judged from the same header facts Module::load checks first
// (format version, ABI hash, architecture).
#include "inspect_artifact.h"

#include <cstdio>
#include <elf.h>

#include <fmt/format.h>

#include "wasmaot/abi/checksum.h"
#include "wasmaot/abi/component.h"
#include "wasmaot/runtime/artifact_file.h"
#include "common.h"
#include "json_writer.h"
#include "module_info.h"
#include "wasmaot/frontend/features.h"

namespace wasmaot::cli {

using namespace wasmaot::frontend;

namespace {

unsigned hostMachine() {
#if defined(__x86_64__)
  return EM_X86_64;
#elif defined(__aarch64__)
  return EM_AARCH64;
#else
  return 0;
#endif
}

/// Empty if this runtime would accept the header, else why not.
std::string refusal(const runtime::ArtifactFile &A) {
  const abi::ArtifactMeta &M = A.Meta;
  if (M.FormatVersion != abi::kArtifactFormatVersion)
    return fmt::format("artifact format {}, this runtime loads format {}",
                       M.FormatVersion, abi::kArtifactFormatVersion);
  if (M.AbiHash != abi::abiHash())
    return fmt::format("ABI hash {:#x}, this runtime's is {:#x}", M.AbiHash,
                       abi::abiHash());
  if (A.Machine != hostMachine())
    return fmt::format("compiled for {}, this host is {}",
                       runtime::elfMachineName(A.Machine),
                       runtime::elfMachineName(hostMachine()));
  return {};
}

std::string featureList(uint64_t Bits) {
  std::string S;
  for (unsigned I = 0; I < kNumFeatures; ++I)
    if (Bits >> I & 1)
      S += (S.empty() ? "" : ", ") + std::string(featureName(Feature(I)));
  if (uint64_t Unknown = Bits >> kNumFeatures)
    S += fmt::format("{}unknown bits {:#x}", S.empty() ? "" : ", ",
                     Unknown << kNumFeatures);
  return S.empty() ? "none" : S;
}

const char *boundsName(abi::BoundsMode B) {
  return B == abi::BoundsMode::Guard ? "guard" : "explicit";
}

const char *segModeName(abi::SegMode M) {
  switch (M) {
  case abi::SegMode::Active:
    return "active";
  case abi::SegMode::Passive:
    return "passive";
  case abi::SegMode::Declarative:
    return "declarative";
  }
  return "?";
}

std::string importDesc(const abi::ArtifactMeta &M, const abi::MetaImport &I) {
  switch (I.Kind) {
  case ExternKind::Func:
    return fmt::format("type {} {}", I.TypeIndex,
                       I.TypeIndex < M.Types.size()
                           ? funcTypeString(M.Types[I.TypeIndex])
                           : "?");
  case ExternKind::Table:
    return fmt::format("{} {}", valTypeName(I.Table.Elem),
                       limitsText(I.Table.Lim));
  case ExternKind::Memory:
    return limitsText(I.Memory.Lim);
  case ExternKind::Global:
    return fmt::format("{} {}", I.Global.Mutable ? "mut" : "const",
                       valTypeName(I.Global.Type));
  }
  return "?";
}

std::string funcNameText(const abi::ArtifactMeta &M, uint32_t Index) {
  if (Index >= M.FuncNames.size() || M.FuncNames[Index].empty())
    return "";
  return "$" + M.FuncNames[Index];
}

void out(const std::string &S) {
  std::string L = S;
  while (!L.empty() && L.back() == ' ')
    L.pop_back();
  L += '\n';
  std::fwrite(L.data(), 1, L.size(), stdout);
}

} // namespace

ArtifactIntegrity artifactIntegrity(std::span<const uint8_t> Bytes) {
  ArtifactIntegrity I;
  abi::SealCheck C = abi::checkSeal(Bytes);
  I.Signed = abi::hasSignature(Bytes);
  if (C.Status == abi::SealStatus::Ok) {
    I.Seal = fmt::format("XXH64 {:#018x}, intact", C.Expected);
    return I;
  }
  I.Problem = runtime::sealError(C, Bytes.size()).Message;
  I.Seal = C.Status == abi::SealStatus::Missing
               ? "missing"
               : fmt::format("XXH64 {:#018x} sealed, {:#018x} now: DAMAGED",
                             C.Expected, C.Actual);
  return I;
}

void printIntegrity(const ArtifactIntegrity &I) {
  out("\nIntegrity");
  out(fmt::format("  checksum seal    {}", I.Seal));
  out(fmt::format("  signature        {}",
                  I.Signed ? "HMAC-SHA256 (check it with `wasmaot run "
                             "--verify KEYFILE`)"
                           : "none"));
}

void jsonIntegrity(JsonWriter &J, const ArtifactIntegrity &I) {
  J.key("checksum_seal").value(I.Seal);
  J.key("signed").value(I.Signed);
}

namespace {

//===-- Text --------------------------------------------------------------===//

void printHeader(const runtime::ArtifactFile &A) {
  const abi::ArtifactMeta &M = A.Meta;
  out("\nHeader");
  out(fmt::format("  format version   {}", M.FormatVersion));
  out(fmt::format("  ABI hash         {:#018x}", M.AbiHash));
  out(fmt::format("  compiler         {}", M.CompilerVersion));
  out(fmt::format("  target           {} (ELF machine {})", M.Target,
                  runtime::elfMachineName(A.Machine)));
  out(fmt::format("  CPU              {}", M.Cpu));
  out(fmt::format("  CPU features     {}", M.CpuFeatures.empty()
                                               ? "(the CPU's defaults)"
                                               : M.CpuFeatures));
  out(fmt::format("  wasm features    {}", featureList(M.WasmFeatures)));
  out(fmt::format("  bounds checks    {}", boundsName(M.Bounds)));
  out(fmt::format("  guard bytes      {}", M.GuardBytes));
  out(fmt::format("  opt level        -O{}", unsigned(M.OptLevel)));
  out(fmt::format("  epoch checks     {}", M.EpochInterruption ? "yes" : "no"));
}

void printModule(const abi::ArtifactMeta &M) {
  out(fmt::format("\nModule name: {}",
                  M.Name.empty() ? "(none)" : quoteName(M.Name)));
  out(fmt::format("\nTypes ({})", M.Types.size()));
  for (size_t I = 0; I < M.Types.size(); ++I)
    out(fmt::format("  {:>4}  {}", I, funcTypeString(M.Types[I])));
  out(fmt::format("\nImports ({})", M.Imports.size()));
  for (size_t I = 0; I < M.Imports.size(); ++I) {
    const abi::MetaImport &Im = M.Imports[I];
    out(fmt::format("  {:>4}  {:<6}  {}.{}  {}", I, externKindName(Im.Kind),
                    quoteName(Im.Module), quoteName(Im.Name),
                    importDesc(M, Im)));
  }
  uint32_t ImportedFuncs = M.numImported(ExternKind::Func);
  out(fmt::format("\nFunctions: {} ({} imported, {} defined)",
                  M.FuncTypes.size(), ImportedFuncs,
                  M.FuncTypes.size() - ImportedFuncs));
  out(fmt::format("\nTables: {} imported, {} defined",
                  M.numImported(ExternKind::Table), M.Tables.size()));
  for (const TableType &T : M.Tables)
    out(fmt::format("        {} {}", valTypeName(T.Elem), limitsText(T.Lim)));
  out(fmt::format("Memories: {} imported, {} defined (sizes in 64 KiB pages)",
                  M.numImported(ExternKind::Memory), M.Memories.size()));
  for (const MemoryType &T : M.Memories)
    out(fmt::format("        {}", limitsText(T.Lim)));
  out(fmt::format("Globals: {} imported, {} defined",
                  M.numImported(ExternKind::Global), M.Globals.size()));
  for (const abi::MetaGlobal &G : M.Globals)
    out(fmt::format("        {} {}", G.Type.Mutable ? "mut" : "const",
                    valTypeName(G.Type.Type)));
  out(fmt::format("\nExports ({})", M.Exports.size()));
  for (const abi::MetaExport &E : M.Exports)
    out(fmt::format(
        "  {}  {} {}  {}", quoteName(E.Name), externKindName(E.Kind), E.Index,
        E.Kind == ExternKind::Func ? funcNameText(M, E.Index) : ""));
  if (M.Start)
    out(fmt::format("\nStart: func {}  {}", *M.Start,
                    funcNameText(M, *M.Start)));
  else
    out("\nStart: none");
  out(fmt::format("\nElement segments: {}", M.Elems.size()));
  for (size_t I = 0; I < M.Elems.size(); ++I)
    out(fmt::format("  {:>4}  {}: {} {}", I, segModeName(M.Elems[I].Mode),
                    M.Elems[I].Items.size(), valTypeName(M.Elems[I].Type)));
  out(fmt::format("Data segments: {} ({} bytes in the page-aligned image)",
                  M.Datas.size(), M.DataImageSize));
  for (size_t I = 0; I < M.Datas.size(); ++I)
    out(fmt::format("  {:>4}  {}: {} bytes", I, segModeName(M.Datas[I].Mode),
                    M.Datas[I].Size));
}

//===-- JSON --------------------------------------------------------------===//

void jsonHeader(JsonWriter &J, const runtime::ArtifactFile &A) {
  const abi::ArtifactMeta &M = A.Meta;
  J.key("format_version").value(M.FormatVersion);
  J.key("abi_hash").value(fmt::format("{:#018x}", M.AbiHash));
  J.key("compiler").value(M.CompilerVersion);
  J.key("target").value(M.Target);
  J.key("elf_machine").value(runtime::elfMachineName(A.Machine));
  J.key("cpu").value(M.Cpu);
  J.key("cpu_features").value(M.CpuFeatures);
  J.key("wasm_features").beginArray();
  for (unsigned I = 0; I < kNumFeatures; ++I)
    if (M.WasmFeatures >> I & 1)
      J.value(featureName(Feature(I)));
  J.endArray();
  J.key("bounds_checks").value(boundsName(M.Bounds));
  J.key("guard_bytes").value(M.GuardBytes);
  J.key("opt_level").value(unsigned(M.OptLevel));
  J.key("epoch_interruption").value(M.EpochInterruption);
}

void jsonModule(JsonWriter &J, const abi::ArtifactMeta &M) {
  J.key("module").beginObject();
  J.key("name").value(M.Name);
  J.key("types").beginArray();
  for (const FuncType &T : M.Types)
    J.value(funcTypeString(T));
  J.endArray();
  J.key("imports").beginArray();
  for (const abi::MetaImport &I : M.Imports) {
    J.beginObject();
    J.key("module").value(I.Module);
    J.key("name").value(I.Name);
    J.key("kind").value(externKindName(I.Kind));
    J.key("type").value(importDesc(M, I));
    J.endObject();
  }
  J.endArray();
  J.key("exports").beginArray();
  for (const abi::MetaExport &E : M.Exports) {
    J.beginObject();
    J.key("name").value(E.Name);
    J.key("kind").value(externKindName(E.Kind));
    J.key("index").value(E.Index);
    J.endObject();
  }
  J.endArray();
  J.key("functions").value(uint64_t(M.FuncTypes.size()));
  J.key("imported_functions").value(M.numImported(ExternKind::Func));
  J.key("tables").beginArray();
  for (const TableType &T : M.Tables) {
    J.beginObject();
    J.key("element").value(valTypeName(T.Elem));
    jsonLimits(J, T.Lim);
    J.endObject();
  }
  J.endArray();
  J.key("memories").beginArray();
  for (const MemoryType &T : M.Memories) {
    J.beginObject();
    jsonLimits(J, T.Lim);
    J.endObject();
  }
  J.endArray();
  J.key("globals").value(uint64_t(M.Globals.size()));
  J.key("start");
  if (M.Start)
    J.value(*M.Start);
  else
    J.null();
  J.key("element_segments").value(uint64_t(M.Elems.size()));
  J.key("data_segments").value(uint64_t(M.Datas.size()));
  J.key("data_image_size").value(M.DataImageSize);
  J.endObject();
}

} // namespace

int inspectArtifact(const std::string &File, std::span<const uint8_t> Bytes,
                    bool Json) {
  if (auto C = runtime::readElfSymbolData(Bytes, abi::component::kSymComponent,
                                          abi::component::kSymComponentSize))
    return inspectComponentArtifact(File, Bytes, *C, Json);
  auto A = runtime::readArtifactFile(Bytes);
  if (!A) {
    printError(File, A.error());
    return exitCodeFor(A.error().Kind);
  }
  ArtifactIntegrity Integrity = artifactIntegrity(Bytes);
  std::string Refused = Integrity.Problem.empty() ? refusal(*A)
                                                  : Integrity.Problem;
  if (Json) {
    JsonWriter J;
    J.beginObject();
    J.key("file").value(File);
    J.key("kind").value("artifact");
    J.key("size").value(uint64_t(Bytes.size()));
    J.key("loadable").value(Refused.empty());
    if (!Refused.empty())
      J.key("refused_because").value(Refused);
    jsonHeader(J, *A);
    jsonIntegrity(J, Integrity);
    if (A->Complete)
      jsonModule(J, A->Meta);
    J.endObject();
    fmt::print("{}\n", J.str());
    return kExitOk;
  }
  out(fmt::format("{}: wasmaot artifact (format {}), {} bytes, {}", File,
                  A->Meta.FormatVersion, Bytes.size(),
                  Refused.empty() ? "loadable by this runtime"
                                  : "not loadable here: " + Refused));
  printHeader(*A);
  printIntegrity(Integrity);
  if (A->Complete)
    printModule(A->Meta);
  else
    out("\n(the module contents are in a format this wasmaot cannot read; "
        "recompile the\nmodule with `wasmaot compile` to use it here)");
  return kExitOk;
}

} // namespace wasmaot::cli
