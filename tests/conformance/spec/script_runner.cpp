// The per-command dispatch of the spec runner (see script_runner.h). For
// every command type it states what the spec requires (WebAssembly spec,
// "Script" in the interpreter's README) and asks the backend; commands that
// need execution are skipped while the backend cannot execute.
#include "script_runner.h"

#include <fstream>
#include <iterator>

#include "expect.h"

namespace wasmaot::spec {

namespace fs = std::filesystem;

namespace {

std::string describe(const Error &E, const std::string &File) {
  return fmt::format("{}: {}", errorKindName(E.Kind), E.format(File));
}

std::string commandLabel(const Command &C) {
  if (C.Filename.empty())
    return std::string(commandTypeName(C.Type));
  return fmt::format("{} ({})", commandTypeName(C.Type), C.Filename);
}

} // namespace

void ScriptRunner::run(const Script &S, FileResult &R) {
  for (const Command &C : S.Commands) {
    Outcome O = runCommand(C);
    switch (O.V) {
    case Verdict::Passed:
      ++R.Passed;
      R.PassedLines.push_back(C.Line);
      break;
    case Verdict::Skipped:
      ++R.Skipped;
      ++R.SkippedBy[unsigned(O.Why)];
      break;
    case Verdict::Failed:
      ++R.Failed;
      R.Failures.push_back(Failure{C.Line, commandLabel(C),
                                   std::move(O.Expected), std::move(O.Got),
                                   false});
      break;
    }
  }
}

ScriptRunner::Outcome ScriptRunner::runCommand(const Command &C) {
  switch (C.Type) {
  case CommandType::Module:
    return runModule(C);
  case CommandType::AssertMalformed:
    return expectRejected(C, ErrorKind::Malformed);
  case CommandType::AssertInvalid:
    return expectRejected(C, ErrorKind::Invalid);
  case CommandType::AssertUnlinkable:
  case CommandType::AssertUninstantiable:
    return expectValidButNotInstantiable(C);
  case CommandType::Register:
  case CommandType::Action:
  case CommandType::AssertReturn:
  case CommandType::AssertTrap:
  case CommandType::AssertExhaustion:
    return needsExecution(C);
  }
  return failed("a known command type", "an unknown one");
}

bool ScriptRunner::readModuleFile(const Command &C, std::vector<uint8_t> &Bytes,
                                  Outcome &Err) {
  std::ifstream In(Dir / C.Filename, std::ios::binary);
  if (C.Filename.empty() || !In) {
    Err = failed("a module file", fmt::format("cannot read '{}'", C.Filename));
    return false;
  }
  Bytes.assign(std::istreambuf_iterator<char>(In),
               std::istreambuf_iterator<char>());
  return true;
}

/// The checks every module-bearing command starts with: a binary module that
/// reads and validates. Returns the outcome to report when the command stops
/// there (text format, unreadable, invalid, or a backend that cannot run).
std::optional<ScriptRunner::Outcome>
ScriptRunner::readValidModule(const Command &C, std::vector<uint8_t> &Bytes) {
  if (!C.ModuleType.empty() && C.ModuleType != "binary")
    return skipped(SkipReason::TextFormat);
  Outcome O;
  if (!readModuleFile(C, Bytes, O))
    return O;
  if (Status S = B.validate(Bytes); !S)
    return failed("a valid module", describe(S.error(), C.Filename));
  if (!B.canExecute())
    return passed();
  return std::nullopt;
}

ScriptRunner::Outcome ScriptRunner::runModule(const Command &C) {
  std::vector<uint8_t> Bytes;
  if (std::optional<Outcome> O = readValidModule(C, Bytes))
    return *O;
  std::optional<ActionResult> Trap;
  if (Status S = B.instantiate(Bytes, C.Name, Trap); !S) {
    bool Unsupported = S.error().Kind == ErrorKind::Unsupported;
    setState(C.Name, Unsupported ? ModState::Unsupported : ModState::Failed);
    if (Unsupported)
      return skipped(SkipReason::Unsupported);
    return failed("a module that instantiates",
                  describe(S.error(), C.Filename));
  }
  if (Trap) {
    setState(C.Name, ModState::Failed);
    return failed("a module that instantiates",
                  "a trap while instantiating: " + Trap->Message);
  }
  setState(C.Name, ModState::Ok);
  return passed();
}

ScriptRunner::Outcome ScriptRunner::expectRejected(const Command &C,
                                                   ErrorKind Kind) {
  // Text-format cases need a text parser, which wasmaot does not have.
  if (C.ModuleType != "binary")
    return skipped(SkipReason::TextFormat);
  std::vector<uint8_t> Bytes;
  Outcome O;
  if (!readModuleFile(C, Bytes, O))
    return O;
  std::string Want = fmt::format("{} (\"{}\")", errorKindName(Kind), C.Text);
  Status S = B.validate(Bytes);
  if (S)
    return failed(std::move(Want), "a valid module");
  if (S.error().Kind != Kind)
    return failed(std::move(Want), describe(S.error(), C.Filename));
  return passed();
}

ScriptRunner::Outcome
ScriptRunner::expectValidButNotInstantiable(const Command &C) {
  // The module itself must be valid; only linking or instantiating fails.
  std::vector<uint8_t> Bytes;
  if (std::optional<Outcome> O = readValidModule(C, Bytes))
    return *O;

  bool WantLink = C.Type == CommandType::AssertUnlinkable;
  std::string Want = fmt::format(
      "{} (\"{}\")", WantLink ? "a link error" : "a trap while instantiating",
      C.Text);
  std::optional<ActionResult> Trap;
  Status S = B.instantiate(Bytes, std::nullopt, Trap);
  if (!S && S.error().Kind == ErrorKind::Unsupported)
    return skipped(SkipReason::Unsupported);
  if (WantLink && !S && S.error().Kind == ErrorKind::Link)
    return passed();
  if (!WantLink && S && Trap)
    return passed();
  if (!S)
    return failed(std::move(Want), describe(S.error(), C.Filename));
  return failed(std::move(Want), Trap ? "a trap: " + Trap->Message
                                      : "a successful instantiation");
}

ScriptRunner::ModState
ScriptRunner::stateOf(const std::optional<std::string> &Name) const {
  if (!Name)
    return Current;
  auto It = NamedStates.find(*Name);
  return It == NamedStates.end() ? ModState::Failed : It->second;
}

void ScriptRunner::setState(const std::optional<std::string> &Name,
                            ModState S) {
  Current = S;
  if (Name)
    NamedStates[*Name] = S;
}

ScriptRunner::Outcome ScriptRunner::needsExecution(const Command &C) {
  if (!B.canExecute())
    return skipped(SkipReason::NeedsExecution);
  ModState Target = stateOf(C.Type == CommandType::Register
                                ? C.Name
                                : (C.Act ? C.Act->Module : std::nullopt));
  if (Target == ModState::Unsupported)
    return skipped(SkipReason::Unsupported);
  if (Target == ModState::Failed)
    return failed(std::string(commandTypeName(C.Type)) + " on a module",
                  "its module failed to instantiate");
  if (C.Type == CommandType::Register) {
    if (Status S = B.registerAs(C.Name, C.As); !S)
      return failed("register " + C.As, S.error().Message);
    return passed();
  }
  if (!C.Act)
    return failed("an action", "a command without one");
  auto R = B.perform(*C.Act);
  if (!R)
    return failed("an action that can be performed", R.error().Message);
  std::string Field = C.Act->Field;
  switch (C.Type) {
  case CommandType::Action:
    if (R->K != ActionResult::Kind::Returned)
      return failed("\"" + Field + "\" to return", "a trap: " + R->Message);
    return passed();
  case CommandType::AssertReturn:
    if (R->K != ActionResult::Kind::Returned)
      return failed("\"" + Field + "\" to return", "a trap: " + R->Message);
    if (std::string M = matchResults(C.Results, R->Values); !M.empty())
      return failed("\"" + Field + "\" results to match", M);
    return passed();
  case CommandType::AssertTrap:
  case CommandType::AssertExhaustion: {
    bool WantExhaustion = C.Type == CommandType::AssertExhaustion;
    std::string Want = fmt::format("\"{}\" to trap with \"{}\"", Field, C.Text);
    if (R->K == ActionResult::Kind::Returned)
      return failed(std::move(Want), "a normal return");
    if ((R->K == ActionResult::Kind::Exhausted) != WantExhaustion)
      return failed(std::move(Want), "a trap: " + R->Message);
    // Messages follow the spec interpreter's wording; compare the common
    // prefix so "undefined element" matches "undefined element 3".
    size_t N = std::min(C.Text.size(), R->Message.size());
    if (N == 0 || C.Text.compare(0, N, R->Message, 0, N) != 0)
      return failed(std::move(Want), "a trap: " + R->Message);
    return passed();
  }
  default:
    return failed("an executable command", std::string(commandTypeName(C.Type)));
  }
}

} // namespace wasmaot::spec
