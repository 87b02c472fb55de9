// The `wasmaot` command line: parses the top-level options, dispatches to one
// subcommand (cmd_<name>.cpp) and maps every outcome to the documented exit
// codes. Owns `--version`; knows nothing about wasm itself.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

#include "cli11.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "wasmaot/cmd/build_info.h"
#include "wasmaot/runtime/version.h"
#ifdef WASMAOT_HAVE_COMPILER
#include "wasmaot/codegen/version.h"
#endif

namespace {

std::string versionText() {
  std::string Git = WASMAOT_GIT_DESCRIBE;
  std::string Text = fmt::format("wasmaot {}{}\n", WASMAOT_VERSION,
                                 Git.empty() ? "" : " (git " + Git + ")");
#ifdef WASMAOT_HAVE_COMPILER
  Text += fmt::format("compiler: LLVM {}, host target {}\n",
                      wasmaot::codegen::llvmVersion(),
                      wasmaot::codegen::hostTargetTriple());
#else
  Text += "compiler: not built (runtime-only build)\n";
#endif
  Text += fmt::format("artifact format: {}",
                      wasmaot::runtime::artifactFormatVersion());
  return Text;
}

int run(int Argc, char **Argv) {
  using namespace wasmaot::cli;
  if (isPlainRun(Argc, Argv))
    return runPlain(Argc, Argv);
  initIostreams();
  CLI::App App{"wasmaot: an ahead-of-time WebAssembly compiler and runtime",
               "wasmaot"};
  App.set_version_flag("--version", versionText,
                       "Print version information and exit");
  App.require_subcommand(0, 1);
  App.footer("Run `wasmaot SUBCOMMAND --help` for the options and exit codes "
             "of a subcommand.\n\n" +
             exitCodeHelp("the subcommand failed on its input") +
             "\n  3  `wasmaot run`: the WebAssembly code trapped");

  int ExitStatus = kExitOk;
  using Register = void (*)(CLI::App &, int &);
  static constexpr std::pair<std::string_view, Register> Subcommands[] = {
      {"validate", registerValidate},
#ifdef WASMAOT_HAVE_COMPILER
      {"compile", registerCompile},
#endif
      {"run", registerRun},
      {"inspect", registerInspect},
      {"wit", registerWit},
      {"bindgen", registerBindgen},
      {"compose", registerCompose},
      {"serve", registerServe},
  };
  // `wasmaot SUBCOMMAND ...` defines only that subcommand: building every
  // subcommand's options is a tenth of the start-up of `wasmaot run`. Any
  // other first argument (none, --help, --version, a typo) gets them all,
  // for the top-level help and CLI11's error messages.
  std::string_view First = Argc > 1 ? Argv[1] : "";
  bool Known = false;
  for (const auto &[Name, Reg] : Subcommands)
    Known = Known || Name == First;
  for (const auto &[Name, Reg] : Subcommands)
    if (!Known || Name == First)
      Reg(App, ExitStatus);

  try {
    App.parse(Argc, Argv);
  } catch (const CLI::CallForHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForAllHelp &E) {
    return App.exit(E);
  } catch (const CLI::CallForVersion &E) {
    return App.exit(E);
  } catch (const CLI::ParseError &E) {
    App.exit(E);
    return kExitUsage;
  }
  if (App.get_subcommands().empty()) {
    std::fputs(App.help().c_str(), stderr);
    return kExitUsage;
  }
  return ExitStatus;
}

} // namespace

void wasmaot::cli::initIostreams() {
#ifdef WASMAOT_LAZY_IOSTREAMS
  static std::ios_base::Init Init;
#endif
}

int main(int Argc, char **Argv) {
  // The libraries report errors as values; this only catches what the C++
  // runtime itself may throw (CLI11 while formatting, std::bad_alloc), so
  // that no input ends in std::terminate.
  try {
    return run(Argc, Argv);
  } catch (const std::exception &E) {
    std::fprintf(stderr, "wasmaot: error: %s\n", E.what());
    return wasmaot::cli::kExitFailed;
  }
}
