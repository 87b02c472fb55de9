// The subcommands of `wasmaot`: each runs in its own file (cmd_<name>.cpp,
// entry points in options.h); all are registered with CLI11 in cli.cpp.
// Each register function adds its subcommand, options and help footer (with
// exit codes) to the top-level app; its callback runs the command and stores
// the process exit status in \p ExitStatus.
#pragma once

namespace CLI {
class App;
} // namespace CLI

namespace wasmaot::cli {

void registerValidate(CLI::App &App, int &ExitStatus);
void registerInspect(CLI::App &App, int &ExitStatus);
void registerRun(CLI::App &App, int &ExitStatus);
void registerWit(CLI::App &App, int &ExitStatus);
void registerBindgen(CLI::App &App, int &ExitStatus);
void registerServe(CLI::App &App, int &ExitStatus);
void registerCompose(CLI::App &App, int &ExitStatus);
/// `wasmaot run FILE [ARGS...]` when no argument from FILE on starts with
/// '-': runs FILE with every option at its default, without building the
/// option table (CLI11 spends a third of the user-space instructions of
/// `wasmaot run hello.so` on that). Anything else goes through registerRun,
/// so both paths accept the same command lines and behave the same.
bool isPlainRun(int Argc, char **Argv);
int runPlain(int Argc, char **Argv);
/// Every other command line: parsed by CLI11, dispatched to a subcommand.
int runCli(int Argc, char **Argv);
#ifdef WASMAOT_HAVE_COMPILER
void registerCompile(CLI::App &App, int &ExitStatus);
#endif

} // namespace wasmaot::cli
