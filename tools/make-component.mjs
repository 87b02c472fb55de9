// Wraps a core module that exports canonical-ABI functions into a component:
// `jco embed` (the WIT world as a custom section) then `jco new`, through
// jco's library API (its CLI needs the WIT under the current directory).
//
//   node tools/make-component.mjs CORE.wasm WORLD.wit WORLD-NAME OUT.wasm
//        [--string-encoding utf8|utf16|compact-utf16]
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const api = join(here, 'node_modules/@bytecodealliance/jco-transpile/dist/wasm-tools.js');
const { componentEmbed, componentNew } = await import(api);

const args = process.argv.slice(2);
let stringEncoding;
const i = args.indexOf('--string-encoding');
if (i >= 0) {
  stringEncoding = args[i + 1];
  args.splice(i, 2);
}
if (args.length !== 4) {
  console.error('usage: make-component.mjs CORE.wasm WORLD.wit WORLD-NAME OUT.wasm [--string-encoding E]');
  process.exit(2);
}
const [core, wit, world, out] = args;
const embedded = await componentEmbed({
  binary: await readFile(core),
  witSource: await readFile(wit, 'utf8'),
  world,
  stringEncoding,
});
await writeFile(out, await componentNew(embedded, []));
