#!/usr/bin/env python3
"""wasi:sockets end to end: runs the sock_guest component's modes through
`wasmaot run` and checks what they print.

    sockets_test.py WASMAOT GUEST.so

tcp: against a TCP echo server started here (a thread on an ephemeral
127.0.0.1 port) — connect, send, shutdown(send), read the echo to the end;
then a port nobody listens on (connection-refused). listen/udp/lookup are
self-contained. deny: without --inherit-network and --allow-ip-name-lookup
every creation and lookup answers access-denied (exit 0: no trap, no link
error)."""
import socket
import subprocess
import sys
import threading

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print(f"FAIL: {what}", file=sys.stderr)


def echo_server():
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)

    def serve():
        while True:
            try:
                c, _ = srv.accept()
            except OSError:
                return
            with c:
                while True:
                    d = c.recv(4096)
                    if not d:
                        break
                    c.sendall(d)

    threading.Thread(target=serve, daemon=True).start()
    return srv


def run(wasmaot, guest, *args):
    p = subprocess.run([wasmaot, "run", *args], capture_output=True,
                       text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def main():
    wasmaot, guest = sys.argv[1], sys.argv[2]
    net = ["--inherit-network"]

    rc, out, err = run(wasmaot, guest, guest, "deny")
    check(rc == 0, f"deny: exit {rc}: {err}")
    check(out == "create-tcp-socket: access-denied\n"
                 "create-udp-socket: access-denied\n"
                 "resolve-addresses: access-denied\n", f"deny: {out!r}")

    srv = echo_server()
    port = srv.getsockname()[1]
    rc, out, err = run(wasmaot, guest, *net, guest, "tcp", str(port))
    check(rc == 0, f"tcp: exit {rc}: {err}")
    check(out == "remote port: ok\necho: hello over wasi:sockets\n",
          f"tcp: {out!r}")
    rc, out, err = run(wasmaot, guest, guest, "tcp", str(port))
    check(out == "create-tcp-socket: access-denied\n",
          f"tcp without the grant: {out!r}")
    srv.close()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = closed.getsockname()[1]
    closed.close()
    rc, out, err = run(wasmaot, guest, *net, guest, "tcp", str(dead))
    check(out == "finish-connect: connection-refused\n",
          f"tcp to a closed port: {out!r}")

    rc, out, err = run(wasmaot, guest, *net, guest, "listen")
    check(rc == 0, f"listen: exit {rc}: {err}")
    check(out == "listen before bind: invalid-state\nlistening: yes\n"
                 "bound to a port: yes\naccept before a client: would-block\n"
                 "server got: ping\nclient got: pong\nkeep-alive: on\n"
                 "hop-limit 0: invalid-argument\nhop-limit: 42\n",
          f"listen: {out!r}")

    rc, out, err = run(wasmaot, guest, *net, guest, "udp")
    check(rc == 0, f"udp: exit {rc}: {err}")
    check(out == "sent: 1\nreceived: datagram! from a\n", f"udp: {out!r}")

    rc, out, err = run(wasmaot, guest, "--allow-ip-name-lookup", guest,
                       "lookup", "127.0.0.1")
    check(out == "first address: 127.0.0.1\n", f"lookup: {out!r} {err}")
    rc, out, err = run(wasmaot, guest, "--allow-ip-name-lookup", guest,
                       "lookup", "bad name")
    check(out == "resolve-addresses: invalid-argument\n",
          f"lookup of a bad name: {out!r}")

    if FAILURES:
        sys.exit(f"{len(FAILURES)} check(s) failed")
    print("wasi sockets: all checks passed")


main()
