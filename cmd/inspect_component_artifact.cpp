// `wasmaot inspect COMP.so` for a component artifact (abi/component.h):
// its header, the core modules compiled inside it (target and CPU of each),
// the host functions it imports and the functions it exports with their
// component-level types, its resources and the size of its instantiation
// plan. Read from the file, never dlopen'ed, like a module artifact.
#include "inspect_artifact.h"

#include <cstdio>

#include <fmt/format.h>

#include "common.h"
#include "json_writer.h"
#include "wasmaot/abi/component.h"
#include "wasmaot/runtime/artifact_file.h"

namespace wasmaot::cli {

namespace ac = abi::component;
namespace cabi = frontend::cabi;

namespace {

void out(const std::string &S) {
  std::fwrite(S.data(), 1, S.size(), stdout);
  std::fputc('\n', stdout);
}

std::string funcTypeText(const cabi::FuncType &F) {
  std::string S = "func(";
  for (size_t I = 0; I < F.Params.size(); ++I)
    S += fmt::format("{}{}: {}", I ? ", " : "",
                     I < F.ParamNames.size() ? F.ParamNames[I] : "_",
                     cabi::witName(*F.Params[I]));
  S += ")";
  if (!F.Results.empty())
    S += " -> " + cabi::witName(*F.Results[0]);
  return S;
}

} // namespace

int inspectComponentArtifact(const std::string &File,
                             std::span<const uint8_t> Bytes,
                             std::span<const uint8_t> MetaBytes, bool Json) {
  auto Header = ac::decodeComponentMeta(MetaBytes, /*HeaderOnly=*/true);
  if (!Header) {
    printError(File, Error{ErrorKind::Malformed, Error::kNoOffset,
                           "not a wasmaot artifact: bad component metadata",
                           {}});
    return kExitFailed;
  }
  bool Current = Header->FormatVersion == ac::kComponentFormatVersion &&
                 Header->AbiHash == abi::abiHash();
  std::optional<ac::ComponentMeta> M;
  if (Current)
    M = ac::decodeComponentMeta(MetaBytes);
  ArtifactIntegrity Integrity = artifactIntegrity(Bytes);
  std::string Refused =
      !Current ? "compiled by " + Header->CompilerVersion +
                     ", whose artifacts this runtime cannot load"
      : !Integrity.Problem.empty() ? Integrity.Problem
      : !M                         ? "corrupt component metadata"
                                   : "";
  struct ModuleInfo {
    std::string Target, Cpu;
    size_t Size = 0;
  };
  std::vector<ModuleInfo> Mods;
  if (M)
    for (const auto &Img : M->Modules) {
      ModuleInfo Info;
      Info.Size = Img.size();
      if (auto A = runtime::readArtifactFile(Img)) {
        Info.Target = A->Meta.Target;
        Info.Cpu = A->Meta.Cpu;
      }
      Mods.push_back(Info);
    }
  if (Json) {
    JsonWriter J;
    J.beginObject();
    J.key("file").value(File);
    J.key("kind").value("component artifact");
    J.key("size").value(uint64_t(Bytes.size()));
    J.key("loadable").value(Refused.empty());
    if (!Refused.empty())
      J.key("refused_because").value(Refused);
    J.key("format_version").value(uint64_t(Header->FormatVersion));
    J.key("compiler").value(Header->CompilerVersion);
    J.key("target").value(Header->Target);
    jsonIntegrity(J, Integrity);
    if (M) {
      J.key("modules").beginArray();
      for (const ModuleInfo &I : Mods) {
        J.beginObject();
        J.key("size").value(uint64_t(I.Size));
        J.key("target").value(I.Target);
        J.key("cpu").value(I.Cpu);
        J.endObject();
      }
      J.endArray();
      J.key("imports").beginArray();
      for (const ac::Import &I : M->Imports) {
        J.beginObject();
        J.key("name").value(I.Name);
        J.key("type").value(funcTypeText(I.Type));
        J.endObject();
      }
      J.endArray();
      J.key("exports").beginArray();
      for (const ac::Export &E : M->Exports) {
        J.beginObject();
        J.key("name").value(E.Name);
        J.key("type").value(funcTypeText(M->Lifts[E.Lift].Type));
        J.key("compiled_adapter").value(M->Lifts[E.Lift].Adapter >= 0);
        J.endObject();
      }
      J.endArray();
      J.key("core_instances").value(uint64_t(M->Instantiations.size()));
      J.key("component_instances").value(uint64_t(M->NumComponentInstances));
    }
    J.endObject();
    fmt::print("{}\n", J.str());
    return kExitOk;
  }
  out(fmt::format("{}: wasmaot component artifact (format {}), {} bytes, {}",
                  File, Header->FormatVersion, Bytes.size(),
                  Refused.empty() ? "loadable by this runtime"
                                  : "not loadable here: " + Refused));
  out(fmt::format("  compiler  {}\n  target    {}", Header->CompilerVersion,
                  Header->Target));
  printIntegrity(Integrity);
  if (!M)
    return kExitOk;
  out(fmt::format("\nCore modules ({})", Mods.size()));
  for (size_t I = 0; I < Mods.size(); ++I)
    out(fmt::format("  module {}  {} bytes  {}  CPU {}", I, Mods[I].Size,
                    Mods[I].Target, Mods[I].Cpu));
  out(fmt::format("\nImports ({})", M->Imports.size()));
  for (const ac::Import &I : M->Imports)
    out(fmt::format("  \"{}\"  {}", I.Name, funcTypeText(I.Type)));
  out(fmt::format("\nExports ({})", M->Exports.size()));
  for (const ac::Export &E : M->Exports)
    out(fmt::format("  \"{}\"  {}", E.Name,
                    funcTypeText(M->Lifts[E.Lift].Type)));
  size_t HostRes = 0;
  for (const ac::Resource &R : M->Resources)
    HostRes += R.Host;
  out(fmt::format("\nResources: {} ({} from the host)", M->Resources.size(),
                  HostRes));
  size_t LiftsAdapted = 0, LowersAdapted = 0;
  for (const ac::Lift &L : M->Lifts)
    LiftsAdapted += L.Adapter >= 0;
  for (const ac::Lower &L : M->Lowers)
    LowersAdapted += L.Adapter >= 0;
  out(fmt::format("Plan: {} core instances, {} component instances, {} "
                  "lowered ({} with compiled Canonical ABI adapters) and {} "
                  "lifted functions ({} with adapters)",
                  M->Instantiations.size(), M->NumComponentInstances,
                  M->Lowers.size(), LowersAdapted, M->Lifts.size(),
                  LiftsAdapted));
  return kExitOk;
}

} // namespace wasmaot::cli
