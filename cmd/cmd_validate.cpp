// `wasmaot validate FILE...`: decode and validate core modules (spec 5 and 3)
// and report the first error of each file as `FILE:0xOFF: error: ...`. Silent
// on success unless -v. Owns only the command; reading and validation are the
// frontend's.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli11.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::cli {

namespace {

struct ValidateOptions {
  std::vector<std::string> Files;
  bool Verbose = false;
  unsigned Jobs = 0;
};

/// Validates one file and returns its exit status (0, 1 or 2).
int validateFile(const std::string &File, const ValidateOptions &Opts) {
  auto Bytes = readFileBytes(File);
  if (!Bytes) {
    printError(File, Bytes.error());
    return exitCodeFor(Bytes.error().Kind);
  }
  if (sniffFileKind(*Bytes) == FileKind::Component) {
    frontend::component::ComponentReadOptions CO;
    CO.Jobs = Opts.Jobs;
    auto C = frontend::component::readComponent(*Bytes, CO);
    if (!C) {
      printError(File, C.error());
      return exitCodeFor(C.error().Kind);
    }
    if (Opts.Verbose)
      fmt::print("{}: valid component ({} core modules, {} definitions, {} "
                 "bytes)\n",
                 File, C->Modules.size(), C->Defs.size(), Bytes->size());
    return kExitOk;
  }
  auto M = readCoreModule(*Bytes);
  if (!M) {
    printError(File, M.error());
    return exitCodeFor(M.error().Kind);
  }
  if (auto S = frontend::validateModule(*M, Opts.Jobs); !S) {
    printError(File, S.error());
    return exitCodeFor(S.error().Kind);
  }
  if (Opts.Verbose)
    fmt::print("{}: valid ({} functions, {} bytes)\n", File,
               M->FuncSpace.size(), Bytes->size());
  return kExitOk;
}

} // namespace

void registerValidate(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<ValidateOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "validate", "Check that WebAssembly core modules are well-formed and "
                  "valid (WebAssembly 2.0)");
  Cmd->add_option("files", Opts->Files,
                  "Binary .wasm files to check; '-' reads standard input")
      ->required();
  Cmd->add_flag("-v,--verbose", Opts->Verbose,
                "Also print a line for every valid file");
  Cmd->add_option("-j,--jobs", Opts->Jobs,
                  "Threads validating function bodies (0: one per CPU)")
      ->default_val(0);
  Cmd->footer("Prints the first error of each file as\n"
              "  FILE:0xOFFSET: error: MESSAGE\n"
              "followed by any `FILE: note: ...` lines, and nothing for a "
              "valid file\nunless -v is given.\n\n" +
              exitCodeHelp("a file is malformed, invalid, unsupported or "
                           "over an implementation\n     limit"));
  Cmd->callback([Opts, &ExitStatus] {
    int Status = kExitOk;
    for (const std::string &File : Opts->Files)
      Status = std::max(Status, validateFile(File, *Opts));
    ExitStatus = Status;
  });
}

} // namespace wasmaot::cli
