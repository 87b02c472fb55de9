// `wasmaot inspect` for components: what a component imports and exports
// (types printed WIT-like by frontend::component::typeString), its nested
// core modules and components, and a count of its definitions by kind.
// Reading is the frontend's (component.h); async built-ins are decoded for
// display (AllowUnsupported) and reported as not runnable.
#include "inspect_component.h"

#include <cstdio>
#include <map>

#include <fmt/format.h>

#include "common.h"
#include "json_writer.h"
#include "wasmaot/frontend/component.h"

namespace wasmaot::cli {

using namespace frontend::component;

namespace {

void printItems(const Component &C, const std::vector<uint32_t> &Defs,
                const char *Title) {
  fmt::print("{} ({})\n", Title, Defs.size());
  for (uint32_t I : Defs) {
    const Definition &D = C.Defs[I];
    // func, instance and component types already say what they are.
    Sort K = D.Defines.Kind;
    bool SaysKind =
        K == Sort::Func || K == Sort::Instance || K == Sort::Component;
    fmt::print("  \"{}\"  {}{}\n", D.Name,
               SaysKind ? "" : std::string(sortName(K)) + " ",
               typeString(*C.Types, D.Type));
  }
}

void jsonItems(JsonWriter &J, const Component &C,
               const std::vector<uint32_t> &Defs) {
  J.beginArray();
  for (uint32_t I : Defs) {
    const Definition &D = C.Defs[I];
    J.beginObject();
    J.key("name").value(D.Name);
    J.key("kind").value(sortName(D.Defines.Kind));
    J.key("type").value(typeString(*C.Types, D.Type));
    J.key("offset").value(D.Offset);
    J.endObject();
  }
  J.endArray();
}

std::map<std::string, unsigned> defCounts(const Component &C) {
  std::map<std::string, unsigned> N;
  for (const Definition &D : C.Defs)
    N[defKindName(D.Kind)]++;
  return N;
}

bool hasUnsupported(const Component &C) {
  for (const Definition &D : C.Defs)
    if (D.Kind == DefKind::CanonUnsupported)
      return true;
  for (const Component &N : C.Components)
    if (hasUnsupported(N))
      return true;
  return false;
}

} // namespace

int inspectComponent(const std::string &File, std::span<const uint8_t> Bytes,
                     bool Json) {
  ComponentReadOptions Opts;
  Opts.AllowUnsupported = true;
  Opts.Jobs = 0;
  auto C = readComponent(Bytes, Opts);
  if (!C) {
    // Like a core module that decodes but fails validation: what it is on
    // stdout, why on stderr (a malformed one gets only the error).
    if (!Json && C.error().Kind == ErrorKind::Invalid)
      fmt::print("{}: WebAssembly component (binary version 0xd), {} bytes, "
                 "invalid\n",
                 File, Bytes.size());
    std::fflush(stdout);
    printError(File, C.error());
    return exitCodeFor(C.error().Kind);
  }
  bool Runnable = !hasUnsupported(*C);
  if (Json) {
    JsonWriter J;
    J.beginObject();
    J.key("file").value(File);
    J.key("kind").value("component");
    J.key("size").value(uint64_t(Bytes.size()));
    J.key("valid").value(true);
    J.key("uses_unsupported_builtins").value(!Runnable);
    J.key("imports");
    jsonItems(J, *C, C->Imports);
    J.key("exports");
    jsonItems(J, *C, C->Exports);
    J.key("core_modules").beginArray();
    for (const CoreModuleEntry &M : C->Modules) {
      J.beginObject();
      J.key("offset").value(M.Span.Offset);
      J.key("size").value(M.Span.Size);
      J.key("functions").value(uint64_t(M.Mod->FuncSpace.size()));
      J.endObject();
    }
    J.endArray();
    J.key("components").value(uint64_t(C->Components.size()));
    J.key("definitions").beginObject();
    for (auto &[K, N] : defCounts(*C))
      J.key(K).value(N);
    J.endObject();
    J.endObject();
    fmt::print("{}\n", J.str());
    return kExitOk;
  }
  fmt::print("{}: WebAssembly component (binary version 0xd), {} bytes, "
             "valid{}\n\n",
             File, Bytes.size(),
             Runnable ? "" : " (uses async/thread built-ins: not runnable)");
  printItems(*C, C->Imports, "Imports");
  printItems(*C, C->Exports, "Exports");
  fmt::print("Core modules ({})\n", C->Modules.size());
  for (size_t I = 0; I < C->Modules.size(); ++I)
    fmt::print("  module {}  at {:#010x}, {} bytes, {} functions\n", I,
               C->Modules[I].Span.Offset, C->Modules[I].Span.Size,
               C->Modules[I].Mod->FuncSpace.size());
  fmt::print("Nested components ({})\n", C->Components.size());
  fmt::print("Definitions ({})\n", C->Defs.size());
  for (auto &[K, N] : defCounts(*C))
    fmt::print("  {:6}  {}\n", N, K);
  return kExitOk;
}

} // namespace wasmaot::cli
