// Builds the component fixtures of the `wasmaot validate|inspect|wit` e2e
// tests (component_tests.cmake) with jco (tools/), at test time:
//
//   node make_components.mjs OUTDIR
//
//   calc.wasm       world calculator-with-log of tests/wit/data/calc/calc.wit,
//                   `jco embed --dummy` (a core module implementing the world
//                   with `unreachable` bodies) + `jco new`
//   truncated.wasm  calc.wasm cut in the middle of its type section
//   invalid.wasm    assembled from text (jco parse does not validate): a
//                   lift whose core function has the wrong signature
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../..');
const { componentEmbed, componentNew, parse } = await import(
  path.join(root, 'tools/node_modules/@bytecodealliance/jco/dist/api.js'));

const out = process.argv[2];
fs.mkdirSync(out, { recursive: true });

const wit = fs.readFileSync(path.join(root, 'tests/wit/data/calc/calc.wit'), 'utf8');
const core = await componentEmbed({ witSource: wit, dummy: true, world: 'calculator-with-log' });
const calc = await componentNew(core);
fs.writeFileSync(path.join(out, 'calc.wasm'), calc);
fs.writeFileSync(path.join(out, 'truncated.wasm'), calc.slice(0, 40));

const invalid = await parse(`(component
  (core module $m (func (export "f") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func (export "f") (param "x" u64) (result u32)
    (canon lift (core func $i "f"))))`);
fs.writeFileSync(path.join(out, 'invalid.wasm'), invalid);
