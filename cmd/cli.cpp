// The command line of every subcommand: its options, help text and exit
// codes, as CLI11 definitions (see options.h for why they live together).
// Each callback runs the subcommand's function and stores the exit status.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "cli11.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "options.h"
#include "wasmaot/cmd/build_info.h"
#include "wasmaot/runtime/version.h"
#ifdef WASMAOT_HAVE_COMPILER
#include "compile_flags.h"
#include "wasmaot/codegen/version.h"
#endif

namespace wasmaot::cli {

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
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = validateCommand(*Opts); });
}

void registerInspect(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<InspectOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "inspect", "Show what a WebAssembly core module or a compiled "
                 "artifact holds: sections, types, imports, exports, "
                 "memories, tables, globals, functions, segments and names; "
                 "for an artifact also its target, features and options");
  Cmd->add_option("file", Opts->File,
                  "Binary .wasm file or artifact (.so) to inspect; '-' reads "
                  "standard input")
      ->required();
  Cmd->add_flag("--json", Opts->Json, "Print JSON instead of text");
  Cmd->add_flag("--functions", Opts->ListFunctions,
                "Also list every defined function (type, locals, body)");
  Cmd->add_flag("--no-validate", Opts->NoValidate,
                "Only decode the module; do not validate it");
  Cmd->footer("A module that decodes but does not validate is still "
              "shown, marked invalid,\nand its first validation error is "
              "printed to standard error.\n\n" +
              exitCodeHelp("the file is malformed, invalid, unsupported or "
                           "over an\n     implementation limit"));
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = inspectCommand(*Opts); });
}

void registerRun(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<RunOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "run", "Run a compiled artifact, or a .wasm module or component "
             "compiled on the fly: call `_start`, or the export given by "
             "--invoke");
  Cmd->add_option("file", Opts->File,
                  "An artifact from `wasmaot compile` (.so) or a binary "
                  ".wasm module")
      ->required();
  Cmd->add_option("--invoke", Opts->Invoke,
                  "Call this exported function with ARGS and print its "
                  "results");
  Cmd->add_option("args", Opts->Args,
                  "The program's arguments (argv[1..]) for `_start`; with "
                  "--invoke, the function's arguments, parsed by its "
                  "parameter types. Put `--` before them when one starts "
                  "with '-'");
  Cmd->add_option("--dir", Opts->Dirs,
                  "Preopen a host directory for WASI: HOST (seen as HOST), "
                  "HOST::GUEST, or with :ro appended, read-only. Repeatable")
      ->allow_extra_args(false);
  Cmd->add_option("--env", Opts->Envs,
                  "Give the program an environment variable: K=V, or K to "
                  "pass the host's value. Repeatable")
      ->allow_extra_args(false);
  Cmd->add_option("--memory-reservation", Opts->ReservationMiB,
                  "Address space reserved per linear memory, in MiB "
                  "(default 8 GiB + 64 KiB: 4 GiB + guard). Smaller values "
                  "cap every memory's size and refuse guard-page artifacts "
                  "(compile with --bounds-checks=explicit for such hosts)")
      ->check(CLI::Range(uint64_t(1), uint64_t(1) << 20));
  Cmd->add_option("--timeout", Opts->TimeoutSeconds,
                  "Stop the guest after SECONDS of wall-clock time (from "
                  "instantiation on; fractions allowed): it traps with "
                  "`interrupted` and exit status 3. A .wasm is then compiled "
                  "with epoch checks; an artifact without them (`compile "
                  "--epoch-interruption`), or a guest blocked in a host call, "
                  "is ended with a timeout error, also exit status 3")
      ->check(CLI::PositiveNumber)
      ->type_name("SECONDS");
  Cmd->add_option("--verify", Opts->VerifyKey,
                  "Run FILE only if it is an artifact signed with the secret "
                  "in KEYFILE (`wasmaot compile --sign KEYFILE`); anything "
                  "else is refused with exit status 1")
      ->type_name("KEYFILE");
  Cmd->add_flag("--deny-clocks", Opts->DenyClocks,
                "Refuse WASI clock reads (ENOTCAPABLE)");
  Cmd->add_flag("--deny-random", Opts->DenyRandom,
                "Refuse WASI random_get (ENOTCAPABLE)");
  Cmd->add_flag("--inherit-network", Opts->InheritNetwork,
                "Components (WASI 0.2 wasi:sockets): let the guest create, "
                "bind, connect, listen on and accept TCP and UDP sockets on "
                "the host's network (otherwise: error access-denied)");
  Cmd->add_flag("--allow-ip-name-lookup", Opts->AllowIpNameLookup,
                "Components: let the guest resolve host names "
                "(wasi:sockets/ip-name-lookup, blocking getaddrinfo; "
                "otherwise: error access-denied)");
#ifdef WASMAOT_HAVE_COMPILER
  addCodegenFlags(*Cmd, Opts->Codegen);
  Cmd->add_flag("--no-cache", Opts->NoCache,
                "Compile a .wasm in memory without reading or writing the "
                "artifact cache");
#endif
  Cmd->add_flag("-v,--verbose", Opts->Verbose,
                "Say on standard error what was compiled or found in the "
                "cache");
  Cmd->footer(
      "Arguments: i32/i64 in decimal or 0x-hex (signed or unsigned); f32/f64 "
      "as\ndecimal, hex float, inf, -inf, nan or nan:0xPAYLOAD; funcref and "
      "externref\nas null. Results print one per line as TYPE:VALUE (i32:-1, "
      "f64:0.1,\nf32:nan:0x400000, externref:null).\n\n"
      "A .wasm is compiled with -O2 (or -O/--bounds-checks as given) and the "
      "artifact\nis cached in $XDG_CACHE_HOME/wasmaot (default "
      "~/.cache/wasmaot), keyed by a\nSHA-256 of the module, the compiler "
      "build and the options; the least recently\nused entries beyond 512 "
      "MiB are removed. --no-cache compiles in memory.\n\n"
      "WASI (wasi_snapshot_preview1): an instance starts with nothing. "
      "Standard\nstreams are inherited; clocks and random are granted unless "
      "--deny-clocks /\n--deny-random; files only under --dir preopens, "
      "environment variables only\nas given by --env, no network unless "
      "--inherit-network (components).\nPaths can never leave "
      "a preopen. `_start` runs with the\nfile name and ARGS as argv; the exit "
      "status is the program's proc_exit code.\n\n"
      "Components: --invoke 'NAME(ARGS)' calls export NAME (its full name, "
      "or the\npart after the last `#`: `add` for `ns:pkg/iface#add`) with "
      "ARGS in WAVE\nsyntax (1, -2.5, 'c', \"str\", [1, 2], (1, \"a\"), {x: 1}, "
      "some(1), none,\nok(1), err(\"e\"), circle(1.0), {flag-a, flag-b}) and "
      "prints each result\nthe same way.\n\n"
      "A trap prints `FILE: error: trap: MESSAGE` and one `  #N func[INDEX] "
      "$NAME`\nline per wasm frame, innermost first, to standard error.\n\n" +
      exitCodeHelp("the file is malformed, invalid or unsupported, or an "
                   "import is missing\n     (a link error)") +
      "\n  3  the wasm code trapped, or --timeout expired\n  N  a WASI "
      "program's proc_exit(N) "
      "status (0 when `_start` returns)");
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = runCommand(*Opts); });
}

void registerWit(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<WitOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "wit", "Check a WIT package (a .wit file, or a directory with deps/) "
             "and print it as canonical WIT");
  Cmd->add_option("path", Opts->Path,
                  "A .wit file, or a directory whose *.wit files are one "
                  "package and whose deps/ holds its dependencies")
      ->required();
  Cmd->add_flag("--deps", Opts->Deps,
                "Also print every dependency package as a nested "
                "`package ns:name { ... }` block (the output then resolves "
                "on its own)");
  Cmd->add_option("--world", Opts->World,
                  "Print only this world of the root package");
  Cmd->add_flag("--no-docs", Opts->NoDocs, "Leave out `///` doc comments");
  Cmd->add_flag("-q,--quiet", Opts->Quiet,
                "Only check: print nothing unless there is an error");
  Cmd->footer("Errors are printed as\n"
              "  FILE:LINE:COLUMN: error: MESSAGE\n"
              "followed by the source line and a caret under the problem.\n"
              "Worlds are printed fully elaborated: `include`s merged and "
              "every interface\nthat an import or export uses imported.\n"
              "For a component binary (.wasm), prints the world it implements\n"
              "(`root:component`/`root` unless it records its own), followed by "
              "the\npackages of the interfaces it imports and exports.\n\n" +
              exitCodeHelp("the WIT is malformed or invalid (or the input is "
                           "a binary)") +
              "\n     (2 also when --world names no world of the package)");
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = witCommand(*Opts); });
}

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
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = bindgenCommand(*Opts); });
}

void registerServe(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<ServeOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "serve", "Serve HTTP with a wasi:http/proxy component: a fresh "
               "instance per request");
  Cmd->add_option("file", Opts->File,
                  "A component exporting wasi:http/incoming-handler@0.2.x: "
                  "an artifact from `wasmaot compile` (.so) or a binary .wasm "
                  "(compiled in memory at startup)")
      ->required();
  Cmd->add_option("--addr", Opts->Addr,
                  "Listen on HOST:PORT (an IPv4 address; port 0: any free "
                  "port, printed at startup). Default 127.0.0.1:8080");
  Cmd->add_option("--timeout", Opts->TimeoutSeconds,
                  "Per-request deadline in seconds (fractions allowed): a "
                  "guest still running then traps with `interrupted` and the "
                  "request gets 500. Needs epoch checks (`compile "
                  "--epoch-interruption`; a .wasm gets them)")
      ->check(CLI::PositiveNumber);
  Cmd->add_option("--max-memory", Opts->MaxMemoryMiB,
                  "Cap on each linear memory of an instance, in MiB "
                  "(default 4096): memory.grow beyond it fails")
      ->check(CLI::Range(uint64_t(1), uint64_t(4096)));
  Cmd->add_option("--threads", Opts->Threads,
                  "Worker threads, each serving one request at a time "
                  "(default: one per hardware thread)")
      ->check(CLI::Range(1u, 1024u));
  Cmd->add_option("--max-body", Opts->MaxBodyMiB,
                  "Largest request body accepted, in MiB (default 16; "
                  "larger: 413)")
      ->check(CLI::Range(uint64_t(1), uint64_t(4096)));
  Cmd->add_option("--env", Opts->Envs,
                  "Give the guest an environment variable: K=V, or K to pass "
                  "the host's value. Repeatable")
      ->allow_extra_args(false);
#ifdef WASMAOT_HAVE_COMPILER
  addCodegenFlags(*Cmd, Opts->Codegen);
#endif
  Cmd->footer(
      "Every request gets a fresh instance (memory from a pooling allocator) "
      "that\nlives only for that request: a trap, a deadline or an "
      "out-of-memory guest\nanswers 500 (logged to standard error with its "
      "backtrace) and never\naffects another request. HTTP/1.1 with "
      "keep-alive, Content-Length and\nchunked request bodies; bodies are "
      "buffered whole. The host answers\nGET /.well-known/wasmaot/health "
      "itself (200, `ok`). A guest gets WASI 0.2\nclocks, random, its "
      "environment (--env) and the server's standard output and\nerror; no files, "
      "no outbound HTTP (wasi:http/outgoing-handler answers\nHTTP-request-denied). "
      "SIGINT or SIGTERM stops the server gracefully: requests\nin progress "
      "are finished first.\n\n" +
      exitCodeHelp("the file is malformed, invalid or not a wasi:http "
                   "component, or an\n     import is missing") +
      "\n  (2 also when the address cannot be bound)");
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = serveCommand(*Opts); });
}

void registerCompose(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<ComposeOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "compose", "Link components: satisfy a socket component's imports with "
                 "the exports of plug components, writing one component");
  Cmd->add_option("socket", Opts->Socket,
                  "The component whose imports are plugged (its exports are "
                  "the composition's)")
      ->required();
  Cmd->add_option("--plug", Opts->Plugs,
                  "A component whose exports satisfy the socket's imports of "
                  "the same name (repeatable; instantiated in the order "
                  "given, so a plug may import what an earlier plug "
                  "exports)")
      ->required()
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  Cmd->add_option("-o,--output", Opts->Output,
                  "The composition to write (never one of the inputs)")
      ->required();
  Cmd->add_flag("-v,--verbose", Opts->Verbose,
                "Print which imports were plugged and which remain");
  Cmd->footer(
      "The composition nests the inputs unchanged and instantiates them; its\n"
      "imports are the socket's imports no plug satisfies, which each plug's\n"
      "own imports must be among (or an earlier plug's exports). It is\n"
      "validated before it is written. `wasmaot compile` turns it into one\n"
      "artifact whose component-to-component calls run through compiled\n"
      "adapters.\n\n" +
      exitCodeHelp("an input is not a valid component, or the plugs do not "
                   "fit the socket"));
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = composeCommand(*Opts); });
}

#ifdef WASMAOT_HAVE_COMPILER
void addCodegenFlags(CLI::App &Cmd, CodegenFlags &F) {
  Cmd.add_option("-O,--opt", F.OptLevel,
                 "Optimisation level 0..3 (-O0 .. -O3, or -O 2)")
      ->check(CLI::Range(0u, 3u))
      ->default_val(2);
  Cmd.add_option("--bounds-checks", F.Bounds,
                 "How memory accesses are kept in bounds: guard (guard pages, "
                 "no checks emitted) or explicit (compare every access)")
      ->check(CLI::IsMember({"guard", "explicit"}))
      ->default_val("guard");
  Cmd.add_flag("--strict-guard-loads", F.StrictGuardLoads,
               "With guard pages, keep every memory load even when its value "
               "is unused, so every out-of-bounds access traps (slower: such "
               "loads are not vectorised)");
  Cmd.add_flag("--epoch-interruption", F.EpochInterruption,
               "Poll an epoch counter at function entries and loop headers, "
               "so `run --timeout` (or a host's epoch deadline) can interrupt "
               "the code with a trap (costs a load and a compare per loop "
               "iteration)");
}

void registerCompile(CLI::App &App, int &ExitStatus) {
  auto Opts = std::make_shared<CompileCmdOptions>();
  CLI::App *Cmd = App.add_subcommand(
      "compile", "Compile a WebAssembly core module or component into a "
                 "native artifact (an ELF shared object) that `wasmaot run` "
                 "loads");
  Cmd->add_option("input", Opts->Input,
                  "Binary .wasm file; '-' reads standard input (needs -o)")
      ->required();
  Cmd->add_option("-o,--output", Opts->Output,
                  "Artifact to write (default: the input with the extension "
                  ".so); never the input itself");
  addCodegenFlags(*Cmd, Opts->Codegen);
  Cmd->add_option("--emit-llvm", Opts->EmitLLVM,
                  "Also write the optimised LLVM IR to this file");
  Cmd->add_option("-j,--jobs", Opts->Jobs,
                  "Threads validating and compiling (0: one per hardware "
                  "thread)")
      ->default_val(0);
  Cmd->add_option("--target", Opts->Target,
                  "Target triple: x86_64-linux-gnu or aarch64-linux-gnu "
                  "(default: this host)");
  Cmd->add_option("--cpu", Opts->Cpu,
                  "Target CPU: native (this host's CPU and all its features; "
                  "the default without --target), portable (x86-64-v2 / "
                  "generic; the default with --target: artifacts that "
                  "travel) or an LLVM CPU name");
  Cmd->add_option("--sign", Opts->SignKey,
                  "Sign the artifact with the secret in KEYFILE (HMAC-SHA256, "
                  "at least 16 bytes), for `wasmaot run --verify KEYFILE`")
      ->type_name("KEYFILE");
  Cmd->add_flag("-v,--verbose", Opts->Verbose,
                "Print the output size and the time taken");
  Cmd->footer("Prints nothing on success unless -v. Errors are printed as\n"
              "  FILE:0xOFFSET: error: MESSAGE\n"
              "A failed compile leaves nothing at the output path.\n\n" +
              exitCodeHelp("the input is malformed, invalid, unsupported or "
                           "over an\n     implementation limit") +
              " or written,\n     or the output would overwrite the input");
  Cmd->callback([Opts, &ExitStatus] { ExitStatus = compileCommand(*Opts); });
}
#endif

} // namespace wasmaot::cli

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

} // namespace

int wasmaot::cli::runCli(int Argc, char **Argv) {
  using namespace wasmaot::cli;
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

void wasmaot::cli::initIostreams() {
#ifdef WASMAOT_LAZY_IOSTREAMS
  static std::ios_base::Init Init;
#endif
}
