#!/usr/bin/env bash
# Hostile inputs (issue #9): artifacts that must be refused before any of
# their code runs, and modules that exhaust resources, each of which must end
# with the documented exit status and a clear message — never a crash.
#
#   run_hostile.sh WASMAOT WAT2WASM CC WORKDIR
#
# Prints one line per case and closes with `N passed, M failed`.
set -uo pipefail
wasmaot=$1 wat2wasm=$2 cc=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 2
export XDG_CACHE_HOME=$work/cache

passed=0 failed=0
# expect NAME STATUS STDERR-REGEX [STDOUT-REGEX] -- COMMAND...
expect() {
  local name=$1 want=$2 errre=$3 outre=$4
  shift 5
  timeout 120 "$@" > "$name.out" 2> "$name.err"
  local got=$?
  if [[ $got == "$want" ]] &&
     { [[ -z $errre ]] || grep -Eq -- "$errre" "$name.err"; } &&
     { [[ -z $outre ]] || grep -Eq -- "$outre" "$name.out"; }; then
    echo "ok    $name (exit $got)"
    passed=$((passed + 1))
  else
    echo "FAIL  $name: exit $got (want $want)"
    echo "      stderr: $(head -c 400 "$name.err")"
    echo "      stdout: $(head -c 400 "$name.out")"
    failed=$((failed + 1))
  fi
}
# expect_within SECONDS NAME STATUS ...: expect, and it took under SECONDS
expect_within() {
  local max=$1 t0 t1
  shift
  t0=$(date +%s%N)
  expect "$@"
  t1=$(date +%s%N)
  if (( (t1 - t0) / 1000000 > max * 1000 )); then
    echo "FAIL  $1: took $(( (t1 - t0) / 1000000 )) ms (limit ${max} s)"
    passed=$((passed - 1)) failed=$((failed + 1))
  fi
}
wat() { "$wat2wasm" "$here/$1.wat" -o "$1.wasm" || exit 2; }
# flipbit FILE OFFSET: invert the lowest bit of one byte
flipbit() {
  local b
  b=$(od -An -tu1 -j"$2" -N1 "$1" | tr -d ' ')
  printf "\\x$(printf %02x $((b ^ 1)))" |
    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# flip FILE OFFSET BYTE: overwrite one byte
poke() { printf "\\x$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }
# the offset of the metadata magic in an artifact
meta_offset() { grep -obaF WAOTMETA "$1" | head -1 | cut -d: -f1; }

# ---- Artifacts: refused before dlopen could run an initialiser.
wat ok
"$wasmaot" compile ok.wasm -o ok.so || exit 2
expect good 0 '' '^i32:42$' -- "$wasmaot" run ok.so --invoke answer

size=$(stat -c %s ok.so)
head -c $((size / 2)) ok.so > truncated.so
expect artifact-truncated 1 'error: .*(not a wasmaot artifact|corrupt|truncated)' '' \
  -- "$wasmaot" run truncated.so --invoke answer
head -c 100 ok.so > truncated-header.so
expect artifact-truncated-header 1 'error: .*not a wasmaot artifact' '' \
  -- "$wasmaot" run truncated-header.so --invoke answer

meta=$(meta_offset ok.so)
cp ok.so badmagic.so && poke badmagic.so "$meta" 59 # "WAOTMETA" -> "YAOTMETA"
expect artifact-bitflip-meta-magic 1 'error: .*is a corrupt artifact: checksum mismatch' '' \
  -- "$wasmaot" run badmagic.so --invoke answer
cp ok.so badversion.so && poke badversion.so $((meta + 8)) 7f
expect artifact-wrong-version 1 'error: .*incompatible wasmaot \(format 127' '' \
  -- "$wasmaot" run badversion.so --invoke answer
cp ok.so badelf.so && poke badelf.so 1 58 # "\x7fELF" -> "\x7fXLF"
# (no longer ELF: `run` takes it for a .wasm, which it is not either)
expect artifact-bitflip-elf-magic 1 '^badelf.so:0x0: error: ' '' \
  -- "$wasmaot" run badelf.so --invoke answer

"$wasmaot" compile --target aarch64-linux-gnu ok.wasm -o arm64.so || exit 2
expect artifact-other-target 1 \
  'compiled for aarch64 .*recompile it with `wasmaot compile --target x86_64' '' \
  -- "$wasmaot" run arm64.so --invoke answer

if grep -qw avx512fp16 /proc/cpuinfo; then
  echo "skip  artifact-missing-cpu-feature (this CPU has AVX512-FP16)"
else
  "$wasmaot" compile --cpu sapphirerapids ok.wasm -o spr.so || exit 2
  expect artifact-missing-cpu-feature 1 'avx512fp16' '' \
    -- "$wasmaot" run spr.so --invoke answer
fi

# ---- The checksum seal (runtime/abi/checksum.h): one flipped bit anywhere
# in an artifact — ELF structure, code, metadata, data, the seal itself —
# is refused as corrupt before dlopen; so are truncation and extension.
corrupt='error: .*is a corrupt artifact: (checksum mismatch|it has no checksum seal)'
expect seal-intact 0 '' '^i32:104$' -- "$wasmaot" run ok.so --invoke first_byte
data=$(grep -obaF hostile-data-marker ok.so | head -1 | cut -d: -f1)
offsets="$((meta + 20)) $data $((size - 16)) $((size - 1))"
for ((i = 0; i < 24; i++)); do offsets+=" $((64 + i * (size - 80) / 23))"; done
bad=0
for off in $offsets; do
  cp ok.so flip.so && flipbit flip.so "$off"
  "$wasmaot" run flip.so --invoke answer > flip.out 2> flip.err
  rc=$?
  if [[ $rc != 1 ]] || ! grep -Eq -- "$corrupt" flip.err; then
    echo "FAIL  seal-bitflip at $off: exit $rc: $(head -c 300 flip.err)"
    bad=$((bad + 1))
  fi
done
if [[ $bad == 0 ]]; then
  echo "ok    seal-bitflip ($(wc -w <<< "$offsets") offsets: code, metadata, data, seal)"
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
# The ELF header: whatever a flip there turns the file into, it is refused
# with exit 1 and an error line, never run or crashed on.
bad=0
for ((off = 0; off < 64; off++)); do
  cp ok.so flip.so && flipbit flip.so "$off"
  "$wasmaot" run flip.so --invoke answer > flip.out 2> flip.err
  rc=$?
  if [[ $rc != 1 ]] || ! grep -q 'error: ' flip.err; then
    echo "FAIL  seal-bitflip-elf-header at $off: exit $rc: $(head -c 300 flip.err)"
    bad=$((bad + 1))
  fi
done
if [[ $bad == 0 ]]; then
  echo "ok    seal-bitflip-elf-header (each of the 64 bytes)"
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
cp ok.so flip.so && flipbit flip.so $((size / 2))
expect seal-bitflip-stdin 1 "$corrupt" '' \
  -- "$wasmaot" run - --invoke answer < flip.so
head -c $((size - 1)) ok.so > short.so
expect seal-truncated-by-one-byte 1 "$corrupt" '' \
  -- "$wasmaot" run short.so --invoke answer
cp ok.so long.so && printf '\0' >> long.so
expect seal-extended-by-one-byte 1 "$corrupt" '' \
  -- "$wasmaot" run long.so --invoke answer

# A component artifact: its own seal covers the instantiation plan, and each
# core module inside it carries one too.
calc=$here/../../examples/calculator/calculator.wasm
"$wasmaot" compile "$calc" -o calc.so || exit 2
expect seal-component-intact 0 '' '^3$' \
  -- "$wasmaot" run calc.so --invoke 'add(1, 2)'
csize=$(stat -c %s calc.so)
bad=0
for off in $((csize / 5)) $((csize / 3)) $((csize / 2)) $((csize * 3 / 4)) \
           $((csize - 30)) $((csize - 1)); do
  cp calc.so flip.so && flipbit flip.so "$off"
  "$wasmaot" run flip.so --invoke 'add(1, 2)' > flip.out 2> flip.err
  rc=$?
  if [[ $rc != 1 ]] || ! grep -Eq 'corrupt artifact|checksum' flip.err; then
    echo "FAIL  seal-component-bitflip at $off: exit $rc: $(head -c 300 flip.err)"
    bad=$((bad + 1))
  fi
done
if [[ $bad == 0 ]]; then
  echo "ok    seal-component-bitflip (6 offsets)"
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi

# ---- Signed artifacts: compile --sign KEYFILE, run --verify KEYFILE.
head -c 32 /dev/urandom > key && head -c 32 /dev/urandom > otherkey
head -c 8 /dev/urandom > shortkey
"$wasmaot" compile --sign key ok.wasm -o signed.so || exit 2
expect sign-verified 0 '' '^i32:42$' \
  -- "$wasmaot" run --verify key signed.so --invoke answer
expect sign-runs-without-verify 0 '' '^i32:42$' \
  -- "$wasmaot" run signed.so --invoke answer
expect sign-other-key 1 'error: its signature does not match the key' '' \
  -- "$wasmaot" run --verify otherkey signed.so --invoke answer
expect sign-unsigned 1 'error: it is not signed' '' \
  -- "$wasmaot" run --verify key ok.so --invoke answer
cp signed.so signed-flip.so && flipbit signed-flip.so $((size / 2))
expect sign-bitflip 1 'error: its signature does not match the key' '' \
  -- "$wasmaot" run --verify key signed-flip.so --invoke answer
expect sign-bitflip-stdin 1 'error: its signature does not match the key' '' \
  -- "$wasmaot" run --verify key - --invoke answer < signed-flip.so
expect sign-wasm-refused 1 'error: --verify runs only signed artifacts' '' \
  -- "$wasmaot" run --verify key ok.wasm --invoke answer
expect sign-short-key 2 'a key needs at least 16' '' \
  -- "$wasmaot" compile --sign shortkey ok.wasm -o short-signed.so
[[ ! -e short-signed.so ]] ||
  { echo "FAIL  sign-short-key: wrote an artifact"; failed=$((failed + 1)); }

# inspect shows the seal and the signature, and calls a damaged file what it is.
expect inspect-seal-intact 0 '' 'checksum seal +XXH64 0x[0-9a-f]{16}, intact' \
  -- "$wasmaot" inspect ok.so
expect inspect-unsigned 0 '' '^  signature +none$' -- "$wasmaot" inspect ok.so
expect inspect-signed 0 '' '^  signature +HMAC-SHA256' \
  -- "$wasmaot" inspect signed.so
cp ok.so damaged.so && flipbit damaged.so $((size / 2))
expect inspect-damaged 0 '' 'not loadable here: checksum mismatch' \
  -- "$wasmaot" inspect damaged.so
expect inspect-damaged-seal 0 '' 'checksum seal .* DAMAGED$' \
  -- "$wasmaot" inspect damaged.so
expect inspect-damaged-json 0 '' '"loadable": false' \
  -- "$wasmaot" inspect --json damaged.so
expect inspect-component-seal 0 '' 'checksum seal +XXH64 0x[0-9a-f]{16}, intact' \
  -- "$wasmaot" inspect calc.so

# A shared object with an initialiser but no wasmaot metadata: refused, and
# the initialiser never ran (it would create ctor-ran).
cat > ctor.c <<'EOF'
#include <fcntl.h>
__attribute__((constructor)) static void evil(void) {
  open("ctor-ran", O_CREAT | O_WRONLY, 0600);
}
EOF
if "$cc" -shared -fPIC ctor.c -o ctor.so 2> cc.err; then
  expect artifact-foreign-so 1 'error: .*not a wasmaot artifact' '' \
    -- "$wasmaot" run ctor.so --invoke answer
  if [[ -e ctor-ran ]]; then
    echo "FAIL  artifact-foreign-so-ctor: the initialiser ran"
    failed=$((failed + 1))
  else
    echo "ok    artifact-foreign-so-ctor (initialiser never ran)"
    passed=$((passed + 1))
  fi
fi

# ---- Modules that exhaust resources.
# A count of 2^32-1 types in a 14-byte file: an error, not an allocation.
printf '\0asm\1\0\0\0\1\5\xff\xff\xff\xff\x0f' > hugecount.wasm
expect huge-type-count 1 '^hugecount.wasm:0x[0-9a-f]+: error: ' '' \
  -- "$wasmaot" run hugecount.wasm --invoke f
# The same for functions and data segments; a memory over 4 GiB is invalid.
printf '\0asm\1\0\0\0\3\5\xff\xff\xff\xff\x0f' > hugefuncs.wasm
expect huge-function-count 1 '^hugefuncs.wasm:0xa: error: .*function count 4294967295' '' \
  -- "$wasmaot" run hugefuncs.wasm --invoke f
printf '\0asm\1\0\0\0\x0b\5\xff\xff\xff\xff\x0f' > hugedatas.wasm
expect huge-data-count 1 '^hugedatas.wasm:0xa: error: .*data segment count 4294967295' '' \
  -- "$wasmaot" run hugedatas.wasm --invoke f
printf '\0asm\1\0\0\0\5\5\1\0\x81\x80\x04' > hugemin.wasm
expect huge-memory-min 1 '^hugemin.wasm:0xa: error: memory size must be at most 65536' '' \
  -- "$wasmaot" run hugemin.wasm --invoke f
wat hugetable
expect huge-table 1 '^hugetable.wasm: error: table of 10000001 elements exceeds' '' \
  -- "$wasmaot" run hugetable.wasm --invoke f
wat hugememory
# (4 GiB, or 4 GiB - 64 KiB where the runtime caps memories one page short)
expect huge-memory-max 0 '' '^i32:6553[56]$' -- "$wasmaot" run hugememory.wasm --invoke grow_to_limit
wat growlimit
expect memory-grow-until-declared-max 0 '' '^i32:100$' \
  -- "$wasmaot" run growlimit.wasm --invoke grow_to_limit
expect memory-grow-then-store-past-end 3 'trap: out of bounds memory access' '' \
  -- "$wasmaot" run growlimit.wasm --invoke store_past_end
wat recursion
expect infinite-recursion 3 'trap: call stack exhausted' '' \
  -- "$wasmaot" run recursion.wasm --invoke f 0
expect infinite-recursion-explicit 3 'trap: call stack exhausted' '' \
  -- "$wasmaot" run --bounds-checks=explicit recursion.wasm --invoke f 0

# ---- Deadlines: `run --timeout` (epoch interruption, run_timeout.h).
wat loop
expect_within 10 timeout-infinite-loop 3 \
  'trap: interrupted: epoch deadline reached \(--timeout expired\)' '' \
  -- "$wasmaot" run --timeout 0.5 loop.wasm --invoke spin
grep -q '^  #0 func\[0\]' timeout-infinite-loop.err ||
  { echo "FAIL  timeout-infinite-loop: no backtrace"; failed=$((failed + 1)); }
expect_within 4 timeout-not-reached 0 '' '^i32:7$' \
  -- "$wasmaot" run --timeout 30 loop.wasm --invoke quick
wat loopstart
expect_within 10 timeout-in-start-function 3 'trap: interrupted' '' \
  -- "$wasmaot" run --timeout 0.5 loopstart.wasm --invoke f
"$wasmaot" compile --epoch-interruption loop.wasm -o loop-epoch.so || exit 2
expect_within 10 timeout-artifact-with-epochs 3 'trap: interrupted' '' \
  -- "$wasmaot" run --timeout 0.5 loop-epoch.so --invoke spin
"$wasmaot" compile loop.wasm -o loop-noepoch.so || exit 2
expect_within 10 timeout-artifact-without-epochs 3 \
  'error: timeout: .*no epoch checks .*--epoch-interruption' '' \
  -- "$wasmaot" run --timeout 0.5 loop-noepoch.so --invoke spin
wat sleep
expect_within 10 timeout-blocked-in-host-call 3 \
  'error: timeout: .*did not reach an epoch check' '' \
  -- "$wasmaot" run --timeout 0.3 sleep.wasm --invoke nap
expect timeout-not-positive 2 'timeout' '' \
  -- "$wasmaot" run --timeout 0 loop.wasm --invoke quick

# ---- Components whose types multiply: refused with an implementation limit,
# in well under a second and a few tens of MB (blowup.wat says how; the
# binary is jco's `parse` of it). Before the limit, a 1.5 KB input of this
# kind took 3.4 s and 960 MB at depth 6, ten times that per level.
expect_within 10 component-type-blowup 1 \
  "blowup.wasm:0x[0-9a-f]+: error: the component's types expand to more than 100000 definitions" '' \
  -- bash -c "ulimit -v 2000000; exec '$wasmaot' validate '$here/blowup.wasm'"

# A valid component whose two copies of a 2^17-path type DAG are compared
# 3,000 times (gen_dag.py): type equality must not walk every path.
expect_within 5 component-type-dag 0 '' '' \
  -- "$wasmaot" validate "$here/dag.wasm"

# A component whose export is an instance nested 50,000 deep (gen_deep.py;
# valid for wasmparser): every tool walking its types recursed once per
# level (`inspect` overflowed the stack). Refused with an implementation
# limit; at the limit (100) it compiles, inspects and runs.
python3 "$here/gen_deep.py" deep.wasm 50000 || exit 2
for cmd in validate inspect "compile -o deep.so"; do
  expect_within 10 "component-deep-instances-${cmd%% *}" 1 \
    'deep.wasm:0x[0-9a-f]+: error: types nested more than 100 deep' '' \
    -- bash -c "ulimit -v 4000000; exec '$wasmaot' $cmd deep.wasm"
done
python3 "$here/gen_deep.py" deep99.wasm 98 || exit 2
expect_within 10 component-deep-instances-at-limit 0 '' '' \
  -- bash -c "'$wasmaot' compile deep99.wasm -o deep99.so &&
              '$wasmaot' inspect deep99.so >/dev/null &&
              '$wasmaot' run deep99.so --invoke 'x$(printf '#a%.0s' $(seq 98))#f'"

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
