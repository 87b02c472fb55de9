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

#include "cli11.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/wit/bindgen_cpp.h"
#include "wasmaot/wit/from_component.h"
#include "wasmaot/wit/wit.h"

namespace wasmaot::cli {

namespace {

struct BindgenOptions {
  std::string Path;
  std::string World;
  std::string Out;
  bool Cpp = false;
};

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

void registerBindgen(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<BindgenOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "bindgen", "Generate typed host bindings (a C++20 header) for a WIT "
                 "world or a component");
  Cmd->add_option("path", Opts->Path,
                  "A .wit file, a WIT package directory (with deps/), or a "
                  "component binary (.wasm)")
      ->required();
  Cmd->add_flag("--cpp", Opts->Cpp, "Generate C++ (required)");
  Cmd->add_option("--world", Opts->World,
                  "The world of the root package (needed when it has more "
                  "than one)");
  Cmd->add_option("-o,--output", Opts->Out,
                  "Write the header here (default: standard output)");
  Cmd->footer(
      "The header includes wasmaot/runtime/component/bindings.h and links "
      "with the runtime.\nFor package ns:pkg and world w it declares:\n"
      "  ns::pkg::W::instantiate(Store, Component, ComponentLinker)\n"
      "      checks the component's export types, then instantiates;\n"
      "  W.iface().func(args...) -> Outcome<T> for each exported interface\n"
      "      (functions camelCase: process-sequence -> processSequence);\n"
      "  W::defineImports(Linker, Impl) binding imports to Impl's methods;\n"
      "  the WIT types: records as structs, enums as enum classes, flags as\n"
      "      structs of bools, variants as structs around std::variant,\n"
      "      list/option/tuple as std::vector/optional/tuple, result as\n"
      "      Result<T, E>, resources as handle structs.\n"
      "Not supported yet: map, future, stream, async functions.\n\n" +
      exitCodeHelp("the WIT or component is invalid, or uses what the "
                   "bindings cannot express") +
      "\n     (2 also when the world is ambiguous or missing)");
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = runBindgen(*Opts); });
}

} // namespace wasmaot::cli
