// Running one converted script against a Backend: the dispatch from each
// command type to what it checks, and the tally. What counts as passed,
// failed or skipped is decided here and only here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backend.h"
#include "command.h"

namespace wasmaot::spec {

struct Failure {
  uint32_t Line = 0;   ///< line in the .wast (0: the file as a whole)
  std::string Command; ///< e.g. "assert_invalid (align.3.wasm)"
  std::string Expected;
  std::string Got;
  bool ExpectedFailure = false; ///< listed in expected-failures.txt
};

/// Why a command was not checked.
enum class SkipReason : uint8_t {
  TextFormat,     ///< a `.wat` module: wasmaot reads binaries only
  NeedsExecution, ///< the backend cannot instantiate or run code
  Unsupported,    ///< the module uses what the compiler does not do yet
};
inline constexpr unsigned kNumSkipReasons = 3;

struct FileResult {
  std::string Name; ///< the script as shown in reports
  uint64_t Passed = 0, Failed = 0, Skipped = 0;
  uint64_t SkippedBy[kNumSkipReasons] = {};
  uint64_t ExpectedFailures = 0;     ///< failures listed as expected
  std::vector<Failure> Failures;     ///< both kinds, in script order
  std::vector<uint32_t> PassedLines; ///< to spot stale expected failures
  std::string Note;                  ///< e.g. why the whole file was skipped
};

class ScriptRunner {
public:
  /// \p Dir holds the module files the script names.
  ScriptRunner(Backend &B, std::filesystem::path Dir)
      : B(B), Dir(std::move(Dir)) {}

  /// Runs every command, adding to \p R's counts and failures.
  void run(const Script &S, FileResult &R);

private:
  enum class Verdict : uint8_t { Passed, Failed, Skipped };
  struct Outcome {
    Verdict V = Verdict::Skipped;
    std::string Expected, Got;
    SkipReason Why = SkipReason::NeedsExecution;
  };
  static Outcome passed() { return {Verdict::Passed, {}, {}}; }
  static Outcome skipped(SkipReason Why) {
    return {Verdict::Skipped, {}, {}, Why};
  }
  static Outcome failed(std::string Expected, std::string Got) {
    return {Verdict::Failed, std::move(Expected), std::move(Got)};
  }

  Outcome runCommand(const Command &C);
  Outcome runModule(const Command &C);
  std::optional<Outcome> readValidModule(const Command &C,
                                         std::vector<uint8_t> &Bytes);
  Outcome expectRejected(const Command &C, ErrorKind Kind);
  Outcome expectValidButNotInstantiable(const Command &C);
  Outcome needsExecution(const Command &C);

  /// The bytes of the module file a command names, or an error outcome.
  bool readModuleFile(const Command &C, std::vector<uint8_t> &Bytes,
                      Outcome &Err);

  /// Whether the module an action or register names could be instantiated;
  /// commands on an unsupported module are skipped, on a failed one failed.
  enum class ModState : uint8_t { Ok, Unsupported, Failed };
  ModState stateOf(const std::optional<std::string> &Name) const;
  void setState(const std::optional<std::string> &Name, ModState S);

  Backend &B;
  std::filesystem::path Dir;
  ModState Current = ModState::Failed;
  std::map<std::string, ModState> NamedStates;
};

} // namespace wasmaot::spec
