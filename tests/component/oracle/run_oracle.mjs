// The differential oracle of issue #10: the same component calls through
// wasmaot and through jco transpile (node, an independent Canonical ABI
// implementation), results and traps compared.
//
//   node run_oracle.mjs --wasmaot PATH --out DIR [-O N] [--jobs N]
//                       [--script-runner PATH]
//
// Builds DIR/oracle.wasm from guest.js + oracle.wit with componentize-qjs
// (a QuickJS component: wit-dylib bindings, PIC core modules whose data
// segments use Wasm 3.0 extended constant expressions), transpiles it with
// jco, compiles it with `wasmaot compile`, then for each line of cases.wave
// calls the export in node and runs `wasmaot run DIR/oracle.so --invoke
// LINE`. The output of wasmaot is parsed back as WAVE of the result type
// (wave.mjs) and compared with jco's value; a trap must be a trap on both.
// Prints each divergence and `oracle: N calls compared, M divergences`;
// exits 1 if M > 0. With --script-runner (wasmaot-oracle-script), also
// runs the resource scripts (*.script) in one instance per engine.
// Prints `oracle: skipped: ...` (exit 0) when the npm
// tools (tools/, `npm ci --prefix tools`) are missing.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { camel, equal, parseInterface, parseWave, show } from './wave.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '../../..');
const tools = path.join(root, 'tools/node_modules');

// jco's output instantiates the component's PIC core modules, whose
// extended constant expressions node 20 (V8 11.3) accepts behind a flag.
const flag = '--experimental-wasm-extended-const';
if (!process.execArgv.includes(flag) && process.versions.node.split('.')[0] < 21) {
  const r = spawnSync(process.execPath, [flag, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const wasmaot = opt('--wasmaot');
const out = opt('--out');
const optLevel = opt('-O', '2');
const jobs = Number(opt('--jobs', '2'));
if (!wasmaot || !out) {
  console.error('usage: run_oracle.mjs --wasmaot PATH --out DIR [-O N] [--jobs N]');
  process.exit(2);
}
const qjs = path.join(tools, '.bin/componentize-qjs');
const jco = path.join(tools, '.bin/jco');
for (const tool of [qjs, jco])
  if (!fs.existsSync(tool)) {
    console.log(`oracle: skipped: ${path.relative(root, tool)} is missing (npm ci --prefix tools)`);
    process.exit(0);
  }
fs.mkdirSync(out, { recursive: true });

const run = (cmd, argv) => {
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`oracle: ${path.basename(cmd)} failed:\n${r.stdout}${r.stderr}`);
    process.exit(1);
  }
  return Date.now() - t0;
};

// 1. The component, the JavaScript of jco, the wasmaot artifact.
const component = path.join(out, 'oracle.wasm');
const wit = path.join(here, 'oracle.wit');
const tBuild = run(qjs, ['--sync', '--wit', wit, '--js', path.join(here, 'guest.js'),
  '-o', component]);
const jsDir = path.join(out, 'js');
fs.rmSync(jsDir, { recursive: true, force: true });
const tTranspile = run(jco, ['transpile', component, '-o', jsDir, '--no-typescript', '--quiet']);
fs.symlinkSync(tools, path.join(jsDir, 'node_modules'));
const artifact = path.join(out, 'oracle.so');
const tCompile = run(wasmaot, ['compile', `-O${optLevel}`, component, '-o', artifact]);
console.log(`oracle: componentize-qjs ${tBuild} ms, jco transpile ${tTranspile} ms, ` +
  `wasmaot compile -O${optLevel} ${tCompile} ms (${fs.statSync(component).size} bytes)`);

const funcs = parseInterface(fs.readFileSync(wit, 'utf8'), 'api');
const cases = fs.readFileSync(path.join(here, 'cases.wave'), 'utf8').split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'));

// 2. jco: one module instance until a call traps (a trap poisons it).
const entry = pathToFileURL(path.join(jsDir, 'oracle.js')).href;
let generation = 0;
let api = null;
async function callJco(name, argv, f) {
  if (!api)
    api = (await import(`${entry}?instance=${generation++}`)).api;
  try {
    const v = api[camel(name)](...argv);
    return { value: f.result?.k === 'result' ? { tag: 'ok', val: v } : v };
  } catch (e) {
    if (e?.constructor?.name === 'ComponentError' && f.result?.k === 'result')
      return { value: { tag: 'err', val: e.payload } };
    api = null;
    // A trap is a WebAssembly.RuntimeError; anything else (a TypeError
    // inside jco's generated glue) is jco failing, not an answer.
    if (e instanceof WebAssembly.RuntimeError)
      return { trap: String(e.message) };
    return { jcoError: `${e?.constructor?.name}: ${e?.message ?? e}` };
  }
}

// 3. wasmaot: one process per call.
function callWasmaot(line) {
  return new Promise((resolve) => {
    const p = spawn(wasmaot, ['run', artifact, '--invoke', line]);
    let stdout = '', stderr = '';
    p.stdout.on('data', (d) => { stdout += d; });
    p.stderr.on('data', (d) => { stderr += d; });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const results = new Array(cases.length);
let next = 0;
await Promise.all(Array.from({ length: jobs }, async () => {
  while (next < cases.length) {
    const n = next++;
    results[n] = await callWasmaot(cases[n]);
  }
}));

let compared = 0, traps = 0;
const divergences = [], jcoErrors = [];
for (let n = 0; n < cases.length; n++) {
  const line = cases[n];
  const name = line.slice(0, line.indexOf('(')).trim();
  const f = funcs[name];
  const fail = (why) => divergences.push(`${line}\n    ${why}`);
  if (!f) { fail(`no function ${name} in oracle.wit`); continue; }
  let argv;
  try {
    argv = parseWave(line.slice(line.indexOf('(') + 1, line.lastIndexOf(')')),
      f.params.map((p) => p.type));
  } catch (e) { fail(`bad case: ${e.message}`); continue; }
  const j = await callJco(name, argv, f);
  const w = results[n];
  if (j.jcoError !== undefined) {
    jcoErrors.push(`${line}\n    jco failed (${j.jcoError}); wasmaot: ` +
      (w.code === 0 ? w.stdout.trim() : `exit ${w.code} ${w.stderr.split('\n')[0]}`));
    continue;
  }
  compared++;
  if (j.trap !== undefined || w.code === 3) {
    if (j.trap === undefined)
      fail(`wasmaot trapped (${w.stderr.split('\n')[0]}), jco returned ${show(j.value)}`);
    else if (w.code !== 3)
      fail(`jco trapped (${j.trap}), wasmaot exited ${w.code}: ${w.stdout}${w.stderr}`);
    else
      traps++;
    continue;
  }
  if (w.code !== 0) { fail(`wasmaot exited ${w.code}: ${w.stderr.trim()}`); continue; }
  let got;
  try {
    got = f.result ? parseWave(w.stdout.trim(), [f.result])[0] : undefined;
  } catch (e) { fail(`cannot read wasmaot's output ${w.stdout.trim()}: ${e.message}`); continue; }
  if (!equal(got, j.value, f.result))
    fail(`wasmaot: ${w.stdout.trim()}\n    jco:     ${show(j.value)}`);
}

// 4. Resource scripts (*.script): each line a call in ONE instance per
// engine, so handles live from call to call (script_main.cpp runs them in
// wasmaot). `$v = CALL` binds a returned handle, `$v` passes it.
const scriptRunner = opt('--script-runner');
const pascal = (n) => camel(n)[0].toUpperCase() + camel(n).slice(1);
function splitArgs(text) {
  const out = [];
  let cur = '', depth = 0, quote = null;
  for (let k = 0; k < text.length; k++) {
    const c = text[k];
    if (quote) {
      cur += c;
      if (c === '\\') cur += text[++k];
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if ('([{<'.includes(c)) depth++;
    else if (')]}>'.includes(c)) depth--;
    if (c === ',' && depth === 0) { out.push(cur.trim()); cur = ''; continue; }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
function callScriptJco(api, vars, name, args) {
  let m;
  if ((m = /^\[constructor\](.+)$/.exec(name)))
    return new api[pascal(m[1])](...args);
  if ((m = /^\[method\](.+)\.(.+)$/.exec(name)))
    return args[0][camel(m[2])](...args.slice(1));
  if ((m = /^\[static\](.+)\.(.+)$/.exec(name)))
    return api[pascal(m[1])][camel(m[2])](...args);
  return api[camel(name)](...args);
}
let scriptCalls = 0;
for (const file of scriptRunner
  ? fs.readdirSync(here).filter((f) => f.endsWith('.script')).sort() : []) {
  const lines = fs.readFileSync(path.join(here, file), 'utf8').split('\n')
    .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const r = spawnSync(scriptRunner, [artifact], { input: lines.join('\n') + '\n',
    encoding: 'utf8' });
  if (r.status !== 0) {
    divergences.push(`${file}: ${path.basename(scriptRunner)} exited ${r.status}: ` +
      `${r.stderr.trim()}`);
    continue;
  }
  const wOut = r.stdout.split('\n');
  const api = (await import(`${entry}?instance=${generation++}`)).api;
  const vars = {};
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n], bind = null;
    const eq = /^(\$[a-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (eq) { bind = eq[1]; line = eq[2]; }
    const where = `${file}: ${lines[n]}`;
    const fail = (why) => divergences.push(`${where}\n    ${why}`);
    const name = line.slice(0, line.indexOf('(')).trim();
    const f = funcs[name];
    const w = wOut[n] ?? '';
    if (!f) { fail(`no function ${name} in oracle.wit`); break; }
    let argv;
    try {
      const texts = splitArgs(line.slice(line.indexOf('(') + 1, line.lastIndexOf(')')));
      argv = texts.map((t, k) => t.startsWith('$') ? vars[t]
        : parseWave(t, [f.params[k].type])[0]);
    } catch (e) { fail(`bad line: ${e.message}`); break; }
    let j;
    try {
      j = { value: callScriptJco(api, vars, name, argv) };
    } catch (e) {
      j = e instanceof WebAssembly.RuntimeError ? { trap: String(e.message) }
        : { jcoError: `${e?.constructor?.name}: ${e?.message ?? e}` };
    }
    if (j.jcoError !== undefined) {
      jcoErrors.push(`${where}\n    jco failed (${j.jcoError}); wasmaot: ${w}`);
      break; // the two instances may differ from here on
    }
    compared++;
    scriptCalls++;
    if (j.trap !== undefined || w.startsWith('trap:')) {
      if (j.trap === undefined) fail(`wasmaot ${w}, jco returned ${show(j.value)}`);
      else if (!w.startsWith('trap:')) fail(`jco trapped (${j.trap}), wasmaot: ${w}`);
      else traps++;
      break; // a trap poisons both instances
    }
    if (f.result && (f.result.k === 'own' || f.result.k === 'borrow')) {
      if (w !== 'handle') fail(`wasmaot: ${w}, jco returned a handle`);
      if (bind) vars[bind] = j.value;
      continue;
    }
    let got;
    try {
      got = f.result ? parseWave(w, [f.result])[0] : undefined;
    } catch (e) { fail(`cannot read wasmaot's output ${w}: ${e.message}`); continue; }
    if (!equal(got, j.value, f.result))
      fail(`wasmaot: ${w}\n    jco:     ${show(j.value)}`);
  }
}
if (scriptRunner)
  console.log(`oracle: ${scriptCalls} calls of resource scripts, in one instance each`);

for (const d of jcoErrors)
  console.log(`NOT COMPARED ${d}`);
for (const d of divergences)
  console.log(`DIVERGENCE ${d}`);
console.log(`oracle: ${compared} calls compared (${traps} trapped on both), ` +
  `${divergences.length} divergences, ${jcoErrors.length} not compared ` +
  `(jco itself failed)`);
process.exit(divergences.length ? 1 : 0);
