#!/bin/sh
# Writes http-echo.wit: the `http-echo` world (imports wasi:http/types,
# exports wasi:http/incoming-handler) with the WASI 0.2.12 packages it uses
# (all of them: the http package's worlds name the rest) nested in the same file, because make-component.mjs
# takes a single WIT source.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
deps=$here/../../wit/data/wasi-0.2.12/deps
{
  printf 'package wasmaot:serve-test;\n\nworld http-echo {\n'
  printf '  import wasi:http/types@0.2.12;\n'
  printf '  import wasi:clocks/monotonic-clock@0.2.12;\n'
  printf '  export wasi:http/incoming-handler@0.2.12;\n}\n'
  for p in io clocks random cli filesystem sockets http; do
    sed -e '1s/^\(package [^;]*\);$/\1 {/' "$deps/$p/package.wit"
    printf '}\n'
  done
} > "$here/http-echo.wit"
