// The `wasmaot` entry point: `wasmaot run FILE ARGS...` goes straight to
// the run command (runPlain); every other command line through CLI11
// (runCli, cli.cpp), which parses the options, dispatches to one subcommand
// (cmd_<name>.cpp) and maps every outcome to the documented exit codes.
#include <cstdio>
#include <exception>

#include "commands.h"
#include "common.h"

int main(int Argc, char **Argv) {
  using namespace wasmaot::cli;
  // The libraries report errors as values; this only catches what the C++
  // runtime itself may throw (CLI11 while formatting, std::bad_alloc), so
  // that no input ends in std::terminate.
  try {
    if (isPlainRun(Argc, Argv))
      return runPlain(Argc, Argv);
    return runCli(Argc, Argv);
  } catch (const std::exception &E) {
    std::fprintf(stderr, "wasmaot: error: %s\n", E.what());
    return kExitFailed;
  }
}
