#!/bin/sh
# Writes sock-test.wit: the `sock-test` world (wasi:sockets, stdout, args;
# exports wasi:cli/run) with the WASI 0.2.12 packages nested in one file, as
# tools/make-component.mjs takes a single WIT source.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
deps=$here/../../../wit/data/wasi-0.2.12/deps
{
  printf 'package wasmaot:sockets-test;\n\nworld sock-test {\n'
  for i in instance-network tcp-create-socket udp-create-socket ip-name-lookup; do
    printf '  import wasi:sockets/%s@0.2.12;\n' "$i"
  done
  printf '  import wasi:cli/environment@0.2.12;\n'
  printf '  import wasi:cli/stdout@0.2.12;\n'
  printf '  export wasi:cli/run@0.2.12;\n}\n'
  for p in io clocks random cli filesystem sockets; do
    sed -e '1s/^\(package [^;]*\);$/\1 {/' "$deps/$p/package.wit"
    printf '}\n'
  done
} > "$here/sock-test.wit"
