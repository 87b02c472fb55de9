// wasi:http/types and wasi:http/outgoing-handler (WASI 0.2) for a server
// hosting wasi:http/incoming-handler (wasi_http.h). Owns the http host
// resources — fields, incoming-request/-body, outgoing-response/-body,
// response-outparam, future-trailers, and the outbound ones a proxy world
// imports (outgoing-request, request-options) — in a table of its own; the
// body streams are wasi:io streams over memory in the WASI 0.2 table
// (p2_core.cpp). Does not own sockets or HTTP parsing: runtime/src/serve.
//
// Headers follow the WIT's rules loosely where a guest would gain nothing
// from strictness: names must be HTTP tokens and values free of CR, LF and
// NUL (header-error.invalid-syntax); hop-by-hop headers the server owns
// (connection, keep-alive, transfer-encoding, upgrade, proxy-connection)
// are header-error.forbidden; incoming-request.headers is immutable, the
// headers of an outgoing-response stay mutable until handle returns.
#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>

#include "p2_internal.h"
#include "wasmaot/runtime/component/wasi_http.h"

namespace wasmaot::runtime::component::p2 {

// The resource objects (named, not in an anonymous namespace: HttpState,
// declared in wasi_http.h, holds them).
using FieldList = HttpHeaders;

struct Fields {
  std::shared_ptr<FieldList> L = std::make_shared<FieldList>();
  bool Immutable = false;
};
struct IncomingRequest {
  bool Consumed = false;
};
struct IncomingBody {
  std::shared_ptr<std::string> Data;
  bool StreamTaken = false;
};
struct FutureTrailers {};
struct OutgoingBody {
  std::shared_ptr<std::string> Data = std::make_shared<std::string>();
  bool WriteTaken = false;
};
struct OutgoingResponse {
  uint16_t Status = 200;
  std::shared_ptr<FieldList> Headers;
  std::shared_ptr<std::string> Body = std::make_shared<std::string>();
  bool BodyTaken = false;
};
struct ResponseOutparam {};
/// An outbound request is built but never sent (outgoing-handler denies).
struct OutgoingRequest {
  std::shared_ptr<FieldList> Headers;
  Value Method = Value::caseOf(Kind::Variant, 0);
  bool BodyTaken = false;
};
struct RequestOptions {};

using HttpObject =
    std::variant<std::monostate, Fields, IncomingRequest, IncomingBody,
                 FutureTrailers, OutgoingBody, OutgoingResponse,
                 ResponseOutparam, OutgoingRequest, RequestOptions>;

namespace {

const char *const kMethods[] = {"GET",     "HEAD",    "POST",
                                "PUT",     "DELETE",  "CONNECT",
                                "OPTIONS", "TRACE",   "PATCH"};
constexpr uint32_t kMethodOther = 9;
constexpr uint32_t kErrHttpRequestDenied = 15;
constexpr uint32_t kErrInternal = 38;
enum HeaderError : uint32_t { InvalidSyntax, Forbidden, Immutable };

} // namespace

struct HttpState {
  std::map<uint32_t, HttpObject> Table;
  uint32_t Next = 1;
  size_t MaxBodyBytes;
  HttpRequest Req;
  std::shared_ptr<std::string> ReqBody;
  std::shared_ptr<FieldList> ReqHeaders;
  std::optional<OutgoingResponse> Response;
  std::string ResponseError; ///< set(err(error-code)): what it said

  explicit HttpState(size_t Max) : MaxBodyBytes(Max) {}
  template <typename T> uint32_t add(T &&V) {
    while (Table.count(Next) || Next == 0)
      ++Next;
    uint32_t Rep = Next++;
    Table.emplace(Rep, HttpObject(std::in_place_type<T>, std::forward<T>(V)));
    return Rep;
  }
  template <typename T> T *get(uint32_t Rep) {
    auto It = Table.find(Rep);
    return It == Table.end() ? nullptr : std::get_if<T>(&It->second);
  }
  /// Removes an own handle the guest passed in; the object, if it is a T.
  template <typename T> std::optional<T> take(uint32_t Rep) {
    T *P = get<T>(Rep);
    if (!P)
      return std::nullopt;
    std::optional<T> V(std::move(*P));
    Table.erase(Rep);
    return V;
  }
};

namespace {

bool isToken(std::string_view S) {
  if (S.empty())
    return false;
  for (unsigned char C : S)
    if (!(std::isalnum(C) || std::strchr("!#$%&'*+-.^_`|~", C)))
      return false;
  return true;
}

bool validValue(std::string_view S) {
  return S.find_first_of(std::string_view("\r\n\0", 3)) == S.npos;
}

bool equalNoCase(std::string_view A, std::string_view B) {
  return A.size() == B.size() &&
         std::equal(A.begin(), A.end(), B.begin(), [](char X, char Y) {
           return std::tolower((unsigned char)X) == std::tolower((unsigned char)Y);
         });
}

bool forbidden(std::string_view Name) {
  for (const char *F : {"connection", "keep-alive", "proxy-connection",
                        "transfer-encoding", "upgrade"})
    if (equalNoCase(Name, F))
      return true;
  return false;
}

/// A list<u8> Value's bytes as a string.
std::string str(const Value &V) {
  std::string Scratch;
  return std::string(V.byteView(Scratch));
}
Value bytesOf(std::string_view S) {
  return bytes(reinterpret_cast<const uint8_t *>(S.data()), S.size());
}
Value headerErr(HeaderError E) {
  return err(Value::caseOf(Kind::Variant, E));
}
/// The reason a name/value pair may not be stored, or none.
std::optional<HeaderError> checkField(const Fields &F, std::string_view Name,
                                      std::string_view Val) {
  if (F.Immutable)
    return Immutable;
  if (!isToken(Name) || !validValue(Val))
    return InvalidSyntax;
  if (forbidden(Name))
    return Forbidden;
  return std::nullopt;
}

Value methodValue(const std::string &M) {
  for (uint32_t I = 0; I < std::size(kMethods); ++I)
    if (M == kMethods[I])
      return Value::caseOf(Kind::Variant, I);
  return Value::caseOf(Kind::Variant, kMethodOther, {Value::string(M)});
}

Value optString(const std::string &S) {
  return S.empty() ? none() : some(Value::string(S));
}

using HttpPtr = std::shared_ptr<HttpState>;
using WasiPtr = std::shared_ptr<State>;

std::string typesName(const char *Fn) { return name("http/types", Fn); }

/// Defines "[method]RES.FN" etc. whose first argument is a borrow<RES>
/// stored as a T: \p Body gets the object.
template <typename T, typename F>
void defMethod(ComponentLinker &L, const HttpPtr &H, const char *Res,
               const char *Fn, F Body) {
  L.defineFunc(typesName(fmt::format("[method]{}.{}", Res, Fn).c_str()),
               [H, Res, Body](Args A) -> Results {
                 T *Obj = H->get<T>(uint32_t(A[0].Bits));
                 if (!Obj)
                   return badHandle(Res);
                 return Body(*H, *Obj, A);
               });
}

void defineFields(ComponentLinker &L, const HttpPtr &H) {
  L.defineFunc(typesName("[constructor]fields"), [H](Args) -> Results {
    return one(own(H->add(Fields{})));
  });
  L.defineFunc(typesName("[static]fields.from-list"), [H](Args A) -> Results {
    Fields F;
    for (const Value &E : A[0].Items) {
      std::string V = str(E.Items[1]);
      if (auto Bad = checkField(F, E.Items[0].Str, V))
        return one(headerErr(*Bad));
      F.L->emplace_back(E.Items[0].Str, std::move(V));
    }
    return one(ok(own(H->add(std::move(F)))));
  });
  defMethod<Fields>(L, H, "fields", "get", [](HttpState &, Fields &F, Args A) -> Results {
    std::vector<Value> Vs;
    for (const auto &[K, V] : *F.L)
      if (equalNoCase(K, A[1].Str))
        Vs.push_back(bytesOf(V));
    return one(Value::list(std::move(Vs)));
  });
  defMethod<Fields>(L, H, "fields", "has", [](HttpState &, Fields &F, Args A) -> Results {
    bool Has = std::any_of(F.L->begin(), F.L->end(), [&](const auto &KV) {
      return equalNoCase(KV.first, A[1].Str);
    });
    return one(Value::boolean(Has));
  });
  auto Erase = [](Fields &F, std::string_view Name) {
    std::erase_if(*F.L, [&](const auto &KV) { return equalNoCase(KV.first, Name); });
  };
  defMethod<Fields>(L, H, "fields", "set", [Erase](HttpState &, Fields &F, Args A) -> Results {
    std::vector<std::string> Vs;
    for (const Value &V : A[2].Items) {
      Vs.push_back(str(V));
      if (auto Bad = checkField(F, A[1].Str, Vs.back()))
        return one(headerErr(*Bad));
    }
    if (auto Bad = checkField(F, A[1].Str, ""))
      return one(headerErr(*Bad));
    Erase(F, A[1].Str);
    for (std::string &V : Vs)
      F.L->emplace_back(A[1].Str, std::move(V));
    return one(ok());
  });
  defMethod<Fields>(L, H, "fields", "delete", [Erase](HttpState &, Fields &F, Args A) -> Results {
    if (auto Bad = checkField(F, A[1].Str, ""))
      return one(headerErr(*Bad));
    Erase(F, A[1].Str);
    return one(ok());
  });
  defMethod<Fields>(L, H, "fields", "append", [](HttpState &, Fields &F, Args A) -> Results {
    std::string V = str(A[2]);
    if (auto Bad = checkField(F, A[1].Str, V))
      return one(headerErr(*Bad));
    F.L->emplace_back(A[1].Str, std::move(V));
    return one(ok());
  });
  defMethod<Fields>(L, H, "fields", "entries", [](HttpState &, Fields &F, Args) -> Results {
    std::vector<Value> Es;
    for (const auto &[K, V] : *F.L)
      Es.push_back(Value::tuple({Value::string(K), bytesOf(V)}));
    return one(Value::list(std::move(Es)));
  });
  defMethod<Fields>(L, H, "fields", "clone", [](HttpState &S, Fields &F, Args) -> Results {
    Fields C;
    *C.L = *F.L;
    return one(own(S.add(std::move(C))));
  });
  L.defineFunc(typesName("http-error-code"),
               [](Args) -> Results { return one(none()); });
}

void defineIncoming(ComponentLinker &L, const HttpPtr &H, const WasiPtr &W) {
  using IR = IncomingRequest;
  defMethod<IR>(L, H, "incoming-request", "method", [](HttpState &S, IR &, Args) -> Results {
    return one(methodValue(S.Req.Method));
  });
  defMethod<IR>(L, H, "incoming-request", "path-with-query", [](HttpState &S, IR &, Args) -> Results {
    return one(some(Value::string(S.Req.PathWithQuery)));
  });
  defMethod<IR>(L, H, "incoming-request", "scheme", [](HttpState &S, IR &, Args) -> Results {
    const std::string &Sc = S.Req.Scheme;
    if (Sc.empty())
      return one(none());
    if (Sc == "http" || Sc == "https")
      return one(some(Value::caseOf(Kind::Variant, Sc == "https")));
    return one(some(Value::caseOf(Kind::Variant, 2, {Value::string(Sc)})));
  });
  defMethod<IR>(L, H, "incoming-request", "authority", [](HttpState &S, IR &, Args) -> Results {
    return one(optString(S.Req.Authority));
  });
  defMethod<IR>(L, H, "incoming-request", "headers", [](HttpState &S, IR &, Args) -> Results {
    return one(own(S.add(Fields{S.ReqHeaders, true})));
  });
  defMethod<IR>(L, H, "incoming-request", "consume", [](HttpState &S, IR &R, Args) -> Results {
    if (R.Consumed)
      return one(Value::caseOf(Kind::Result, 1));
    R.Consumed = true;
    return one(ok(own(S.add(IncomingBody{S.ReqBody}))));
  });
  defMethod<IncomingBody>(L, H, "incoming-body", "stream",
                          [W](HttpState &, IncomingBody &B, Args) -> Results {
    if (B.StreamTaken)
      return one(Value::caseOf(Kind::Result, 1));
    B.StreamTaken = true;
    Stream St;
    St.Mem = B.Data;
    return one(ok(own(W->add(std::move(St)))));
  });
  L.defineFunc(typesName("[static]incoming-body.finish"), [H](Args A) -> Results {
    if (!H->take<IncomingBody>(uint32_t(A[0].Bits)))
      return badHandle("incoming-body");
    return one(own(H->add(FutureTrailers{})));
  });
  defMethod<FutureTrailers>(L, H, "future-trailers", "subscribe",
                            [W](HttpState &, FutureTrailers &, Args) -> Results {
    return one(own(W->add(Pollable{})));
  });
  // Trailers are never received: ready at once, with none.
  defMethod<FutureTrailers>(L, H, "future-trailers", "get",
                            [](HttpState &, FutureTrailers &, Args) -> Results {
    return one(some(ok(ok(none()))));
  });
}

void defineOutgoing(ComponentLinker &L, const HttpPtr &H, const WasiPtr &W) {
  using OR = OutgoingResponse;
  L.defineFunc(typesName("[constructor]outgoing-response"), [H](Args A) -> Results {
    auto F = H->take<Fields>(uint32_t(A[0].Bits));
    if (!F)
      return badHandle("fields");
    OR R;
    R.Headers = F->L;
    return one(own(H->add(std::move(R))));
  });
  defMethod<OR>(L, H, "outgoing-response", "status-code", [](HttpState &, OR &R, Args) -> Results {
    return one(Value::u(Kind::U16, R.Status));
  });
  defMethod<OR>(L, H, "outgoing-response", "set-status-code", [](HttpState &, OR &R, Args A) -> Results {
    if (A[1].Bits < 100 || A[1].Bits > 999)
      return one(Value::caseOf(Kind::Result, 1));
    R.Status = uint16_t(A[1].Bits);
    return one(ok());
  });
  defMethod<OR>(L, H, "outgoing-response", "headers", [](HttpState &S, OR &R, Args) -> Results {
    return one(own(S.add(Fields{R.Headers, false})));
  });
  defMethod<OR>(L, H, "outgoing-response", "body", [](HttpState &S, OR &R, Args) -> Results {
    if (R.BodyTaken)
      return one(Value::caseOf(Kind::Result, 1));
    R.BodyTaken = true;
    return one(ok(own(S.add(OutgoingBody{R.Body}))));
  });
  defMethod<OutgoingBody>(L, H, "outgoing-body", "write",
                          [W](HttpState &S, OutgoingBody &B, Args) -> Results {
    if (B.WriteTaken)
      return one(Value::caseOf(Kind::Result, 1));
    B.WriteTaken = true;
    Stream St;
    St.Mem = B.Data;
    St.MemLimit = S.MaxBodyBytes;
    return one(ok(own(W->add(std::move(St)))));
  });
  L.defineFunc(typesName("[static]outgoing-body.finish"), [H](Args A) -> Results {
    if (!H->take<OutgoingBody>(uint32_t(A[0].Bits)))
      return badHandle("outgoing-body");
    if (const Value *T = A[1].payload())
      H->Table.erase(uint32_t(T->Bits));
    return one(ok());
  });
  L.defineFunc(typesName("[static]response-outparam.set"), [H](Args A) -> Results {
    if (!H->take<ResponseOutparam>(uint32_t(A[0].Bits)))
      return badHandle("response-outparam");
    const Value &R = A[1];
    if (R.Case == 0) {
      auto Resp = H->take<OR>(uint32_t(R.Items[0].Bits));
      if (!Resp)
        return badHandle("outgoing-response");
      H->Response = std::move(*Resp);
    } else {
      const Value &E = R.Items[0];
      H->ResponseError = fmt::format("the handler set error-code case {}", E.Case);
      if (E.Case == kErrInternal && E.payload() && E.payload()->payload())
        H->ResponseError += ": " + E.payload()->payload()->Str;
    }
    return std::vector<Value>{};
  });
  L.defineFunc(typesName("[method]response-outparam.send-informational"),
               [](Args) -> Results {
                 return one(err(Value::caseOf(Kind::Variant, kErrInternal,
                                              {none()})));
               });
}

/// Outbound HTTP: requests can be built, never sent.
void defineOutbound(ComponentLinker &L, const HttpPtr &H) {
  using OQ = OutgoingRequest;
  L.defineFunc(typesName("[constructor]outgoing-request"), [H](Args A) -> Results {
    auto F = H->take<Fields>(uint32_t(A[0].Bits));
    if (!F)
      return badHandle("fields");
    OQ R;
    R.Headers = F->L;
    return one(own(H->add(std::move(R))));
  });
  defMethod<OQ>(L, H, "outgoing-request", "body", [](HttpState &S, OQ &R, Args) -> Results {
    if (R.BodyTaken)
      return one(Value::caseOf(Kind::Result, 1));
    R.BodyTaken = true;
    return one(ok(own(S.add(OutgoingBody{}))));
  });
  defMethod<OQ>(L, H, "outgoing-request", "method", [](HttpState &, OQ &R, Args) -> Results {
    return one(R.Method);
  });
  defMethod<OQ>(L, H, "outgoing-request", "set-method", [](HttpState &, OQ &R, Args A) -> Results {
    R.Method = A[1];
    return one(ok());
  });
  defMethod<OQ>(L, H, "outgoing-request", "headers", [](HttpState &S, OQ &R, Args) -> Results {
    return one(own(S.add(Fields{R.Headers, false})));
  });
  for (const char *G : {"path-with-query", "scheme", "authority"}) {
    defMethod<OQ>(L, H, "outgoing-request", G, [](HttpState &, OQ &, Args) -> Results {
      return one(none());
    });
    defMethod<OQ>(L, H, "outgoing-request", fmt::format("set-{}", G).c_str(),
                  [](HttpState &, OQ &, Args) -> Results { return one(ok()); });
  }
  L.defineFunc(typesName("[constructor]request-options"), [H](Args) -> Results {
    return one(own(H->add(RequestOptions{})));
  });
  for (const char *T : {"connect-timeout", "first-byte-timeout",
                        "between-bytes-timeout"}) {
    defMethod<RequestOptions>(L, H, "request-options", T,
                              [](HttpState &, RequestOptions &, Args) -> Results {
                                return one(none());
                              });
    defMethod<RequestOptions>(L, H, "request-options",
                              fmt::format("set-{}", T).c_str(),
                              [](HttpState &, RequestOptions &, Args) -> Results {
                                return one(ok());
                              });
  }
  // Never created here (no outbound responses): any handle is a bad one.
  for (const char *M : {"[method]incoming-response.status",
                        "[method]incoming-response.headers",
                        "[method]incoming-response.consume",
                        "[method]future-incoming-response.subscribe",
                        "[method]future-incoming-response.get"})
    L.defineFunc(typesName(M), [](Args) -> Results {
      return badHandle("incoming-response");
    });
  L.defineFunc(name("http/outgoing-handler", "handle"), [H](Args A) -> Results {
    H->Table.erase(uint32_t(A[0].Bits));
    if (const Value *O = A[1].payload())
      H->Table.erase(uint32_t(O->Bits));
    return one(err(Value::caseOf(Kind::Variant, kErrHttpRequestDenied)));
  });
}

} // namespace

} // namespace wasmaot::runtime::component::p2

namespace wasmaot::runtime::component {

const abi::component::Export *findIncomingHandler(const Component &C) {
  for (const abi::component::Export &E : C.meta().Exports)
    if (E.Name.starts_with("wasi:http/incoming-handler@0.2.") &&
        E.Name.ends_with("#handle"))
      return &E;
  return nullptr;
}

WasiHttpHost::WasiHttpHost(WasiCtx &Ctx, size_t MaxBodyBytes)
    : Wasi(p2::defineWasiP2State(L, Ctx)),
      Http(std::make_shared<p2::HttpState>(MaxBodyBytes)) {
  auto Drop = [W = std::weak_ptr<p2::HttpState>(Http)](uint32_t Rep) {
    if (auto P = W.lock())
      P->Table.erase(Rep);
  };
  for (const char *R : {"fields", "incoming-request", "outgoing-request",
                        "request-options", "response-outparam",
                        "incoming-response", "incoming-body", "future-trailers",
                        "outgoing-response", "outgoing-body",
                        "future-incoming-response"})
    L.defineResource(p2::typesName(R), Drop);
  p2::defineFields(L, Http);
  p2::defineIncoming(L, Http, Wasi);
  p2::defineOutgoing(L, Http, Wasi);
  p2::defineOutbound(L, Http);
}

WasiHttpHost::~WasiHttpHost() = default;

void WasiHttpHost::bindNames(const Component &C) {
  for (const abi::component::Import &Imp : C.meta().Imports)
    if (const ComponentHostFunc *F = L.get(Imp.Name))
      L.defineFunc(Imp.Name, ComponentHostFunc(*F));
  for (const abi::component::Resource &R : C.meta().Resources)
    if (R.Host)
      if (const auto *D = L.resourceDrop(R.Name))
        L.defineResource(R.Name, std::function<void(uint32_t)>(*D));
}

Outcome<HttpResponse> WasiHttpHost::handle(ComponentInstance &I,
                                           HttpRequest Req) {
  const abi::component::Export *E = findIncomingHandler(I.component());
  if (!E)
    return Error{ErrorKind::Link, Error::kNoOffset,
                 "the component exports no wasi:http/incoming-handler@0.2.x"
                 "#handle",
                 {}};
  p2::HttpState &S = *Http;
  // What the previous request left behind goes now.
  Wasi->Table.clear();
  Wasi->DeadlineNs = 0;
  if (TimeoutNs) {
    struct timespec T;
    clock_gettime(CLOCK_MONOTONIC, &T);
    Wasi->DeadlineNs =
        uint64_t(T.tv_sec) * 1000000000ull + uint64_t(T.tv_nsec) + TimeoutNs;
  }
  S.Table.clear();
  S.Response.reset();
  S.ResponseError.clear();
  S.ReqBody = std::make_shared<std::string>(std::move(Req.Body));
  S.ReqHeaders = std::make_shared<HttpHeaders>(std::move(Req.Headers));
  S.Req = std::move(Req);
  uint32_t In = S.add(p2::IncomingRequest{});
  uint32_t Out = S.add(p2::ResponseOutparam{});
  Value Args[] = {Value::handle(Kind::Own, In), Value::handle(Kind::Own, Out)};
  auto R = I.call(E->Name, Args);
  if (R.isTrap())
    return R.takeTrap();
  if (R.isError())
    return R.takeError();
  if (!S.Response)
    return Error{ErrorKind::Invalid, Error::kNoOffset,
                 S.ResponseError.empty()
                     ? "the handler returned without setting a response"
                     : S.ResponseError,
                 {}};
  HttpResponse Resp;
  Resp.Status = S.Response->Status;
  Resp.Headers = *S.Response->Headers;
  Resp.Body = std::move(*S.Response->Body);
  return Resp;
}

} // namespace wasmaot::runtime::component
