#!/usr/bin/env python3
"""Runs the WASI preview1 conformance cases (tests/wasi/p1/) the way the
public wasi-testsuite runner does: each case in a fresh directory holding
`fs-tests.dir`, through tests/wasi/adapter.py (--test-file, --arg, --env,
--dir), from that directory, comparing the exit status and, where given,
standard output.

    run_p1.py --wasmaot BIN --work DIR [--suite rust|c|all] [CASE...]

The guests are built here: p1/suite.rs with Debian's rustc for
wasm32-wasi (std only; skipped with a note when that toolchain is absent)
and p1/csuite.c with clang-19 and wasi-libc. Prints one line per case and
`N passed, M failed` last; exits 1 if any failed.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCRATCH = "fs-tests.dir"

# (name, args, env, dirs, exit_code, stdout). Args after the case name; a
# Rust case gets the scratch dir's name as its first argument, as there.
RUST_CASES = [
    "big_random_buf", "clock_time_get", "close_preopen", "dangling_fd",
    "dangling_symlink", "dir_fd_op_failures", "directory_seek", "fd_advise",
    "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set",
    "fd_flags_set", "fd_readdir", "file_allocate", "file_pread_pwrite",
    "file_seek_tell", "file_truncation", "file_unbuffered_write",
    "fstflags_validate", "interesting_paths", "isatty", "nofollow_errors",
    "overwrite_preopen", "path_exists", "path_filestat", "path_link",
    "path_open_create_existing", "path_open_dirfd_not_dir",
    "path_open_missing", "path_open_nonblock", "path_open_preopen",
    "path_open_read_without_rights", "path_open_read_write", "path_rename",
    "path_rename_dir_trailing_slashes", "path_symlink_trailing_slashes",
    "poll_oneoff", "poll_oneoff_stdio", "readlink",
    "remove_directory_trailing_slashes", "remove_nonempty_directory",
    "renumber", "sched_yield", "stdio", "symlink_create", "symlink_filestat",
    "symlink_loop", "truncation_rights", "unlink_file_trailing_slashes",
]

D = [SCRATCH]  # preopened as itself
ROOT = [SCRATCH + "::/"]  # the newer "root": preopened as "/"
C_CASES = [
    ("clock_getres-monotonic", [], {}, [], 0, None),
    ("clock_getres-realtime", [], {}, [], 0, None),
    ("clock_gettime-monotonic", [], {}, [], 0, None),
    ("clock_gettime-realtime", [], {}, [], 0, None),
    ("fdopendir-with-access", [], {}, D, 0, None),
    ("fdopendir-root", [], {}, ROOT, 0, None),
    ("fopen-with-access", [], {}, ROOT, 0, None),
    ("fopen-with-no-access", [], {}, [], 0, None),
    ("lseek", [], {}, D, 0, None),
    ("lseek-root", [], {}, ROOT, 0, None),
    ("pread-with-access", [], {}, D, 0, None),
    ("pwrite-with-access", [], {}, D, 0, None),
    ("pwrite-with-append", [], {}, ROOT, 0, None),
    ("pwrite-root", [], {}, ROOT, 0, None),
    ("sock_shutdown-invalid_fd", [], {}, [], 0, None),
    ("sock_shutdown-not_sock", [], {}, [], 0, None),
    ("stat-dev-ino", [], {}, ROOT, 0, None),
    ("args_get-multiple-arguments", ["first", "the second", "--third"], {}, [], 0,
     "first the second --third\n"),
    ("args_sizes_get-multiple-arguments", ["a", "bb", "ccc"], {}, [], 0, "a bb ccc\n"),
    ("args_sizes_get-no-arguments", [], {}, [], 0, "\n"),
    ("environ_get-multiple-variables", [], {"FIRST": "1", "SECOND": "two words", "THIRD": "a=b"},
     [], 0, "FIRST=1\nSECOND=two words\nTHIRD=a=b\n"),
    ("environ_sizes_get-multiple-variables", [], {"A": "", "B": "x"}, [], 0, "A=\nB=x\n"),
    ("environ_sizes_get-no-variables", [], {}, [], 0, ""),
    ("fd_write-to-invalid-fd", [], {}, [], 0, None),
    ("fd_write-to-stdout", [], {}, [], 0, "Hello, World!\n"),
    ("proc_exit-success", [], {}, [], 0, ""),
    ("proc_exit-failure", [], {}, [], 1, ""),
    ("proc_exit-code", ["42"], {}, [], 42, ""),
    ("random_get", [], {}, [], 0, None),
    # Not a testsuite case: wasmaot started with standard input closed.
    ("stdin-closed", [], {}, [], 0, "ran\n"),
]


def populate(scratch):
    """What the testsuite's C fs-tests.dir holds (the Rust one is empty)."""
    os.makedirs(os.path.join(scratch, "fopendir.dir"))
    os.makedirs(os.path.join(scratch, "writeable"))
    for name, text in [("file", "file\n"), ("lseek.txt", "01234567"),
                       ("pread.txt", "0123456789"), ("fopendir.dir/file-0", "0"),
                       ("fopendir.dir/file-1", "1")]:
        with open(os.path.join(scratch, name), "w") as f:
            f.write(text)


def build(work, suite):
    out = {}
    if suite in ("rust", "all"):
        rustc = shutil.which("rustc", path="/usr/bin") or shutil.which("rustc")
        wasm = os.path.join(work, "suite.wasm")
        ok = rustc and subprocess.run(
            [rustc, "--edition", "2021", "--target", "wasm32-wasi", "-O",
             "-C", "strip=debuginfo", os.path.join(HERE, "p1", "suite.rs"),
             "-o", wasm], capture_output=True, text=True)
        if ok and ok.returncode == 0:
            out["rust"] = wasm
        else:
            print("note: no rustc with the wasm32-wasi std (Debian: rustc "
                  "libstd-rust-dev-wasm32): the Rust cases are skipped")
            if ok:
                print(ok.stderr[-2000:])
    if suite in ("c", "all"):
        wasm = os.path.join(work, "csuite.wasm")
        subprocess.run(["clang-19", "--target=wasm32-wasi", "--sysroot=/usr", "-O2",
                        "-o", wasm, os.path.join(HERE, "p1", "csuite.c")], check=True)
        out["c"] = wasm
    return out


def run_case(wasmaot, work, wasm, name, args, env, dirs, want_exit, want_out):
    cwd = os.path.join(work, "cases", name)
    shutil.rmtree(cwd, ignore_errors=True)
    os.makedirs(os.path.join(cwd, SCRATCH))
    populate(os.path.join(cwd, SCRATCH))
    argv = [sys.executable, os.path.join(HERE, "adapter.py"), "--test-file", wasm,
            "--arg", name]
    for a in args:
        argv += ["--arg", a]
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    for d in dirs:
        argv += ["--dir", d]
    e = dict(os.environ, WASMAOT=wasmaot,
             XDG_CACHE_HOME=os.path.join(work, "cache"))
    try:
        # Standard input a pipe, as the testsuite's runner gives it (or
        # closed, for the case about that).
        closed = name == "stdin-closed"
        r = subprocess.run(argv, cwd=cwd, env=e, capture_output=True, text=True,
                           input=None if closed else "",
                           stdin=subprocess.DEVNULL if closed else None,
                           preexec_fn=(lambda: os.close(0)) if closed else None,
                           timeout=60)
    except subprocess.TimeoutExpired:
        return "timed out"
    why = []
    if r.returncode != want_exit:
        why.append(f"exit {r.returncode}, expected {want_exit}")
    if want_out is not None and r.stdout != want_out:
        why.append(f"stdout {r.stdout!r}, expected {want_out!r}")
    if why and r.stderr:
        why.append("stderr: " + r.stderr.strip()[-1500:])
    return "; ".join(why)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--wasmaot", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--suite", default="all", choices=["rust", "c", "all"])
    p.add_argument("cases", nargs="*")
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    wasms = build(a.work, a.suite)
    if a.suite == "rust" and "rust" not in wasms:
        return 77  # ctest: skipped
    todo = []
    if "rust" in wasms:
        todo += [(wasms["rust"], n, [SCRATCH], {}, D, 0, None) for n in RUST_CASES]
    if "c" in wasms:
        todo += [(wasms["c"], *c) for c in C_CASES]
    if a.cases:
        todo = [t for t in todo if t[1] in a.cases]
    passed = failed = 0
    t0 = time.time()
    for t in todo:
        why = run_case(os.path.abspath(a.wasmaot), os.path.abspath(a.work), *t)
        if why:
            failed += 1
            print(f"FAIL {t[1]}: {why}")
        else:
            passed += 1
            print(f"ok   {t[1]}")
    print(f"({time.time() - t0:.1f} s)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
