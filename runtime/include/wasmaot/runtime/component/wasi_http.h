// wasi:http 0.2 for components, the server side: a host for components
// that export wasi:http/incoming-handler (the wasi:http/proxy world), as
// `wasmaot serve` runs them. One WasiHttpHost defines WASI 0.2
// (wasi_p2.h) plus wasi:http/types and wasi:http/outgoing-handler on its
// own linker, and serves one request at a time:
//
//   WasiHttpHost Host(Ctx);                 // once per worker thread
//   auto I = ComponentInstance::instantiate(Store, C, Host.linker());
//   HttpRequest Req{"GET", "/hello?x=1", "http", "localhost:8080", {}, ""};
//   Outcome<HttpResponse> R = Host.handle(**I, std::move(Req));
//
// Bodies are buffered: the request body is read whole before the guest
// runs (its input-stream reads from memory), the response body is
// collected until handle returns. Outbound requests are a capability
// nobody is granted yet: wasi:http/outgoing-handler#handle links (so real
// proxy components instantiate) and answers error-code.HTTP-request-denied.
// Everything a request creates (fields, bodies, streams) is released by the
// next handle().
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/wasi.h"

namespace wasmaot::runtime::component {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string Method;        ///< "GET", "POST", ... (any token)
  std::string PathWithQuery; ///< "/a/b?c=d"
  std::string Scheme = "http";
  std::string Authority; ///< the Host header
  HttpHeaders Headers;   ///< names as received (wasi:http lower-cases none)
  std::string Body;
};

struct HttpResponse {
  uint16_t Status = 200;
  HttpHeaders Headers;
  std::string Body;
};

/// The handler export of \p C: "wasi:http/incoming-handler@0.2.x#handle",
/// or null.
const abi::component::Export *findIncomingHandler(const Component &C);

namespace p2 {
struct State;
struct HttpState;
} // namespace p2

class WasiHttpHost {
public:
  /// \p Ctx (stdio, env, clocks, random the guest gets) must outlive the
  /// host. \p MaxBodyBytes caps the response body a guest may write.
  explicit WasiHttpHost(WasiCtx &Ctx, size_t MaxBodyBytes = 64u << 20);
  ~WasiHttpHost();
  WasiHttpHost(const WasiHttpHost &) = delete;
  WasiHttpHost &operator=(const WasiHttpHost &) = delete;

  const ComponentLinker &linker() const { return L; }

  /// Defines each import of \p C under the exact name \p C uses (e.g.
  /// "@0.2.12"), so that calls find it without the linker's semver-tolerant
  /// scan (which costs more than the rest of a small request).
  void bindNames(const Component &C);

  /// Each handle() may wait in wasi:io/poll for at most \p Ns (0: no limit)
  /// from its start; a wait past that traps with Interrupted. (Code running
  /// in wasm is bounded by the epoch deadline, not by this.)
  void setTimeout(uint64_t Ns) { TimeoutNs = Ns; }

  /// Calls the instance's incoming-handler with \p Req. The response the
  /// guest set through response-outparam.set; a Trap if the guest trapped;
  /// an Error if it has no handler, set no response or set an error-code
  /// (the message names it).
  Outcome<HttpResponse> handle(ComponentInstance &I, HttpRequest Req);

private:
  ComponentLinker L;
  std::shared_ptr<p2::State> Wasi;
  std::shared_ptr<p2::HttpState> Http;
  uint64_t TimeoutNs = 0;
};

} // namespace wasmaot::runtime::component
