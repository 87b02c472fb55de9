// WASI 0.2 wasi:sockets (network, instance-network, tcp, tcp-create-socket,
// udp, udp-create-socket, ip-name-lookup) on non-blocking Linux sockets.
//
// Capabilities: an instance starts with no network. Without
// WasiConfig::InheritNetwork, creating, binding or connecting a socket
// answers error-code access-denied (a result, not a trap or a link error,
// so components that import sockets link and run); without
// AllowIpNameLookup, resolve-addresses does too. With them, a socket is a
// host socket (SOCK_NONBLOCK, IPv6 sockets IPV6_V6ONLY, TCP binds
// SO_REUSEADDR, as Wasmtime) and the two-phase operations map onto it:
//
//   start-bind    bind(2) now            finish-bind    Bound
//   start-connect connect(2), EINPROGRESS finish-connect would-block until
//                                          the fd is writable, then SO_ERROR
//   start-listen  listen(2)              finish-listen  Listening
//
// A connected socket's input/output streams are p2 Streams over dups of
// its fd (p2_core.cpp: reads wait in poll(2) on EAGAIN, writes use send
// with MSG_NOSIGNAL); its pollables are poll(2) on a dup (readable when
// listening, writable while connecting). UDP datagram streams recvfrom /
// sendto with MSG_DONTWAIT. ip-name-lookup calls getaddrinfo(3) inside
// resolve-addresses: it blocks the calling guest until the resolver
// answers; the stream then hands out the addresses one by one.
#include <arpa/inet.h>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "p2_internal.h"

namespace wasmaot::runtime::component::p2 {

Socket::~Socket() {
  if (Fd >= 0)
    close(Fd);
}
DatagramStream::~DatagramStream() {
  if (Fd >= 0)
    close(Fd);
}

namespace {

/// network.error-code cases, in WIT order.
enum ErrorCode : uint32_t {
  Unknown, AccessDenied, NotSupported, InvalidArgument, OutOfMemory, Timeout,
  ConcurrencyConflict, NotInProgress, WouldBlock, InvalidState,
  NewSocketLimit, AddressNotBindable, AddressInUse, RemoteUnreachable,
  ConnectionRefused, ConnectionReset, ConnectionAborted, DatagramTooLarge,
  NameUnresolvable, TemporaryResolverFailure, PermanentResolverFailure,
};

Value sockErr(uint32_t E) { return err(Value::caseOf(Kind::Enum, E)); }

uint32_t codeOf(int E) {
  switch (E) {
  case EACCES: case EPERM: return AccessDenied;
  case EOPNOTSUPP: case EPROTONOSUPPORT: case EAFNOSUPPORT: case ENOPROTOOPT:
    return NotSupported;
  case EINVAL: case EDESTADDRREQ: return InvalidArgument;
  case ENOMEM: case ENOBUFS: return OutOfMemory;
  case ETIMEDOUT: return Timeout;
  case EALREADY: return ConcurrencyConflict;
  case EAGAIN: return WouldBlock;
  case EISCONN: case ENOTCONN: return InvalidState;
  case EMFILE: case ENFILE: return NewSocketLimit;
  case EADDRNOTAVAIL: return AddressNotBindable;
  case EADDRINUSE: return AddressInUse;
  case EHOSTUNREACH: case ENETUNREACH: case ENETDOWN: case EHOSTDOWN:
    return RemoteUnreachable;
  case ECONNREFUSED: return ConnectionRefused;
  case ECONNRESET: case EPIPE: return ConnectionReset;
  case ECONNABORTED: return ConnectionAborted;
  case EMSGSIZE: return DatagramTooLarge;
  default: return Unknown;
  }
}
Value hostErr(int E) { return sockErr(codeOf(E)); }

// ---- Addresses: ip-socket-address / ip-address Values <-> sockaddr.

struct Addr {
  sockaddr_storage S{};
  socklen_t Len = 0;
  bool V6 = false;
};

/// ip-socket-address: ipv4({port, address: tuple<u8 x 4>}) or
/// ipv6({port, flow-info, address: tuple<u16 x 8>, scope-id}).
std::optional<Addr> toSockaddr(const Value &V) {
  const Value *R = V.payload();
  if (V.K != Kind::Variant || !R || R->Items.size() < 2)
    return std::nullopt;
  Addr A;
  if (V.Case == 0) {
    auto *In = reinterpret_cast<sockaddr_in *>(&A.S);
    In->sin_family = AF_INET;
    In->sin_port = htons(uint16_t(R->Items[0].Bits));
    const Value &T = R->Items[1];
    if (T.Items.size() != 4)
      return std::nullopt;
    auto *B = reinterpret_cast<uint8_t *>(&In->sin_addr);
    for (int I = 0; I < 4; ++I)
      B[I] = uint8_t(T.Items[I].Bits);
    A.Len = sizeof(sockaddr_in);
    return A;
  }
  if (R->Items.size() != 4 || R->Items[2].Items.size() != 8)
    return std::nullopt;
  auto *In6 = reinterpret_cast<sockaddr_in6 *>(&A.S);
  In6->sin6_family = AF_INET6;
  In6->sin6_port = htons(uint16_t(R->Items[0].Bits));
  In6->sin6_flowinfo = htonl(uint32_t(R->Items[1].Bits));
  for (int I = 0; I < 8; ++I) {
    uint16_t W = uint16_t(R->Items[2].Items[I].Bits);
    In6->sin6_addr.s6_addr[2 * I] = uint8_t(W >> 8);
    In6->sin6_addr.s6_addr[2 * I + 1] = uint8_t(W);
  }
  In6->sin6_scope_id = uint32_t(R->Items[3].Bits);
  A.Len = sizeof(sockaddr_in6);
  A.V6 = true;
  return A;
}

Value ipv4Tuple(const in_addr &IA) {
  const auto *B = reinterpret_cast<const uint8_t *>(&IA);
  return Value::tuple({Value::u(Kind::U8, B[0]), Value::u(Kind::U8, B[1]),
                       Value::u(Kind::U8, B[2]), Value::u(Kind::U8, B[3])});
}
Value ipv6Tuple(const in6_addr &IA) {
  std::vector<Value> Ws;
  for (int I = 0; I < 8; ++I)
    Ws.push_back(Value::u(Kind::U16, uint16_t(IA.s6_addr[2 * I] << 8 |
                                              IA.s6_addr[2 * I + 1])));
  return Value::tuple(std::move(Ws));
}

Value fromSockaddr(const sockaddr_storage &S) {
  if (S.ss_family == AF_INET6) {
    const auto &In6 = reinterpret_cast<const sockaddr_in6 &>(S);
    return Value::caseOf(
        Kind::Variant, 1,
        {Value::record({Value::u(Kind::U16, ntohs(In6.sin6_port)),
                        u32(ntohl(In6.sin6_flowinfo)), ipv6Tuple(In6.sin6_addr),
                        u32(In6.sin6_scope_id)})});
  }
  const auto &In = reinterpret_cast<const sockaddr_in &>(S);
  return Value::caseOf(
      Kind::Variant, 0,
      {Value::record({Value::u(Kind::U16, ntohs(In.sin_port)),
                      ipv4Tuple(In.sin_addr)})});
}

/// A remote address a socket may connect or send to: of its family, not
/// the unspecified address, not port 0 (WIT: invalid-argument otherwise).
bool validRemote(const Addr &A, bool V6) {
  if (A.V6 != V6)
    return false;
  if (A.V6) {
    const auto &In6 = reinterpret_cast<const sockaddr_in6 &>(A.S);
    return In6.sin6_port != 0 && !IN6_IS_ADDR_UNSPECIFIED(&In6.sin6_addr) &&
           !IN6_IS_ADDR_MULTICAST(&In6.sin6_addr) &&
           !IN6_IS_ADDR_V4MAPPED(&In6.sin6_addr);
  }
  const auto &In = reinterpret_cast<const sockaddr_in &>(A.S);
  uint32_t H = ntohl(In.sin_addr.s_addr);
  return In.sin_port != 0 && H != INADDR_ANY && H != INADDR_BROADCAST &&
         !IN_MULTICAST(H);
}

Value localAddress(int Fd) {
  sockaddr_storage S{};
  socklen_t L = sizeof(S);
  if (getsockname(Fd, reinterpret_cast<sockaddr *>(&S), &L) != 0)
    return hostErr(errno);
  return ok(fromSockaddr(S));
}
Value remoteAddress(int Fd) {
  sockaddr_storage S{};
  socklen_t L = sizeof(S);
  if (getpeername(Fd, reinterpret_cast<sockaddr *>(&S), &L) != 0)
    return hostErr(errno);
  return ok(fromSockaddr(S));
}

// ---- Socket options.

int getInt(int Fd, int Level, int Opt, int &Out) {
  socklen_t L = sizeof(Out);
  return getsockopt(Fd, Level, Opt, &Out, &L) == 0 ? 0 : errno;
}
Value setInt(int Fd, int Level, int Opt, int V) {
  return setsockopt(Fd, Level, Opt, &V, sizeof(V)) == 0 ? ok()
                                                          : hostErr(errno);
}
/// A get-option method: ok(Wrap(value)) or the error.
template <typename F> Value getOpt(int Fd, int Level, int Opt, F Wrap) {
  int V = 0;
  if (int E = getInt(Fd, Level, Opt, V))
    return hostErr(E);
  return ok(Wrap(V));
}
/// A u64 setting clamped to [1, Max]; 0 is invalid-argument (WIT).
Value setPositive(int Fd, int Level, int Opt, uint64_t V, uint64_t Max) {
  if (V == 0)
    return sockErr(InvalidArgument);
  return setInt(Fd, Level, Opt, int(std::min(V, Max)));
}
/// A duration (ns) option kept by the kernel in whole seconds (1..32767).
Value setSeconds(int Fd, int Opt, uint64_t Ns) {
  if (Ns == 0)
    return sockErr(InvalidArgument);
  uint64_t Secs = std::max<uint64_t>(1, (Ns + 999999999ull) / 1000000000ull);
  return setInt(Fd, IPPROTO_TCP, Opt, int(std::min<uint64_t>(Secs, 32767)));
}
Value seconds(int S) { return u64(uint64_t(S) * 1000000000ull); }

int hopOpt(bool V6) { return V6 ? IPV6_UNICAST_HOPS : IP_TTL; }
int hopLevel(bool V6) { return V6 ? IPPROTO_IPV6 : IPPROTO_IP; }

/// A non-blocking socket of \p Family (ip-address-family case) and \p Type.
Value newSocket(State &S, const Value &Family, bool Tcp) {
  if (!S.Ctx.InheritNetwork)
    return sockErr(AccessDenied);
  bool V6 = Family.Case == 1;
  int Fd = socket(V6 ? AF_INET6 : AF_INET,
                  (Tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK |
                      SOCK_CLOEXEC,
                  0);
  if (Fd < 0)
    return hostErr(errno);
  int One = 1;
  if (V6)
    setsockopt(Fd, IPPROTO_IPV6, IPV6_V6ONLY, &One, sizeof(One));
  Socket So;
  So.Fd = Fd;
  So.Tcp = Tcp;
  So.V6 = V6;
  return ok(own(S.add(std::move(So))));
}

Value startBind(State &S, Socket &So, const Value &Address) {
  if (!S.Ctx.InheritNetwork)
    return sockErr(AccessDenied);
  if (So.St != Socket::Unbound)
    return sockErr(InvalidState);
  auto A = toSockaddr(Address);
  if (!A || A->V6 != So.V6)
    return sockErr(InvalidArgument);
  if (So.Tcp) {
    int One = 1; // rebinding a port in TIME_WAIT, as other platforms
    setsockopt(So.Fd, SOL_SOCKET, SO_REUSEADDR, &One, sizeof(One));
  }
  if (bind(So.Fd, reinterpret_cast<sockaddr *>(&A->S), A->Len) != 0)
    return hostErr(errno);
  So.St = Socket::BindStarted;
  return ok();
}
Value finishBind(Socket &So) {
  if (So.St != Socket::BindStarted)
    return sockErr(NotInProgress);
  So.St = Socket::Bound;
  return ok();
}

uint32_t dupFd(int Fd) { return uint32_t(fcntl(Fd, F_DUPFD_CLOEXEC, 0)); }

/// own<pollable> over a dup of \p Fd, ready when readable/writable.
Value fdPollable(State &S, int Fd, Pollable::Kind K) {
  Pollable P;
  P.Fd = fcntl(Fd, F_DUPFD_CLOEXEC, 0);
  if (P.Fd >= 0)
    P.K = K;
  return own(S.add(std::move(P)));
}

/// (own<input-stream>, own<output-stream>) over dups of a connected fd.
std::optional<Value> streamsOf(State &S, int Fd) {
  int In = fcntl(Fd, F_DUPFD_CLOEXEC, 0), Out = fcntl(Fd, F_DUPFD_CLOEXEC, 0);
  if (In < 0 || Out < 0) {
    for (int Fd : {In, Out})
      if (Fd >= 0)
        close(Fd);
    return std::nullopt;
  }
  Stream I, O;
  I.Fd = In;
  O.Fd = Out;
  I.OwnsFd = O.OwnsFd = I.Socket = O.Socket = true;
  uint32_t RI = S.add(std::move(I));
  uint32_t RO = S.add(std::move(O));
  return Value::tuple({own(RI), own(RO)});
}

// ---- tcp-socket.

Value startConnect(State &S, Socket &So, const Value &Address) {
  if (!S.Ctx.InheritNetwork)
    return sockErr(AccessDenied);
  if (So.St != Socket::Unbound && So.St != Socket::Bound)
    return sockErr(InvalidState);
  auto A = toSockaddr(Address);
  if (!A || !validRemote(*A, So.V6))
    return sockErr(InvalidArgument);
  int R;
  do
    R = connect(So.Fd, reinterpret_cast<sockaddr *>(&A->S), A->Len);
  while (R != 0 && errno == EINTR);
  // Errors of the connection itself (refused, unreachable) belong to
  // finish-connect, the WIT's "typical finish errors".
  So.PendingErr = R == 0 || errno == EINPROGRESS ? 0 : errno;
  So.St = R != 0 && errno == EINPROGRESS ? Socket::Connecting
                                         : Socket::ConnectReady;
  return ok();
}

Value finishConnect(State &S, Socket &So) {
  if (So.St == Socket::Connecting) {
    struct pollfd P = {So.Fd, POLLOUT, 0};
    if (::poll(&P, 1, 0) == 0)
      return sockErr(WouldBlock);
    int E = 0;
    getInt(So.Fd, SOL_SOCKET, SO_ERROR, E);
    So.PendingErr = E;
    So.St = Socket::ConnectReady;
  }
  if (So.St != Socket::ConnectReady)
    return sockErr(NotInProgress);
  if (So.PendingErr) {
    So.St = Socket::Closed;
    return hostErr(std::exchange(So.PendingErr, 0));
  }
  auto Streams = streamsOf(S, So.Fd);
  if (!Streams)
    return hostErr(errno);
  So.St = Socket::Connected;
  return ok(std::move(*Streams));
}

Value accept(State &S, Socket &So) {
  if (So.St != Socket::Listening)
    return sockErr(InvalidState);
  int Fd;
  do
    Fd = accept4(So.Fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  while (Fd < 0 && errno == EINTR);
  if (Fd < 0)
    return hostErr(errno);
  Socket C;
  C.Fd = Fd;
  C.V6 = So.V6;
  C.St = Socket::Connected;
  auto Streams = streamsOf(S, Fd);
  if (!Streams)
    return hostErr(errno);
  uint32_t Rep = S.add(std::move(C));
  return ok(Value::tuple({own(Rep), std::move(Streams->Items[0]),
                          std::move(Streams->Items[1])}));
}

/// The options tcp-socket and udp-socket share: the unicast hop limit (under
/// each one's name) and the receive and send buffer sizes.
template <typename DefFn>
void defineHopAndBufferOptions(DefFn &&Def, const char *Hop,
                               const char *SetHop) {
  Def(Hop, [](State &, Socket &So, Args) {
    return getOpt(So.Fd, hopLevel(So.V6), hopOpt(So.V6),
                  [](int V) { return Value::u(Kind::U8, uint8_t(V)); });
  });
  Def(SetHop, [](State &, Socket &So, Args A) {
    return setPositive(So.Fd, hopLevel(So.V6), hopOpt(So.V6), A[1].Bits, 255);
  });
  for (bool Recv : {true, false}) {
    int Opt = Recv ? SO_RCVBUF : SO_SNDBUF;
    Def(Recv ? "receive-buffer-size" : "send-buffer-size",
        [Opt](State &, Socket &So, Args) {
          return getOpt(So.Fd, SOL_SOCKET, Opt,
                        [](int V) { return u64(uint64_t(V)); });
        });
    Def(Recv ? "set-receive-buffer-size" : "set-send-buffer-size",
        [Opt](State &, Socket &So, Args A) {
          return setPositive(So.Fd, SOL_SOCKET, Opt, A[1].Bits, INT_MAX / 2);
        });
  }
}

/// The tcp-socket methods that are socket options or queries.
void defineTcpOptions(const std::function<void(const char *,
                                               std::function<Value(
                                                   State &, Socket &, Args)>)>
                          &Def) {
  Def("local-address", [](State &, Socket &So, Args) {
    return So.St == Socket::Unbound ? sockErr(InvalidState)
                                    : localAddress(So.Fd);
  });
  Def("remote-address", [](State &, Socket &So, Args) {
    return So.St != Socket::Connected ? sockErr(InvalidState)
                                      : remoteAddress(So.Fd);
  });
  Def("is-listening", [](State &, Socket &So, Args) {
    return Value::boolean(So.St == Socket::Listening);
  });
  Def("address-family", [](State &, Socket &So, Args) {
    return Value::caseOf(Kind::Enum, So.V6 ? 1 : 0);
  });
  Def("set-listen-backlog-size", [](State &, Socket &So, Args A) {
    if (A[1].Bits == 0)
      return sockErr(InvalidArgument);
    So.Backlog = std::min<uint64_t>(A[1].Bits, INT_MAX);
    if (So.St == Socket::Listening && listen(So.Fd, int(So.Backlog)) != 0)
      return sockErr(NotSupported);
    return ok();
  });
  Def("keep-alive-enabled", [](State &, Socket &So, Args) {
    return getOpt(So.Fd, SOL_SOCKET, SO_KEEPALIVE,
                  [](int V) { return Value::boolean(V != 0); });
  });
  Def("set-keep-alive-enabled", [](State &, Socket &So, Args A) {
    return setInt(So.Fd, SOL_SOCKET, SO_KEEPALIVE, A[1].Bits != 0);
  });
  Def("keep-alive-idle-time", [](State &, Socket &So, Args) {
    return getOpt(So.Fd, IPPROTO_TCP, TCP_KEEPIDLE, seconds);
  });
  Def("set-keep-alive-idle-time", [](State &, Socket &So, Args A) {
    return setSeconds(So.Fd, TCP_KEEPIDLE, A[1].Bits);
  });
  Def("keep-alive-interval", [](State &, Socket &So, Args) {
    return getOpt(So.Fd, IPPROTO_TCP, TCP_KEEPINTVL, seconds);
  });
  Def("set-keep-alive-interval", [](State &, Socket &So, Args A) {
    return setSeconds(So.Fd, TCP_KEEPINTVL, A[1].Bits);
  });
  Def("keep-alive-count", [](State &, Socket &So, Args) {
    return getOpt(So.Fd, IPPROTO_TCP, TCP_KEEPCNT,
                  [](int V) { return u32(uint32_t(V)); });
  });
  Def("set-keep-alive-count", [](State &, Socket &So, Args A) {
    return setPositive(So.Fd, IPPROTO_TCP, TCP_KEEPCNT, A[1].Bits, 127);
  });
  defineHopAndBufferOptions(Def, "hop-limit", "set-hop-limit");
}

void defineTcp(ComponentLinker &L, const std::shared_ptr<State> &S) {
  auto Def = [&](const char *Fn,
                 std::function<Value(State &, Socket &, Args)> Body) {
    L.defineFunc(
        name("sockets/tcp", fmt::format("[method]tcp-socket.{}", Fn).c_str()),
        [S, Body](Args A) -> Results {
          Socket *So = S->get<Socket>(uint32_t(A[0].Bits));
          if (!So || !So->Tcp)
            return badHandle("tcp-socket");
          return one(Body(*S, *So, A));
        });
  };
  L.defineFunc(name("sockets/tcp-create-socket", "create-tcp-socket"),
               [S](Args A) -> Results {
                 return one(newSocket(*S, A[0], /*Tcp=*/true));
               });
  Def("start-bind", [](State &S, Socket &So, Args A) {
    return startBind(S, So, A[2]);
  });
  Def("finish-bind", [](State &, Socket &So, Args) { return finishBind(So); });
  Def("start-connect", [](State &S, Socket &So, Args A) {
    return startConnect(S, So, A[2]);
  });
  Def("finish-connect", [](State &S, Socket &So, Args) {
    return finishConnect(S, So);
  });
  Def("start-listen", [](State &, Socket &So, Args) {
    if (So.St != Socket::Bound)
      return sockErr(InvalidState);
    if (listen(So.Fd, int(So.Backlog)) != 0)
      return hostErr(errno);
    So.St = Socket::ListenStarted;
    return ok();
  });
  Def("finish-listen", [](State &, Socket &So, Args) {
    if (So.St != Socket::ListenStarted)
      return sockErr(NotInProgress);
    So.St = Socket::Listening;
    return ok();
  });
  Def("accept", [](State &S, Socket &So, Args) { return accept(S, So); });
  Def("subscribe", [](State &S, Socket &So, Args) {
    if (So.St == Socket::Connecting)
      return fdPollable(S, So.Fd, Pollable::Writable);
    if (So.St == Socket::Listening)
      return fdPollable(S, So.Fd, Pollable::Readable);
    return own(S.add(Pollable{}));
  });
  Def("shutdown", [](State &, Socket &So, Args A) {
    if (So.St != Socket::Connected)
      return sockErr(InvalidState);
    int How = A[1].Case == 0 ? SHUT_RD : A[1].Case == 1 ? SHUT_WR : SHUT_RDWR;
    return shutdown(So.Fd, How) == 0 ? ok() : hostErr(errno);
  });
  defineTcpOptions(Def);
}

// ---- udp-socket and its datagram streams.

Value udpStream(State &S, Socket &So, const Value &Remote) {
  if (So.St != Socket::Bound)
    return sockErr(InvalidState);
  bool Connect = Remote.Case == 1;
  if (Connect) {
    auto A = toSockaddr(Remote.Items[0]);
    if (!A || !validRemote(*A, So.V6))
      return sockErr(InvalidArgument);
    if (connect(So.Fd, reinterpret_cast<sockaddr *>(&A->S), A->Len) != 0)
      return hostErr(errno);
  } else if (So.UdpConnected) {
    sockaddr Unspec{};
    Unspec.sa_family = AF_UNSPEC; // dissolves the association
    connect(So.Fd, &Unspec, sizeof(Unspec));
  }
  So.UdpConnected = Connect;
  DatagramStream In, Out;
  In.Fd = int(dupFd(So.Fd));
  Out.Fd = int(dupFd(So.Fd));
  if (In.Fd < 0 || Out.Fd < 0)
    return hostErr(EMFILE);
  Out.Incoming = false;
  In.V6 = Out.V6 = So.V6;
  In.Connected = Out.Connected = Connect;
  uint32_t RI = S.add(std::move(In));
  uint32_t RO = S.add(std::move(Out));
  return ok(Value::tuple({own(RI), own(RO)}));
}

/// incoming-datagram-stream.receive: up to \p Max datagrams now waiting.
Value receive(DatagramStream &D, uint64_t Max) {
  std::vector<Value> Out;
  static thread_local std::vector<char> Buf(65536);
  while (Out.size() < std::min<uint64_t>(Max, 64)) {
    sockaddr_storage From{};
    socklen_t L = sizeof(From);
    ssize_t N = recvfrom(D.Fd, Buf.data(), Buf.size(), MSG_DONTWAIT,
                         reinterpret_cast<sockaddr *>(&From), &L);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || !Out.empty())
        break;
      return hostErr(errno);
    }
    Out.push_back(Value::record(
        {Value::bytes(Buf.data(), size_t(N)), fromSockaddr(From)}));
  }
  return ok(Value::list(std::move(Out)));
}

/// outgoing-datagram-stream.send: datagrams {data, remote-address?}.
Results send(DatagramStream &D, const Value &List) {
  if (List.listSize() > D.Permit)
    return Trap::host("wasi:sockets: outgoing-datagram-stream.send of more "
                      "datagrams than check-send permitted");
  D.Permit = 0;
  uint64_t Sent = 0;
  for (const Value &G : List.Items) {
    std::string Scratch;
    std::string_view Data = G.Items[0].byteView(Scratch);
    const Value &Remote = G.Items[1];
    std::optional<Addr> A;
    if (Remote.Case == 1) {
      A = toSockaddr(Remote.Items[0]);
      if (!A || !validRemote(*A, D.V6))
        return one(Sent ? ok(u64(Sent)) : sockErr(InvalidArgument));
      if (D.Connected) { // must be the connected peer (WIT)
        sockaddr_storage Peer{};
        socklen_t L = sizeof(Peer);
        getpeername(D.Fd, reinterpret_cast<sockaddr *>(&Peer), &L);
        if (L != A->Len || std::memcmp(&Peer, &A->S, L) != 0)
          return one(Sent ? ok(u64(Sent)) : sockErr(InvalidArgument));
        A.reset();
      }
    } else if (!D.Connected) {
      return one(Sent ? ok(u64(Sent)) : sockErr(InvalidArgument));
    }
    ssize_t N;
    do
      N = sendto(D.Fd, Data.data(), Data.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                 A ? reinterpret_cast<sockaddr *>(&A->S) : nullptr,
                 A ? A->Len : 0);
    while (N < 0 && errno == EINTR);
    if (N < 0) {
      if (errno == EAGAIN || Sent)
        break;
      return one(hostErr(errno));
    }
    ++Sent;
  }
  return one(ok(u64(Sent)));
}

void defineUdp(ComponentLinker &L, const std::shared_ptr<State> &S) {
  auto Def = [&](const char *Fn,
                 std::function<Value(State &, Socket &, Args)> Body) {
    L.defineFunc(
        name("sockets/udp", fmt::format("[method]udp-socket.{}", Fn).c_str()),
        [S, Body](Args A) -> Results {
          Socket *So = S->get<Socket>(uint32_t(A[0].Bits));
          if (!So || So->Tcp)
            return badHandle("udp-socket");
          return one(Body(*S, *So, A));
        });
  };
  L.defineFunc(name("sockets/udp-create-socket", "create-udp-socket"),
               [S](Args A) -> Results {
                 return one(newSocket(*S, A[0], /*Tcp=*/false));
               });
  Def("start-bind", [](State &S, Socket &So, Args A) {
    return startBind(S, So, A[2]);
  });
  Def("finish-bind", [](State &, Socket &So, Args) { return finishBind(So); });
  Def("stream", [](State &S, Socket &So, Args A) {
    return udpStream(S, So, A[1]);
  });
  Def("local-address", [](State &, Socket &So, Args) {
    return So.St == Socket::Unbound ? sockErr(InvalidState)
                                    : localAddress(So.Fd);
  });
  Def("remote-address", [](State &, Socket &So, Args) {
    return !So.UdpConnected ? sockErr(InvalidState) : remoteAddress(So.Fd);
  });
  Def("address-family", [](State &, Socket &So, Args) {
    return Value::caseOf(Kind::Enum, So.V6 ? 1 : 0);
  });
  defineHopAndBufferOptions(Def, "unicast-hop-limit", "set-unicast-hop-limit");
  Def("subscribe", [](State &S, Socket &, Args) {
    return own(S.add(Pollable{}));
  });

  auto Stream = [&](const char *Res, const char *Fn, bool Incoming,
                    std::function<Results(State &, DatagramStream &, Args)>
                        Body) {
    L.defineFunc(
        name("sockets/udp", fmt::format("[method]{}.{}", Res, Fn).c_str()),
        [S, Body, Incoming, Res](Args A) -> Results {
          auto *D = S->get<DatagramStream>(uint32_t(A[0].Bits));
          if (!D || D->Incoming != Incoming)
            return badHandle(Res);
          return Body(*S, *D, A);
        });
  };
  const char *In = "incoming-datagram-stream",
             *Out = "outgoing-datagram-stream";
  Stream(In, "receive", true, [](State &, DatagramStream &D, Args A) {
    return Results(one(receive(D, A[1].Bits)));
  });
  Stream(In, "subscribe", true, [](State &S, DatagramStream &D, Args) {
    return Results(one(fdPollable(S, D.Fd, Pollable::Readable)));
  });
  Stream(Out, "check-send", false, [](State &, DatagramStream &D, Args) {
    D.Permit = 64;
    return Results(one(ok(u64(D.Permit))));
  });
  Stream(Out, "send", false, [](State &, DatagramStream &D, Args A) {
    return send(D, A[1]);
  });
  Stream(Out, "subscribe", false, [](State &S, DatagramStream &D, Args) {
    return Results(one(fdPollable(S, D.Fd, Pollable::Writable)));
  });
}

// ---- ip-name-lookup.

Value resolve(State &S, const std::string &Name) {
  if (!S.Ctx.AllowIpNameLookup)
    return sockErr(AccessDenied);
  std::string Host = Name;
  if (Host.size() > 2 && Host.front() == '[' && Host.back() == ']')
    Host = Host.substr(1, Host.size() - 2);
  if (Host.empty() || Host.size() > 253 ||
      Host.find_first_of(std::string_view("\0 /", 3)) != std::string::npos)
    return sockErr(InvalidArgument);
  ResolveStream R;
  addrinfo Hints{};
  Hints.ai_family = AF_UNSPEC;
  Hints.ai_socktype = SOCK_STREAM; // one entry per address
  addrinfo *Res = nullptr;
  int E = getaddrinfo(Host.c_str(), nullptr, &Hints, &Res);
  if (E != 0) {
    R.Error = E == EAI_NONAME || E == EAI_NODATA ? NameUnresolvable
              : E == EAI_AGAIN                   ? TemporaryResolverFailure
                                                 : PermanentResolverFailure;
  } else {
    for (addrinfo *I = Res; I; I = I->ai_next) {
      Value V;
      if (I->ai_family == AF_INET)
        V = Value::caseOf(
            Kind::Variant, 0,
            {ipv4Tuple(reinterpret_cast<sockaddr_in *>(I->ai_addr)->sin_addr)});
      else if (I->ai_family == AF_INET6)
        V = Value::caseOf(Kind::Variant, 1,
                          {ipv6Tuple(reinterpret_cast<sockaddr_in6 *>(
                                         I->ai_addr)->sin6_addr)});
      else
        continue;
      if (std::find(R.Addresses.begin(), R.Addresses.end(), V) ==
          R.Addresses.end())
        R.Addresses.push_back(std::move(V));
    }
    freeaddrinfo(Res);
  }
  return ok(own(S.add(std::move(R))));
}

void defineLookup(ComponentLinker &L, const std::shared_ptr<State> &S) {
  L.defineFunc(name("sockets/ip-name-lookup", "resolve-addresses"),
               [S](Args A) -> Results { return one(resolve(*S, A[1].Str)); });
  const char *Res = "[method]resolve-address-stream.";
  L.defineFunc(
      name("sockets/ip-name-lookup",
           fmt::format("{}resolve-next-address", Res).c_str()),
      [S](Args A) -> Results {
        auto *R = S->get<ResolveStream>(uint32_t(A[0].Bits));
        if (!R)
          return badHandle("resolve-address-stream");
        if (R->Error)
          return one(sockErr(*R->Error));
        if (R->Next < R->Addresses.size())
          return one(ok(some(R->Addresses[R->Next++])));
        return one(ok(none()));
      });
  L.defineFunc(name("sockets/ip-name-lookup",
                    fmt::format("{}subscribe", Res).c_str()),
               [S](Args A) -> Results {
                 if (!S->get<ResolveStream>(uint32_t(A[0].Bits)))
                   return badHandle("resolve-address-stream");
                 return one(own(S->add(Pollable{})));
               });
}

/// network-error-code: the error-code of a stream error from a socket.
std::optional<uint32_t> networkCode(Errno E) {
  switch (E) {
  case Errno::ConnReset: case Errno::Pipe: return ConnectionReset;
  case Errno::ConnRefused: return ConnectionRefused;
  case Errno::ConnAborted: return ConnectionAborted;
  case Errno::TimedOut: return Timeout;
  case Errno::HostUnreach: case Errno::NetUnreach: case Errno::NetDown:
    return RemoteUnreachable;
  case Errno::Acces: case Errno::Perm: return AccessDenied;
  case Errno::NoMem: case Errno::NoBufs: return OutOfMemory;
  default: return std::nullopt;
  }
}

} // namespace

void defineSockets(ComponentLinker &L, const std::shared_ptr<State> &S) {
  auto Drop = dropFrom(S);
  L.defineResource(name("sockets/network", "network"), Drop);
  L.defineResource(name("sockets/tcp", "tcp-socket"), Drop);
  L.defineResource(name("sockets/udp", "udp-socket"), Drop);
  L.defineResource(name("sockets/udp", "incoming-datagram-stream"), Drop);
  L.defineResource(name("sockets/udp", "outgoing-datagram-stream"), Drop);
  L.defineResource(name("sockets/ip-name-lookup", "resolve-address-stream"),
                   Drop);
  // The network handle is a token: what it may reach is WasiCtx's grant.
  L.defineFunc(name("sockets/instance-network", "instance-network"),
               [S](Args) -> Results { return one(own(S->add(Network{}))); });
  L.defineFunc(name("sockets/network", "network-error-code"),
               [S](Args A) -> Results {
                 IoError *E = S->get<IoError>(uint32_t(A[0].Bits));
                 if (!E)
                   return badHandle("error");
                 auto C = E->Code ? networkCode(*E->Code) : std::nullopt;
                 return one(C ? some(Value::caseOf(Kind::Enum, *C)) : none());
               });
  defineTcp(L, S);
  defineUdp(L, S);
  defineLookup(L, S);
}

} // namespace wasmaot::runtime::component::p2
