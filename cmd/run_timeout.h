// `wasmaot run --timeout SECONDS`: a wall-clock deadline on everything the
// guest runs (start function, `_start`, --invoke). Owns the watchdog thread
// only; the interruption itself is the runtime's epoch mechanism
// (Engine::incrementEpoch, EpochCheck in compiled code).
#pragma once

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace wasmaot::runtime {
class Engine;
} // namespace wasmaot::runtime

namespace wasmaot::cli {

/// Started once the code is loaded, stopped (joined) when the run is over.
/// At the deadline it advances the engine's epoch once: instances created
/// with EngineConfig::DefaultEpochDeadlineTicks = 1 then trap with
/// Interrupted at their next epoch check (function entry or loop header).
/// Code that cannot see the epoch — blocked in a host call, or an artifact
/// compiled without epoch checks — is ended kGraceSeconds later (at once
/// without epoch checks): the process prints a timeout error and exits with
/// kExitTrap.
class RunWatchdog {
public:
  static constexpr double kGraceSeconds = 1.0;

  RunWatchdog(runtime::Engine &E, double Seconds, bool EpochChecks,
              std::string File);
  ~RunWatchdog();
  RunWatchdog(const RunWatchdog &) = delete;
  RunWatchdog &operator=(const RunWatchdog &) = delete;

private:
  void watch(double Seconds, bool EpochChecks);

  runtime::Engine &Eng;
  std::string File;
  std::mutex Mu;
  std::condition_variable Cv;
  bool Done = false;
  std::thread Thread;
};

} // namespace wasmaot::cli
