#!/usr/bin/env bash
# The SIMD benchmark (issue #4): bench/simd/kernels.c built for wasm32-wasi
# twice — scalar, and with -msimd128 — compiled by wasmaot at -O2, and run
# side by side, alternating, RUNS times per kernel. Prints the median wall
# time of each build, the speed-up, and checks both builds print the same
# results. Needs clang-19, wasi-libc and a built wasmaot (default
# build/dev/cmd/wasmaot; set WASMAOT to override).
#
#   bench/simd.sh [RUNS]     default 5
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
wasmaot="${WASMAOT:-build/dev/cmd/wasmaot}"
out=build/bench/simd
mkdir -p "$out"
for v in scalar simd; do
  flags=(-O2)
  [[ $v == simd ]] && flags+=(-msimd128)
  clang-19 --target=wasm32-wasi --sysroot=/usr "${flags[@]}" \
    bench/simd/kernels.c -o "$out/$v.wasm"
  "$wasmaot" compile -O2 "$out/$v.wasm" -o "$out/$v.so"
done
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_run() { # prints seconds
  local start end
  start=$(date +%s.%N)
  "$wasmaot" run "$1" -- "$2" > "$3"
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
printf '%-10s %12s %12s %9s\n' kernel scalar_s simd_s speedup
for k in blur checksum saxpy; do
  : > "$out/$k.scalar.t"; : > "$out/$k.simd.t"
  for ((i = 0; i < runs; ++i)); do
    for v in scalar simd; do
      time_run "$out/$v.so" "$k" "$out/$k.$v.out" >> "$out/$k.$v.t"
    done
  done
  if ! cmp -s "$out/$k.scalar.out" "$out/$k.simd.out"; then
    echo "bench: $k: results differ between the scalar and SIMD builds" >&2
    exit 1
  fi
  s=$(median < "$out/$k.scalar.t"); v=$(median < "$out/$k.simd.t")
  printf '%-10s %12.3f %12.3f %8.2fx\n' "$k" "$s" "$v" "$(echo "$s / $v" | bc -l)"
done
