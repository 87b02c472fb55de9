// `wasmaot wit FILE.wit|DIR`: resolve a WIT package (a file, or a directory
// with deps/) and print it as canonical WIT; errors as
// `file:line:col: error: ...` with the source line and a caret. Owns only
// the command; lexing, resolving and printing are wit/'s. A component
// binary's world is printed by wit_component.cpp.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "options.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wit_component.h"
#include "wasmaot/wit/wit.h"

namespace wasmaot::cli {

namespace {

/// A binary given to `wasmaot wit`: print a component's world, or say what
/// else it is and exit 1 (or 2 if it cannot be read). Returns nothing for
/// text, which is then parsed as WIT.
std::optional<int> refuseBinary(const std::string &Path,
                                 const WitOptions &Opts) {
  std::error_code EC;
  if (std::filesystem::is_directory(Path, EC))
    return std::nullopt;
  // Only the first bytes matter; reading errors surface in resolvePath.
  std::vector<uint8_t> Head(16);
  std::FILE *F = std::fopen(Path.c_str(), "rb");
  if (!F)
    return std::nullopt;
  Head.resize(std::fread(Head.data(), 1, Head.size(), F));
  std::fclose(F);
  const std::vector<uint8_t> *Bytes = &Head;
  switch (sniffFileKind(*Bytes)) {
  case FileKind::Component: { // its world (wit_component.cpp)
    auto All = readFileBytes(Path);
    if (!All) {
      printError(Path, All.error());
      return exitCodeFor(All.error().Kind);
    }
    return printComponentWit(Path, *All, !Opts.NoDocs, Opts.Quiet);
  }
  case FileKind::CoreModule:
  case FileKind::Elf:
    std::fprintf(stderr,
                 "%s: error: this is a %s, not WIT text or a component\n",
                 Path.c_str(),
                 sniffFileKind(*Bytes) == FileKind::Elf
                     ? "compiled artifact (ELF)"
                     : "core WebAssembly module");
    return kExitFailed;
  case FileKind::WasmText:
  case FileKind::Unknown:
    break;
  }
  return std::nullopt;
}

int runWit(const WitOptions &Opts) {
  if (auto Refused = refuseBinary(Opts.Path, Opts))
    return *Refused;
  wit::Resolve R;
  auto Pkg = wit::resolvePath(R, Opts.Path);
  if (!Pkg) {
    std::fprintf(stderr, "%s\n", Pkg.error().Message.c_str());
    return exitCodeFor(Pkg.error().Kind);
  }
  wit::PrintOptions PO;
  PO.Docs = !Opts.NoDocs;
  std::string Text;
  if (!Opts.World.empty()) {
    auto W = R.findWorld(*Pkg, Opts.World);
    if (!W) {
      std::fprintf(stderr, "%s: error: package `%s` has no world `%s`\n",
                   Opts.Path.c_str(), R.package(*Pkg).Name.str().c_str(),
                   Opts.World.c_str());
      return kExitUsage;
    }
    Text = wit::printWorld(R, *W, PO);
  } else {
    Text = Opts.Deps ? wit::printWithDeps(R, *Pkg, PO)
                     : wit::printPackage(R, *Pkg, PO);
  }
  if (!Opts.Quiet)
    std::fputs(Text.c_str(), stdout);
  return kExitOk;
}

} // namespace

int witCommand(const WitOptions &Opts) { return runWit(Opts); }

} // namespace wasmaot::cli
