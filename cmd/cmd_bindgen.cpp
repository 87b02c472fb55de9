// `wasmaot bindgen --cpp WORLD.wit|DIR|COMPONENT.wasm [--world NAME]
// [-o OUT.h]`: typed C++ host bindings for a WIT world. Owns the command:
// reading the WIT (wit::resolvePath) or a component's world
// (wit::worldFromComponent), choosing the world, writing the header that
// wit::generateCppBindings makes.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "options.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/wit/bindgen_cpp.h"
#include "wasmaot/wit/from_component.h"
#include "wasmaot/wit/wit.h"

namespace wasmaot::cli {

namespace {

/// The world to generate for: from a component, its world; from WIT,
/// --world or the root package's only world. Errors are printed.
std::optional<int> loadWorld(const BindgenOptions &Opts, wit::Resolve &R,
                             wit::WorldId &W) {
  std::error_code EC;
  if (!std::filesystem::is_directory(Opts.Path, EC)) {
    auto Bytes = readFileBytes(Opts.Path);
    if (!Bytes) {
      printError(Opts.Path, Bytes.error());
      return exitCodeFor(Bytes.error().Kind);
    }
    FileKind K = sniffFileKind(*Bytes);
    if (K == FileKind::CoreModule || K == FileKind::Elf) {
      std::fprintf(stderr,
                   "%s: error: this is a %s, not WIT or a component\n",
                   Opts.Path.c_str(),
                   K == FileKind::Elf ? "compiled artifact (ELF)"
                                      : "core WebAssembly module");
      return kExitFailed;
    }
    if (K == FileKind::Component) {
      frontend::component::ComponentReadOptions RO;
      RO.Jobs = 0;
      auto C = frontend::component::readComponent(*Bytes, RO);
      if (!C) {
        printError(Opts.Path, C.error());
        return exitCodeFor(C.error().Kind);
      }
      auto CW = wit::worldFromComponent(R, *C);
      if (!CW) {
        printError(Opts.Path, CW.error());
        return exitCodeFor(CW.error().Kind);
      }
      W = *CW;
      return std::nullopt;
    }
  }
  auto Pkg = wit::resolvePath(R, Opts.Path);
  if (!Pkg) {
    std::fprintf(stderr, "%s\n", Pkg.error().Message.c_str());
    return exitCodeFor(Pkg.error().Kind);
  }
  const wit::Package &P = R.package(*Pkg);
  if (!Opts.World.empty()) {
    auto Found = R.findWorld(*Pkg, Opts.World);
    if (!Found) {
      std::fprintf(stderr, "%s: error: package `%s` has no world `%s`\n",
                   Opts.Path.c_str(), P.Name.str().c_str(),
                   Opts.World.c_str());
      return kExitUsage;
    }
    W = *Found;
    return std::nullopt;
  }
  if (P.Worlds.size() != 1) {
    std::string Names;
    for (const auto &[Name, Id] : P.Worlds)
      Names += (Names.empty() ? "" : ", ") + Name;
    std::fprintf(stderr,
                 "%s: error: package `%s` has %zu worlds; choose one with "
                 "--world%s%s\n",
                 Opts.Path.c_str(), P.Name.str().c_str(), P.Worlds.size(),
                 Names.empty() ? "" : ": ", Names.c_str());
    return kExitUsage;
  }
  W = P.Worlds[0].second;
  return std::nullopt;
}

int runBindgen(const BindgenOptions &Opts) {
  if (!Opts.Cpp) {
    std::fprintf(stderr, "wasmaot bindgen: error: choose a language: --cpp "
                         "(the only one so far)\n");
    return kExitUsage;
  }
  wit::Resolve R;
  wit::WorldId W;
  if (auto Failed = loadWorld(Opts, R, W))
    return *Failed;
  wit::CppBindgenOptions GO;
  GO.Source = std::filesystem::path(Opts.Path).filename().string();
  auto Text = wit::generateCppBindings(R, W, GO);
  if (!Text) {
    printError(Opts.Path, Text.error());
    return exitCodeFor(Text.error().Kind);
  }
  if (Opts.Out.empty() || Opts.Out == "-") {
    std::fputs(Text->c_str(), stdout);
    return kExitOk;
  }
  std::ofstream F(Opts.Out, std::ios::binary | std::ios::trunc);
  if (F)
    F << *Text;
  if (!F.flush()) {
    std::fprintf(stderr, "%s: error: cannot write the header\n",
                 Opts.Out.c_str());
    return kExitUsage;
  }
  return kExitOk;
}

} // namespace

int bindgenCommand(const BindgenOptions &Opts) { return runBindgen(Opts); }

} // namespace wasmaot::cli
