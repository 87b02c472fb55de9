// `wasmaot validate FILE...`: decode and validate core modules (spec 5 and 3)
// and report the first error of each file as `FILE:0xOFF: error: ...`. Silent
// on success unless -v. Owns only the command; reading and validation are the
// frontend's.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "options.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::cli {

namespace {

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

int validateCommand(const ValidateOptions &Opts) {
  int Status = kExitOk;
    for (const std::string &File : Opts.Files)
      Status = std::max(Status, validateFile(File, Opts));
    return Status;
}

} // namespace wasmaot::cli
