// WASI preview1: args_*, environ_*, clock_*, random_get, proc_exit,
// proc_raise, sched_yield. Clocks and random are capabilities: without
// WasiConfig::AllowClocks / AllowRandom they answer ENOTCAPABLE.
#include <cerrno>
#include <sched.h>
#include <sys/random.h>
#include <time.h>

#include "wasi_internal.h"

namespace wasmaot::runtime::wasi {

namespace {

/// args_sizes_get / environ_sizes_get: count and bytes including NULs.
Errno sizesGet(Call &C, const std::vector<std::string> &V, uint32_t CountPtr,
               uint32_t SizePtr) {
  uint64_t Bytes = 0;
  for (const std::string &S : V)
    Bytes += S.size() + 1;
  if (!C.Mem.ok(CountPtr, 4) || !C.Mem.ok(SizePtr, 4))
    return Errno::Fault;
  C.Mem.store<uint32_t>(CountPtr, uint32_t(V.size()));
  C.Mem.store<uint32_t>(SizePtr, uint32_t(Bytes));
  return Errno::Success;
}

/// args_get / environ_get: pointers into Buf, NUL-terminated strings.
Errno stringsGet(Call &C, const std::vector<std::string> &V, uint32_t Ptrs,
                 uint32_t Buf) {
  uint64_t Bytes = 0;
  for (const std::string &S : V)
    Bytes += S.size() + 1;
  if (!C.Mem.ok(Ptrs, uint64_t(V.size()) * 4) || !C.Mem.ok(Buf, Bytes))
    return Errno::Fault;
  uint64_t At = Buf;
  for (size_t I = 0; I < V.size(); ++I) {
    C.Mem.store<uint32_t>(Ptrs + I * 4, uint32_t(At));
    std::memcpy(C.Mem.at(At, V[I].size() + 1), V[I].c_str(), V[I].size() + 1);
    At += V[I].size() + 1;
  }
  return Errno::Success;
}

Errno argsSizesGet(Call &C, uint32_t Count, uint32_t Size) {
  return sizesGet(C, C.Ctx.Args, Count, Size);
}
Errno argsGet(Call &C, uint32_t Argv, uint32_t Buf) {
  return stringsGet(C, C.Ctx.Args, Argv, Buf);
}
Errno environSizesGet(Call &C, uint32_t Count, uint32_t Size) {
  return sizesGet(C, C.Ctx.Env, Count, Size);
}
Errno environGet(Call &C, uint32_t Env, uint32_t Buf) {
  return stringsGet(C, C.Ctx.Env, Env, Buf);
}

/// preview1 clockid → host clock: realtime, monotonic, process and thread
/// CPU time.
Errno hostClock(uint32_t Id, clockid_t &Out) {
  static const clockid_t Map[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                  CLOCK_PROCESS_CPUTIME_ID,
                                  CLOCK_THREAD_CPUTIME_ID};
  if (Id >= 4)
    return Errno::Inval;
  Out = Map[Id];
  return Errno::Success;
}

uint64_t toNanos(const struct timespec &T) {
  return uint64_t(T.tv_sec) * 1000000000ull + uint64_t(T.tv_nsec);
}

Errno clockResGet(Call &C, uint32_t Id, uint32_t ResPtr) {
  clockid_t Clk;
  WASI_TRY(hostClock(Id, Clk));
  if (!C.Ctx.AllowClocks)
    return Errno::NotCapable;
  if (!C.Mem.ok(ResPtr, 8))
    return Errno::Fault;
  struct timespec T;
  if (clock_getres(Clk, &T) != 0)
    return lastErrno();
  C.Mem.store<uint64_t>(ResPtr, toNanos(T));
  return Errno::Success;
}

Errno clockTimeGet(Call &C, uint32_t Id, uint64_t /*Precision*/,
                   uint32_t TimePtr) {
  clockid_t Clk;
  WASI_TRY(hostClock(Id, Clk));
  if (!C.Ctx.AllowClocks)
    return Errno::NotCapable;
  if (!C.Mem.ok(TimePtr, 8))
    return Errno::Fault;
  struct timespec T;
  if (clock_gettime(Clk, &T) != 0)
    return lastErrno();
  C.Mem.store<uint64_t>(TimePtr, toNanos(T));
  return Errno::Success;
}

Errno randomGet(Call &C, uint32_t Buf, uint32_t Len) {
  if (!C.Ctx.AllowRandom)
    return Errno::NotCapable;
  uint8_t *P = C.Mem.at(Buf, Len);
  if (!P)
    return Errno::Fault;
  for (uint32_t Done = 0; Done < Len;) {
    ssize_t N = getrandom(P + Done, Len - Done, 0);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return lastErrno();
    }
    Done += uint32_t(N);
  }
  return Errno::Success;
}

Errno procRaise(Call &C, uint32_t Sig) {
  // Delivering a signal to the host process is never granted: raising one
  // ends the guest with a trap that names it.
  C.PendingTrap = Trap::host("wasi proc_raise: signal " + std::to_string(Sig));
  return Errno::Success;
}

Errno schedYield(Call &) {
  sched_yield();
  return Errno::Success;
}

} // namespace

void registerProc(Registrar &R) {
  R.add("args_get", argsGet);
  R.add("args_sizes_get", argsSizesGet);
  R.add("environ_get", environGet);
  R.add("environ_sizes_get", environSizesGet);
  R.add("clock_res_get", clockResGet);
  R.add("clock_time_get", clockTimeGet);
  R.add("random_get", randomGet);
  R.add("proc_raise", procRaise);
  R.add("sched_yield", schedYield);

  // proc_exit: (i32) -> (), never returns: a Trap with code Exit.
  WasiCtx::State *S = &R.ctx().state();
  R.addRaw(
      "proc_exit", FuncType{{ValType::I32}, {}},
      [S](Caller &, std::span<const Val> A,
          std::span<Val>) -> std::optional<Trap> {
        S->ExitStatus = A[0].i32();
        return Trap::exit(A[0].i32());
      });
}

} // namespace wasmaot::runtime::wasi
