// The watchdog behind `wasmaot run --timeout` (see run_timeout.h).
#include "run_timeout.h"

#include <chrono>
#include <unistd.h>

#include <fmt/format.h>

#include "common.h"
#include "wasmaot/runtime/engine.h"

namespace wasmaot::cli {

RunWatchdog::RunWatchdog(runtime::Engine &E, double Seconds, bool EpochChecks,
                         std::string File)
    : Eng(E), File(std::move(File)) {
  Thread = std::thread([this, Seconds, EpochChecks] {
    watch(Seconds, EpochChecks);
  });
}

RunWatchdog::~RunWatchdog() {
  {
    std::lock_guard<std::mutex> L(Mu);
    Done = true;
  }
  Cv.notify_all();
  Thread.join();
}

void RunWatchdog::watch(double Seconds, bool EpochChecks) {
  using Clock = std::chrono::steady_clock;
  auto Deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(Seconds));
  std::unique_lock<std::mutex> L(Mu);
  if (Cv.wait_until(L, Deadline, [this] { return Done; }))
    return;
  // Compiled code polls the epoch: the running call traps with Interrupted
  // and the main thread reports it.
  Eng.incrementEpoch();
  double Grace = EpochChecks ? kGraceSeconds : 0.0;
  auto Kill = Deadline + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(Grace));
  if (Cv.wait_until(L, Kill, [this] { return Done; }))
    return;
  // Still running: nothing in the guest is polling (a blocking host call,
  // or code without epoch checks). Only the whole process can stop it.
  std::string Msg = fmt::format(
      "{}: error: timeout: still running {} s after the start (--timeout {}); "
      "{}\n",
      File, Seconds + Grace, Seconds,
      EpochChecks ? "it did not reach an epoch check (blocked in a host call?)"
                  : "the artifact has no epoch checks (compile it with "
                    "`wasmaot compile --epoch-interruption` to get a trap "
                    "with a backtrace)");
  (void)!::write(2, Msg.data(), Msg.size());
  ::_exit(kExitTrap);
}

} // namespace wasmaot::cli
