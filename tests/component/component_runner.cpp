// wasmaot-component-spec: runs component-model .wast scripts
// (../shared/testsuite/component-model) against the frontend.
//
//   wasmaot-component-spec [--expected-failures F] [--root DIR] PATH...
//
// Each script is split and assembled by wast2cjson.mjs (jco parse, one node
// process for all scripts) into a command list; every `component` /
// `module` must validate, every `assert_invalid` / binary
// `assert_malformed` must be rejected. Commands that need execution
// (assert_return, assert_trap, invoke, component instance, ...) go to the
// Backend; the ValidateBackend here cannot execute, so they are skipped —
// the runtime's component backend plugs in through the same interface.
// An Unsupported error (async, GC, memory64, values, ...) is a skip with its
// reason. Exits 1 on a failure not in the expected-failures list, or on a
// listed entry that now passes (the list may only shrink).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"
#ifdef WASMAOT_COMPONENT_EXEC
#include "exec_backend.h"
#endif

namespace fs = std::filesystem;
using namespace wasmaot;
using namespace wasmaot::frontend;

namespace {

/// The engine a script runs against.
class Backend {
public:
  virtual ~Backend() = default;
  /// Decodes and validates a component (or a core module).
  virtual Status validate(std::span<const uint8_t> Bytes, bool Core) = 0;
  virtual bool canExecute() const = 0;
  /// Runs an execution command (its text); "" on success, else why not.
  virtual std::string execute(const nlohmann::json &Cmd) = 0;
};

class ValidateBackend final : public Backend {
public:
  Status validate(std::span<const uint8_t> Bytes, bool Core) override {
    if (Core) {
      auto M = readModule(Bytes);
      if (!M)
        return M.takeError();
      return validateModule(*M, 1);
    }
    auto C = component::readComponent(Bytes);
    if (!C)
      return C.takeError();
    return {};
  }
  bool canExecute() const override { return false; }
  std::string execute(const nlohmann::json &) override {
    return "no execution backend";
  }
};

#ifdef WASMAOT_COMPONENT_EXEC
/// Validates like ValidateBackend, then compiles, instantiates and runs
/// the execution commands (exec_backend.h).
class ExecBackend final : public Backend {
public:
  Status validate(std::span<const uint8_t> Bytes, bool Core) override {
    Status St = V.validate(Bytes, Core);
    if (!Core)
      Exec.setComponent(St ? Bytes : std::span<const uint8_t>());
    return St;
  }
  bool canExecute() const override { return true; }
  std::string execute(const nlohmann::json &Cmd) override {
    return Exec.execute(Cmd);
  }
  wasmaot::testing::ComponentExec &exec() { return Exec; }

private:
  ValidateBackend V;
  wasmaot::testing::ComponentExec Exec;
};
#endif

struct Totals {
  unsigned Passed = 0, Failed = 0, Skipped = 0;
  std::map<std::string, unsigned> SkipReasons;
  std::vector<std::string> Failures; ///< "file:line"
};

std::string shortReason(std::string R) {
  if (R.size() > 70)
    R = R.substr(0, 70) + "...";
  return R;
}

void runScript(const fs::path &Dir, const std::string &Rel, Backend &B,
               Totals &T, const std::set<std::string> &Expected,
               bool Verbose) {
  std::ifstream In(Dir / "cmds.json");
  nlohmann::json J = nlohmann::json::parse(In, nullptr, false);
  if (J.is_discarded()) {
    T.Failed++;
    T.Failures.push_back(Rel + ":0");
    fmt::print("{}: cannot read the converted command list\n", Rel);
    return;
  }
  unsigned P = 0, F = 0, S = 0;
  for (const auto &Cmd : J["commands"]) {
    std::string Type = Cmd.value("type", "");
    int Line = Cmd.value("line", 0);
    std::string Where = fmt::format("{}:{}", Rel, Line);
    auto Skip = [&](const std::string &Why) {
      ++S;
      T.SkipReasons[shortReason(Why)]++;
    };
    auto Fail = [&](const std::string &Why) {
      ++F;
      T.Failures.push_back(Where);
      if (!Expected.count(Where) || Verbose)
        fmt::print("  {}: {}: {}\n", Where, Type, Why);
    };
    if (Type != "module" && Type != "assert_invalid" &&
        Type != "assert_malformed") {
      if (!B.canExecute()) {
        Skip("needs execution (" + Type + ")");
        continue;
      }
      if (std::string Why = B.execute(Cmd); Why.rfind("skip: ", 0) == 0)
        Skip(Why.substr(6));
      else if (!Why.empty())
        Fail(Why);
      else
        ++P;
      continue;
    }
    if (Cmd.contains("parse_error")) {
      Skip(Type == "assert_malformed"
               ? "text-format malformed (rejected by the assembler)"
               : "jco parse cannot assemble it");
      continue;
    }
    std::ifstream W(Dir / Cmd["file"].get<std::string>(), std::ios::binary);
    std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(W)), {});
    bool Core = Cmd.value("kind", "component") == "module";
    Status St = B.validate(Bytes, Core);
    if (Type == "module") {
      if (St)
        ++P;
      else if (St.error().Kind == ErrorKind::Unsupported)
        Skip("unsupported: " + St.error().Message);
      else
        Fail("should be valid, got: " + St.error().format("0.wasm"));
    } else {
      if (!St && St.error().Kind == ErrorKind::Unsupported)
        Skip("unsupported: " + St.error().Message);
      else if (!St)
        ++P;
      else
        Fail(fmt::format("should be rejected (\"{}\"), but validates",
                         Cmd.value("message", "")));
    }
  }
  fmt::print("{}: {} passed, {} failed, {} skipped\n", Rel, P, F, S);
  T.Passed += P;
  T.Failed += F;
  T.Skipped += S;
}

} // namespace

int main(int Argc, char **Argv) {
  std::vector<std::string> Paths;
  std::string ExpectedFile, Root, Script = WASMAOT_WAST2CJSON, Node = "node";
  bool Verbose = false, Exec = false, Differential = false, AllAdapted = false;
  for (int I = 1; I < Argc; ++I) {
    std::string A = Argv[I];
    if (A == "--expected-failures" && I + 1 < Argc)
      ExpectedFile = Argv[++I];
    else if (A == "--root" && I + 1 < Argc)
      Root = Argv[++I];
    else if (A == "--node" && I + 1 < Argc)
      Node = Argv[++I];
    else if (A == "-v")
      Verbose = true;
    else if (A == "--exec")
      Exec = true;
    else if (A == "--differential") // with --exec (exec_backend.h)
      Differential = Exec = true;
    else if (A == "--all-adapted") // every call compared used an adapter
      AllAdapted = Differential = Exec = true;
    else if (A == "--help" || A == "-h") {
      fmt::print("usage: wasmaot-component-spec [--expected-failures F] "
                 "[--root DIR] [--node NODE] [--exec] [--differential] "
                 "[--all-adapted] [-v] PATH...\n");
      return 0;
    } else
      Paths.push_back(A);
  }
  std::vector<fs::path> Scripts;
  for (const std::string &P : Paths) {
    if (!fs::exists(P)) {
      fmt::print("wasmaot-component-spec: skipped: {} does not exist (the "
                 "testsuite lives in ../shared)\n",
                 P);
      return 0;
    }
    if (fs::is_directory(P)) {
      for (auto &E : fs::recursive_directory_iterator(P))
        if (E.path().extension() == ".wast")
          Scripts.push_back(E.path());
    } else {
      Scripts.push_back(P);
    }
  }
  std::sort(Scripts.begin(), Scripts.end());
  if (!fs::exists(fs::path(Script).parent_path() / "../../tools/node_modules/"
                                                    "@bytecodealliance/jco")) {
    fmt::print("wasmaot-component-spec: skipped: jco is not installed (run "
               "`npm ci --prefix tools`)\n");
    return 0;
  }
  std::set<std::string> Expected;
  if (!ExpectedFile.empty()) {
    std::ifstream E(ExpectedFile);
    for (std::string L; std::getline(E, L);) {
      if (L.empty() || L[0] == '#')
        continue;
      Expected.insert(L.substr(0, L.find(' ')));
    }
  }
  char Tmpl[] = "/tmp/wasmaot-component-XXXXXX";
  if (!mkdtemp(Tmpl)) {
    fmt::print(stderr, "wasmaot-component-spec: cannot create a temporary "
                       "directory\n");
    return 2;
  }
  fs::path Tmp = Tmpl;
  std::string Cmd = fmt::format("'{}' '{}' '{}'", Node, Script, Tmp.string());
  for (const fs::path &S : Scripts)
    Cmd += " '" + S.string() + "'";
  if (std::system(Cmd.c_str()) != 0) {
    fmt::print(stderr, "wasmaot-component-spec: wast2cjson.mjs failed\n");
    fs::remove_all(Tmp);
    return 1;
  }
  ValidateBackend VB;
  Backend *BP = &VB;
#ifdef WASMAOT_COMPONENT_EXEC
  ExecBackend EB;
  if (Exec)
    BP = &EB;
  EB.exec().setDifferential(Differential);
#else
  if (Exec) {
    fmt::print("wasmaot-component-spec: skipped: --exec needs a build with "
               "the compiler\n");
    return 0;
  }
#endif
  Backend &B = *BP;
  Totals T;
  for (size_t I = 0; I < Scripts.size(); ++I) {
    std::string Rel = Root.empty()
                          ? Scripts[I].string()
                          : fs::relative(Scripts[I], Root).string();
    runScript(Tmp / std::to_string(I), Rel, B, T, Expected, Verbose);
  }
  fs::remove_all(Tmp);
  bool NotAdapted = false;
#ifdef WASMAOT_COMPONENT_EXEC
  if (Differential) {
    fmt::print("differential: {} calls compared with the dynamic path, {} of "
               "them through compiled adapters; {} lowered calls inside them "
               "through lower adapters\n",
               EB.exec().compared(), EB.exec().adapted(),
               EB.exec().loweredAdapted());
    NotAdapted = AllAdapted && EB.exec().compared() != EB.exec().adapted();
    if (NotAdapted)
      fmt::print("error: --all-adapted, but {} calls did not go through a "
                 "compiled adapter\n",
                 EB.exec().compared() - EB.exec().adapted());
    if (AllAdapted && EB.exec().lowersNotAdapted()) {
      fmt::print("error: --all-adapted, but {} lowered functions have no "
                 "usable lower adapter\n",
                 EB.exec().lowersNotAdapted());
      NotAdapted = true;
    }
  }
#endif
  if (!T.SkipReasons.empty()) {
    fmt::print("skipped:\n");
    std::vector<std::pair<unsigned, std::string>> R;
    for (auto &[Why, N] : T.SkipReasons)
      R.push_back({N, Why});
    std::sort(R.rbegin(), R.rend());
    for (auto &[N, Why] : R)
      fmt::print("  {:5}  {}\n", N, Why);
  }
  int Rc = NotAdapted ? 1 : 0;
  std::set<std::string> Failed(T.Failures.begin(), T.Failures.end());
  for (const std::string &F : Failed)
    if (!Expected.count(F)) {
      fmt::print("unexpected failure: {}\n", F);
      Rc = 1;
    }
  for (const std::string &E : Expected) {
    bool InScope = false;
    for (size_t I = 0; I < Scripts.size(); ++I) {
      std::string Rel = Root.empty()
                            ? Scripts[I].string()
                            : fs::relative(Scripts[I], Root).string();
      if (E.rfind(Rel + ":", 0) == 0)
        InScope = true;
    }
    if (InScope && !Failed.count(E)) {
      fmt::print("now passes, remove it from the expected failures: {}\n", E);
      Rc = 1;
    }
  }
  fmt::print("{} passed, {} failed, {} skipped\n", T.Passed, T.Failed,
             T.Skipped);
  return Rc;
}
