#!/usr/bin/env bash
# Builds the libFuzzer targets (the `fuzz` preset: clang-19 with ASan and
# UBSan) and fuzzes read+validate for a while, seeded with every module of the
# Wasm 2.0 spec testsuite (needs ../shared; without it the fuzzer starts from
# an empty corpus).
#
#   scripts/fuzz.sh [SECONDS] [TARGET]
#       SECONDS default 600; TARGET validate (default: read + validate),
#       compile (read, validate, compile, instantiate, call every export) or
#       component (read + validate a component, print its WIT; seeded with
#       the component-model testsuite assembled by jco, which needs node and
#       tools/node_modules) or plan (a valid component's instantiation plan
#       and its composition with itself; the component seeds) or instantiate (valid modules that binaryen's
#       wasm-opt -ttf makes of the input: compile, instantiate, call every
#       export; seeded with random bytes); extra libFuzzer flags in
#       FUZZ_FLAGS, e.g.
#       FUZZ_FLAGS=-jobs=2
#       With FUZZ_CPU_SECONDS=N the run ends when the fuzzer has used N
#       seconds of CPU (its own and the wasm-opt children it waited for),
#       not after SECONDS of wall time: what issue #9's "CPU-hours" count,
#       on a shared machine. Run it at `nice -n 19` beside other work.
# Crashes are written to build/fuzz/artifacts/; the corpus grows in
# build/fuzz/corpus-TARGET/ and is reused by the next run.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
target="${2:-validate}"
case $target in
  validate|compile|component|plan|wit|instantiate) ;;
  *) echo "fuzz: unknown target '$target' (validate, compile, component, plan, wit or instantiate)" >&2
     exit 2 ;;
esac
cmake --preset fuzz
cmake --build --preset fuzz --target "wasmaot-fuzz-$target" \
  -j "${WASMAOT_BUILD_JOBS:-2}"
# Guard-page faults must reach the runtime's SIGSEGV handler, not ASan's.
export ASAN_OPTIONS="${ASAN_OPTIONS:-allow_user_segv_handler=1:handle_segv=0:detect_leaks=0}"

corpus=build/fuzz/corpus-$target
seeds=build/fuzz/seeds
mkdir -p "$corpus" build/fuzz/artifacts
suite=../shared/testsuite/spec/wasm-2.0/core
if [[ ! -d $seeds && -d $suite ]]; then
  echo "fuzz: converting the spec testsuite into seeds"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for wast in "$suite"/*.wast; do
    name=$(basename "$wast" .wast)
    wast2json "$wast" -o "$tmp/$name.json" >/dev/null 2>&1 || true
  done
  mkdir -p "$seeds"
  find "$tmp" -name '*.wasm' -exec cp -t "$seeds" {} +
  echo "fuzz: $(find "$seeds" -name '*.wasm' | wc -l) seed modules"
fi
if [[ $target == component || $target == plan ]]; then
  # Every component the component-model testsuite assembles to.
  seeds=build/fuzz/seeds-component
  cm=../shared/testsuite/component-model
  if [[ ! -d $seeds && -d $cm ]] && command -v node >/dev/null 2>&1; then
    echo "fuzz: assembling the component-model testsuite into seeds"
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    find "$cm" -name '*.wast' -print0 | sort -z |
      xargs -0 node tests/component/wast2cjson.mjs "$tmp" >/dev/null 2>&1 || true
    mkdir -p "$seeds"
    # Components only (magic, version 0x0d, layer 1), named by content.
    while IFS= read -r -d '' f; do
      if [[ $(head -c 8 "$f" | od -An -tx1 | tr -d ' \n') == 0061736d0d000100 ]]; then
        cp "$f" "$seeds/$(sha1sum "$f" | cut -c1-16).wasm"
      fi
    done < <(find "$tmp" -name '*.wasm' -print0)
    echo "fuzz: $(find "$seeds" -name '*.wasm' | wc -l) seed components"
  fi
fi
if [[ $target == wit ]]; then
  # Every .wit file of the test data, each on its own.
  seeds=build/fuzz/seeds-wit
  mkdir -p "$seeds"
  while IFS= read -r -d '' f; do
    cp "$f" "$seeds/$(sha1sum "$f" | cut -c1-16).wit"
  done < <(find tests/wit/data -name '*.wit' -print0)
fi
if [[ $target == instantiate ]]; then
  # Inputs are a knob byte and the random bytes wasm-opt -ttf consumes, not
  # wasm: 64 reproducible random seeds of 64 B .. 4 KiB.
  seeds=build/fuzz/seeds-instantiate
  if [[ ! -d $seeds ]]; then
    mkdir -p "$seeds"
    python3 - "$seeds" <<'PY'
import random, sys
for n in range(64):
    r = random.Random(n)
    size = 64 << (n % 7)
    with open(f"{sys.argv[1]}/seed-{n:02d}", "wb") as f:
        f.write(bytes(r.getrandbits(8) for _ in range(size)))
PY
  fi
fi
dirs=("$corpus")
[[ -d $seeds ]] && dirs+=("$seeds")

fuzzer=(build/fuzz/tests/fuzz/wasmaot-fuzz-$target -timeout=30
        -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1)
if [[ -z ${FUZZ_CPU_SECONDS:-} ]]; then
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
  exec "${fuzzer[@]}" -max_total_time="$seconds" ${FUZZ_FLAGS:-} "${dirs[@]}"
fi
# shellcheck disable=SC2086
"${fuzzer[@]}" ${FUZZ_FLAGS:-} "${dirs[@]}" &
pid=$!
ticks=$(getconf CLK_TCK) stopped=0 rc=0
while kill -0 "$pid" 2>/dev/null; do
  sleep 10
  # utime stime cutime cstime: fields 14-17 of /proc/PID/stat
  cpu=$(awk -v t="$ticks" '{print int(($14 + $15 + $16 + $17) / t)}' \
        "/proc/$pid/stat" 2>/dev/null) || break
  if (( cpu >= FUZZ_CPU_SECONDS )); then
    echo "fuzz: $cpu CPU seconds used, stopping"
    kill -INT "$pid" # libFuzzer prints its final stats
    stopped=1
    break
  fi
done
wait "$pid" || rc=$?
# libFuzzer exits 72 when interrupted: that is the planned end here.
(( stopped && rc == 72 )) && rc=0
exit "$rc"
