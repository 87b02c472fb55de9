// The `wasmaot serve` server (serve.h): a listening socket and its
// connections in one epoll set shared by the worker threads, the epoch
// ticker that enforces per-request deadlines, and one request's life:
// parse (http1.cpp), a fresh Store and ComponentInstance, the guest's
// incoming-handler through WasiHttpHost (p2_http.cpp), the response.
// A trap or an error in a request is logged and answered with 500; the
// instance and everything it made die with its Store before the next.
#include "wasmaot/runtime/serve.h"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include "http1.h"
#include "wasmaot/runtime/component/wasi_http.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/store.h"

namespace wasmaot::runtime::serve {

namespace comp = runtime::component;

namespace {
constexpr const char *kHealthPath = "/.well-known/wasmaot/health";
/// How long a started request may take to arrive in full.
constexpr int kReadTimeoutMs = 10'000;
char StopMarker, ListenMarker;
} // namespace

struct Server::Conn {
  int Fd = -1;
  std::string In;
};

/// What one worker thread keeps across requests: its WASI context and the
/// wasi:http host (a linker with every function defined once).
class WorkerState {
public:
  WorkerState(std::unique_ptr<WasiCtx> C, size_t MaxBody,
              const comp::Component &App)
      : Ctx(std::move(C)), Host(*Ctx, MaxBody) {
    Host.bindNames(App);
  }
  std::unique_ptr<WasiCtx> Ctx;
  comp::WasiHttpHost Host;
};

uint64_t Server::epochTicks(double Seconds) {
  return std::max<uint64_t>(1, uint64_t(std::ceil(Seconds * 1000 / kEpochTickMs)));
}

Server::Server(Engine &E, std::shared_ptr<const comp::Component> C,
               ServeConfig Config)
    : Eng(E), Comp(std::move(C)), Cfg(std::move(Config)) {}

Server::~Server() {
  for (Conn *C : Conns) {
    close(C->Fd);
    delete C;
  }
  for (int Fd : {ListenFd, EpollFd, StopFd})
    if (Fd >= 0)
      close(Fd);
}

Expected<std::unique_ptr<Server>>
Server::create(Engine &E, std::shared_ptr<const comp::Component> C,
               ServeConfig Cfg) {
  auto IoErr = [](std::string M) {
    return Error{ErrorKind::Io, Error::kNoOffset, std::move(M), {}};
  };
  if (!comp::findIncomingHandler(*C))
    return Error{ErrorKind::Link, Error::kNoOffset,
                 "the component exports no wasi:http/incoming-handler@0.2.x "
                 "(serve hosts wasi:http/proxy components)",
                 {}};
  // Every import must be one the host defines: say so now, not per request.
  {
    auto Ctx = WasiCtx::create(Cfg.Wasi);
    if (!Ctx)
      return Ctx.takeError();
    comp::WasiHttpHost Probe(**Ctx);
    for (const abi::component::Import &Imp : C->meta().Imports)
      if (!Probe.linker().get(Imp.Name))
        return Error{ErrorKind::Link, Error::kNoOffset,
                     fmt::format("component import `{}` is not defined "
                                 "(serve provides WASI 0.2 and wasi:http)",
                                 Imp.Name),
                     {}};
  }
  std::unique_ptr<Server> S(new Server(E, std::move(C), std::move(Cfg)));
  struct sockaddr_in A = {};
  A.sin_family = AF_INET;
  A.sin_port = htons(S->Cfg.Port);
  if (inet_pton(AF_INET, S->Cfg.Host.c_str(), &A.sin_addr) != 1)
    return IoErr(fmt::format("'{}' is not an IPv4 address", S->Cfg.Host));
  S->ListenFd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int One = 1;
  setsockopt(S->ListenFd, SOL_SOCKET, SO_REUSEADDR, &One, sizeof(One));
  if (S->ListenFd < 0 ||
      bind(S->ListenFd, reinterpret_cast<sockaddr *>(&A), sizeof(A)) != 0 ||
      listen(S->ListenFd, 1024) != 0)
    return IoErr(fmt::format("cannot listen on {}:{}: {}", S->Cfg.Host,
                             S->Cfg.Port, std::strerror(errno)));
  socklen_t Len = sizeof(A);
  getsockname(S->ListenFd, reinterpret_cast<sockaddr *>(&A), &Len);
  S->Port = ntohs(A.sin_port);
  S->EpollFd = epoll_create1(EPOLL_CLOEXEC);
  S->StopFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (S->EpollFd < 0 || S->StopFd < 0)
    return IoErr(fmt::format("epoll/eventfd: {}", std::strerror(errno)));
  struct epoll_event Ev = {};
  Ev.events = EPOLLIN; // level-triggered: wakes every worker
  Ev.data.ptr = &StopMarker;
  epoll_ctl(S->EpollFd, EPOLL_CTL_ADD, S->StopFd, &Ev);
  Ev.events = EPOLLIN | EPOLLONESHOT; // one worker accepts at a time
  Ev.data.ptr = &ListenMarker;
  epoll_ctl(S->EpollFd, EPOLL_CTL_ADD, S->ListenFd, &Ev);
  if (S->Cfg.Threads == 0)
    S->Cfg.Threads = std::max(1u, std::thread::hardware_concurrency());
  return S;
}

void Server::log(const std::string &Line) {
  if (Cfg.Log)
    Cfg.Log(Line);
  else
    std::fprintf(stderr, "%s\n", Line.c_str());
}

void Server::stop() {
  Stopping.store(true);
  uint64_t One = 1;
  [[maybe_unused]] ssize_t N = write(StopFd, &One, sizeof(One));
}

void Server::run() {
  std::atomic<bool> TickerDone{false};
  std::thread Ticker;
  if (Cfg.TimeoutSeconds > 0)
    Ticker = std::thread([&] {
      while (!TickerDone.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(kEpochTickMs));
        Eng.incrementEpoch();
      }
    });
  std::vector<std::thread> Workers;
  for (unsigned I = 0; I < Cfg.Threads; ++I)
    Workers.emplace_back([this] { worker(); });
  for (std::thread &T : Workers)
    T.join();
  TickerDone.store(true);
  if (Ticker.joinable())
    Ticker.join();
}

void Server::acceptAll() {
  for (;;) {
    int Fd = accept4(ListenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (Fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      break; // EAGAIN, or out of fds: try again at the next wakeup
    }
    int One = 1;
    setsockopt(Fd, IPPROTO_TCP, TCP_NODELAY, &One, sizeof(One));
    Conn *C = new Conn{Fd, {}};
    {
      std::lock_guard<std::mutex> G(ConnsMu);
      Conns.push_back(C);
    }
    struct epoll_event Ev = {};
    Ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    Ev.data.ptr = C;
    epoll_ctl(EpollFd, EPOLL_CTL_ADD, Fd, &Ev);
  }
  struct epoll_event Ev = {};
  Ev.events = EPOLLIN | EPOLLONESHOT;
  Ev.data.ptr = &ListenMarker;
  epoll_ctl(EpollFd, EPOLL_CTL_MOD, ListenFd, &Ev);
}

void Server::closeConn(Conn *C) {
  epoll_ctl(EpollFd, EPOLL_CTL_DEL, C->Fd, nullptr);
  close(C->Fd);
  std::lock_guard<std::mutex> G(ConnsMu);
  std::erase(Conns, C);
  delete C;
}

void Server::worker() {
  auto Ctx = WasiCtx::create(Cfg.Wasi);
  if (!Ctx) {
    log(fmt::format("{}: error: {}", Cfg.DisplayName, Ctx.error().Message));
    stop();
    return;
  }
  WorkerState W(std::move(*Ctx), Cfg.MaxResponseBodyBytes, *Comp);
  W.Host.setTimeout(uint64_t(Cfg.TimeoutSeconds * 1e9));
  while (!Stopping.load()) {
    struct epoll_event Ev;
    int N = epoll_wait(EpollFd, &Ev, 1, -1);
    if (N <= 0)
      continue;
    if (Ev.data.ptr == &StopMarker)
      break;
    if (Ev.data.ptr == &ListenMarker) {
      acceptAll();
      continue;
    }
    serveConn(static_cast<Conn *>(Ev.data.ptr), W);
  }
}

namespace {

/// Reads what is there (waiting up to \p TimeoutMs for something): false
/// when the peer closed, failed or timed out.
bool readSome(int Fd, std::string &In, int TimeoutMs) {
  char Buf[16384];
  for (;;) {
    ssize_t R = recv(Fd, Buf, sizeof(Buf), 0);
    if (R > 0) {
      In.append(Buf, size_t(R));
      return true;
    }
    if (R == 0)
      return false;
    if (errno == EINTR)
      continue;
    if (errno != EAGAIN)
      return false;
    struct pollfd P = {Fd, POLLIN, 0};
    if (poll(&P, 1, TimeoutMs) <= 0)
      return false;
  }
}

bool writeAll(int Fd, std::string_view Out) {
  while (!Out.empty()) {
    ssize_t W = send(Fd, Out.data(), Out.size(), MSG_NOSIGNAL);
    if (W > 0) {
      Out.remove_prefix(size_t(W));
      continue;
    }
    if (W < 0 && errno == EINTR)
      continue;
    if (W < 0 && errno == EAGAIN) {
      struct pollfd P = {Fd, POLLOUT, 0};
      if (poll(&P, 1, kReadTimeoutMs) > 0)
        continue;
    }
    return false;
  }
  return true;
}

std::string trapText(const Trap &T) {
  std::string S = T.Message;
  if (T.Code == TrapCode::Interrupted)
    S += " (--timeout expired)";
  for (size_t I = 0; I < T.Frames.size(); ++I)
    S += fmt::format("\n  #{} func[{}]{}", I, T.Frames[I].FuncIndex,
                     T.Frames[I].FuncName.empty() ? ""
                                                  : " $" + T.Frames[I].FuncName);
  return S;
}

} // namespace

void Server::serveConn(Conn *C, WorkerState &W) {
  for (;;) {
    http1::Result R = http1::parse(C->In, Cfg.MaxRequestBodyBytes);
    if (R.K == http1::Result::NeedMore) {
      // Nothing buffered: back to epoll until the next request arrives.
      if (C->In.find_first_not_of("\r\n") == std::string::npos) {
        C->In.clear();
        if (Stopping.load())
          return closeConn(C);
        // Drain what is already readable without blocking first.
        char Probe;
        ssize_t P = recv(C->Fd, &Probe, 1, MSG_PEEK | MSG_DONTWAIT);
        if (P == 0 || (P < 0 && errno != EAGAIN && errno != EINTR))
          return closeConn(C);
        if (P < 0) {
          struct epoll_event Ev = {};
          Ev.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
          Ev.data.ptr = C;
          epoll_ctl(EpollFd, EPOLL_CTL_MOD, C->Fd, &Ev);
          return;
        }
      }
      if (!readSome(C->Fd, C->In, kReadTimeoutMs))
        return closeConn(C);
      continue;
    }
    if (R.K == http1::Result::Bad) {
      writeAll(C->Fd, http1::simpleResponse(R.Status, R.Why + "\n", true));
      return closeConn(C);
    }
    C->In.erase(0, R.P.Consumed);
    bool Close = !R.P.KeepAlive || Stopping.load();
    comp::HttpRequest &Q = R.P.Req;
    bool Head = Q.Method == "HEAD";
    std::string Out;
    ++Requests;
    if ((Q.Method == "GET" || Head) && Q.PathWithQuery == kHealthPath) {
      Out = http1::simpleResponse(200, "ok\n", Close);
    } else {
      std::string What = fmt::format("{} {}", Q.Method, Q.PathWithQuery);
      auto T0 = std::chrono::steady_clock::now();
      Store S(Eng);
      auto I = comp::ComponentInstance::instantiate(S, Comp, W.Host.linker());
      auto T1 = std::chrono::steady_clock::now();
      auto Ns = [](auto D) {
        return uint64_t(
            std::chrono::duration_cast<std::chrono::nanoseconds>(D).count());
      };
      ++GuestRequests;
      InstantiateNs += Ns(T1 - T0);
      if (!I.ok()) {
        bool Trapped = I.isTrap();
        log(fmt::format("{}: error: {}: instantiation failed: {}",
                        Cfg.DisplayName, What,
                        Trapped ? trapText(I.trap()) : I.error().Message));
        uint16_t St = !Trapped && I.error().Kind == ErrorKind::Limit ? 503 : 500;
        Out = http1::simpleResponse(St, http1::reason(St), Close);
        Traps += Trapped;
      } else {
        if (Cfg.TimeoutSeconds > 0)
          for (size_t K = 0; K < Comp->meta().Instantiations.size(); ++K)
            (*I)->coreInstance(uint32_t(K))->setEpochDeadline(
                epochTicks(Cfg.TimeoutSeconds));
        auto Resp = W.Host.handle(**I, std::move(Q));
        HandleNs += Ns(std::chrono::steady_clock::now() - T1);
        if (Resp.ok()) {
          Out = http1::formatResponse(*Resp, Close, Head);
        } else {
          bool Trapped = Resp.isTrap();
          log(fmt::format("{}: error: {}: {}{}", Cfg.DisplayName, What,
                          Trapped ? "trap: " : "",
                          Trapped ? trapText(Resp.trap())
                                  : Resp.error().Message));
          Traps += Trapped;
          Out = http1::simpleResponse(500, "Internal Server Error\n", Close);
        }
      }
    }
    if (!writeAll(C->Fd, Out) || Close)
      return closeConn(C);
  }
}

} // namespace wasmaot::runtime::serve
