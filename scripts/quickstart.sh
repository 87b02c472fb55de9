#!/usr/bin/env bash
# Quick start, step 1: install the Debian packages, build wasmaot (the `dev`
# preset), then compile the bundled example into a native artifact, call one
# of its exports, and show what the artifact holds.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset dev
cmake --build --preset dev --target wasmaot -j "${WASMAOT_BUILD_JOBS:-2}"

wasmaot=build/dev/cmd/wasmaot
run() {
  echo "+ wasmaot $*"
  "$wasmaot" "$@"
}
run validate -v examples/hello.wasm
run compile -v examples/hello.wasm -o build/hello.so
run run build/hello.so --invoke sum_squares 10
run run build/hello.so --invoke mean_square 10
run inspect build/hello.so
