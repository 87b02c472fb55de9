#!/usr/bin/env bash
# Quick start, step 1: install the Debian packages, build wasmaot (the `dev`
# preset) and run it on the bundled example: validate, then inspect.
# (Once the compiler lands this compiles and runs the example instead.)
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset dev
cmake --build --preset dev --target wasmaot -j "${WASMAOT_BUILD_JOBS:-2}"

wasmaot=build/dev/cmd/wasmaot
echo "+ wasmaot validate -v examples/hello.wasm"
"$wasmaot" validate -v examples/hello.wasm
echo "+ wasmaot inspect examples/hello.wasm"
"$wasmaot" inspect examples/hello.wasm
