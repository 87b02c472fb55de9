// wasmaot-spec: the WebAssembly spec-testsuite runner. Converts each .wast
// with wabt's wast2json into a private temporary directory, runs its commands
// against a Backend (today: decode + validate only, see spec/backend.h),
// prints one line per script, the details of each failure and a closing
// `N passed, M failed, K skipped` line. Exit status: 0 when every failure is
// listed in expected-failures.txt and no listed case passes, 1 otherwise,
// 2 on a usage or set-up error. Skips (exit 0) when the testsuite
// (../shared next to the source tree) is absent and no path was given.
//
// Owns the command line, the file list, the thread pool and the report;
// what each command checks lives in spec/script_runner.cpp.
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "spec/backend.h"
#include "spec/exec_backend.h"
#include "spec/command.h"
#include "spec/expected_failures.h"
#include "spec/script_runner.h"
#include "spec/wast2json.h"

#ifndef WASMAOT_SPEC_DEFAULT_DIR
#error "the build defines WASMAOT_SPEC_DEFAULT_DIR (tests/conformance)"
#endif
#ifndef WASMAOT_SPEC_EXPECTED_FAILURES
#error "the build defines WASMAOT_SPEC_EXPECTED_FAILURES (tests/conformance)"
#endif

namespace fs = std::filesystem;
using namespace wasmaot;
using namespace wasmaot::spec;

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct Options {
  std::vector<std::string> Paths;
  unsigned Jobs = 2;
  std::string ExpectedFailuresFile = WASMAOT_SPEC_EXPECTED_FAILURES;
  /// "validate" (decode + validate only), "exec" (compile and run) or
  /// "compile" (compile every valid module into --cache-dir, run nothing).
  std::string Mode = "validate";
  unsigned OptLevel = 2;
  std::string Bounds = "guard";
  std::string CacheDir;
  std::string Target;
  bool Precompiled = false;
  /// "wasm2" (the Wasm 2.0 testsuite) or "wasm3" (FeatureSet::defaults():
  /// Wasm 2.0 and the Wasm 3.0 features wasmaot has).
  std::string Features = "wasm2";
  /// wast2json flags for scripts summary.csv does not list.
  std::vector<std::string> Wast2JsonFlags;
};

frontend::FeatureSet featureSet(const Options &Opts) {
  return Opts.Features == "wasm3" ? frontend::FeatureSet::defaults()
                                  : frontend::FeatureSet::wasm2();
}

/// The backend for one script; the engine is shared by all scripts.
std::unique_ptr<Backend> makeBackend(const Options &Opts) {
  if (Opts.Mode == "validate")
    return std::make_unique<ValidateBackend>(/*ValidateJobs=*/1,
                                             featureSet(Opts));
  static runtime::Engine Eng;
  ExecOptions EO;
  EO.Mode = Opts.Mode == "compile" ? ExecMode::CompileOnly
            : Opts.Precompiled     ? ExecMode::Precompiled
                                   : ExecMode::Run;
  EO.OptLevel = Opts.OptLevel;
  EO.ExplicitBounds = Opts.Bounds == "explicit";
  EO.Target = Opts.Target;
  EO.CacheDir = Opts.CacheDir;
  EO.Features = featureSet(Opts);
  return std::make_unique<ExecBackend>(Eng, EO);
}

struct Input {
  fs::path Wast;
  std::string Name; ///< relative to the directory it was found in
};

/// Every .wast under each path (directories recursively), sorted per path.
Expected<std::vector<Input>>
collectInputs(const std::vector<std::string> &Paths) {
  std::vector<Input> Inputs;
  for (const std::string &P : Paths) {
    std::error_code EC;
    if (fs::is_regular_file(P, EC)) {
      Inputs.push_back({P, fs::path(P).filename().string()});
      continue;
    }
    if (!fs::is_directory(P, EC))
      return Error{ErrorKind::Io,
                   Error::kNoOffset,
                   fmt::format("{}: no such file or directory", P),
                   {}};
    std::vector<Input> Found;
    for (auto It = fs::recursive_directory_iterator(P, EC);
         !EC && It != fs::recursive_directory_iterator(); It.increment(EC))
      if (It->is_regular_file() && It->path().extension() == ".wast")
        Found.push_back(
            {It->path(), It->path().lexically_relative(P).generic_string()});
    if (EC)
      return Error{ErrorKind::Io,
                   Error::kNoOffset,
                   fmt::format("{}: {}", P, EC.message()),
                   {}};
    std::sort(Found.begin(), Found.end(),
              [](const Input &A, const Input &B) { return A.Name < B.Name; });
    Inputs.insert(Inputs.end(), Found.begin(), Found.end());
  }
  return Inputs;
}

/// Converts, parses and runs one script. Never throws.
FileResult runFile(const Options &Opts, const Input &In, const Wast2Json &Tool,
                   ConversionTable &Table) {
  FileResult R;
  R.Name = In.Name;
  auto FailWhole = [&](std::string What, const Error &E) {
    ++R.Failed;
    R.Failures.push_back(
        {0, std::move(What), "success", E.format(In.Name), false});
    return R;
  };
  std::optional<ConversionInfo> Info = Table.lookup(In.Wast);
  if (Info && !Info->Converts) {
    R.Note = "skipped: wast2json cannot convert it (summary.csv)";
    return R;
  }
  auto Dir = TempDir::create("wasmaot-spec");
  if (!Dir)
    return FailWhole("set-up", Dir.error());
  auto Json = Tool.convert(In.Wast, Dir->path(),
                           Info ? Info->Flags : Opts.Wast2JsonFlags);
  if (!Json)
    return FailWhole("wast2json", Json.error());
  std::ifstream JsonIn(*Json, std::ios::binary);
  std::stringstream Text;
  Text << JsonIn.rdbuf();
  auto S = parseScript(Text.str());
  if (!S)
    return FailWhole("reading wast2json's output", S.error());
  std::unique_ptr<Backend> Backend = makeBackend(Opts);
  ScriptRunner(*Backend, Dir->path()).run(*S, R);
  return R;
}

/// Marks listed failures as expected and returns stale entries as failures.
void applyExpectedFailures(FileResult &R, const ExpectedFailures &XF) {
  for (Failure &F : R.Failures)
    if (XF.find(R.Name, F.Line)) {
      F.ExpectedFailure = true;
      --R.Failed;
      ++R.ExpectedFailures;
    }
  for (const ExpectedFailures::Entry *E : XF.forScript(R.Name))
    if (std::find(R.PassedLines.begin(), R.PassedLines.end(), E->Line) !=
        R.PassedLines.end()) {
      --R.Passed; // the command passed, but the run must fail until the
      ++R.Failed; // entry is removed
      R.Failures.push_back(
          {E->Line, "expected failure",
           fmt::format("a failure (listed at {}:{})", XF.file().string(),
                       E->ListLine),
           "a pass: remove the entry, the list may only shrink", false});
    }
}

void printResult(const FileResult &R) {
  std::string Out;
  if (!R.Note.empty())
    Out = fmt::format("{}: {}\n", R.Name, R.Note);
  else
    Out =
        fmt::format("{}: {} passed, {} failed, {} skipped{}\n", R.Name,
                    R.Passed, R.Failed, R.Skipped,
                    R.ExpectedFailures ? fmt::format(" ({} expected failures)",
                                                     R.ExpectedFailures)
                                       : "");
  for (const Failure &F : R.Failures)
    Out += fmt::format("  {} {}:{}: {}\n    expected: {}\n    got:      {}\n",
                       F.ExpectedFailure ? "XFAIL" : "FAIL", R.Name, F.Line,
                       F.Command, F.Expected, F.Got);
  std::fputs(Out.c_str(), stdout);
  std::fflush(stdout);
}

/// Runs every input on \p Jobs threads and prints results in input order
/// as soon as each is ready. Returns the sum.
FileResult runAll(const Options &Opts, const std::vector<Input> &Inputs,
                  unsigned Jobs,
                  const Wast2Json &Tool, const ExpectedFailures &XF) {
  ConversionTable Table;
  std::vector<std::optional<FileResult>> Results(Inputs.size());
  std::mutex Lock;
  std::condition_variable Ready;
  std::atomic<size_t> Next{0};
  auto Worker = [&] {
    for (size_t I; (I = Next++) < Inputs.size();) {
      FileResult R;
      try {
        R = runFile(Opts, Inputs[I], Tool, Table);
      } catch (const std::exception &E) {
        R = FileResult{};
        R.Name = Inputs[I].Name;
        R.Failed = 1;
        R.Failures.push_back({0, "running the script", "no exception",
                              fmt::format("exception: {}", E.what()), false});
      }
      applyExpectedFailures(R, XF);
      std::lock_guard<std::mutex> G(Lock);
      Results[I] = std::move(R);
      Ready.notify_all();
    }
  };
  std::vector<std::thread> Threads;
  for (unsigned T = 0;
       T < std::max(1u, std::min<unsigned>(Jobs, Inputs.size())); ++T)
    Threads.emplace_back(Worker);

  FileResult Total;
  for (size_t I = 0; I < Inputs.size(); ++I) {
    std::unique_lock<std::mutex> G(Lock);
    Ready.wait(G, [&] { return Results[I].has_value(); });
    FileResult R = std::move(*Results[I]);
    Results[I].reset();
    G.unlock();
    printResult(R);
    Total.Passed += R.Passed;
    Total.Failed += R.Failed;
    Total.Skipped += R.Skipped;
    Total.ExpectedFailures += R.ExpectedFailures;
    for (unsigned K = 0; K < kNumSkipReasons; ++K)
      Total.SkippedBy[K] += R.SkippedBy[K];
  }
  for (std::thread &T : Threads)
    T.join();
  return Total;
}

int run(const Options &Opts) {
  std::vector<std::string> Paths = Opts.Paths;
  if (Paths.empty()) {
    std::error_code EC;
    if (!fs::is_directory(WASMAOT_SPEC_DEFAULT_DIR, EC)) {
      fmt::print("wasmaot-spec: skipped: the spec testsuite is not at {} "
                 "(../shared next to the source tree is absent)\n",
                 WASMAOT_SPEC_DEFAULT_DIR);
      return 0;
    }
    Paths.push_back(WASMAOT_SPEC_DEFAULT_DIR);
  }
  auto Tool = Wast2Json::find();
  auto Inputs = collectInputs(Paths);
  auto XF = ExpectedFailures::load(Opts.ExpectedFailuresFile);
  for (const Error *E :
       {Tool ? nullptr : &Tool.error(), Inputs ? nullptr : &Inputs.error(),
        XF ? nullptr : &XF.error()})
    if (E) {
      std::fprintf(stderr, "%s\n", E->format("wasmaot-spec").c_str());
      return kExitUsage;
    }
  if (Inputs->empty()) {
    std::fprintf(stderr, "wasmaot-spec: error: no .wast files found\n");
    return kExitUsage;
  }

  FileResult Total = runAll(Opts, *Inputs, Opts.Jobs, *Tool, *XF);
  fmt::print("\nscripts: {} ({} backend{}); skipped: {} text-format "
             "modules (wasmaot reads binaries only), {} commands that need "
             "execution (the validate backend cannot run code), {} commands "
             "on modules using what the compiler does not support yet "
             "(SIMD)\n",
             Inputs->size(), Opts.Mode,
             Opts.Mode == "exec"
                 ? fmt::format(", -O{}, {} bounds checks", Opts.OptLevel,
                               Opts.Bounds)
                 : std::string(),
             Total.SkippedBy[unsigned(SkipReason::TextFormat)],
             Total.SkippedBy[unsigned(SkipReason::NeedsExecution)],
             Total.SkippedBy[unsigned(SkipReason::Unsupported)]);
  if (Total.ExpectedFailures)
    fmt::print("{} expected failures listed in {}\n", Total.ExpectedFailures,
               XF->file().string());
  fmt::print("{} passed, {} failed, {} skipped\n", Total.Passed, Total.Failed,
             Total.Skipped);
  return Total.Failed ? kExitFailed : 0;
}

} // namespace

int main(int Argc, char **Argv) {
  CLI::App App{"wasmaot-spec: run WebAssembly spec testsuite scripts "
               "(.wast) against wasmaot",
               "wasmaot-spec"};
  Options Opts;
  App.add_option("paths", Opts.Paths,
                 ".wast files or directories searched recursively (default: " +
                     std::string(WASMAOT_SPEC_DEFAULT_DIR) + ")");
  App.add_option("-j,--jobs", Opts.Jobs, "Scripts run in parallel")
      ->default_val(2)
      ->check(CLI::Range(1u, 256u));
  App.add_option("--expected-failures", Opts.ExpectedFailuresFile,
                 "Known failures (`FILE.wast:LINE reason`)")
      ->default_str(Opts.ExpectedFailuresFile);
  App.add_option("--mode", Opts.Mode,
                 "validate: decode and validate only; exec: compile every "
                 "module and run every command; compile: only compile every "
                 "valid module into --cache-dir (for --target), for a later "
                 "`exec --precompiled` run on that target")
      ->check(CLI::IsMember({"validate", "exec", "compile"}))
      ->default_str("validate");
  App.add_option("-O,--opt", Opts.OptLevel, "Optimisation level for exec")
      ->check(CLI::Range(0u, 3u))
      ->default_val(2);
  App.add_option("--bounds-checks", Opts.Bounds,
                 "Bounds-check mode for exec: guard or explicit")
      ->check(CLI::IsMember({"guard", "explicit"}))
      ->default_str("guard");
  App.add_option("--target", Opts.Target,
                 "Compile for this target triple (with --mode compile)");
  App.add_flag("--precompiled", Opts.Precompiled,
               "exec: load the artifacts a `--mode compile` run left in "
               "--cache-dir instead of compiling (runtime-only builds)");
  App.add_option("--features", Opts.Features,
                 "wasm2: Wasm 2.0 (its testsuite); wasm3: also the Wasm 3.0 "
                 "features wasmaot implements (extended constant "
                 "expressions), as the CLI reads modules")
      ->check(CLI::IsMember({"wasm2", "wasm3"}))
      ->default_str("wasm2");
  App.add_option("--wast2json-flag", Opts.Wast2JsonFlags,
                 "Pass this flag to wast2json for scripts that summary.csv "
                 "does not list (repeatable), e.g. --enable-extended-const")
      ->allow_extra_args(false);
  App.add_option("--cache-dir", Opts.CacheDir,
                 "Reuse compiled artifacts from this directory (keyed by "
                 "module content, compiler version and options)");
  App.footer("Needs wast2json (Debian package 'wabt') on PATH.\n\n"
             "Exit status:\n"
             "  0  no unexpected failure (or the testsuite is absent)\n"
             "  1  a command failed, or a listed expected failure passed\n"
             "  2  usage error, wast2json missing, or unreadable input");
  try {
    App.parse(Argc, Argv);
  } catch (const CLI::ParseError &E) {
    int Code = App.exit(E);
    return Code == 0 ? 0 : kExitUsage;
  }
  try {
    return run(Opts);
  } catch (const std::exception &E) {
    std::fprintf(stderr, "wasmaot-spec: error: %s\n", E.what());
    return kExitUsage;
  }
}
