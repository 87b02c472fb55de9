#!/usr/bin/env bash
# Startup of `wasmaot run hello.so` against the same hello-world compiled
# natively (issue #6): builds bench/startup/hello.c with clang-19 -O2 for the
# host and for wasm32-wasi, compiles the wasm with wasmaot, then runs the two
# alternately RUNS times (default 200) and prints median and p99 wall times
# and their ratio, then the same measured with posix_spawn from C
# (bench/startup/spawn.c). Also prints `perf stat` of one `run` when perf
# works.
#
#   WASMAOT=build/dev/cmd/wasmaot bash bench/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
WASMAOT=${WASMAOT:-build/dev/cmd/wasmaot}
RUNS=${1:-200}
OUT=${OUT:-$(mktemp -d)}
CLANG=${CLANG:-clang-19}

$CLANG -O2 bench/startup/hello.c -o "$OUT/hello-native"
$CLANG --target=wasm32-wasi --sysroot=/usr -O2 bench/startup/hello.c -o "$OUT/hello.wasm"
"$WASMAOT" compile "$OUT/hello.wasm" -o "$OUT/hello.so"
[[ "$("$OUT/hello-native")" == "$("$WASMAOT" run "$OUT/hello.so")" ]] ||
  { echo "startup.sh: outputs differ" >&2; exit 1; }

python3 - "$RUNS" "$OUT/hello-native" "$WASMAOT run $OUT/hello.so" <<'PY'
import subprocess, sys, time
runs = int(sys.argv[1])
cmds = [sys.argv[2].split(), sys.argv[3].split()]
times = [[], []]
for _ in range(runs):                      # alternate, so load hits both
    for i, c in enumerate(cmds):
        t = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
        times[i].append(time.perf_counter() - t)
def stats(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] * 1e3, xs[min(len(xs) - 1, len(xs) * 99 // 100)] * 1e3
(nm, np99), (wm, wp99) = stats(times[0]), stats(times[1])
print(f"{'':28} {'median':>9} {'p99':>9}")
print(f"{'native hello':28} {nm:8.2f}ms {np99:8.2f}ms")
print(f"{'wasmaot run hello.so':28} {wm:8.2f}ms {wp99:8.2f}ms")
print(f"ratio (median): {wm / nm:.2f}x native")
PY
# The same from C (posix_spawn, less overhead per run than Python's).
$CLANG -O2 bench/startup/spawn.c -o "$OUT/spawn"
echo "posix_spawn, median, p99, ratio to native:"
"$OUT/spawn" "$RUNS" "$OUT/hello-native" ';' "$WASMAOT" run "$OUT/hello.so"
if perf stat -e task-clock true >/dev/null 2>&1; then
  perf stat -e task-clock,page-faults "$WASMAOT" run "$OUT/hello.so" 2>&1 >/dev/null |
    grep -E "task-clock|page-faults|elapsed"
fi
