#!/usr/bin/env bash
# `wasmaot compose` end to end (README.md here): compose app.wasm with the
# calculator and scaler.wasm, validate and run the composition (dynamic
# path, compiled adapters, dynamic Canonical ABI forced), have jco transpile
# it and run it in node when node and tools/node_modules are there, and
# check that misfits are refused with the right message and exit code.
#   run_compose_test.sh WASMAOT SOURCE_DIR OUT_DIR
set -u
W=$1 SRC=$2 OUT=$3
HERE=$SRC/tests/component/compose
CALC=$SRC/examples/calculator/calculator.wasm
mkdir -p "$OUT"
fail() { echo "FAIL: $*"; exit 1; }
expect() { # expect WANT CMD...: stdout of CMD must be WANT
  local want=$1; shift
  local got; got=$("$@") || fail "$* exited $?"
  [ "$got" = "$want" ] || fail "$*: got '$got', want '$want'"
}

comp=$OUT/composed.wasm
rm -f "$comp"
v=$("$W" compose "$HERE/app.wasm" --plug "$CALC" --plug "$HERE/scaler.wasm" -o "$comp" -v) \
  || fail "compose exited $?"
grep -q '^plugged "cyber-corp:math-logic/operations" <- ' <<<"$v" || fail "no plug line: $v"
grep -q '^plugged "test:compose/scale@0.1.0" <- .*scaler.wasm$' <<<"$v" || fail "no scale line: $v"
grep -q '^imports "wasi:clocks/monotonic-clock@0.2.0"$' <<<"$v" || fail "no imports line: $v"
"$W" validate "$comp" || fail "the composition does not validate"
"$W" wit "$comp" | grep -q 'import wasi:clocks/monotonic-clock@0.2.0;' || fail "wit: clock import"
if "$W" wit "$comp" | grep -q 'import cyber-corp'; then fail "wit: the plugged import remains"; fi
# total(10) = sum(process-sequence([1..10])) + add(10, 1000) + scale(10)
expect 1470 "$W" run --no-cache "$comp" --invoke 'total(10)'
"$W" compile "$comp" -o "$OUT/composed.so" || fail "compile"
"$W" inspect "$OUT/composed.so" | grep -q 'lowered (5 with compiled' || fail "not every lower adapted: $("$W" inspect "$OUT/composed.so" | tail -1)"
expect 1470 "$W" run "$OUT/composed.so" --invoke 'total(10)'
expect 1005 "$W" run "$OUT/composed.so" --invoke 'total(1)'
expect 1470 env WASMAOT_COMPONENT_ADAPTERS=0 "$W" run "$OUT/composed.so" --invoke 'total(10)'

# Another runtime's view: jco transpile (wasm-tools' validator, its own
# Canonical ABI) runs the composition in node.
NM=$SRC/tools/node_modules
if command -v node >/dev/null && [ -d "$NM/@bytecodealliance/jco" ]; then
  js=$OUT/js
  rm -rf "$js"
  "$NM/.bin/jco" transpile "$comp" -o "$js" --no-typescript --quiet \
    || fail "jco transpile refused the composition"
  ln -s "$NM" "$js/node_modules"
  expect 1470 node --input-type=module -e "
    const m = await import('$js/composed.js');
    console.log(m.total(10));"
else
  echo "compose: jco check skipped (needs node and \`npm ci --prefix tools\`)"
fi

# The plugs the other way round: scaler's import of the calculator's
# interface comes from the composition's imports then (no plug before it
# exports it), so the composition still imports it and a host must give it.
v=$("$W" compose "$HERE/app.wasm" --plug "$HERE/scaler.wasm" --plug "$CALC" -o "$OUT/rev.wasm" -v) \
  || fail "compose (reversed) exited $?"
grep -q '^imports "cyber-corp:math-logic/operations"$' <<<"$v" || fail "reversed: $v"
"$W" validate "$OUT/rev.wasm" || fail "the reversed composition does not validate"
err=$("$W" run --no-cache "$OUT/rev.wasm" --invoke 'total(10)' 2>&1) && fail "reversed ran without the import"
grep -q 'cyber-corp:math-logic/operations#add. is not defined' <<<"$err" || fail "reversed: $err"

# Misfits: the right message, exit code, and no output written.
refuse() { # refuse CODE REGEX ARGS...
  local code=$1 re=$2; shift 2
  rm -f "$OUT/bad.wasm"
  local err; err=$("$W" compose "$@" 2>&1 >/dev/null); local rc=$?
  [ $rc = "$code" ] || fail "compose $*: exit $rc, want $code ($err)"
  grep -Eq "$re" <<<"$err" || fail "compose $*: message '$err' lacks /$re/"
  [ ! -e "$OUT/bad.wasm" ] || fail "compose $*: wrote an output"
}
refuse 1 "logscale.wasm:0x[0-9a-f]+: error: import .test:compose/log. is neither imported by the socket nor exported by a plug given before this one" \
  "$HERE/app.wasm" --plug "$CALC" --plug "$HERE/logscale.wasm" -o "$OUT/bad.wasm"
refuse 1 "calculator.wasm: error: the plug exports nothing the socket .* imports" \
  "$HERE/scaler.wasm" --plug "$CALC" --plug "$CALC" -o "$OUT/bad.wasm"
refuse 1 "app.wasm: error: the socket cannot be instantiated with what the composition gives it: type mismatch for argument .test:compose/scale@0.1.0." \
  "$HERE/app.wasm" --plug "$CALC" --plug "$HERE/badscale.wasm" -o "$OUT/bad.wasm"
refuse 2 "refusing to overwrite" "$HERE/app.wasm" --plug "$CALC" -o "$HERE/app.wasm"
refuse 1 "not a component binary" "$HERE/app.wasm" --plug "$HERE/app.wat" -o "$OUT/bad.wasm"
echo "compose: all checks passed"
