// `wasmaot compose SOCKET --plug PLUG... -o OUT`: plugs the socket
// component's imports with the plugs' exports of the same name and writes
// the composition, a standard component (frontend/compose.h). Owns the
// command line and the output rules (never an input, written atomically).
#include <memory>
#include <string>
#include <vector>

#include "options.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/compose.h"

namespace wasmaot::cli {

namespace {

namespace fc = frontend::component;

Error usage(std::string Message) {
  return Error{ErrorKind::Io, Error::kNoOffset, std::move(Message), {}};
}

int runCompose(const ComposeOptions &Opts) {
  std::vector<std::string> Inputs{Opts.Socket};
  Inputs.insert(Inputs.end(), Opts.Plugs.begin(), Opts.Plugs.end());
  for (const std::string &In : Inputs)
    if (sameFile(In, Opts.Output)) {
      printError(Opts.Output, usage(fmt::format("the output is the input '{}'; "
                                                "refusing to overwrite it",
                                                In)));
      return kExitUsage;
    }
  // Read and validate every input first: compose relies on valid ones.
  std::vector<std::vector<uint8_t>> Bytes;
  for (const std::string &In : Inputs) {
    auto B = readFileBytes(In);
    if (!B) {
      printError(In, B.error());
      return exitCodeFor(B.error().Kind);
    }
    if (sniffFileKind(*B) != FileKind::Component) {
      printError(In, Error{ErrorKind::Invalid, Error::kNoOffset,
                           "not a component binary: compose takes components "
                           "(a core module can be made one with `jco new`)",
                           {}});
      return kExitFailed;
    }
    auto C = fc::readComponent(*B);
    if (!C) {
      printError(In, C.error());
      return exitCodeFor(C.error().Kind);
    }
    Bytes.push_back(std::move(*B));
  }
  fc::ComposeInput Socket{Opts.Socket, Bytes[0]};
  std::vector<fc::ComposeInput> Plugs;
  for (size_t I = 0; I < Opts.Plugs.size(); ++I)
    Plugs.push_back({Opts.Plugs[I], Bytes[I + 1]});
  size_t ErrIn = 0;
  auto R = fc::compose(Socket, Plugs, ErrIn);
  if (!R) {
    printError(ErrIn == fc::kComposeOutput ? Opts.Output : Inputs[ErrIn],
               R.error());
    return exitCodeFor(R.error().Kind);
  }
  if (Status S = writeFileAtomically(Opts.Output, R->Bytes); !S) {
    printError(Opts.Output, S.error());
    return exitCodeFor(S.error().Kind);
  }
  if (Opts.Verbose) {
    for (const auto &[Name, Plug] : R->Plugged)
      fmt::print("plugged {} <- {}\n", quoteName(Name), Opts.Plugs[Plug]);
    for (const std::string &Name : R->Imports)
      fmt::print("imports {}\n", quoteName(Name));
    fmt::print("{}: {} bytes\n", Opts.Output, R->Bytes.size());
  }
  return kExitOk;
}

} // namespace

int composeCommand(const ComposeOptions &Opts) { return runCompose(Opts); }

} // namespace wasmaot::cli
