#!/bin/sh
# bench/p2copy.sh [WASMAOT [MB [BASELINE-WASMAOT]]] — WASI 0.2 bulk I/O: a
# wasi-libc program (p2copy/copy.c: 64 KiB fread/fwrite) made a component
# with the preview1 adapter (jco new --wasi-command) copies an MB-byte file
# (default 100) through wasi:filesystem + wasi:io/streams; prints the wall
# time of each wasmaot given. Needs clang-19, wasi-libc and `npm ci
# --prefix tools`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/..
w=${1:-$root/build/dev/cmd/wasmaot}
mb=${2:-100}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang-19 --target=wasm32-wasi --sysroot=/usr -O2 "$here/p2copy/copy.c" \
  -o "$tmp/core.wasm"
"$root/tools/node_modules/.bin/jco" new "$tmp/core.wasm" --wasi-command \
  -o "$tmp/copy.wasm"
head -c "${mb}000000" /dev/urandom > "$tmp/in.bin"
for x in "$w" ${3:-}; do
  "$x" compile "$tmp/copy.wasm" -o "$tmp/copy.so"
  rm -f "$tmp/out.bin"
  t0=$(date +%s.%N)
  "$x" run --dir "$tmp::/d" "$tmp/copy.so" /d/in.bin /d/out.bin >/dev/null
  t1=$(date +%s.%N)
  cmp -s "$tmp/in.bin" "$tmp/out.bin" || { echo "$x: copy differs"; exit 1; }
  echo "$x: ${mb} MB copied in $(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }") s"
done
