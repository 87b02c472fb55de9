// HTTP/1.1 message syntax for the server (RFC 9112): parsing a request head
// and body (Content-Length or chunked) out of a connection's buffer, and
// writing a response. No sockets here: server.cpp reads and writes; this
// file only says how many bytes make a request and what they mean.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wasmaot/runtime/component/wasi_http.h"

namespace wasmaot::runtime::serve::http1 {

constexpr size_t kMaxHeadBytes = 64 << 10;

/// A request parsed from the front of a buffer.
struct Parsed {
  component::HttpRequest Req;
  bool KeepAlive = true;
  size_t Consumed = 0; ///< bytes of the buffer this request took
};

/// What parse() found.
struct Result {
  enum Kind { Done, NeedMore, Bad } K = NeedMore;
  Parsed P;               ///< Done
  uint16_t Status = 400;  ///< Bad: the status to answer with
  std::string Why;        ///< Bad: a short reason (the response body)
};

/// Parses one request at the front of \p Buf; bodies above \p MaxBody are
/// refused with 413.
Result parse(std::string_view Buf, size_t MaxBody);

/// The reason phrase of \p Status ("OK", "Not Found", ...; "" if unknown).
const char *reason(uint16_t Status);

/// A full response: status line, the guest's headers (except the framing
/// ones, which the server owns), content-length, connection: close when
/// \p Close, and the body unless \p HeadOnly.
std::string formatResponse(const component::HttpResponse &R, bool Close,
                           bool HeadOnly);

/// A short host-made response (errors, health).
std::string simpleResponse(uint16_t Status, std::string_view Body, bool Close);

} // namespace wasmaot::runtime::serve::http1
