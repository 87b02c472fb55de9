// A wasi:sockets 0.2 guest against the Canonical ABI by hand, no libc (the
// `sock-test` world of sock-test.wit; wasi-libc's preview1 cannot create
// sockets). argv[1] picks the mode; each prints what it saw to stdout:
//   deny           create-tcp-socket, create-udp-socket and
//                  resolve-addresses without the grants: access-denied
//   tcp PORT       connect to 127.0.0.1:PORT (an echo server), send a
//                  line, shut down sending, read the echo to the end
//   listen         listen on 127.0.0.1:0, connect to it, accept, send both
//                  ways, socket options
//   udp            two UDP sockets on 127.0.0.1 send each other a datagram
//   lookup NAME    resolve NAME, print the first address
// Built at test time by sockets_tests.cmake (clang-19, make-component.mjs).
#include <stddef.h>
#include <stdint.h>

#define IMPORT(module, name) \
  __attribute__((import_module(module), import_name(name)))
#define TCP "wasi:sockets/tcp@0.2.12"
#define UDP "wasi:sockets/udp@0.2.12"
#define LOOKUP "wasi:sockets/ip-name-lookup@0.2.12"
#define STREAMS "wasi:io/streams@0.2.12"
#define POLL "wasi:io/poll@0.2.12"

// An ip-socket-address flattened: discriminant + 11 joined i32 slots.
#define ADDR4(port, a, b, c, d) 0, port, a, b, c, d, 0, 0, 0, 0, 0, 0
#define ADDR_PARAMS                                                          \
  int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t, int32_t,  \
      int32_t, int32_t, int32_t, int32_t

IMPORT("wasi:sockets/instance-network@0.2.12", "instance-network")
int32_t instance_network(void);
IMPORT("wasi:sockets/tcp-create-socket@0.2.12", "create-tcp-socket")
void create_tcp(int32_t family, void *ret);
IMPORT("wasi:sockets/udp-create-socket@0.2.12", "create-udp-socket")
void create_udp(int32_t family, void *ret);
IMPORT(TCP, "[method]tcp-socket.start-bind")
void tcp_start_bind(int32_t s, int32_t net, ADDR_PARAMS, void *ret);
IMPORT(TCP, "[method]tcp-socket.finish-bind")
void tcp_finish_bind(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.start-connect")
void tcp_start_connect(int32_t s, int32_t net, ADDR_PARAMS, void *ret);
IMPORT(TCP, "[method]tcp-socket.finish-connect")
void tcp_finish_connect(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.start-listen")
void tcp_start_listen(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.finish-listen")
void tcp_finish_listen(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.accept")
void tcp_accept(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.local-address")
void tcp_local_address(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.remote-address")
void tcp_remote_address(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.set-keep-alive-enabled")
void tcp_set_keep_alive(int32_t s, int32_t on, void *ret);
IMPORT(TCP, "[method]tcp-socket.keep-alive-enabled")
void tcp_keep_alive(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.set-hop-limit")
void tcp_set_hop_limit(int32_t s, int32_t v, void *ret);
IMPORT(TCP, "[method]tcp-socket.hop-limit")
void tcp_hop_limit(int32_t s, void *ret);
IMPORT(TCP, "[method]tcp-socket.is-listening")
int32_t tcp_is_listening(int32_t s);
IMPORT(TCP, "[method]tcp-socket.subscribe")
int32_t tcp_subscribe(int32_t s);
IMPORT(TCP, "[method]tcp-socket.shutdown")
void tcp_shutdown(int32_t s, int32_t how, void *ret);
IMPORT(UDP, "[method]udp-socket.start-bind")
void udp_start_bind(int32_t s, int32_t net, ADDR_PARAMS, void *ret);
IMPORT(UDP, "[method]udp-socket.finish-bind")
void udp_finish_bind(int32_t s, void *ret);
IMPORT(UDP, "[method]udp-socket.local-address")
void udp_local_address(int32_t s, void *ret);
IMPORT(UDP, "[method]udp-socket.stream")
void udp_stream(int32_t s, int32_t some, ADDR_PARAMS, void *ret);
IMPORT(UDP, "[method]outgoing-datagram-stream.check-send")
void udp_check_send(int32_t s, void *ret);
IMPORT(UDP, "[method]outgoing-datagram-stream.send")
void udp_send(int32_t s, const void *p, size_t n, void *ret);
IMPORT(UDP, "[method]incoming-datagram-stream.receive")
void udp_receive(int32_t s, int64_t max, void *ret);
IMPORT(UDP, "[method]incoming-datagram-stream.subscribe")
int32_t udp_in_subscribe(int32_t s);
IMPORT(LOOKUP, "resolve-addresses")
void resolve_addresses(int32_t net, const char *p, size_t n, void *ret);
IMPORT(LOOKUP, "[method]resolve-address-stream.resolve-next-address")
void resolve_next(int32_t s, void *ret);
IMPORT(POLL, "[method]pollable.block")
void pollable_block(int32_t p);
IMPORT(POLL, "[resource-drop]pollable")
void drop_pollable(int32_t p);
IMPORT(STREAMS, "[method]input-stream.blocking-read")
void stream_read(int32_t s, int64_t len, void *ret);
IMPORT(STREAMS, "[method]output-stream.blocking-write-and-flush")
void stream_write(int32_t s, const void *p, size_t len, void *ret);
IMPORT("wasi:cli/stdout@0.2.12", "get-stdout")
int32_t get_stdout(void);
IMPORT("wasi:cli/environment@0.2.12", "get-arguments")
void get_arguments(void *ret);

// ---- A bump allocator (the component's realloc).
extern unsigned char __heap_base;
static uintptr_t heap_top;

__attribute__((export_name("cabi_realloc"))) void *
cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  if (!heap_top)
    heap_top = (uintptr_t)&__heap_base;
  uintptr_t p = (heap_top + align - 1) & ~(uintptr_t)(align - 1);
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (p + new_size > have &&
      __builtin_wasm_memory_grow(0, (p + new_size - have + 65535) / 65536) ==
          (size_t)-1)
    __builtin_trap();
  heap_top = p + new_size;
  unsigned char *d = (unsigned char *)p;
  const unsigned char *s = old;
  for (size_t i = 0; i < old_size && i < new_size; ++i)
    d[i] = s[i];
  return d;
}

// ---- Output.
static int32_t out;
static _Alignas(8) uint8_t ret[64];
static uint32_t u32at(int off) { return *(uint32_t *)(ret + off); }
static uint16_t u16at(int off) { return *(uint16_t *)(ret + off); }

static size_t slen(const char *s) {
  size_t n = 0;
  while (s[n])
    ++n;
  return n;
}
static void write_(const void *p, size_t n) {
  _Alignas(8) uint8_t r[16];
  stream_write(out, p, n, r);
}
static void say(const char *s) { write_(s, slen(s)); }
static void num(uint64_t v) {
  char t[24];
  int i = 24;
  do
    t[--i] = (char)('0' + v % 10);
  while (v /= 10);
  write_(t + i, (size_t)(24 - i));
}

static const char *const codes[] = {
    "unknown", "access-denied", "not-supported", "invalid-argument",
    "out-of-memory", "timeout", "concurrency-conflict", "not-in-progress",
    "would-block", "invalid-state", "new-socket-limit",
    "address-not-bindable", "address-in-use", "remote-unreachable",
    "connection-refused", "connection-reset", "connection-aborted",
    "datagram-too-large", "name-unresolvable", "temporary-resolver-failure",
    "permanent-resolver-failure"};

/// A result<_, error-code> or result<T, error-code> in ret: 1 if ok, else
/// prints "WHAT: CODE" and returns 0. \p at is the payload offset.
static int check(const char *what, int at) {
  if (ret[0] == 0)
    return 1;
  say(what);
  say(": ");
  say(codes[ret[at]]);
  say("\n");
  return 0;
}

static void block_on(int32_t pollable) {
  pollable_block(pollable);
  drop_pollable(pollable);
}

/// Reads \p s to the end (or \p max bytes) into \p buf; returns the count.
static size_t read_all(int32_t s, char *buf, size_t max) {
  size_t n = 0;
  while (n < max) {
    stream_read(s, (int64_t)(max - n), ret);
    if (ret[0] != 0)
      break; // closed (or failed)
    const char *p = (const char *)u32at(4);
    for (uint32_t i = 0; i < u32at(8); ++i)
      buf[n++] = p[i];
  }
  return n;
}

static int32_t new_tcp(void) {
  create_tcp(0, ret);
  return check("create-tcp-socket", 4) ? (int32_t)u32at(4) : -1;
}

/// finish-connect, waiting on the socket's pollable while it would block.
static int connect_wait(int32_t s, int32_t *in, int32_t *outs) {
  for (;;) {
    tcp_finish_connect(s, ret);
    if (ret[0] == 0)
      break;
    if (ret[4] != 8) // would-block
      return check("finish-connect", 4);
    block_on(tcp_subscribe(s));
  }
  *in = (int32_t)u32at(4);
  *outs = (int32_t)u32at(8);
  return 1;
}

static int mode_deny(int32_t net) {
  create_tcp(0, ret);
  check("create-tcp-socket", 4);
  create_udp(1, ret);
  check("create-udp-socket", 4);
  resolve_addresses(net, "localhost", 9, ret);
  check("resolve-addresses", 4);
  return 0;
}

static int mode_tcp(int32_t net, uint32_t port) {
  int32_t s = new_tcp(), in, os;
  if (s < 0)
    return 1;
  tcp_start_connect(s, net, ADDR4((int32_t)port, 127, 0, 0, 1), ret);
  if (!check("start-connect", 1) || !connect_wait(s, &in, &os))
    return 1;
  tcp_remote_address(s, ret);
  if (check("remote-address", 4))
    say(u16at(8) == port ? "remote port: ok\n" : "remote port: wrong\n");
  const char msg[] = "hello over wasi:sockets\n";
  _Alignas(8) uint8_t r[16];
  stream_write(os, msg, sizeof msg - 1, r);
  tcp_shutdown(s, 1, ret); // send: the echo server sees the end
  check("shutdown", 1);
  static char buf[256];
  size_t n = read_all(in, buf, sizeof buf);
  say("echo: ");
  write_(buf, n);
  return 0;
}

static int mode_listen(int32_t net) {
  int32_t l = new_tcp(), c = new_tcp(), cin, cout;
  if (l < 0 || c < 0)
    return 1;
  tcp_start_listen(l, ret);
  check("listen before bind", 1); // invalid-state
  tcp_start_bind(l, net, ADDR4(0, 127, 0, 0, 1), ret);
  if (!check("start-bind", 1))
    return 1;
  tcp_finish_bind(l, ret);
  tcp_start_listen(l, ret);
  if (!check("start-listen", 1))
    return 1;
  tcp_finish_listen(l, ret);
  say(tcp_is_listening(l) ? "listening: yes\n" : "listening: no\n");
  tcp_local_address(l, ret);
  if (!check("local-address", 4))
    return 1;
  uint32_t port = u16at(8);
  say(port ? "bound to a port: yes\n" : "bound to a port: no\n");
  tcp_accept(l, ret);
  check("accept before a client", 4); // would-block
  tcp_start_connect(c, net, ADDR4((int32_t)port, 127, 0, 0, 1), ret);
  if (!check("start-connect", 1) || !connect_wait(c, &cin, &cout))
    return 1;
  for (;;) {
    tcp_accept(l, ret);
    if (ret[0] == 0 || ret[4] != 8)
      break;
    block_on(tcp_subscribe(l));
  }
  if (!check("accept", 4))
    return 1;
  int32_t a = (int32_t)u32at(4), ain = (int32_t)u32at(8),
          aout = (int32_t)u32at(12);
  _Alignas(8) uint8_t r[16];
  stream_write(cout, "ping", 4, r);
  stream_write(aout, "pong", 4, r);
  tcp_shutdown(c, 1, ret);
  tcp_shutdown(a, 1, ret);
  static char buf[64];
  size_t n = read_all(ain, buf, sizeof buf);
  say("server got: ");
  write_(buf, n);
  n = read_all(cin, buf, sizeof buf);
  say("\nclient got: ");
  write_(buf, n);
  say("\n");
  tcp_set_keep_alive(c, 1, ret);
  tcp_keep_alive(c, ret);
  say(check("keep-alive", 1) && ret[1] ? "keep-alive: on\n" : "keep-alive: off\n");
  tcp_set_hop_limit(c, 0, ret);
  check("hop-limit 0", 1); // invalid-argument
  tcp_set_hop_limit(c, 42, ret);
  tcp_hop_limit(c, ret);
  if (check("hop-limit", 1)) {
    say("hop-limit: ");
    num(ret[1]);
    say("\n");
  }
  return 0;
}

static int32_t new_udp_bound(int32_t net, uint32_t *port) {
  create_udp(0, ret);
  if (!check("create-udp-socket", 4))
    return -1;
  int32_t s = (int32_t)u32at(4);
  udp_start_bind(s, net, ADDR4(0, 127, 0, 0, 1), ret);
  if (!check("udp start-bind", 1))
    return -1;
  udp_finish_bind(s, ret);
  udp_local_address(s, ret);
  *port = u16at(8);
  return s;
}

static int mode_udp(int32_t net) {
  uint32_t pa, pb;
  int32_t a = new_udp_bound(net, &pa), b = new_udp_bound(net, &pb);
  if (a < 0 || b < 0)
    return 1;
  udp_stream(a, 0, ADDR4(0, 0, 0, 0, 0), ret); // unconnected
  if (!check("stream a", 4))
    return 1;
  int32_t aout = (int32_t)u32at(8);
  udp_stream(b, 0, ADDR4(0, 0, 0, 0, 0), ret);
  if (!check("stream b", 4))
    return 1;
  int32_t bin = (int32_t)u32at(4);
  udp_check_send(aout, ret);
  if (!check("check-send", 8))
    return 1;
  // One outgoing-datagram {data: list<u8>, remote-address: some(ipv4)}.
  static _Alignas(4) uint8_t d[44];
  static const char payload[] = "datagram!";
  *(uint32_t *)(d + 0) = (uint32_t)payload;
  *(uint32_t *)(d + 4) = 9;
  d[8] = 1;                       // some
  d[12] = 0;                      // ipv4
  *(uint16_t *)(d + 16) = (uint16_t)pb;
  d[18] = 127, d[19] = 0, d[20] = 0, d[21] = 1;
  udp_send(aout, d, 1, ret);
  if (!check("send", 8))
    return 1;
  say("sent: ");
  num(*(uint64_t *)(ret + 8));
  say("\n");
  for (;;) {
    udp_receive(bin, 4, ret);
    if (!check("receive", 4))
      return 1;
    if (u32at(8))
      break;
    block_on(udp_in_subscribe(bin));
  }
  const uint8_t *g = (const uint8_t *)u32at(4); // incoming-datagram
  say("received: ");
  write_((const void *)*(uint32_t *)g, *(uint32_t *)(g + 4));
  say(*(uint16_t *)(g + 12) == pa ? " from a\n" : " from elsewhere\n");
  return 0;
}

static int mode_lookup(int32_t net, const char *name, size_t n) {
  resolve_addresses(net, name, n, ret);
  if (!check("resolve-addresses", 4))
    return 1;
  int32_t s = (int32_t)u32at(4);
  resolve_next(s, ret);
  if (!check("resolve-next-address", 2))
    return 1;
  if (ret[2] == 0) {
    say("no address\n");
    return 0;
  }
  if (ret[4] == 0) {
    say("first address: ");
    for (int i = 0; i < 4; ++i) {
      num(ret[6 + i]);
      say(i < 3 ? "." : "\n");
    }
  } else {
    say("first address: ipv6\n");
  }
  return 0;
}

static uint32_t parse_num(const char *p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i)
    v = v * 10 + (uint32_t)(p[i] - '0');
  return v;
}
static int eq(const char *s, size_t n, const char *lit) {
  if (n != slen(lit))
    return 0;
  for (size_t i = 0; i < n; ++i)
    if (s[i] != lit[i])
      return 0;
  return 1;
}

__attribute__((export_name("wasi:cli/run@0.2.12#run"))) int32_t run(void) {
  out = get_stdout();
  get_arguments(ret);
  const uint32_t *argv = (const uint32_t *)u32at(0);
  uint32_t argc = u32at(4);
  if (argc < 2) {
    say("usage: MODE [ARG]\n");
    return 1;
  }
  const char *mode = (const char *)argv[2];
  size_t mlen = argv[3];
  const char *arg = argc > 2 ? (const char *)argv[4] : "";
  size_t alen = argc > 2 ? argv[5] : 0;
  int32_t net = instance_network();
  if (eq(mode, mlen, "deny"))
    return mode_deny(net);
  if (eq(mode, mlen, "tcp"))
    return mode_tcp(net, parse_num(arg, alen));
  if (eq(mode, mlen, "listen"))
    return mode_listen(net);
  if (eq(mode, mlen, "udp"))
    return mode_udp(net);
  if (eq(mode, mlen, "lookup"))
    return mode_lookup(net, arg, alen);
  say("unknown mode\n");
  return 1;
}
