// WASI preview1 poll_oneoff: clock subscriptions (relative or absolute on
// the realtime and monotonic clocks) and fd_read/fd_write subscriptions,
// waited on together with one ppoll(2). Regular files and directories are
// always ready (as poll(2) says), with nbytes = bytes left to read.
//
//   subscription (48 bytes)             event (32 bytes)
//   0  userdata u64                     0  userdata u64
//   8  tag u8 (0 clock, 1 read, 2 write) 8 error u16   10 type u8
//   16 clock: id u32 | fd: fd u32       16 nbytes u64  24 flags u16 (hangup)
//   24 timeout u64   32 precision u64   40 flags u16 (1: abstime)
//
// Capabilities: relative sleeps reveal nothing and always work; absolute
// deadlines read the clock, so without AllowClocks they fail the
// subscription with ENOTCAPABLE. Per-subscription errors are events, not
// the call's errno (which is only EINVAL for nsubscriptions == 0 or EFAULT).
#include <cerrno>
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "wasi_internal.h"

namespace wasmaot::runtime::wasi {

namespace {

struct Event {
  uint64_t Userdata = 0;
  Errno Error = Errno::Success;
  uint8_t Type = 0;
  uint64_t NBytes = 0;
  uint16_t Flags = 0;
};

uint64_t nowNs(clockid_t Clk) {
  struct timespec T;
  clock_gettime(Clk, &T);
  return uint64_t(T.tv_sec) * 1000000000ull + uint64_t(T.tv_nsec);
}

struct ClockSub {
  uint64_t Userdata;
  uint64_t DeadlineMono; ///< on CLOCK_MONOTONIC
};
struct FdSub {
  uint64_t Userdata;
  uint8_t Type; ///< 1 read, 2 write
  size_t PollIdx;
};

/// Bytes readable without blocking, for an fd_read event.
uint64_t readableBytes(int Fd) {
  struct stat St;
  if (fstat(Fd, &St) == 0 && S_ISREG(St.st_mode)) {
    off_t Pos = lseek(Fd, 0, SEEK_CUR);
    return Pos >= 0 && St.st_size > Pos ? uint64_t(St.st_size - Pos) : 0;
  }
  int N = 0;
  return ioctl(Fd, FIONREAD, &N) == 0 && N > 0 ? uint64_t(N) : 0;
}

Errno parseClock(Call &C, uint32_t P, uint64_t Userdata,
                 std::vector<ClockSub> &Clocks, std::vector<Event> &Ready) {
  uint32_t Id = 0;
  uint64_t Timeout = 0;
  uint16_t Flags = 0;
  C.Mem.load(P + 16, Id);
  C.Mem.load(P + 24, Timeout);
  C.Mem.load(P + 40, Flags);
  bool Abs = Flags & 1;
  Errno E = Errno::Success;
  uint64_t Now = nowNs(CLOCK_MONOTONIC), Deadline = 0;
  if (Id > 3)
    E = Errno::Inval;
  else if (Id > 1) // CPU-time clocks cannot be waited on
    E = Errno::NotSup;
  else if (Abs && !C.Ctx.AllowClocks)
    E = Errno::NotCapable;
  else if (!Abs)
    Deadline = Timeout > UINT64_MAX - Now ? UINT64_MAX : Now + Timeout;
  else if (Id == 1)
    Deadline = Timeout;
  else { // realtime deadline → monotonic
    uint64_t Real = nowNs(CLOCK_REALTIME);
    Deadline = Timeout <= Real ? Now : Now + (Timeout - Real);
  }
  if (E != Errno::Success)
    Ready.push_back({Userdata, E, 0, 0, 0});
  else
    Clocks.push_back({Userdata, Deadline});
  return Errno::Success;
}

Errno pollOneoff(Call &C, uint32_t In, uint32_t Out, uint32_t N,
                 uint32_t NEventsPtr) {
  if (N == 0)
    return Errno::Inval;
  if (!C.Mem.ok(In, uint64_t(N) * 48) || !C.Mem.ok(Out, uint64_t(N) * 32) ||
      !C.Mem.ok(NEventsPtr, 4))
    return Errno::Fault;
  std::vector<Event> Ready;
  std::vector<ClockSub> Clocks;
  std::vector<FdSub> FdSubs;
  std::vector<struct pollfd> Pfds;
  for (uint32_t I = 0; I < N; ++I) {
    uint32_t P = In + I * 48;
    uint64_t Userdata = 0;
    uint8_t Tag = 0;
    C.Mem.load(P, Userdata);
    C.Mem.load(P + 8, Tag);
    if (Tag == 0) {
      WASI_TRY(parseClock(C, P, Userdata, Clocks, Ready));
      continue;
    }
    if (Tag > 2)
      return Errno::Inval;
    uint32_t Fd = 0;
    C.Mem.load(P + 16, Fd);
    FdEntry *E;
    Errno Err = lookupFd(C, Fd, R::PollFdReadwrite, std::nullopt, E);
    if (Err != Errno::Success) {
      Ready.push_back({Userdata, Err, Tag, 0, 0});
      continue;
    }
    if (E->Type == FileType::RegularFile || E->isDir()) {
      Ready.push_back({Userdata, Errno::Success, Tag,
                       Tag == 1 ? readableBytes(E->HostFd) : 0, 0});
      continue;
    }
    FdSubs.push_back({Userdata, Tag, Pfds.size()});
    Pfds.push_back({E->HostFd, short(Tag == 1 ? POLLIN : POLLOUT), 0});
  }

  for (;;) {
    uint64_t Now = nowNs(CLOCK_MONOTONIC);
    uint64_t Wait = UINT64_MAX;
    for (const ClockSub &S : Clocks)
      Wait = std::min(Wait, S.DeadlineMono > Now ? S.DeadlineMono - Now : 0);
    if (!Ready.empty())
      Wait = 0;
    struct timespec Ts = {time_t(Wait / 1000000000ull),
                          long(Wait % 1000000000ull)};
    int R = ppoll(Pfds.data(), Pfds.size(),
                  Wait == UINT64_MAX ? nullptr : &Ts, nullptr);
    if (R < 0 && errno != EINTR)
      return lastErrno();
    if (R > 0) {
      for (const FdSub &S : FdSubs) {
        short Re = Pfds[S.PollIdx].revents;
        if (!Re)
          continue;
        Event Ev{S.Userdata, Errno::Success, S.Type, 0, 0};
        if (Re & POLLNVAL)
          Ev.Error = Errno::BadF;
        else if ((Re & POLLERR) && !(Re & (POLLIN | POLLOUT)))
          Ev.Error = Errno::Io;
        if (Re & POLLHUP)
          Ev.Flags = 1; // eventrwflags.fd_readwrite_hangup
        if (S.Type == 1 && Ev.Error == Errno::Success)
          Ev.NBytes = readableBytes(Pfds[S.PollIdx].fd);
        Ready.push_back(Ev);
      }
    }
    Now = nowNs(CLOCK_MONOTONIC);
    for (const ClockSub &S : Clocks)
      if (S.DeadlineMono <= Now)
        Ready.push_back({S.Userdata, Errno::Success, 0, 0, 0});
    if (!Ready.empty())
      break;
  }
  for (size_t I = 0; I < Ready.size(); ++I) {
    uint32_t P = Out + uint32_t(I) * 32;
    const Event &Ev = Ready[I];
    std::memset(C.Mem.at(P, 32), 0, 32);
    C.Mem.store<uint64_t>(P, Ev.Userdata);
    C.Mem.store<uint16_t>(P + 8, uint16_t(Ev.Error));
    C.Mem.store<uint8_t>(P + 10, Ev.Type);
    C.Mem.store<uint64_t>(P + 16, Ev.NBytes);
    C.Mem.store<uint16_t>(P + 24, Ev.Flags);
  }
  C.Mem.store<uint32_t>(NEventsPtr, uint32_t(Ready.size()));
  return Errno::Success;
}

} // namespace

void registerPoll(Registrar &R) { R.add("poll_oneoff", pollOneoff); }

} // namespace wasmaot::runtime::wasi
