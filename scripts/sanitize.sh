#!/usr/bin/env bash
# CI's sanitizer job (issue #9): builds the `asan` preset (Debug, ASan +
# UBSan, every UB report fatal) — only the unit tests and the spec runner —
# and runs the unit tests and a bounded slice of the Wasm 2.0 spec
# testsuite under the sanitizers. Takes a few minutes after the build; see
# tests/README.md ("Sanitizer job").
#
#   scripts/sanitize.sh            # what .ci/run runs after scripts/test.sh
#
# Guard-page bounds checks and ASan both want SIGSEGV: the runtime's handler
# must get the faults of wasm code (allow_user_segv_handler=1 lets its
# sigaction through, handle_segv=0 keeps ASan's out of the way). A fault
# outside wasm code still kills the test, through the runtime's handler.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs="${WASMAOT_BUILD_JOBS:-2}"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$jobs" --target wasmaot-unit-tests wasmaot-spec

export ASAN_OPTIONS="${ASAN_OPTIONS:-allow_user_segv_handler=1:handle_segv=0:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
status=0
step() { # NAME COMMAND...: runs one step, reports its time, keeps going
  local name=$1 start=$SECONDS
  shift
  echo "sanitize: $name"
  if "$@"; then
    echo "sanitize: $name passed ($((SECONDS - start)) s)"
  else
    echo "sanitize: $name FAILED ($((SECONDS - start)) s)"
    status=1
  fi
}

build=build/asan
step "unit tests" "$build/tests/unit/wasmaot-unit-tests" --gtest_brief=1

suite=../shared/testsuite/spec/wasm-2.0/core
if [[ -d $suite ]]; then
  spec=("$build/tests/conformance/wasmaot-spec" --jobs "$jobs")
  # Decode + validate every script.
  step "spec validate (all)" "${spec[@]}" --mode validate
  # Execution, bounded: memory, tables, calls, control, traps and the
  # SIMD loads/stores — the code the runtime and the bounds checks own —
  # at -O0 with explicit checks and at -O2 with guard pages.
  slice=(address align block br_table bulk call call_indirect data elem
         exports func global imports left-to-right linking loop
         memory memory_copy memory_fill memory_grow memory_init memory_size
         memory_trap select stack start table table_copy table_fill
         table_get table_grow table_init table_set table_size traps
         unreachable unwind simd_address simd_load simd_load8_lane
         simd_load32_lane simd_store simd_store8_lane simd_store64_lane
         skip-stack-guard-page)
  files=()
  for s in "${slice[@]}"; do files+=("$suite/$s.wast"); done
  step "spec exec -O0 explicit (${#slice[@]} scripts)" "${spec[@]}" \
    --mode exec -O 0 --bounds-checks explicit "${files[@]}"
  step "spec exec -O2 guard (${#slice[@]} scripts)" "${spec[@]}" \
    --mode exec -O 2 --bounds-checks guard "${files[@]}"
else
  echo "sanitize: spec tests skipped: $suite is absent"
fi
exit "$status"
