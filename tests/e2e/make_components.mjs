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
//   net.wasm        NET_WIT below, `jco embed --dummy` + `jco new`: like
//                   wasi:http, interface `types` has records and flags with
//                   uppercase-acronym names used by a variant of the same
//                   interface, and `handler` re-exports that variant with
//                   `(eq ..)`, which the frontend names with a copy of the
//                   type (`wasmaot wit` once failed on it, issue #10)
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

const NET_WIT = `package ex:net@0.1.0;

interface types {
  record DNS-error-payload {
    rcode: option<string>,
    info-code: option<u16>,
  }
  flags TLS-flags {
    HTTP,
    DNS,
  }
  variant error-code {
    DNS-timeout,
    DNS-error(DNS-error-payload),
    TLS-error(TLS-flags),
  }
  last-error: func() -> option<error-code>;
}

interface handler {
  use types.{error-code};
  handle: func(url: string) -> result<u32, error-code>;
}

world client {
  import handler;
  export handler;
}
`;
const net = await componentNew(
  await componentEmbed({ witSource: NET_WIT, dummy: true, world: 'client' }));
fs.writeFileSync(path.join(out, 'net.wasm'), net);
