#!/usr/bin/env python3
''''exec python3 "$0" "$@" #'''
# (The line above lets runners that start adapters with bash, as some
# wasi-testsuite versions do through TEST_SHELL_RUNNER, run this file too:
# to sh it execs python3, to Python it is a string.)
"""wasi-testsuite runtime adapter for wasmaot.

The test runner of WebAssembly/wasi-testsuite (test-runner/wasi_test_runner)
runs this script once per test, from the test's directory, as

    adapter.py --test-file T.wasm [--arg A]... [--env K=V]... [--dir D]...

and compares its exit status and standard output with the test's .json.
`--version` prints "wasmaot VERSION". Each `--dir D` becomes a preopen of the
host directory D under the guest name D (`--dir D::D`), each `--env` one
granted variable, and the arguments follow `--` so that none is taken for an
option; the module is compiled at -O0 (see _run_opts). The guest's
`proc_exit` status is wasmaot's exit status; wasmaot
execs in place of this script, so the runner's SIGTERM on a timeout reaches
it directly.

The wasmaot binary: $WASMAOT, else $TEST_RUNTIME_EXE (the testsuite's
convention), else `wasmaot` on PATH, else build/dev/cmd/wasmaot next to this
repository. A .wasm is compiled on first use and cached
($XDG_CACHE_HOME/wasmaot), so a suite run compiles each test once.

Newer runners load adapters as Python modules instead (get_name,
get_version, get_wasi_versions, compute_argv): those are defined too; such a
runner takes an adapter whose `--version` prints nothing for a module, so
run it with WASMAOT_ADAPTER_MODULE=1 in the environment.
"""
import os
import shlex
import shutil
import subprocess
import sys

_REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _wasmaot():
    for var in ("WASMAOT", "TEST_RUNTIME_EXE"):
        if os.environ.get(var):
            return shlex.split(os.environ[var])
    found = shutil.which("wasmaot")
    if found:
        return [found]
    return [os.path.join(_REPO, "build", "dev", "cmd", "wasmaot")]


def _run_opts():
    """`run` options: -O0 unless $WASMAOT_ADAPTER_OPT says otherwise. A test
    is dominated by compiling it (a Rust test at -O2 takes seconds; -O0 is
    about ten times faster) and the newer runner allows a test 5 s."""
    return ["-O" + os.environ.get("WASMAOT_ADAPTER_OPT", "0")]


def _run_argv(test_file, args, env, dirs):
    argv = _wasmaot() + ["run"] + _run_opts()
    for e in env:
        argv += ["--env", e]
    for d in dirs:
        # D::D; a bare D would do too, but a name with a colon in it must not
        # be read as HOST:ro. A D that already says HOST::GUEST (the newer
        # "root" configuration: GUEST is "/") goes as it is.
        argv += ["--dir", d if "::" in d else d + "::" + d]
    return argv + [test_file, "--"] + list(args)


def get_name():
    return "wasmaot"


def get_version():
    out = subprocess.run(_wasmaot() + ["--version"], check=True,
                         capture_output=True, text=True).stdout
    return out.split("\n")[0].split()[1]


def get_wasi_versions():
    return ["wasm32-wasip1"]


def compute_argv(test_path, args_env_dirs, proposals, wasi_version):
    """The newer runner's interface: dirs are (host path, guest name)."""
    args, env, dirs = args_env_dirs
    argv = _wasmaot() + ["run"] + _run_opts()
    for k, v in env.items():
        argv += ["--env", f"{k}={v}"]
    for host, guest in dirs:
        argv += ["--dir", f"{host}::{guest}"]
    return argv + [str(test_path), "--"] + list(args)


def _parse(argv):
    """--opt VALUE pairs, by hand: a guest argument such as `--third` is a
    value here, where argparse would take it for an option."""
    opts = {"--arg": [], "--env": [], "--dir": [], "--test-file": [None]}
    version = False
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--version":
            version = True
            i += 1
            continue
        key, eq, val = a.partition("=")
        if key not in opts:
            sys.exit(f"adapter.py: unknown option {a!r}")
        if not eq:
            if i + 1 >= len(argv):
                sys.exit(f"adapter.py: {a} needs a value")
            val = argv[i + 1]
            i += 1
        i += 1
        if key == "--test-file":
            opts[key] = [val]
        else:
            opts[key].append(val)
    return version, opts


def main():
    version, o = _parse(sys.argv[1:])
    if version:
        # The newer runner takes an adapter that prints nothing here for a
        # module (WASMAOT_ADAPTER_MODULE=1); the legacy one wants the version.
        if not os.environ.get("WASMAOT_ADAPTER_MODULE"):
            print("wasmaot", get_version())
        return 0
    if not o["--test-file"][0]:
        sys.exit("adapter.py: --test-file is required")
    argv = _run_argv(o["--test-file"][0], o["--arg"], o["--env"], o["--dir"])
    sys.stdout.flush()
    os.execv(argv[0], argv)


if __name__ == "__main__":
    sys.exit(main())
