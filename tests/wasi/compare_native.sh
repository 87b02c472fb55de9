#!/usr/bin/env bash
# WASI programs against their native builds (issue #5): each program in
# tests/wasi/programs/ is built natively (cc -O2) and for wasm32-wasi
# (clang-19), run on identical inputs — natively in one directory, under
# `wasmaot run --dir` in another — and its standard output, exit status and
# the files it leaves behind must be identical.
#
#   compare_native.sh WASMAOT WORKDIR
set -euo pipefail
wasmaot=$1
work=$2
src=$(cd "$(dirname "$0")/programs" && pwd)
readme=$(cd "$(dirname "$0")/../.." && pwd)/README.md
rm -rf "$work" && mkdir -p "$work"
cc=${CC:-cc}
passed=0 failed=0

for p in tree_copy kvstore wordfreq; do
  "$cc" -O2 -o "$work/$p.native" "$src/$p.c"
  clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -o "$work/$p.wasm" "$src/$p.c"
  "$wasmaot" compile "$work/$p.wasm" -o "$work/$p.so"
done

check() { # NAME: compares $work/n.out/$work/w.out and the two trees
  local name=$1
  if cmp -s "$work/n.out" "$work/w.out" && diff -r "$work/n" "$work/w" >/dev/null; then
    passed=$((passed + 1)); echo "ok   $name"
  else
    failed=$((failed + 1)); echo "FAIL $name"
    diff "$work/n.out" "$work/w.out" | head -20 || true
    diff -r "$work/n" "$work/w" | head -20 || true
  fi
}
# run NAME NATIVE_ARGS... -- WASM_ARGS...: status and stdout of both sides
run() {
  local name=$1; shift
  local nargs=() wargs=()
  while [[ $1 != -- ]]; do nargs+=("$1"); shift; done; shift
  wargs=("$@")
  local ns=0 ws=0
  (cd "$work/n" && "${nargs[@]}") > "$work/n.out" 2>/dev/null || ns=$?
  "$wasmaot" run "${wargs[@]}" > "$work/w.out" 2>/dev/null || ws=$?
  echo "exit $ns" >> "$work/n.out"; echo "exit $ws" >> "$work/w.out"
  check "$name"
}

# 1. Recursive copy with timestamps and a symlink.
for side in n w; do
  d=$work/$side; mkdir -p "$d/src/sub/deep"
  printf 'alpha\n' > "$d/src/a.txt"
  head -c 100000 /dev/zero | tr '\0' 'x' > "$d/src/sub/big.txt"
  printf 'deep\n' > "$d/src/sub/deep/c.txt"
  ln -s a.txt "$d/src/link"
  touch -h -d '2021-03-04 05:06:07' "$d/src/a.txt" "$d/src/sub/big.txt"
  touch -d '2020-01-02 03:04:05' "$d/src/sub/deep/c.txt"
done
run tree_copy "$work/tree_copy.native" . -- \
  "$work/tree_copy.so" --dir "$work/w::/root" -- /root

# 2. A key-value store persisting across runs, with compaction (rename).
rm -rf "$work/n" "$work/w"; mkdir -p "$work/n" "$work/w"
i=0
for cmds in "put a 1 put b 2 put c 3" "get a get z del b list" \
            "put a 10 compact list" "get a get b get c"; do
  i=$((i + 1))
  # shellcheck disable=SC2086 # the commands are words
  run "kvstore-$i" "$work/kvstore.native" . $cmds -- \
    "$work/kvstore.so" --dir "$work/w::/db" -- /db $cmds
done

# 3. A text tool: stdin, an environment variable, an output file.
rm -rf "$work/n" "$work/w"; mkdir -p "$work/n" "$work/w"
ns=0; ws=0
(cd "$work/n" && FOLD=1 "$work/wordfreq.native" 15 out.txt < "$readme") \
  > "$work/n.out" || ns=$?
"$wasmaot" run "$work/wordfreq.so" --env FOLD=1 --dir "$work/w::/out" -- \
  15 /out/out.txt < "$readme" > "$work/w.out" || ws=$?
echo "exit $ns" >> "$work/n.out"; echo "exit $ws" >> "$work/w.out"
check wordfreq

echo "$passed passed, $failed failed"
[[ $failed == 0 ]]
