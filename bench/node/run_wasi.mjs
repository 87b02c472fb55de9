// Runs a wasm32-wasi command under V8 through node:wasi, for bench/run.sh.
//   node --no-warnings bench/node/run_wasi.mjs PROG.wasm
// The module is compiled with WebAssembly.compile (V8's Liftoff baseline,
// then TurboFan tier-up as usual) and its exit status becomes node's.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import process from 'node:process';

const file = process.argv[2];
const wasi = new WASI({ version: 'preview1', args: [file], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
