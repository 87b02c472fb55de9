// A wasi:http/incoming-handler guest against the Canonical ABI by hand, no
// libc: the `http-echo` world of http-echo.wit. It answers
//   /trap       with a trap (unreachable)
//   /loop       never (an endless loop: only an epoch deadline ends it)
//   /grow       by growing memory a page at a time until memory.grow fails,
//               then trapping (an out-of-memory guest)
//   /sleep      after waiting an hour in wasi:io/poll (only the host's
//               deadline ends it)
//   /status/N   with status N and an empty body
//   anything else: 200, text/plain, the method, the path, every request
//               header (`name: value`) and the body length, then the body;
//               header x-echo-method holds the method
// Results that do not fit one flat value come back through a return area
// laid out as CanonicalABI.md stores them. http-echo.wasm is the component,
// checked in; rebuild it with build.sh (clang-19 and jco: `npm ci --prefix
// tools`).
#include <stddef.h>
#include <stdint.h>

#define IMPORT(module, name) \
  __attribute__((import_module(module), import_name(name)))
#define HTTP "wasi:http/types@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"

// ---- Imports (handles are i32; borrow<T> and own<T> alike).
IMPORT(HTTP, "[method]incoming-request.method")
void req_method(int32_t req, void *ret);
IMPORT(HTTP, "[method]incoming-request.path-with-query")
void req_path(int32_t req, void *ret);
IMPORT(HTTP, "[method]incoming-request.headers")
int32_t req_headers(int32_t req);
IMPORT(HTTP, "[method]incoming-request.consume")
void req_consume(int32_t req, void *ret);
IMPORT(HTTP, "[method]incoming-body.stream")
void body_stream(int32_t body, void *ret);
IMPORT(HTTP, "[static]incoming-body.finish")
int32_t body_finish(int32_t body);
IMPORT(HTTP, "[resource-drop]future-trailers")
void drop_future_trailers(int32_t h);
IMPORT(HTTP, "[resource-drop]incoming-request")
void drop_incoming_request(int32_t h);
IMPORT(HTTP, "[constructor]fields")
int32_t fields_new(void);
IMPORT(HTTP, "[method]fields.entries")
void fields_entries(int32_t f, void *ret);
IMPORT(HTTP, "[method]fields.append")
void fields_append(int32_t f, const char *name, size_t name_len,
                   const char *value, size_t value_len, void *ret);
IMPORT(HTTP, "[resource-drop]fields")
void drop_fields(int32_t h);
IMPORT(HTTP, "[constructor]outgoing-response")
int32_t response_new(int32_t headers);
IMPORT(HTTP, "[method]outgoing-response.set-status-code")
int32_t response_set_status(int32_t resp, int32_t status);
IMPORT(HTTP, "[method]outgoing-response.body")
void response_body(int32_t resp, void *ret);
IMPORT(HTTP, "[method]outgoing-body.write")
void outbody_write(int32_t body, void *ret);
IMPORT(HTTP, "[static]outgoing-body.finish")
void outbody_finish(int32_t body, int32_t has_trailers, int32_t trailers,
                    void *ret);
// response: result<own<outgoing-response>, error-code>, flattened: the
// case, then the join of own (i32) and error-code (i32 case, i32, i64, i32,
// i32, i32, i32).
IMPORT(HTTP, "[static]response-outparam.set")
void outparam_set(int32_t param, int32_t is_err, int32_t resp, int32_t a,
                  int64_t b, int32_t c, int32_t d, int32_t e, int32_t f);
IMPORT(STREAMS, "[method]input-stream.blocking-read")
void stream_read(int32_t s, int64_t len, void *ret);
IMPORT(STREAMS, "[resource-drop]input-stream")
void drop_input_stream(int32_t h);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush")
void stream_write(int32_t s, const void *p, size_t len, void *ret);
IMPORT(STREAMS, "[resource-drop]output-stream")
void drop_output_stream(int32_t h);
IMPORT("wasi:clocks/monotonic-clock@0.2.12", "subscribe-duration")
int32_t subscribe_duration(int64_t ns);
IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block")
void pollable_block(int32_t p);

// ---- A bump allocator over linear memory (the component's realloc).
extern unsigned char __heap_base;
static uintptr_t heap_top;

__attribute__((export_name("cabi_realloc"))) void *
cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  if (!heap_top)
    heap_top = (uintptr_t)&__heap_base;
  if (old && new_size <= old_size)
    return old;
  uintptr_t p = (heap_top + align - 1) & ~(uintptr_t)(align - 1);
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (p + new_size > have) {
    size_t pages = (p + new_size - have + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1)
      __builtin_trap();
  }
  heap_top = p + new_size;
  unsigned char *d = (unsigned char *)p;
  const unsigned char *s = old;
  for (size_t i = 0; i < old_size && i < new_size; ++i)
    d[i] = s[i];
  return d;
}

// ---- A growable text buffer.
typedef struct {
  char *p;
  size_t len, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n)
      cap *= 2;
    b->p = cabi_realloc(b->p, b->cap, 1, cap);
    b->cap = cap;
  }
  for (size_t i = 0; i < n; ++i)
    b->p[b->len + i] = s[i];
  b->len += n;
}
static size_t slen(const char *s) {
  size_t n = 0;
  while (s[n])
    ++n;
  return n;
}
static void puts_(buf *b, const char *s) { put(b, s, slen(s)); }
static void putnum(buf *b, uint64_t v) {
  char t[24];
  int i = 24;
  do
    t[--i] = (char)('0' + v % 10);
  while (v /= 10);
  put(b, t + i, (size_t)(24 - i));
}
static int eq(const char *s, size_t n, const char *lit) {
  size_t m = slen(lit);
  if (n != m)
    return 0;
  for (size_t i = 0; i < n; ++i)
    if (s[i] != lit[i])
      return 0;
  return 1;
}
static int starts(const char *s, size_t n, const char *lit) {
  size_t m = slen(lit);
  return n >= m && eq(s, m, lit);
}

static const char *const methods[] = {"GET",     "HEAD",  "POST",
                                      "PUT",     "DELETE", "CONNECT",
                                      "OPTIONS", "TRACE", "PATCH"};

static _Alignas(8) uint8_t ret[64];
static uint32_t u32at(int off) { return *(uint32_t *)(ret + off); }

static void respond(int32_t out, int32_t status, buf *body,
                    const char *method) {
  int32_t headers = fields_new();
  fields_append(headers, "content-type", 12, "text/plain", 10, ret);
  if (method)
    fields_append(headers, "x-echo-method", 13, method, slen(method), ret);
  int32_t resp = response_new(headers);
  response_set_status(resp, status);
  response_body(resp, ret);
  int32_t ob = (int32_t)u32at(4);
  outparam_set(out, 0, resp, 0, 0, 0, 0, 0, 0);
  outbody_write(ob, ret);
  int32_t os = (int32_t)u32at(4);
  for (size_t off = 0; body && off < body->len; off += 4096) {
    size_t n = body->len - off < 4096 ? body->len - off : 4096;
    stream_write(os, body->p + off, n, ret);
    if (ret[0])
      __builtin_trap(); // the host closed the body: nothing to do
  }
  drop_output_stream(os);
  outbody_finish(ob, 0, 0, ret);
}

/// Reads the whole request body into \p b.
static void read_body(int32_t req, buf *b) {
  req_consume(req, ret);
  if (ret[0])
    return;
  int32_t body = (int32_t)u32at(4);
  body_stream(body, ret);
  int32_t in = (int32_t)u32at(4);
  for (;;) {
    stream_read(in, 65536, ret);
    if (ret[0])
      break; // closed (or failed): the end
    put(b, (const char *)(uintptr_t)u32at(4), u32at(8));
  }
  drop_input_stream(in);
  drop_future_trailers(body_finish(body));
}

__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle"))) void
handle(int32_t req, int32_t out) {
  req_method(req, ret);
  const char *method;
  size_t method_len;
  if (ret[0] < 9) {
    method = methods[ret[0]];
    method_len = slen(method);
  } else {
    method = (const char *)(uintptr_t)u32at(4);
    method_len = u32at(8);
  }
  req_path(req, ret);
  const char *path = ret[0] ? (const char *)(uintptr_t)u32at(4) : "";
  size_t path_len = ret[0] ? u32at(8) : 0;

  if (eq(path, path_len, "/trap"))
    __builtin_trap();
  if (eq(path, path_len, "/loop")) {
    volatile uint64_t spins = 0;
    for (;;)
      ++spins;
  }
  if (eq(path, path_len, "/sleep")) {
    pollable_block(subscribe_duration(3600ll * 1000000000ll));
    __builtin_trap();
  }
  if (eq(path, path_len, "/grow")) {
    while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1)
      ;
    __builtin_trap();
  }
  if (starts(path, path_len, "/status/")) {
    int32_t status = 0;
    for (size_t i = 8; i < path_len; ++i)
      status = status * 10 + (path[i] - '0');
    drop_incoming_request(req);
    respond(out, status, 0, 0);
    return;
  }

  buf b = {0};
  put(&b, method, method_len);
  puts_(&b, " ");
  put(&b, path, path_len);
  puts_(&b, "\n");
  int32_t headers = req_headers(req);
  fields_entries(headers, ret);
  const uint32_t *e = (const uint32_t *)(uintptr_t)u32at(0);
  uint32_t n = u32at(4);
  for (uint32_t i = 0; i < n; ++i, e += 4) {
    put(&b, (const char *)(uintptr_t)e[0], e[1]);
    puts_(&b, ": ");
    put(&b, (const char *)(uintptr_t)e[2], e[3]);
    puts_(&b, "\n");
  }
  drop_fields(headers);
  buf body = {0};
  read_body(req, &body);
  drop_incoming_request(req);
  puts_(&b, "body: ");
  putnum(&b, body.len);
  puts_(&b, " bytes\n");
  put(&b, body.p, body.len);
  char m[16];
  size_t ml = method_len < 15 ? method_len : 15;
  for (size_t i = 0; i < ml; ++i)
    m[i] = method[i];
  m[ml] = 0;
  respond(out, 200, &b, m);
}
