// HTTP/1.1 requests in, responses out (http1.h). Strict where a mistake
// would let two parties disagree on where a request ends (RFC 9112 6.3:
// Content-Length together with Transfer-Encoding, differing duplicate
// Content-Lengths, codings other than chunked are refused), lenient
// elsewhere (bare LF line ends are accepted).
#include "http1.h"

#include <cctype>
#include <fmt/format.h>

namespace wasmaot::runtime::serve::http1 {

namespace {

bool equalNoCase(std::string_view A, std::string_view B) {
  if (A.size() != B.size())
    return false;
  for (size_t I = 0; I < A.size(); ++I)
    if (std::tolower((unsigned char)A[I]) != std::tolower((unsigned char)B[I]))
      return false;
  return true;
}

std::string_view trim(std::string_view S) {
  while (!S.empty() && (S.front() == ' ' || S.front() == '\t'))
    S.remove_prefix(1);
  while (!S.empty() && (S.back() == ' ' || S.back() == '\t' || S.back() == '\r'))
    S.remove_suffix(1);
  return S;
}

/// Does the comma-separated list \p V hold the token \p T?
bool hasToken(std::string_view V, std::string_view T) {
  while (!V.empty()) {
    size_t C = V.find(',');
    if (equalNoCase(trim(V.substr(0, C)), T))
      return true;
    if (C == V.npos)
      break;
    V.remove_prefix(C + 1);
  }
  return false;
}

bool isToken(std::string_view S) {
  if (S.empty())
    return false;
  for (unsigned char C : S)
    if (!(std::isalnum(C) || std::string_view("!#$%&'*+-.^_`|~").find(char(C)) !=
                                 std::string_view::npos))
      return false;
  return true;
}

Result bad(uint16_t Status, std::string Why) {
  Result R;
  R.K = Result::Bad;
  R.Status = Status;
  R.Why = std::move(Why);
  return R;
}

/// Decodes a chunked body starting at \p Pos; the position after it, or
/// nullopt if more bytes are needed; \p Err set when it is malformed.
std::optional<size_t> dechunk(std::string_view B, size_t Pos, size_t Max,
                              std::string &Out, Result &Err) {
  for (;;) {
    size_t Eol = B.find('\n', Pos);
    if (Eol == B.npos)
      return B.size() - Pos > 1024 ? (Err = bad(400, "chunk size line too long"),
                                      std::optional<size_t>(0))
                                   : std::nullopt;
    std::string_view Line = trim(B.substr(Pos, Eol - Pos));
    Line = Line.substr(0, Line.find(';')); // chunk extensions: ignored
    uint64_t Size = 0;
    if (Line.empty() || Line.size() > 15)
      return Err = bad(400, "bad chunk size"), std::optional<size_t>(0);
    for (char C : Line) {
      int D = std::isdigit((unsigned char)C) ? C - '0'
              : std::isxdigit((unsigned char)C)
                  ? std::tolower((unsigned char)C) - 'a' + 10
                  : -1;
      if (D < 0)
        return Err = bad(400, "bad chunk size"), std::optional<size_t>(0);
      Size = Size * 16 + uint64_t(D);
    }
    Pos = Eol + 1;
    if (Size == 0) {
      // Trailer fields until an empty line: read and dropped.
      for (;;) {
        size_t E = B.find('\n', Pos);
        if (E == B.npos)
          return std::nullopt;
        bool Empty = trim(B.substr(Pos, E - Pos)).empty();
        Pos = E + 1;
        if (Empty)
          return Pos;
      }
    }
    if (Out.size() + Size > Max)
      return Err = bad(413, "request body too large"), std::optional<size_t>(0);
    if (B.size() - Pos < Size + 1)
      return std::nullopt;
    Out.append(B.substr(Pos, Size));
    Pos += Size;
    if (B[Pos] == '\r')
      ++Pos;
    if (Pos >= B.size())
      return std::nullopt;
    if (B[Pos] != '\n')
      return Err = bad(400, "chunk not followed by CRLF"), std::optional<size_t>(0);
    ++Pos;
  }
}

} // namespace

Result parse(std::string_view Buf, size_t MaxBody) {
  // Empty lines before a request are ignored (RFC 9112 2.2).
  size_t Start = 0;
  while (Start < Buf.size() && (Buf[Start] == '\r' || Buf[Start] == '\n'))
    ++Start;
  size_t HeadEnd = Buf.find("\n\r\n", Start);
  size_t Alt = Buf.find("\n\n", Start);
  size_t BodyAt;
  if (HeadEnd != Buf.npos && (Alt == Buf.npos || HeadEnd < Alt))
    BodyAt = HeadEnd + 3;
  else if (Alt != Buf.npos)
    HeadEnd = Alt, BodyAt = Alt + 2;
  else
    return Buf.size() - Start > kMaxHeadBytes
               ? bad(431, "request header section too large")
               : Result{};
  if (HeadEnd - Start > kMaxHeadBytes)
    return bad(431, "request header section too large");
  std::string_view Head = Buf.substr(Start, HeadEnd - Start);

  Result R;
  component::HttpRequest &Q = R.P.Req;
  size_t Eol = Head.find('\n');
  std::string_view Line = trim(Head.substr(0, Eol));
  Head = Eol == Head.npos ? "" : Head.substr(Eol + 1);
  size_t Sp1 = Line.find(' '), Sp2 = Line.rfind(' ');
  if (Sp1 == Line.npos || Sp2 == Sp1)
    return bad(400, "malformed request line");
  std::string_view Method = Line.substr(0, Sp1);
  std::string_view Target = Line.substr(Sp1 + 1, Sp2 - Sp1 - 1);
  std::string_view Version = Line.substr(Sp2 + 1);
  if (!isToken(Method) || Target.empty())
    return bad(400, "malformed request line");
  if (Version != "HTTP/1.1" && Version != "HTTP/1.0")
    return bad(505, "only HTTP/1.0 and HTTP/1.1 are served");
  bool V10 = Version == "HTTP/1.0";
  Q.Method = std::string(Method);
  if (Target.starts_with("http://") || Target.starts_with("https://")) {
    // absolute-form: the authority comes from the target.
    size_t S = Target.find("://") + 3;
    size_t P = Target.find('/', S);
    Q.Scheme = std::string(Target.substr(0, S - 3));
    Q.Authority = std::string(Target.substr(S, P - S));
    Q.PathWithQuery = P == Target.npos ? "/" : std::string(Target.substr(P));
  } else if (Target.front() == '/' || Target == "*") {
    Q.PathWithQuery = std::string(Target);
  } else {
    return bad(400, "unsupported request target");
  }

  std::optional<uint64_t> Length;
  bool Chunked = false;
  std::optional<bool> Connection; // keep-alive / close, if said
  while (!Head.empty()) {
    Eol = Head.find('\n');
    std::string_view F = Head.substr(0, Eol);
    Head = Eol == Head.npos ? "" : Head.substr(Eol + 1);
    if (!F.empty() && F.back() == '\r')
      F.remove_suffix(1);
    if (F.empty())
      continue;
    size_t Colon = F.find(':');
    if (Colon == F.npos || !isToken(F.substr(0, Colon)))
      return bad(400, "malformed header field");
    std::string_view Name = F.substr(0, Colon), Value = trim(F.substr(Colon + 1));
    if (equalNoCase(Name, "content-length")) {
      uint64_t N = 0;
      if (Value.empty() || Value.size() > 15 ||
          Value.find_first_not_of("0123456789") != Value.npos)
        return bad(400, "bad content-length");
      for (char C : Value)
        N = N * 10 + uint64_t(C - '0');
      if (Length && *Length != N)
        return bad(400, "conflicting content-length fields");
      Length = N;
      continue;
    }
    if (equalNoCase(Name, "transfer-encoding")) {
      if (!equalNoCase(Value, "chunked"))
        return bad(501, "only the chunked transfer coding is supported");
      Chunked = true;
      continue;
    }
    if (equalNoCase(Name, "connection")) {
      if (hasToken(Value, "close"))
        Connection = false;
      else if (hasToken(Value, "keep-alive"))
        Connection = true;
      continue;
    }
    if (equalNoCase(Name, "keep-alive") || equalNoCase(Name, "upgrade") ||
        equalNoCase(Name, "proxy-connection"))
      continue; // hop-by-hop: the server's, not the guest's
    if (equalNoCase(Name, "host") && Q.Authority.empty())
      Q.Authority = std::string(Value);
    Q.Headers.emplace_back(std::string(Name), std::string(Value));
  }
  if (Chunked && Length)
    return bad(400, "both content-length and transfer-encoding");
  R.P.KeepAlive = Connection.value_or(!V10);

  size_t End = BodyAt;
  if (Chunked) {
    Result Err;
    auto E = dechunk(Buf, BodyAt, MaxBody, Q.Body, Err);
    if (Err.K == Result::Bad)
      return Err;
    if (!E)
      return Result{};
    End = *E;
  } else if (Length) {
    if (*Length > MaxBody)
      return bad(413, "request body too large");
    if (Buf.size() - BodyAt < *Length)
      return Result{};
    Q.Body = std::string(Buf.substr(BodyAt, *Length));
    End = BodyAt + *Length;
  }
  R.K = Result::Done;
  R.P.Consumed = End;
  return R;
}

const char *reason(uint16_t Status) {
  switch (Status) {
  case 200: return "OK";
  case 201: return "Created";
  case 204: return "No Content";
  case 301: return "Moved Permanently";
  case 302: return "Found";
  case 304: return "Not Modified";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 408: return "Request Timeout";
  case 413: return "Content Too Large";
  case 418: return "I'm a teapot";
  case 431: return "Request Header Fields Too Large";
  case 500: return "Internal Server Error";
  case 501: return "Not Implemented";
  case 502: return "Bad Gateway";
  case 503: return "Service Unavailable";
  case 504: return "Gateway Timeout";
  case 505: return "HTTP Version Not Supported";
  default: return "";
  }
}

std::string formatResponse(const component::HttpResponse &R, bool Close,
                           bool HeadOnly) {
  std::string Out = fmt::format("HTTP/1.1 {} {}\r\n", R.Status, reason(R.Status));
  for (const auto &[K, V] : R.Headers) {
    if (equalNoCase(K, "content-length") || equalNoCase(K, "transfer-encoding") ||
        equalNoCase(K, "connection"))
      continue;
    Out += K;
    Out += ": ";
    Out += V;
    Out += "\r\n";
  }
  bool NoBody = R.Status < 200 || R.Status == 204 || R.Status == 304;
  if (!NoBody)
    Out += fmt::format("content-length: {}\r\n", R.Body.size());
  if (Close)
    Out += "connection: close\r\n";
  Out += "\r\n";
  if (!NoBody && !HeadOnly)
    Out += R.Body;
  return Out;
}

std::string simpleResponse(uint16_t Status, std::string_view Body, bool Close) {
  component::HttpResponse R;
  R.Status = Status;
  R.Headers = {{"content-type", "text/plain; charset=utf-8"}};
  R.Body = std::string(Body);
  return formatResponse(R, Close, false);
}

} // namespace wasmaot::runtime::serve::http1
