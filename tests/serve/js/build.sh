#!/bin/sh
# Builds js-app.wasm (not checked in: 14 MB) from app.js, a fetch-event
# handler, with componentize-js (StarlingMonkey) from tools/ (`npm ci
# --prefix tools`), against the wasi:http/proxy world. The engine exports
# wasi:http/incoming-handler@0.2.10, so the WASI 0.2.12 WIT is relabelled
# 0.2.10, and wasi:sockets (whose 0.2.12 shape differs from the engine's) is
# left out of the world. Takes about a minute.
#   sh tests/serve/js/build.sh OUT-DIR
# The opt-in ctest serve-js (-DWASMAOT_SERVE_JS_TEST=ON) builds, compiles
# and serves it.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../../..
out=$(mkdir -p "$1" && cd "$1" && pwd)
rm -rf "$out/wit"
mkdir -p "$out/wit"
cp -r "$root/tests/wit/data/wasi-0.2.12/deps" "$out/wit/deps"
rm -rf "$out/wit/deps/sockets"
sed -i '/include wasi:sockets\/imports@/d' "$out/wit/deps/cli/package.wit"
grep -rl '@0\.2\.12' "$out/wit" | xargs sed -i 's/@0\.2\.12/@0.2.10/g'
printf 'package wasmaot:js-app;\n\nworld app {\n  include wasi:http/proxy@0.2.10;\n}\n' \
  > "$out/wit/world.wit"
cat > "$out/build.mjs" <<EOT
import { componentize } from '$root/tools/node_modules/@bytecodealliance/componentize-js/src/componentize.js';
import { readFile, writeFile } from 'node:fs/promises';
const { component } = await componentize(await readFile('$here/app.js', 'utf8'),
  { witPath: '$out/wit', worldName: 'app' });
await writeFile('$out/js-app.wasm', component);
EOT
node "$out/build.mjs"
ls -l "$out/js-app.wasm"
