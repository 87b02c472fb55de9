// WASI 0.2 host: wasi:cli, wasi:io, wasi:clocks, wasi:random, and the
// command runner. Streams are host fds (stdio: the WasiCtx's fds, files: a
// dup with its own offset); pollables are "always ready", a monotonic
// deadline, or a readable fd. Every operation is blocking and synchronous.
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "p2_internal.h"

namespace wasmaot::runtime::component::p2 {

Stream::Stream(Stream &&O) noexcept
    : Fd(std::exchange(O.Fd, -1)), Mem(std::move(O.Mem)),
      MemLimit(O.MemLimit), OwnsFd(O.OwnsFd), Positioned(O.Positioned),
      Append(O.Append), Offset(O.Offset), Closed(O.Closed), Socket(O.Socket) {}
Stream::~Stream() {
  if (OwnsFd && Fd >= 0)
    close(Fd);
}
Pollable::Pollable(Pollable &&O) noexcept
    : K(O.K), DeadlineNs(O.DeadlineNs), Fd(std::exchange(O.Fd, -1)) {}
Pollable::~Pollable() {
  if (Fd >= 0)
    close(Fd);
}

std::vector<uint8_t> toBytes(const Value &V) {
  std::string Scratch;
  std::string_view B = V.byteView(Scratch);
  return std::vector<uint8_t>(B.begin(), B.end());
}

Trap badHandle(const char *What) {
  return Trap::host(fmt::format("wasi: not a live {} handle", What));
}

std::string name(const char *Iface, const char *Fn) {
  return fmt::format("wasi:{}@0.2.0#{}", Iface, Fn);
}

uint32_t errorCode(Errno E) {
  switch (E) {
  case Errno::Acces: return 0;
  case Errno::Again: return 1;
  case Errno::Already: return 2;
  case Errno::BadF: return 3;
  case Errno::Busy: return 4;
  case Errno::DeadLk: return 5;
  case Errno::DQuot: return 6;
  case Errno::Exist: return 7;
  case Errno::FBig: return 8;
  case Errno::IlSeq: return 9;
  case Errno::InProgress: return 10;
  case Errno::Intr: return 11;
  case Errno::Inval: return 12;
  case Errno::IsDir: return 14;
  case Errno::Loop: return 15;
  case Errno::MLink: return 16;
  case Errno::MsgSize: return 17;
  case Errno::NameTooLong: return 18;
  case Errno::NoDev: return 19;
  case Errno::NoEnt: return 20;
  case Errno::NoLck: return 21;
  case Errno::NoMem: return 22;
  case Errno::NoSpc: return 23;
  case Errno::NotDir: return 24;
  case Errno::NotEmpty: return 25;
  case Errno::NotRecoverable: return 26;
  case Errno::NotSup: case Errno::NoSys: return 27;
  case Errno::NotTy: return 28;
  case Errno::NxIo: return 29;
  case Errno::Overflow: return 30;
  // Leaving a preopen (ENOTCAPABLE) is "not permitted", as in Wasmtime.
  case Errno::Perm: case Errno::NotCapable: return 31;
  case Errno::Pipe: return 32;
  case Errno::RoFs: return 33;
  case Errno::SPipe: return 34;
  case Errno::TxtBsy: return 35;
  case Errno::XDev: return 36;
  default: return 13; // io
  }
}

namespace {

uint64_t monotonicNs() {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return uint64_t(T.tv_sec) * 1000000000ull + uint64_t(T.tv_nsec);
}

Trap deadlineTrap() {
  Trap T = Trap::fromCode(TrapCode::Interrupted);
  T.Message += " (waiting in wasi:io/poll)";
  return T;
}

Trap denied(const char *What) {
  return Trap::host(fmt::format(
      "wasi: {} not granted (the host denied it: --deny-clocks/--deny-random "
      "or WasiConfig)",
      What));
}

/// stream-error: last-operation-failed(error) for host errno \p E, or
/// closed for EPIPE/end.
Value streamErr(State &S, int HostErrno) {
  if (HostErrno == 0 || HostErrno == EPIPE)
    return err(Value::caseOf(Kind::Variant, 1));
  uint32_t Rep = S.add(IoError{std::strerror(HostErrno),
                               wasi::fromHostErrno(HostErrno)});
  return err(Value::caseOf(Kind::Variant, 0, {own(Rep)}));
}

// ---- wasi:io/streams, input side.

/// Reads up to \p Len bytes (\p Block: wait for at least one). ok(bytes),
/// or err(closed) at the end.
Value readStream(State &S, Stream &St, uint64_t Len, bool Block) {
  if (St.Mem && !St.Closed) {
    size_t Have = St.Mem->size() - std::min<size_t>(St.Offset, St.Mem->size());
    if (Have == 0) {
      St.Closed = true;
      return streamErr(S, 0);
    }
    size_t N = size_t(std::min<uint64_t>({Len, Have, 1u << 20}));
    const auto *P = reinterpret_cast<const uint8_t *>(St.Mem->data()) + St.Offset;
    St.Offset += N;
    return ok(bytes(P, N));
  }
  if (St.Fd < 0 || St.Closed)
    return streamErr(S, 0);
  size_t N = size_t(std::min<uint64_t>(Len, 1u << 20));
  if (N == 0)
    return ok(Value::list({}));
  if (!Block && !St.Positioned) {
    struct pollfd P = {St.Fd, POLLIN, 0};
    int R = ::poll(&P, 1, 0);
    if (R == 0)
      return ok(Value::list({}));
  }
  // Read straight into the packed list's buffer (no copy on the way out).
  Value Out = Value::bytes(std::string(N, '\0'));
  ssize_t Got;
  for (;;) {
    Got = St.Positioned ? pread(St.Fd, Out.Str.data(), N, off_t(St.Offset))
                        : read(St.Fd, Out.Str.data(), N);
    if (Got >= 0 || (errno != EINTR && errno != EAGAIN))
      break;
    if (errno == EAGAIN) { // a non-blocking fd (a socket)
      if (!Block)
        return ok(Value::bytes(std::string()));
      struct pollfd P = {St.Fd, POLLIN, 0};
      ::poll(&P, 1, -1);
    }
  }
  if (Got < 0)
    return streamErr(S, errno);
  if (Got == 0) {
    St.Closed = true;
    return streamErr(S, 0);
  }
  St.Offset += uint64_t(Got);
  Out.Str.resize(size_t(Got));
  return ok(std::move(Out));
}

// ---- Output side.

/// Writes all of \p B; 0 or the host errno.
int writeAll(Stream &St, const uint8_t *B, size_t N) {
  if (St.Mem && !St.Closed) {
    if (N > St.MemLimit - std::min(St.MemLimit, St.Mem->size()))
      return EFBIG;
    St.Mem->append(reinterpret_cast<const char *>(B), N);
    return 0;
  }
  if (St.Fd < 0 || St.Closed)
    return EPIPE;
  while (N) {
    if (St.Append) {
      struct stat Info;
      if (fstat(St.Fd, &Info) != 0)
        return errno;
      St.Offset = uint64_t(Info.st_size);
    }
    ssize_t W = St.Positioned ? pwrite(St.Fd, B, N, off_t(St.Offset))
                : St.Socket   ? send(St.Fd, B, N, MSG_NOSIGNAL)
                              : write(St.Fd, B, N);
    if (W < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN) {
        struct pollfd P = {St.Fd, POLLOUT, 0};
        ::poll(&P, 1, -1);
        continue;
      }
      St.Closed = true;
      return errno;
    }
    St.Offset += uint64_t(W);
    B += W;
    N -= size_t(W);
  }
  return 0;
}

Value writeResult(State &S, Stream &St, const uint8_t *B, size_t N) {
  int E = writeAll(St, B, N);
  return E ? streamErr(S, E) : ok();
}

Value writeZeroes(State &S, Stream &St, uint64_t Len) {
  static const uint8_t Zero[4096] = {};
  while (Len) {
    size_t K = size_t(std::min<uint64_t>(Len, sizeof(Zero)));
    if (int E = writeAll(St, Zero, K))
      return streamErr(S, E);
    Len -= K;
  }
  return ok();
}

// ---- wasi:io/poll.

bool isReady(const Pollable &P) {
  switch (P.K) {
  case Pollable::Always: return true;
  case Pollable::Deadline: return monotonicNs() >= P.DeadlineNs;
  case Pollable::Readable: case Pollable::Writable: {
    struct pollfd F = {P.Fd, short(P.K == Pollable::Readable ? POLLIN : POLLOUT),
                       0};
    return ::poll(&F, 1, 0) != 0;
  }
  }
  return true;
}

/// Waits until one of \p Ps is ready; their indices, or none when \p
/// DeadlineNs (if not 0) passes first.
std::optional<std::vector<uint32_t>> pollAll(const std::vector<Pollable *> &Ps,
                                             uint64_t DeadlineNs) {
  for (;;) {
    std::vector<uint32_t> Ready;
    for (uint32_t I = 0; I < Ps.size(); ++I)
      if (isReady(*Ps[I]))
        Ready.push_back(I);
    if (!Ready.empty())
      return Ready;
    std::vector<struct pollfd> Fds;
    uint64_t Now = monotonicNs(), Wait = ~0ull;
    if (DeadlineNs) {
      if (Now >= DeadlineNs)
        return std::nullopt;
      Wait = DeadlineNs - Now;
    }
    for (const Pollable *P : Ps) {
      if (P->K == Pollable::Readable || P->K == Pollable::Writable)
        Fds.push_back(
            {P->Fd, short(P->K == Pollable::Readable ? POLLIN : POLLOUT), 0});
      else if (P->K == Pollable::Deadline)
        Wait = std::min(Wait, P->DeadlineNs - std::min(Now, P->DeadlineNs));
    }
    if (Fds.empty()) {
      struct timespec T = {time_t(Wait / 1000000000ull),
                           long(Wait % 1000000000ull)};
      nanosleep(&T, nullptr);
      continue;
    }
    int Ms = Wait == ~0ull ? -1 : int(std::min<uint64_t>(Wait / 1000000 + 1,
                                                         1 << 30));
    ::poll(Fds.data(), Fds.size(), Ms);
  }
}

/// Random bytes from the kernel.
void fillRandom(uint8_t *P, size_t N) {
  while (N) {
    ssize_t R = getrandom(P, N, 0);
    if (R < 0) {
      if (errno == EINTR)
        continue;
      std::abort(); // getrandom cannot fail for valid arguments
    }
    P += R;
    N -= size_t(R);
  }
}

Value datetime(const struct timespec &T) {
  return Value::record({u64(uint64_t(T.tv_sec)), u32(uint64_t(T.tv_nsec))});
}

void defineCli(ComponentLinker &L, const std::shared_ptr<State> &S) {
  L.defineFunc(name("cli/environment", "get-environment"), [S](Args) -> Results {
    std::vector<Value> Env;
    for (const std::string &KV : S->Ctx.Env) {
      size_t Eq = KV.find('=');
      Env.push_back(Value::tuple({Value::string(KV.substr(0, Eq)),
                                  Value::string(KV.substr(Eq + 1))}));
    }
    return one(Value::list(std::move(Env)));
  });
  L.defineFunc(name("cli/environment", "get-arguments"), [S](Args) -> Results {
    std::vector<Value> As;
    for (const std::string &A : S->Ctx.Args)
      As.push_back(Value::string(A));
    return one(Value::list(std::move(As)));
  });
  L.defineFunc(name("cli/environment", "initial-cwd"),
               [](Args) -> Results { return one(none()); });
  L.defineFunc(name("cli/exit", "exit"), [S](Args A) -> Results {
    int32_t Code = A[0].Case == 0 ? 0 : 1;
    S->Ctx.ExitStatus = Code;
    return Trap::exit(Code);
  });
  L.defineFunc(name("cli/exit", "exit-with-code"), [S](Args A) -> Results {
    int32_t Code = int32_t(A[0].Bits & 0xff);
    S->Ctx.ExitStatus = Code;
    return Trap::exit(Code);
  });
  // Stdio: streams over the WasiCtx's fds 0-2 (not owned: the WasiCtx
  // keeps them); an fd that was not granted gives a closed stream.
  auto Stdio = [S](uint32_t Fd) {
    Stream St;
    if (wasi::FdEntry *E = S->Ctx.get(Fd))
      St.Fd = E->HostFd;
    return one(own(S->add(std::move(St))));
  };
  L.defineFunc(name("cli/stdin", "get-stdin"),
               [Stdio](Args) -> Results { return Stdio(0); });
  L.defineFunc(name("cli/stdout", "get-stdout"),
               [Stdio](Args) -> Results { return Stdio(1); });
  L.defineFunc(name("cli/stderr", "get-stderr"),
               [Stdio](Args) -> Results { return Stdio(2); });
  // No terminals: every get-terminal-* answers none.
  L.defineResource(name("cli/terminal-input", "terminal-input"),
                   [](uint32_t) {});
  L.defineResource(name("cli/terminal-output", "terminal-output"),
                   [](uint32_t) {});
  for (const char *F : {"stdin", "stdout", "stderr"})
    L.defineFunc(name(fmt::format("cli/terminal-{}", F).c_str(),
                      fmt::format("get-terminal-{}", F).c_str()),
                 [](Args) -> Results { return one(none()); });
}

void defineIo(ComponentLinker &L, const std::shared_ptr<State> &S) {
  auto Drop = dropFrom(S);
  L.defineResource(name("io/error", "error"), Drop);
  L.defineResource(name("io/poll", "pollable"), Drop);
  L.defineResource(name("io/streams", "input-stream"), Drop);
  L.defineResource(name("io/streams", "output-stream"), Drop);

  L.defineFunc(name("io/error", "[method]error.to-debug-string"),
               [S](Args A) -> Results {
                 IoError *E = S->get<IoError>(uint32_t(A[0].Bits));
                 if (!E)
                   return badHandle("error");
                 return one(Value::string(E->Message));
               });

  // Pollables.
  L.defineFunc(name("io/poll", "[method]pollable.ready"), [S](Args A) -> Results {
    Pollable *P = S->get<Pollable>(uint32_t(A[0].Bits));
    if (!P)
      return badHandle("pollable");
    return one(Value::boolean(isReady(*P)));
  });
  L.defineFunc(name("io/poll", "[method]pollable.block"), [S](Args A) -> Results {
    Pollable *P = S->get<Pollable>(uint32_t(A[0].Bits));
    if (!P)
      return badHandle("pollable");
    if (!pollAll({P}, S->DeadlineNs))
      return deadlineTrap();
    return std::vector<Value>{};
  });
  L.defineFunc(name("io/poll", "poll"), [S](Args A) -> Results {
    std::vector<Pollable *> Ps;
    for (const Value &V : A[0].Items) {
      Pollable *P = S->get<Pollable>(uint32_t(V.Bits));
      if (!P)
        return badHandle("pollable");
      Ps.push_back(P);
    }
    if (Ps.empty())
      return Trap::host("wasi:io/poll#poll: empty list of pollables");
    auto Ready = pollAll(Ps, S->DeadlineNs);
    if (!Ready)
      return deadlineTrap();
    std::vector<Value> Out;
    for (uint32_t I : *Ready)
      Out.push_back(u32(I));
    return one(Value::list(std::move(Out)));
  });

  // Input streams.
  auto In = [S](const char *Fn, auto Body) {
    return [S, Fn, Body](Args A) -> Results {
      Stream *St = S->get<Stream>(uint32_t(A[0].Bits));
      if (!St)
        return badHandle("input-stream");
      return one(Body(*S, *St, A));
    };
  };
  auto defIn = [&](const char *Fn, auto Body) {
    L.defineFunc(name("io/streams", fmt::format("[method]input-stream.{}", Fn)
                                        .c_str()),
                 In(Fn, Body));
  };
  defIn("read", [](State &S, Stream &St, Args A) {
    return readStream(S, St, A[1].Bits, false);
  });
  defIn("blocking-read", [](State &S, Stream &St, Args A) {
    return readStream(S, St, A[1].Bits, true);
  });
  auto Skip = [](State &S, Stream &St, Args A) {
    Value R = readStream(S, St, A[1].Bits, true);
    if (R.Case != 0)
      return R;
    return ok(u64(R.Items[0].listSize()));
  };
  defIn("skip", Skip);
  defIn("blocking-skip", Skip);
  auto Subscribe = [](State &S, Stream &St, Args) {
    Pollable P;
    if (!St.Positioned && St.Fd >= 0) {
      struct stat Info;
      bool Regular = fstat(St.Fd, &Info) == 0 && S_ISREG(Info.st_mode);
      int D = Regular ? -1 : fcntl(St.Fd, F_DUPFD_CLOEXEC, 0);
      if (D >= 0) {
        P.K = Pollable::Readable;
        P.Fd = D;
      }
    }
    return own(S.add(std::move(P)));
  };
  defIn("subscribe", Subscribe);

  // Output streams: writes block until done, so they are always ready.
  auto defOut = [&](const char *Fn, auto Body) {
    L.defineFunc(
        name("io/streams",
             fmt::format("[method]output-stream.{}", Fn).c_str()),
        [S, Body](Args A) -> Results {
          Stream *St = S->get<Stream>(uint32_t(A[0].Bits));
          if (!St)
            return badHandle("output-stream");
          return one(Body(*S, *St, A));
        });
  };
  defOut("check-write", [](State &S, Stream &St, Args) {
    return (St.Fd < 0 && !St.Mem) || St.Closed ? streamErr(S, 0)
                                                : ok(u64(65536));
  });
  auto Write = [](State &S, Stream &St, Args A) {
    std::string Scratch;
    std::string_view B = A[1].byteView(Scratch);
    return writeResult(S, St, reinterpret_cast<const uint8_t *>(B.data()),
                       B.size());
  };
  defOut("write", Write);
  defOut("blocking-write-and-flush", Write);
  auto Flush = [](State &S, Stream &St, Args) {
    return (St.Fd < 0 && !St.Mem) || St.Closed ? streamErr(S, 0) : ok();
  };
  defOut("flush", Flush);
  defOut("blocking-flush", Flush);
  defOut("subscribe", [](State &S, Stream &St, Args) {
    Pollable P; // writes block until done: ready, but for a full socket
    if (St.Socket && (P.Fd = fcntl(St.Fd, F_DUPFD_CLOEXEC, 0)) >= 0)
      P.K = Pollable::Writable;
    return own(S.add(std::move(P)));
  });
  auto Zeroes = [](State &S, Stream &St, Args A) {
    return writeZeroes(S, St, A[1].Bits);
  };
  defOut("write-zeroes", Zeroes);
  defOut("blocking-write-zeroes-and-flush", Zeroes);
  auto Splice = [](State &S, Stream &Out, Args A) {
    Stream *Src = S.get<Stream>(uint32_t(A[1].Bits));
    if (!Src)
      return streamErr(S, EBADF);
    Value R = readStream(S, *Src, A[2].Bits, true);
    if (R.Case != 0)
      return R;
    std::string Scratch;
    std::string_view B = R.Items[0].byteView(Scratch);
    Value W = writeResult(S, Out, reinterpret_cast<const uint8_t *>(B.data()),
                          B.size());
    return W.Case != 0 ? W : ok(u64(B.size()));
  };
  defOut("splice", Splice);
  defOut("blocking-splice", Splice);
}

void defineClocksRandom(ComponentLinker &L, const std::shared_ptr<State> &S) {
  L.defineFunc(name("clocks/wall-clock", "now"), [S](Args) -> Results {
    if (!S->Ctx.AllowClocks)
      return denied("wall-clock");
    struct timespec T;
    clock_gettime(CLOCK_REALTIME, &T);
    return one(datetime(T));
  });
  L.defineFunc(name("clocks/wall-clock", "resolution"), [S](Args) -> Results {
    if (!S->Ctx.AllowClocks)
      return denied("wall-clock");
    struct timespec T;
    clock_getres(CLOCK_REALTIME, &T);
    return one(datetime(T));
  });
  L.defineFunc(name("clocks/monotonic-clock", "now"), [S](Args) -> Results {
    if (!S->Ctx.AllowClocks)
      return denied("monotonic-clock");
    return one(u64(monotonicNs()));
  });
  L.defineFunc(name("clocks/monotonic-clock", "resolution"),
               [S](Args) -> Results {
                 if (!S->Ctx.AllowClocks)
                   return denied("monotonic-clock");
                 struct timespec T;
                 clock_getres(CLOCK_MONOTONIC, &T);
                 return one(u64(uint64_t(T.tv_sec) * 1000000000ull +
                                uint64_t(T.tv_nsec)));
               });
  // An absolute deadline needs the clock; a relative sleep reads none (as
  // preview1's poll_oneoff).
  L.defineFunc(name("clocks/monotonic-clock", "subscribe-instant"),
               [S](Args A) -> Results {
                 if (!S->Ctx.AllowClocks)
                   return denied("monotonic-clock");
                 Pollable P;
                 P.K = Pollable::Deadline;
                 P.DeadlineNs = A[0].Bits;
                 return one(own(S->add(std::move(P))));
               });
  L.defineFunc(name("clocks/monotonic-clock", "subscribe-duration"),
               [S](Args A) -> Results {
                 Pollable P;
                 P.K = Pollable::Deadline;
                 uint64_t Now = monotonicNs();
                 P.DeadlineNs = A[0].Bits > ~0ull - Now ? ~0ull : Now + A[0].Bits;
                 return one(own(S->add(std::move(P))));
               });

  auto Bytes = [S](Args A) -> Results {
    if (!S->Ctx.AllowRandom)
      return denied("random");
    if (A[0].Bits > (1u << 26))
      return Trap::host("wasi:random: more than 64 MiB of random bytes asked");
    Value B = Value::bytes(std::string(size_t(A[0].Bits), '\0'));
    fillRandom(reinterpret_cast<uint8_t *>(B.Str.data()), B.Str.size());
    return one(std::move(B));
  };
  auto U64 = [S](Args) -> Results {
    if (!S->Ctx.AllowRandom)
      return denied("random");
    uint64_t V;
    fillRandom(reinterpret_cast<uint8_t *>(&V), sizeof(V));
    return one(u64(V));
  };
  L.defineFunc(name("random/random", "get-random-bytes"), Bytes);
  L.defineFunc(name("random/random", "get-random-u64"), U64);
  L.defineFunc(name("random/insecure", "get-insecure-random-bytes"), Bytes);
  L.defineFunc(name("random/insecure", "get-insecure-random-u64"), U64);
  L.defineFunc(name("random/insecure-seed", "insecure-seed"),
               [S](Args) -> Results {
                 if (!S->Ctx.AllowRandom)
                   return denied("random");
                 uint64_t V[2];
                 fillRandom(reinterpret_cast<uint8_t *>(V), sizeof(V));
                 return one(Value::tuple({u64(V[0]), u64(V[1])}));
               });
}

} // namespace

} // namespace wasmaot::runtime::component::p2

namespace wasmaot::runtime::component {

void defineWasiP2(ComponentLinker &L, WasiCtx &Ctx) {
  p2::defineWasiP2State(L, Ctx);
}

std::shared_ptr<p2::State> p2::defineWasiP2State(ComponentLinker &L,
                                                 WasiCtx &Ctx) {
  auto S = std::make_shared<p2::State>(Ctx.state());
  p2::defineCli(L, S);
  p2::defineIo(L, S);
  p2::defineClocksRandom(L, S);
  p2::defineFilesystem(L, S);
  p2::defineSockets(L, S);
  return S;
}

const abi::component::Export *findWasiRun(const Component &C) {
  for (const abi::component::Export &E : C.meta().Exports)
    if (E.Name.starts_with("wasi:cli/run@0.2.") && E.Name.ends_with("#run"))
      return &E;
  return nullptr;
}

Outcome<int32_t> runWasiCommand(ComponentInstance &I) {
  const abi::component::Export *E = findWasiRun(I.component());
  if (!E)
    return Error{ErrorKind::Link, Error::kNoOffset,
                 "the component exports no wasi:cli/run@0.2.x#run",
                 {}};
  auto R = I.call(E->Name, {});
  if (R.isTrap()) {
    if (R.trap().Code == TrapCode::Exit)
      return R.trap().ExitStatus;
    return R.takeTrap();
  }
  if (R.isError())
    return R.takeError();
  if (R->size() != 1 || (*R)[0].K != Kind::Result)
    return Error{ErrorKind::Link, Error::kNoOffset,
                 "wasi:cli/run#run does not return a result", {}};
  return int32_t((*R)[0].Case == 0 ? 0 : 1);
}

} // namespace wasmaot::runtime::component
