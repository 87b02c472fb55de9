#!/usr/bin/env python3
"""Differential testing of wasmaot against V8 (node) on generated modules.

For each module number N in [--start, --start + --count): binaryen's
`wasm-opt --translate-to-fuzz` turns bytes from random.Random(N) into a valid
module (Wasm 2.0 features wasmaot supports: SIMD, bulk memory, multi-value,
sign extension, saturating conversions; no reference types, which binaryen
108 still types with anyref subtyping), wasmaot-diff-driver runs every export
in wasmaot (-O0/-O2 and guard/explicit bounds checks alternate with N) and
ref_node.js in V8, and the two transcripts must be equal. Prints one line per
failure and closes with `N passed, M failed`; exit 1 on any failure.

Spec-allowed differences (see README.md):
  * NaN bits: three modules in four are instrumented with binaryen's --denan
    (every NaN a function makes becomes 0), so their memory hash and
    reinterpreted bits are exact; in the others NaN results print as `nan`,
    and a difference only in the memory hash or in an integer result right
    after a NaN-producing call is reported as `nan-diff`, not a failure.
    --denan (binaryen 108) does not touch v128 values, so in every module a
    v128 whose differing lanes are NaNs in both engines is `nan-diff` too.
  * Stack depth: both trap with `stack`, maybe after a different number of
    log calls; the transcripts are compared up to that call.

Reproduce one module: run_diff.py --start N --count 1 --keep DIR, then look
at DIR/N.wasm, DIR/N.wasmaot.txt, DIR/N.v8.txt.
"""
import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

FEATURES = [
    "--disable-threads", "--disable-exception-handling", "--disable-tail-call",
    "--disable-gc", "--disable-memory64", "--disable-typed-function-references",
    "--disable-relaxed-simd", "--disable-extended-const",
    "--disable-reference-types",
    "--enable-simd", "--enable-bulk-memory", "--enable-multivalue",
    "--enable-sign-ext", "--enable-nontrapping-float-to-int",
    "--enable-mutable-globals",
]
HERE = os.path.dirname(os.path.abspath(__file__))


def options(n):
    """The compile options and argument seed module N is run with."""
    opt = "2" if n % 2 else "0"
    bounds = "explicit" if (n // 2) % 2 else "guard"
    denan = n % 4 != 3
    return opt, bounds, denan, n % 8


def generate(n, out, work):
    rng = random.Random(n)
    seed = os.path.join(work, f"{n}.dat")
    with open(seed, "wb") as f:
        f.write(rng.randbytes(rng.randrange(256, 24 * 1024)))
    cmd = ["wasm-opt", seed, "-ttf", *FEATURES, "-o", out]
    if options(n)[2]:
        cmd.append("--denan")
    r = subprocess.run(cmd, capture_output=True, timeout=120)
    os.unlink(seed)
    return r.returncode == 0


def run(cmd, timeout):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timeout"
    text = r.stdout.decode(errors="replace")
    if r.returncode != 0:
        return None, f"exit {r.returncode}: " + r.stderr.decode(
            errors="replace").strip()[-2000:]
    return text.splitlines(), ""


def stack_cut(a, b):
    """Both transcripts up to the first call where either overflowed the
    stack, if both did there (depth limits differ between engines)."""
    def first_stack(lines):
        for k, line in enumerate(lines):
            if line.startswith("trap ") and line.endswith(" stack"):
                return line.split()[1]
        return None
    fa, fb = first_stack(a), first_stack(b)
    if fa is None and fb is None:
        return a, b, False
    name = fa or fb
    def cut(lines):
        return lines[:lines.index("call " + name)] if "call " + name in lines \
            else lines
    return cut(a), cut(b), True


def same_line(ours, ref):
    """V8 names both of the spec's trunc traps `trunc` (see ref_node.js)."""
    if ours == ref:
        return True
    o, r = ours.split(), ref.split()
    return (len(o) == 3 and o[0] == "trap" and o[:2] == r[:2]
            and r[2] == "trunc" and o[2] in ("conversion", "int-overflow"))


def v128_nan_lanes(x, y):
    """Two transcript lines that differ only in v128 values whose differing
    lanes are NaNs in both engines, read as f32 lanes or as f64 lanes.
    binaryen 108's --denan instruments f32 and f64 values only, so a
    v128 float operation still shows its NaN payload (the spec makes the
    payload of an arithmetic NaN nondeterministic, 4.3.3)."""
    xs, ys = x.split(), y.split()
    if len(xs) != len(ys) or xs[0] != ys[0]:
        return False
    def f32_nan(w):
        return (w >> 23) & 0xff == 0xff and w & 0x7fffff != 0
    def f64_nan(w):
        return (w >> 52) & 0x7ff == 0x7ff and w & ((1 << 52) - 1) != 0
    for u, v in zip(xs[1:], ys[1:]):
        if u == v:
            continue
        if not (u.startswith("v128:") and v.startswith("v128:")):
            return False
        lu = [int(w, 16) for w in u[5:].split(":")]
        lv = [int(w, 16) for w in v[5:].split(":")]
        if len(lu) != 4 or len(lv) != 4:
            return False
        as_f32 = all(p == q or (f32_nan(p) and f32_nan(q))
                     for p, q in zip(lu, lv))
        du = [lu[0] | lu[1] << 32, lu[2] | lu[3] << 32]
        dv = [lv[0] | lv[1] << 32, lv[2] | lv[3] << 32]
        as_f64 = all(p == q or (f64_nan(p) and f64_nan(q))
                     for p, q in zip(du, dv))
        if not (as_f32 or as_f64):
            return False
    return True


def nan_explains(a, b):
    """In a module without --denan: differences only in the final memory
    hash, in i32/i64 values, or in float bits are NaN-payload differences
    (e.g. a NaN stored, reloaded and reinterpreted) when the transcripts
    have the same shape and both show NaNs somewhere."""
    if len(a) != len(b):
        return False
    if not any("nan" in line for line in a):
        return False
    for x, y in zip(a, b):
        if same_line(x, y):
            continue
        xs, ys = x.split(), y.split()
        if len(xs) != len(ys) or xs[0] != ys[0] or xs[0] not in (
                "result", "log", "memory", "global"):
            return False
    return True


def denan_agrees(n, wasm, args, seed, opt, bounds):
    """A module without --denan whose transcripts differ where no NaN is
    printed (a NaN stored to memory shows only in the memory hash, or in an
    i32 loaded from it): the same module with binaryen's --denan, which
    turns every NaN a function makes into 0, must then agree exactly.
    If it does, the difference was NaN bits (spec 4.3.3); if not, it is a
    bug."""
    denanned = wasm + ".denan.wasm"
    r = subprocess.run(["wasm-opt", wasm, *FEATURES, "--denan", "-o",
                        denanned], capture_output=True, timeout=120)
    if r.returncode != 0:
        return False
    try:
        ours, _ = run([args.driver, "-O", opt, "--bounds-checks", bounds,
                       "--seed", str(seed), denanned], args.timeout)
        ref, _ = run([args.node, os.path.join(HERE, "ref_node.js"), denanned,
                      str(seed)], args.timeout)
    finally:
        os.unlink(denanned)
    if ours is None or ref is None:
        return False
    a, b, _ = stack_cut(ours, ref)
    return len(a) == len(b) and all(map(same_line, a, b))


def check(n, args, work):
    opt, bounds, denan, seed = options(n)
    wasm = os.path.join(work, f"{n}.wasm")
    if not generate(n, wasm, work):
        return n, "skip", "wasm-opt failed"
    ours, err = run([args.driver, "-O", opt, "--bounds-checks", bounds,
                     "--seed", str(seed), wasm], args.timeout)
    if ours is None:
        return n, "fail", f"wasmaot: {err}"
    ref, err = run([args.node, os.path.join(HERE, "ref_node.js"), wasm,
                    str(seed)], args.timeout)
    if ref is None:
        return n, "skip", f"v8: {err}"
    a, b, stacked = stack_cut(ours, ref)
    if len(a) == len(b) and all(map(same_line, a, b)):
        return n, "pass-stack" if stacked else "pass", ""
    if not denan and (nan_explains(a, b) or
                      denan_agrees(n, wasm, args, seed, opt, bounds)):
        return n, "nan-diff", ""
    if len(a) == len(b) and all(same_line(x, y) or v128_nan_lanes(x, y)
                                for x, y in zip(a, b)):
        return n, "nan-diff", ""
    for side, lines in (("wasmaot", ours), ("v8", ref)):
        with open(os.path.join(work, f"{n}.{side}.txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
    for k, (x, y) in enumerate(zip(a + ["<end>"], b + ["<end>"])):
        if not same_line(x, y):
            return n, "fail", f"line {k + 1}: wasmaot `{x}` v8 `{y}`"
    return n, "fail", "transcripts differ"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--driver", required=True, help="wasmaot-diff-driver")
    p.add_argument("--node", default="node")
    p.add_argument("--start", type=int, default=0)
    p.add_argument("--count", type=int, default=100)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--timeout", type=float, default=60)
    p.add_argument("--keep", help="keep failing modules and transcripts here")
    args = p.parse_args()
    for tool in ("wasm-opt", args.node):
        if not shutil.which(tool):
            print(f"run_diff: skipped: {tool} not found")
            return 0

    counts = {}
    failed = []
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="wasmaot-diff-") as work:
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futs = [pool.submit(check, n, args, work)
                    for n in range(args.start, args.start + args.count)]
            for fut in concurrent.futures.as_completed(futs):
                n, status, why = fut.result()
                counts[status] = counts.get(status, 0) + 1
                opt, bounds, denan, seed = options(n)
                if status == "fail":
                    failed.append(n)
                    print(f"FAIL module {n} (-O{opt} {bounds}"
                          f"{' denan' if denan else ''}): {why}", flush=True)
                    if args.keep:
                        os.makedirs(args.keep, exist_ok=True)
                        for ext in ("wasm", "wasmaot.txt", "v8.txt"):
                            path = os.path.join(work, f"{n}.{ext}")
                            if os.path.exists(path):
                                shutil.copy(path, args.keep)
                elif status == "skip":
                    print(f"skip module {n}: {why}", flush=True)
                wasm = os.path.join(work, f"{n}.wasm")
                if os.path.exists(wasm):
                    os.unlink(wasm)
    passed = sum(counts.get(s, 0) for s in ("pass", "pass-stack", "nan-diff"))
    print(f"run_diff: modules {args.start}..{args.start + args.count - 1}: "
          f"{counts.get('pass-stack', 0)} passed up to a stack overflow, "
          f"{counts.get('nan-diff', 0)} differ only in NaN bits, "
          f"{counts.get('skip', 0)} skipped, {time.time() - t0:.0f} s")
    print(f"{passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
