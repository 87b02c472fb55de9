// Internals of the WASI 0.2 host (wasi_p2.h): the host resource table
// (rep -> stream, pollable, error, descriptor, directory stream, sockets),
// Value
// shorthands for the WIT shapes the interfaces return, and the error-code
// mapping from the preview1 core's errno.
#pragma once

#include <cstdint>
#include <dirent.h>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "../../wasi/wasi_internal.h"
#include "wasmaot/runtime/component/wasi_p2.h"

namespace wasmaot::runtime::component::p2 {

using wasi::Errno;

/// An input or output stream over a host fd, or over an in-memory buffer
/// (wasi:http bodies: Mem set, Fd -1; reads consume Mem from Offset,
/// writes append to it up to MemLimit bytes).
struct Stream {
  int Fd = -1;           ///< -1: nothing granted (reads/writes: closed)
  std::shared_ptr<std::string> Mem;
  size_t MemLimit = 0;
  bool OwnsFd = false;   ///< a dup, closed with the stream
  bool Positioned = false; ///< file stream: pread/pwrite at Offset
  bool Append = false;   ///< file stream: every write at the end
  uint64_t Offset = 0;
  bool Closed = false;   ///< end of input reached / output failed
  /// A connected TCP socket (a non-blocking dup): writes use send with
  /// MSG_NOSIGNAL (a closed peer is `closed`, not SIGPIPE).
  bool Socket = false;
  Stream() = default;
  Stream(Stream &&O) noexcept;
  Stream &operator=(Stream &&) = delete;
  ~Stream();
};

struct Pollable {
  enum Kind { Always, Deadline, Readable, Writable } K = Always;
  uint64_t DeadlineNs = 0; ///< CLOCK_MONOTONIC
  int Fd = -1;             ///< Readable/Writable: an owned dup
  Pollable() = default;
  Pollable(Pollable &&O) noexcept;
  Pollable &operator=(Pollable &&) = delete;
  ~Pollable();
};

struct IoError {
  std::string Message;
  std::optional<Errno> Code; ///< for filesystem-error-code
};

struct Descriptor {
  std::unique_ptr<wasi::FdEntry> E; ///< HostFd owned; ReadOnly as P1
  uint32_t Flags = 0;               ///< descriptor-flags bits
};

struct DirStream {
  DIR *D = nullptr;
  DirStream() = default;
  DirStream(DirStream &&O) noexcept : D(std::exchange(O.D, nullptr)) {}
  DirStream &operator=(DirStream &&) = delete;
  ~DirStream() {
    if (D)
      closedir(D);
  }
};

/// wasi:sockets (p2_sockets.cpp). A socket owns its non-blocking fd; the
/// streams and pollables made from it own dups.
struct Network {};
struct Socket {
  enum State {
    Unbound, BindStarted, Bound, ConnectStarted, Connecting, ConnectReady,
    Connected, ListenStarted, Listening, Closed
  };
  int Fd = -1;
  bool Tcp = true, V6 = false;
  State St = Unbound;
  uint64_t Backlog = 128;
  int PendingErr = 0;        ///< tcp: the connect result finish-connect reports
  bool UdpConnected = false; ///< udp: stream() was given a remote address
  Socket() = default;
  Socket(Socket &&O) noexcept
      : Fd(std::exchange(O.Fd, -1)), Tcp(O.Tcp), V6(O.V6), St(O.St),
        Backlog(O.Backlog), PendingErr(O.PendingErr),
        UdpConnected(O.UdpConnected) {}
  Socket &operator=(Socket &&) = delete;
  ~Socket();
};
/// udp incoming-/outgoing-datagram-stream: a dup of the socket's fd.
struct DatagramStream {
  int Fd = -1;
  bool Incoming = true, V6 = false, Connected = false;
  uint64_t Permit = 0; ///< outgoing: datagrams check-send allowed
  DatagramStream() = default;
  DatagramStream(DatagramStream &&O) noexcept
      : Fd(std::exchange(O.Fd, -1)), Incoming(O.Incoming), V6(O.V6),
        Connected(O.Connected), Permit(O.Permit) {}
  DatagramStream &operator=(DatagramStream &&) = delete;
  ~DatagramStream();
};
/// ip-name-lookup's resolve-address-stream: getaddrinfo ran at creation.
struct ResolveStream {
  std::vector<Value> Addresses; ///< ip-address values, in order
  size_t Next = 0;
  std::optional<uint32_t> Error; ///< error-code, reported first
};

using Object =
    std::variant<std::monostate, Stream, Pollable, IoError, Descriptor,
                 DirStream, Network, Socket, DatagramStream, ResolveStream>;

/// What every host function shares.
struct State {
  WasiCtx::State &Ctx;
  std::map<uint32_t, Object> Table;
  uint32_t Next = 1;
  /// CLOCK_MONOTONIC ns (0: none): a poll that would wait past it traps
  /// with Interrupted instead (a wasi:http request's deadline, which the
  /// epoch cannot enforce while the guest waits in the host).
  uint64_t DeadlineNs = 0;

  explicit State(WasiCtx::State &C) : Ctx(C) {}
  template <typename T> uint32_t add(T &&V) {
    while (Table.count(Next) || Next == 0)
      ++Next;
    uint32_t Rep = Next++;
    Table.emplace(Rep, Object(std::in_place_type<T>, std::forward<T>(V)));
    return Rep;
  }
  template <typename T> T *get(uint32_t Rep) {
    auto It = Table.find(Rep);
    return It == Table.end() ? nullptr : std::get_if<T>(&It->second);
  }
  void drop(uint32_t Rep) { Table.erase(Rep); }
};

/// A resource destructor that drops the rep from \p S's table, if the
/// linker outlives the state.
inline auto dropFrom(const std::shared_ptr<State> &S) {
  return [W = std::weak_ptr<State>(S)](uint32_t Rep) {
    if (auto P = W.lock())
      P->drop(Rep);
  };
}

using Results = Outcome<std::vector<Value>>;
using Args = std::span<const Value>;

// ---- Value shorthands.
inline Value ok(Value V) { return Value::caseOf(Kind::Result, 0, {std::move(V)}); }
inline Value ok() { return Value::caseOf(Kind::Result, 0); }
inline Value err(Value V) { return Value::caseOf(Kind::Result, 1, {std::move(V)}); }
inline Value some(Value V) { return Value::caseOf(Kind::Option, 1, {std::move(V)}); }
inline Value none() { return Value::caseOf(Kind::Option, 0); }
inline Value u64(uint64_t V) { return Value::u(Kind::U64, V); }
inline Value u32(uint64_t V) { return Value::u(Kind::U32, V); }
inline Value own(uint32_t Rep) { return Value::handle(Kind::Own, Rep); }
/// list<u8>, packed (value.h): lowered into the guest with one memcpy.
inline Value bytes(const uint8_t *P, size_t N) { return Value::bytes(P, N); }
/// list<u8> as bytes.
std::vector<uint8_t> toBytes(const Value &V);
inline std::vector<Value> one(Value V) {
  std::vector<Value> R;
  R.push_back(std::move(V));
  return R;
}
Trap badHandle(const char *What);

/// filesystem error-code (its enum case) for a preview1 errno.
uint32_t errorCode(Errno E);
inline Value fsErr(Errno E) {
  return err(Value::caseOf(Kind::Enum, errorCode(E)));
}

/// The interface's full name: "wasi:" + Iface + "@0.2.0#" + Name.
std::string name(const char *Iface, const char *Fn);

void defineFilesystem(ComponentLinker &L, const std::shared_ptr<State> &S);
void defineSockets(ComponentLinker &L, const std::shared_ptr<State> &S);

/// defineWasiP2, returning the State its functions share (wasi:http adds
/// its body streams to the same table).
std::shared_ptr<State> defineWasiP2State(ComponentLinker &L, WasiCtx &Ctx);

} // namespace wasmaot::runtime::component::p2
