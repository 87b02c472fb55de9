#!/bin/sh
# Rebuilds http-echo.wasm (checked in) from http_echo.c: clang-19 for the
# core module, tools/make-component.mjs (jco embed + new) for the component.
# Needs clang-19 and `npm ci --prefix tools`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../../..
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/gen-wit.sh"
clang-19 --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry \
  -Wl,--allow-undefined -o "$tmp/core.wasm" "$here/http_echo.c"
node "$root/tools/make-component.mjs" "$tmp/core.wasm" "$here/http-echo.wit" \
  http-echo "$here/http-echo.wasm"
ls -l "$here/http-echo.wasm"
