#!/usr/bin/env bash
# Builds the calculator component: C -> core wasm (clang-19, no libc) ->
# component (jco embed + new, via tools/make-component.mjs).
#   bash examples/calculator/build.sh [OUT.wasm]
# Needs clang-19 with the wasm32 target and `npm ci --prefix tools`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out="${1:-$here/calculator.wasm}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
clang-19 --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry \
  -o "$tmp/core.wasm" "$here/calc.c"
node "$root/tools/make-component.mjs" "$tmp/core.wasm" \
  "$here/wit/calculator.wit" calculator "$out"
