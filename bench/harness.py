#!/usr/bin/env python3
"""The benchmark harness of issue #6 (bench/run.sh is the entry point).

Builds every program of bench/programs/ natively (clang-19 -O2) and as
wasm32-wasi (clang-19 --target=wasm32-wasi -O2), runs it under each engine
-- native, wasmaot (-O2, guard pages), wasmaot-explicit (-O2, explicit
bounds checks), wasm2c (wabt's wasm2c + clang-19 -O2 + bench/wasm2c's WASI
shim) and node (V8 through node:wasi) -- alternating engines and programs
for REPS rounds, checks every run prints the native checksum, and prints
the median wall time per engine, its ratio to native and the geomean of
the ratios. Every run also goes to runs.csv (wall, user and system time),
the summary to summary.csv.

This file owns the measuring; it knows nothing about how wasmaot compiles.
"""
import argparse
import csv
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROGRAMS_DIR = os.path.join(ROOT, "bench", "programs")
ENGINES = ["native", "wasmaot", "wasmaot-explicit", "wasmaot-base", "wasm2c", "node"]
# wasmaot-base: the guard-mode build of another wasmaot (--baseline), to
# measure a compiler change against its parent in the same run.
CC = os.environ.get("CC_BENCH", "clang-19")
WASI_SYSROOT = os.environ.get("WASI_SYSROOT", "/usr")
WABT_RT = "/usr/share/wabt/wasm2c"


def die(msg):
    print(f"bench: error: {msg}", file=sys.stderr)
    sys.exit(1)


def all_programs():
    return sorted(f[:-2] for f in os.listdir(PROGRAMS_DIR) if f.endswith(".c"))


def run_checked(cmd, what):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        die(f"{what} failed ({' '.join(cmd)}):\n{r.stdout}")
    return r


def newer(target, *deps):
    return os.path.exists(target) and all(
        os.path.getmtime(target) >= os.path.getmtime(d) for d in deps)


class Builder:
    """Builds one program for every engine into OUT/<prog>/, skipping what is
    up to date (the wasmaot artifacts are always rebuilt: the compiler may
    have changed)."""

    def __init__(self, args):
        self.args = args

    def build(self, prog, engines):
        a = self.args
        src = os.path.join(PROGRAMS_DIR, prog + ".c")
        hdr = os.path.join(PROGRAMS_DIR, "common.h")
        d = os.path.join(a.out, prog)
        os.makedirs(d, exist_ok=True)
        exe = os.path.join(d, "native")
        wasm = os.path.join(d, prog + ".wasm")
        if not newer(exe, src, hdr):
            run_checked([CC, "-O2", src, "-o", exe, "-lm"], f"{prog}: native build")
        if any(e != "native" for e in engines) and not newer(wasm, src, hdr):
            run_checked([CC, "--target=wasm32-wasi", f"--sysroot={WASI_SYSROOT}", "-O2",
                         src, "-o", wasm, "-lm"], f"{prog}: wasm build")
        cmds = {"native": [exe]}
        for eng, mode, tool in (("wasmaot", "guard", a.wasmaot),
                                ("wasmaot-explicit", "explicit", a.wasmaot),
                                ("wasmaot-base", "guard", a.baseline)):
            if eng in engines:
                so = os.path.join(d, f"{eng}.so")
                run_checked([tool, "compile", "-O2", f"--bounds-checks={mode}",
                             *a.wasmaot_flags.split(), wasm, "-o", so],
                            f"{prog}: {eng} compile ({mode})")
                cmds[eng] = [tool, "run", so]
        if "wasm2c" in engines:
            w2c = os.path.join(d, "wasm2c")
            shim = os.path.join(ROOT, "bench", "wasm2c", "wasi_shim.c")
            if not newer(w2c, wasm, shim):
                gen = os.path.join(d, "w2c")
                os.makedirs(gen, exist_ok=True)
                run_checked(["wasm2c", "-n", "prog", wasm, "-o", os.path.join(gen, "prog.c")],
                            f"{prog}: wasm2c")
                run_checked([CC, "-O2", f"-I{gen}", f"-I{WABT_RT}", os.path.join(gen, "prog.c"),
                             shim, os.path.join(WABT_RT, "wasm-rt-impl.c"), "-o", w2c, "-lm"],
                            f"{prog}: wasm2c C build")
            cmds["wasm2c"] = [w2c]
        if "node" in engines:
            cmds["node"] = [a.node, "--no-warnings",
                            os.path.join(ROOT, "bench", "node", "run_wasi.mjs"), wasm]
        return cmds


def time_run_rusage(cmd):
    """Runs cmd once: (wall s, user s, system s, exit status, stdout, stderr)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = p.stdout.read()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)
    return (t1 - t0, ru.ru_utime, ru.ru_stime, p.returncode,
            out.decode(errors="replace"), err.decode(errors="replace"))


def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def run_suite(args, progs, engines):
    builder = Builder(args)
    cmds = {}
    for p in progs:
        print(f"bench: building {p}", file=sys.stderr, flush=True)
        cmds[p] = builder.build(p, engines)
    runs = []  # (prog, engine, rep, wall, user, sys)
    expected = {}
    bad = []
    for rep in range(args.reps):
        for p in progs:
            order = engines if rep % 2 == 0 else list(reversed(engines))
            for e in order:
                wall, ut, st, rc, out, err = time_run_rusage(cmds[p][e])
                line = out.strip()
                if p not in expected and e == "native":
                    expected[p] = line
                ok = rc == 0 and line == expected.get(p, line)
                if not ok:
                    bad.append(f"{p} under {e}: exit {rc}, printed {line!r}"
                               f" (native: {expected.get(p)!r}) {err.strip()[:300]}")
                runs.append((p, e, rep, wall, ut, st, line, ok))
                print(f"bench: rep {rep + 1}/{args.reps} {p:12s} {e:17s} {wall:7.3f}s",
                      file=sys.stderr, flush=True)
    return runs, expected, bad


def report(args, progs, engines, runs, expected):
    med = {}
    cpu = {}
    for p in progs:
        for e in engines:
            w = [r[3] for r in runs if r[0] == p and r[1] == e]
            c = [r[4] + r[5] for r in runs if r[0] == p and r[1] == e]
            med[p, e] = statistics.median(w)
            cpu[p, e] = statistics.median(c)
    base = "native" if "native" in engines else engines[0]
    w = 12
    hdr = f"{'program':12s}" + "".join(f" {e:>{w}s}" for e in engines)
    hdr += "".join(f" {('x ' + e):>{w + 2}s}" for e in engines if e != base)
    lines = [f"median wall time (s) over {args.reps} runs, and ratio to {base}", hdr]
    for p in progs:
        row = f"{p:12s}" + "".join(f" {med[p, e]:{w}.3f}" for e in engines)
        row += "".join(f" {med[p, e] / med[p, base]:{w + 1}.2f}x" for e in engines if e != base)
        lines.append(row)
    gm = {e: geomean([med[p, e] / med[p, base] for p in progs]) for e in engines}
    gmc = {e: geomean([cpu[p, e] / cpu[p, base] for p in progs]) for e in engines}
    lines.append(f"{'geomean':12s}" + "".join(f" {'':>{w}s}" for e in engines) +
                 "".join(f" {gm[e]:{w + 1}.2f}x" for e in engines if e != base))
    lines.append(f"{'geomean cpu':12s}" + "".join(f" {'':>{w}s}" for e in engines) +
                 "".join(f" {gmc[e]:{w + 1}.2f}x" for e in engines if e != base))
    lines.append("(geomean cpu: the same over user+system time, steadier on a busy machine)")
    lines.append("")
    lines.append(f"median CPU (user+system) time ratio to {base}, per program")
    lines.append(f"{'program':12s}" + "".join(f" {e:>{w}s}" for e in engines if e != base))
    for p in progs:
        lines.append(f"{p:12s}" + "".join(f" {cpu[p, e] / cpu[p, base]:{w - 1}.2f}x"
                                          for e in engines if e != base))
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(args.out, "table.txt"), "w") as f:
        f.write(text + "\n")
    with open(os.path.join(args.out, "runs.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["program", "engine", "rep", "wall_s", "user_s", "sys_s", "output", "ok"])
        for r in runs:
            wr.writerow([r[0], r[1], r[2], f"{r[3]:.4f}", f"{r[4]:.4f}", f"{r[5]:.4f}", r[6], int(r[7])])
    with open(os.path.join(args.out, "summary.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["program", "engine", "median_wall_s", "median_cpu_s", "ratio_wall", "ratio_cpu", "checksum"])
        for p in progs:
            for e in engines:
                wr.writerow([p, e, f"{med[p, e]:.4f}", f"{cpu[p, e]:.4f}",
                             f"{med[p, e] / med[p, base]:.4f}", f"{cpu[p, e] / cpu[p, base]:.4f}",
                             expected.get(p, "")])
        for e in engines:
            wr.writerow(["geomean", e, "", "", f"{gm[e]:.4f}", f"{gmc[e]:.4f}", ""])
    print(f"bench: CSV in {args.out}/runs.csv and {args.out}/summary.csv", file=sys.stderr)


def compile_times(args, progs):
    """wasmaot compile time per module at -O0/-O2 x --jobs 1/2, and MB/s of
    wasm input; best of REPS (compile time is what the compiler costs, not
    what the machine's neighbours cost)."""
    builder = Builder(args)
    mods = []
    for p in progs:
        builder.build(p, ["native", "wasm-only"])
        mods.append((p, os.path.join(args.out, p, p + ".wasm")))
    big = os.path.join(args.out, "big.wasm")
    if args.big_funcs:
        gen = os.path.join(args.out, "big.c")
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_big.py"),
                        str(args.big_funcs), gen], check=True)
        run_checked([CC, "--target=wasm32-wasi", f"--sysroot={WASI_SYSROOT}", "-O1",
                     "-mexec-model=reactor", "-Wl,--export-all", gen, "-o", big], "big module build")
        mods.append((f"big{args.big_funcs}", big))
    configs = [("-O0", 1), ("-O0", 2), ("-O2", 1), ("-O2", 2)]
    hdr = f"{'module':14s} {'KiB':>7s}" + "".join(f" {o + ' j' + str(j):>10s}" for o, j in configs)
    hdr += f" {'MB/s O2j2':>10s} {'O2/O0 j1':>9s} {'j1/j2 O2':>9s}"
    lines = [f"wasmaot compile time (s), best of {args.reps}", hdr]
    rows = []
    so = os.path.join(args.out, "ct.so")
    for name, wasm in mods:
        size = os.path.getsize(wasm)
        t = {}
        for o, j in configs:
            best = float("inf")
            for _ in range(args.reps):
                t0 = time.perf_counter()
                run_checked([args.wasmaot, "compile", o, "--jobs", str(j), *args.wasmaot_flags.split(),
                             wasm, "-o", so], f"{name}: compile")
                best = min(best, time.perf_counter() - t0)
            t[o, j] = best
        mbs = size / 1e6 / t["-O2", 2]
        row = f"{name:14s} {size / 1024:7.0f}" + "".join(f" {t[c]:10.3f}" for c in configs)
        row += f" {mbs:10.3f} {t['-O2', 1] / t['-O0', 1]:8.1f}x {t['-O2', 1] / t['-O2', 2]:8.2f}x"
        lines.append(row)
        rows.append([name, size] + [f"{t[c]:.4f}" for c in configs])
    text = "\n".join(lines)
    print(text)
    with open(os.path.join(args.out, "compile.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["module", "bytes"] + [f"{o}_j{j}_s" for o, j in configs])
        wr.writerows(rows)


def main():
    ap = argparse.ArgumentParser(prog="bench/run.sh", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-p", "--programs", default="all",
                    help="comma-separated program names (default: all in bench/programs)")
    ap.add_argument("-e", "--engines", default=None,
                    help=f"comma-separated engines, of {','.join(ENGINES)} (default: all but "
                    "wasmaot-base, which needs --baseline)")
    ap.add_argument("-n", "--reps", type=int, default=3, help="runs per program and engine (default 3)")
    ap.add_argument("-o", "--out", default=os.path.join(ROOT, "build", "bench-run"),
                    help="build and results directory (default build/bench-run)")
    ap.add_argument("--wasmaot", default=os.environ.get("WASMAOT", os.path.join(ROOT, "build/dev/cmd/wasmaot")),
                    help="the wasmaot binary (default $WASMAOT or build/dev/cmd/wasmaot)")
    ap.add_argument("--wasmaot-flags", default=os.environ.get("WASMAOT_FLAGS", ""),
                    help="extra flags for wasmaot compile, e.g. '--cpu native'")
    ap.add_argument("--baseline", default=None,
                    help="another wasmaot binary, run as engine wasmaot-base (e.g. a copy built before a change)")
    ap.add_argument("--node", default="node")
    ap.add_argument("--compile-times", action="store_true",
                    help="measure wasmaot compile times instead of running")
    ap.add_argument("--big-funcs", type=int, default=0,
                    help="with --compile-times: also a generated module of N functions")
    ap.add_argument("--list", action="store_true", help="list the programs and exit")
    args = ap.parse_args()
    if args.list:
        print("\n".join(all_programs()))
        return
    progs = all_programs() if args.programs == "all" else args.programs.split(",")
    for p in progs:
        if not os.path.exists(os.path.join(PROGRAMS_DIR, p + ".c")):
            die(f"no program '{p}' (see --list)")
    engines = (args.engines.split(",") if args.engines else
               [e for e in ENGINES if e != "wasmaot-base" or args.baseline])
    for e in engines:
        if e not in ENGINES:
            die(f"unknown engine '{e}' (one of {', '.join(ENGINES)})")
    if "wasmaot-base" in engines and not (args.baseline and os.access(args.baseline, os.X_OK)):
        die("engine wasmaot-base needs --baseline WASMAOT (an executable)")
    if args.reps < 1:
        die("--reps must be at least 1")
    need = [CC] + (["wasm2c"] if "wasm2c" in engines else []) + ([args.node] if "node" in engines else [])
    for t in need:
        if not shutil.which(t):
            die(f"'{t}' not found (scripts/install-deps.sh installs it)")
    if (args.compile_times or any(e.startswith("wasmaot") for e in engines)) and not os.access(args.wasmaot, os.X_OK):
        die(f"no wasmaot binary at {args.wasmaot} (build it, or pass --wasmaot / set WASMAOT)")
    os.makedirs(args.out, exist_ok=True)
    if args.compile_times:
        compile_times(args, progs)
        return
    if "native" not in engines:
        engines = ["native"] + engines  # the checksum and the ratios need it
    runs, expected, bad = run_suite(args, progs, engines)
    report(args, progs, engines, runs, expected)
    if bad:
        print("bench: error: results differ from native:\n  " + "\n  ".join(bad), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
