#!/usr/bin/env bash
# `wasmaot compose` on a real jco-made component (the WASI 0.2 test guest,
# its imports all first, with type aliases between them): plug its
# wasi:cli/environment with virtenv.wat, a plug that itself imports the
# interface it replaces (for the arguments). The composition must print the
# plug's environment whatever --env says, keep the host's arguments (they
# select the guest's mode), and do so from the .wasm and compiled.
#   compose_virtenv.sh WASMAOT JCO GUEST.wasm OUT_DIR
set -eu
W=$1 JCO=$2 GUEST=$3 OUT=$4
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"
V=$("$W" wit "$GUEST" | sed -n 's/^ *import wasi:cli\/environment@\(.*\);$/\1/p')
[ -n "$V" ] || { echo "FAIL: the guest imports no wasi:cli/environment"; exit 1; }
sed "s/@V@/$V/g" "$HERE/virtenv.wat" > "$OUT/virtenv.wat"
"$JCO" parse "$OUT/virtenv.wat" -o "$OUT/virtenv.wasm"
"$W" compose "$GUEST" --plug "$OUT/virtenv.wasm" -o "$OUT/virt.wasm" -v
want=$'GREETING=composed\ncount=1'
got=$("$W" run --no-cache --env GREETING=hi --env OTHER=1 "$OUT/virt.wasm" env)
[ "$got" = "$want" ] || { echo "FAIL (.wasm): got '$got'"; exit 1; }
"$W" compile "$OUT/virt.wasm" -o "$OUT/virt.so"
got=$("$W" run --env GREETING=hi "$OUT/virt.so" env)
[ "$got" = "$want" ] || { echo "FAIL (.so): got '$got'"; exit 1; }
got=$("$W" run "$OUT/virt.so" -- args a "b c")
[ "$got" = "argc=4 [a] [b c]" ] || { echo "FAIL (args): got '$got'"; exit 1; }
echo "compose-virtenv: passed"
