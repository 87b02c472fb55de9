#!/usr/bin/env python3
"""End-to-end test of `wasmaot serve` with the http-echo guest.

    serve_test.py WASMAOT HTTP-ECHO.so [--bench N [BODY-BYTES]]
    serve_test.py WASMAOT JS-APP.so --js

Starts the server on an ephemeral port (--timeout 1 --max-memory 16
--threads 2) and checks, over plain sockets: the health endpoint, echoed
method/path/headers/bodies (Content-Length and chunked), keep-alive and
pipelining, a malformed request (400), /status/N, that a trap, a runaway loop
(epoch deadline), an hour-long wasi:io/poll wait (host deadline) and a memory
hog each answer 500 while the next request — and a
request served at the same time — succeed, and that SIGTERM stops the server
with exit status 0. Then the refusals: a missing file, a core module, a bad
--addr, an address in use (each a clear error and exit status), an oversized
body (413), HTTP/2.0 (505), HTTP/1.0 closing by default. With --bench N it instead measures N sequential
keep-alive requests (GETs, or POSTs of BODY-BYTES echoed back) and prints requests/s and latency percentiles.
"""
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


class Conn:
    """One HTTP/1.1 connection; reads responses by Content-Length."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def request(self, method, path, headers=(), body=None):
        h = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n"
        for k, v in headers:
            h += f"{k}: {v}\r\n"
        if body is not None:
            h += f"Content-Length: {len(body)}\r\n"
        self.send(h.encode() + b"\r\n" + (body or b""))
        return self.response(head_only=method == "HEAD")

    def _fill(self):
        d = self.s.recv(65536)
        if not d:
            raise EOFError("connection closed")
        self.buf += d

    def response(self, head_only=False):
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for l in lines[1:]:
            k, v = l.split(":", 1)
            headers[k.strip().lower()] = v.strip()
        n = 0 if head_only else int(headers.get("content-length", "0"))
        while len(self.buf) < n:
            self._fill()
        body, self.buf = self.buf[:n], self.buf[n:]
        return status, headers, body

    def closed_by_peer(self):
        try:
            self.s.settimeout(5)
            return self.s.recv(1) == b""
        except OSError:
            return True

    def close(self):
        self.s.close()


def start(wasmaot, app, *extra):
    p = subprocess.Popen(
        [wasmaot, "serve", app, "--addr", "127.0.0.1:0", *extra],
        stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.search(r"serving on http://127\.0\.0\.1:(\d+)", line)
    if not m:
        p.kill()
        sys.exit(f"server did not start: {line}{p.stderr.read()}")
    log = []
    t = threading.Thread(target=lambda: log.extend(p.stderr), daemon=True)
    t.start()
    return p, int(m.group(1)), log, t


def get(port, path, **kw):
    c = Conn(port)
    try:
        return c.request("GET", path, **kw)
    finally:
        c.close()


def functional(wasmaot, app):
    p, port, log, reader = start(wasmaot, app, "--timeout", "1",
                                 "--max-memory", "16", "--threads", "2")
    try:
        st, h, b = get(port, "/.well-known/wasmaot/health")
        check(st == 200 and b == b"ok\n", f"health: {st} {b!r}")

        st, h, b = get(port, "/hello?x=1", headers=[("X-Test", "abc")])
        check(st == 200, f"echo status {st}")
        check(b.startswith(b"GET /hello?x=1\n"), f"echo first line: {b!r}")
        check(b"X-Test: abc\n" in b and b"Host: localhost\n" in b,
              f"echo headers: {b!r}")
        check(b.endswith(b"body: 0 bytes\n"), f"echo empty body: {b!r}")
        check(h.get("x-echo-method") == "GET" and
              h.get("content-type") == "text/plain", f"response headers {h}")

        # Keep-alive: one connection, several requests, bodies by length.
        c = Conn(port)
        for i in range(5):
            body = f"hello {i} ".encode() * (i * 1000 + 1)
            st, h, b = c.request("POST", f"/post/{i}", body=body)
            check(st == 200 and b.startswith(f"POST /post/{i}\n".encode()) and
                  b.endswith(f"body: {len(body)} bytes\n".encode() + body),
                  f"keep-alive POST {i}: {st} {b[:80]!r}")
            check("connection" not in h, f"keep-alive kept: {h}")
        # Chunked request body (with an extension and a trailer), then a
        # pipelined pair of requests in one write.
        c.send(b"PUT /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked"
               b"\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-T: 1\r\n\r\n")
        st, h, b = c.response()
        check(st == 200 and b.endswith(b"body: 12 bytes\nhello, world"),
              f"chunked: {st} {b!r}")
        c.send(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nDELETE /b HTTP/1.1\r\n"
               b"Host: x\r\nConnection: close\r\n\r\n")
        st1, _, b1 = c.response()
        st2, h2, b2 = c.response()
        check(st1 == 200 and b1.startswith(b"GET /a\n"), f"pipelined 1: {b1!r}")
        check(st2 == 200 and b2.startswith(b"DELETE /b\n") and
              h2.get("connection") == "close", f"pipelined 2: {b2!r} {h2}")
        check(c.closed_by_peer(), "Connection: close closes")
        c.close()

        st, h, b = get(port, "/status/404")
        check(st == 404 and b == b"", f"/status/404: {st} {b!r}")
        c = Conn(port)
        c.send(b"GARBAGE\r\n\r\n")
        st, h, b = c.response()
        check(st == 400 and c.closed_by_peer(), f"malformed: {st}")
        c.close()
        c = Conn(port)
        c.send(b"POST /x HTTP/1.1\r\nContent-Length: 3\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
        st, h, b = c.response()
        check(st == 400, f"CL+TE smuggling refused: {st}")
        c.close()

        # Misbehaving guests: each answers 500, the next request is fine.
        for path in ["/trap", "/grow", "/loop", "/sleep"]:
            t0 = time.monotonic()
            st, h, b = get(port, path)
            dt = time.monotonic() - t0
            check(st == 500, f"{path}: {st}")
            st2, _, b2 = get(port, "/after")
            check(st2 == 200 and b2.startswith(b"GET /after\n"),
                  f"request after {path}: {st2}")
            if path in ("/loop", "/sleep"):
                check(0.9 <= dt < 5, f"{path} ended by the deadline: {dt:.2f}s")

        # A runaway request does not hold up one served at the same time.
        slow = threading.Thread(target=lambda: get(port, "/loop"))
        slow.start()
        time.sleep(0.2)
        t0 = time.monotonic()
        st, _, _ = get(port, "/during")
        dt = time.monotonic() - t0
        check(st == 200 and dt < 0.5, f"request beside a runaway: {st} {dt:.2f}s")
        slow.join()

        # Graceful shutdown: an idle keep-alive connection is no obstacle.
        idle = Conn(port)
        idle.request("GET", "/idle")
        p.send_signal(signal.SIGTERM)
        rc = p.wait(timeout=10)
        reader.join(timeout=5)
        check(rc == 0, f"exit status after SIGTERM: {rc}")
        text = "".join(log)
        check("GET /trap: trap:" in text and "unreachable" in text,
              f"trap logged: {text!r}")
        check("GET /loop: trap:" in text and "--timeout expired" in text,
              "deadline logged")
        check("GET /sleep: trap:" in text and "waiting in wasi:io/poll" in text,
              "deadline in a host wait logged")
        check(re.search(r"stopped after \d+ requests \(5 trapped\)", text),
              f"shutdown line: {text[-200:]!r}")
        idle.close()
    finally:
        if p.poll() is None:
            p.kill()


def bad_inputs(wasmaot, app):
    """Refusals at startup: a clear `FILE...: error: ...` and a status."""
    core = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "../../examples/hello.wasm")
    cases = [
        (["/nonexistent.so"], 2, "error: cannot open"),
        ([core], 1, "a core module, not a component"),
        ([app, "--addr", "nope"], 2, "is not HOST:PORT"),
        ([app, "--addr", "1.2.3.999:80"], 2, "is not an IPv4 address"),
    ]
    for args, status, text in cases:
        r = subprocess.run([wasmaot, "serve", *args], capture_output=True,
                           text=True, timeout=30)
        check(r.returncode == status and text in r.stderr and
              "error:" in r.stderr,
              f"serve {args}: {r.returncode} {r.stderr!r}")
    # The address is taken: the second server says so.
    p, port, _, _ = start(wasmaot, app, "--threads", "1")
    try:
        r = subprocess.run([wasmaot, "serve", app, "--addr",
                            f"127.0.0.1:{port}"], capture_output=True,
                           text=True, timeout=30)
        check(r.returncode == 2 and "Address already in use" in r.stderr,
              f"address in use: {r.returncode} {r.stderr!r}")
        # Requests the server refuses before any guest runs.
        c = Conn(port)
        c.send(b"POST /big HTTP/1.1\r\nContent-Length: 999999999\r\n\r\n")
        st, _, _ = c.response()
        check(st == 413, f"oversized body: {st}")
        c.close()
        c = Conn(port)
        c.send(b"GET / HTTP/2.0\r\n\r\n")
        st, _, _ = c.response()
        check(st == 505, f"HTTP/2.0 request line: {st}")
        c.close()
        c = Conn(port)  # HTTP/1.0 closes after the response by default
        c.send(b"GET /old HTTP/1.0\r\n\r\n")
        st, h, b = c.response()
        check(st == 200 and h.get("connection") == "close" and
              c.closed_by_peer(), f"HTTP/1.0: {st} {h}")
        c.close()
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=10)


def js(wasmaot, app):
    """The StarlingMonkey guest (js/app.js): echo, a JS exception (500 from
    the engine itself), health, shutdown."""
    p, port, log, reader = start(wasmaot, app, "--timeout", "10",
                                 "--threads", "2")
    try:
        st, h, b = get(port, "/hello?x=1")
        check(st == 200 and b == b"js GET /hello?x=1 body=0\n" and
              h.get("x-engine") == "starlingmonkey", f"js echo: {st} {b!r} {h}")
        c = Conn(port)
        for i in range(3):
            st, _, b = c.request("POST", "/post", body=b"x" * (i * 1000))
            check(st == 200 and b == f"js POST /post body={i * 1000}\n".encode(),
                  f"js POST {i}: {st} {b!r}")
        c.close()
        st, _, _ = get(port, "/throw")
        check(st == 500, f"js exception: {st}")
        st, _, b = get(port, "/after")
        check(st == 200 and b.startswith(b"js GET /after"), f"js after: {st}")
        st, _, b = get(port, "/.well-known/wasmaot/health")
        check(st == 200, f"js health: {st}")
        p.send_signal(signal.SIGTERM)
        check(p.wait(timeout=10) == 0, "js: exit status after SIGTERM")
    finally:
        if p.poll() is None:
            p.kill()


def bench(wasmaot, app, n, body_size=0):
    p, port, log, _ = start(wasmaot, app, "--threads", "1")
    try:
        c = Conn(port)
        for _ in range(200):  # warm up
            c.request("GET", "/warm")
        body = bytes(i % 251 for i in range(body_size)) if body_size else None
        method = "POST" if body else "GET"
        lat = []
        t0 = time.perf_counter()
        for i in range(n):
            t = time.perf_counter()
            st, _, got = c.request(method, "/bench?i=1",
                                   headers=[("X-A", "b")], body=body)
            lat.append(time.perf_counter() - t)
            assert st == 200 and (not body or got.endswith(body))
        total = time.perf_counter() - t0
        h0 = time.perf_counter()
        for i in range(n):
            c.request("GET", "/.well-known/wasmaot/health")
        health = time.perf_counter() - h0
        lat.sort()
        q = lambda f: lat[min(n - 1, int(f * n))] * 1e6
        what = f"POSTs of {body_size} bytes (echoed)" if body else "GETs"
        print(f"{n} sequential keep-alive {what}, 1 client, --threads 1: "
              f"{n / total:.0f} req/s; latency p50 {q(0.5):.0f} us, "
              f"p90 {q(0.9):.0f} us, p99 {q(0.99):.0f} us; host-only health "
              f"endpoint {n / health:.0f} req/s")
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=10)


def main():
    wasmaot, app = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 4 and sys.argv[3] == "--bench":
        size = int(sys.argv[5]) if len(sys.argv) > 5 else 0
        bench(wasmaot, app, int(sys.argv[4]), size)
        return
    if len(sys.argv) > 3 and sys.argv[3] == "--js":
        js(wasmaot, app)
        if FAILURES:
            sys.exit(f"{len(FAILURES)} check(s) failed")
        print("serve js: all checks passed")
        return
    functional(wasmaot, app)
    bad_inputs(wasmaot, app)
    if FAILURES:
        sys.exit(f"{len(FAILURES)} check(s) failed")
    print("serve e2e: all checks passed")


if __name__ == "__main__":
    main()
