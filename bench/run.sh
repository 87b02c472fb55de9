#!/usr/bin/env bash
# The benchmark harness (issue #6): native vs wasmaot vs wasm2c vs node.
# See bench/README.md; `bench/run.sh --help` for the options.
#   bench/run.sh                       # every program, every engine, 3 runs
#   bench/run.sh -p gemm,fft -e native,wasmaot -n 5
#   bench/run.sh --compile-times --big-funcs 4000
set -euo pipefail
exec python3 "$(dirname "$0")/harness.py" "$@"
