// The HTTP server behind `wasmaot serve`: HTTP/1.1 in front of a component
// exporting wasi:http/incoming-handler (wasi_http.h). Every request gets a
// fresh instance in a Store of its own (memory from the engine's pooling
// allocator when it has one), so a request that traps, runs out of time or
// memory answers 500 and leaves nothing behind for the next one.
//
//   ServeConfig Cfg; Cfg.Port = 0;          // an ephemeral port
//   auto S = Server::create(Engine, Component, Cfg);
//   (*S)->port();                           // the port bound
//   (*S)->run();                            // until stop()
//
// Threads: run() serves on Cfg.Threads workers sharing one epoll set (the
// connections are EPOLLONESHOT: one worker per connection at a time, any
// worker for its next request). stop() may be called from a signal
// handler: workers finish the request they are serving (answered with
// `connection: close`) and run() returns once they have.
// GET /.well-known/wasmaot/health is answered by the host ("ok").
// Deadlines: with TimeoutSeconds, an epoch ticker advances the engine's
// epoch every kEpochTickMs and each instance may run TimeoutSeconds worth of
// ticks (the component must be compiled with epoch interruption); the
// engine's DefaultEpochDeadlineTicks should be set to epochTicks() too, so
// start functions are bounded as well.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/wasi.h"

namespace wasmaot::runtime::serve {

struct ServeConfig {
  std::string Host = "127.0.0.1"; ///< an IPv4 address
  uint16_t Port = 8080;           ///< 0: any free port (see Server::port)
  unsigned Threads = 0;           ///< 0: one per hardware thread
  double TimeoutSeconds = 0;      ///< per request; 0: none
  size_t MaxRequestBodyBytes = 16u << 20;  ///< larger: 413
  size_t MaxResponseBodyBytes = 64u << 20; ///< larger: the guest's write fails
  /// What each guest may use (args, env, stdio, clocks, random; no files).
  WasiConfig Wasi;
  /// Where errors (a trap with its backtrace, a failed instantiation) and
  /// the startup line go; default: standard error.
  std::function<void(const std::string &)> Log;
  std::string DisplayName = "app"; ///< the component's file, in log lines
};

class WorkerState;

class Server {
public:
  static constexpr unsigned kEpochTickMs = 10;
  /// Epoch ticks that make \p Seconds (at least 1).
  static uint64_t epochTicks(double Seconds);

  /// Binds and listens (an Io error if the address is taken or bad).
  static Expected<std::unique_ptr<Server>>
  create(Engine &E, std::shared_ptr<const component::Component> C,
         ServeConfig Cfg);
  ~Server();

  uint16_t port() const { return Port; }
  /// Serves until stop(); returns when every worker has finished.
  void run();
  /// Asks run() to finish (async-signal-safe).
  void stop();

  /// Requests answered so far, and how many of them were 500s from traps
  /// (timeouts included).
  uint64_t requests() const { return Requests.load(); }
  uint64_t traps() const { return Traps.load(); }
  /// Time spent instantiating and in the guest's handler, over every
  /// request that reached the guest (nanoseconds, wall clock).
  uint64_t instantiateNs() const { return InstantiateNs.load(); }
  uint64_t handleNs() const { return HandleNs.load(); }
  uint64_t guestRequests() const { return GuestRequests.load(); }

private:
  struct Conn;
  Server(Engine &E, std::shared_ptr<const component::Component> C,
         ServeConfig Cfg);
  void worker();
  void acceptAll();
  void serveConn(Conn *C, WorkerState &W);
  void closeConn(Conn *C);
  void log(const std::string &Line);

  Engine &Eng;
  std::shared_ptr<const component::Component> Comp;
  ServeConfig Cfg;
  int ListenFd = -1, EpollFd = -1, StopFd = -1;
  uint16_t Port = 0;
  std::atomic<bool> Stopping{false};
  std::atomic<uint64_t> Requests{0}, Traps{0};
  std::atomic<uint64_t> InstantiateNs{0}, HandleNs{0}, GuestRequests{0};
  std::mutex ConnsMu;
  std::vector<Conn *> Conns;
};

} // namespace wasmaot::runtime::serve
