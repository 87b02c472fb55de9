// Splits a component-model .wast script into its top-level commands and
// assembles every (component ...) / (module ...) in it with jco's `parse`
// (wasm-tools parse), like wabt's wast2json does for core scripts:
//
//   node wast2cjson.mjs OUTDIR FILE.wast...  → OUTDIR/<i>/cmds.json + N.wasm
//
// (one node process for many scripts: jco's start-up dominates otherwise).
// cmds.json: {"source": FILE, "commands": [{"type", "line", "file"?,
// "text"?, "parse_error"?, "message"?}]}. Commands that need execution
// (assert_return, assert_trap, invoke, register, component instance ...)
// are passed through with their text for an execution backend.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const jcoApi = path.join(here, '../../tools/node_modules/@bytecodealliance/jco/dist/api.js');
const { parse } = await import(jcoApi);

const [outRoot, ...files] = process.argv.slice(2);
let outDir = outRoot;

// Top-level s-expressions with their starting line; strings and comments
// (`;; ...`, `(; ... ;)`, nested) are skipped over.
function splitTop(s) {
  const out = [];
  let i = 0, line = 1, depth = 0, start = -1, startLine = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\n') { line++; i++; continue; }
    if (c === ';' && s[i + 1] === ';') { while (i < s.length && s[i] !== '\n') i++; continue; }
    if (c === '(' && s[i + 1] === ';') {
      let d = 1; i += 2;
      while (i < s.length && d > 0) {
        if (s[i] === '\n') line++;
        if (s[i] === '(' && s[i + 1] === ';') { d++; i += 2; continue; }
        if (s[i] === ';' && s[i + 1] === ')') { d--; i += 2; continue; }
        i++;
      }
      continue;
    }
    if (c === '"') {
      i++;
      while (i < s.length && s[i] !== '"') { if (s[i] === '\\') i++; if (s[i] === '\n') line++; i++; }
      i++; continue;
    }
    if (c === '(') { if (depth === 0) { start = i; startLine = line; } depth++; }
    else if (c === ')') { depth--; if (depth === 0) out.push({ text: s.slice(start, i + 1), line: startLine }); }
    i++;
  }
  return out;
}

// The first s-expression inside `text` after its head keyword, and the
// rest (e.g. the expected message of an assert).
function inner(text) {
  const body = text.slice(1, -1);
  const items = splitTop(body);
  return items;
}

function unescapeWatString(q) {
  // q includes the quotes
  const bytes = [];
  for (let i = 1; i < q.length - 1; i++) {
    const c = q[i];
    if (c !== '\\') { bytes.push(...Buffer.from(c, 'utf8')); continue; }
    const n = q[++i];
    if (/[0-9a-fA-F]/.test(n) && /[0-9a-fA-F]/.test(q[i + 1])) { bytes.push(parseInt(q.substr(i, 2), 16)); i++; continue; }
    const map = { n: 10, t: 9, r: 13, '"': 34, "'": 39, '\\': 92 };
    if (n in map) { bytes.push(map[n]); continue; }
    if (n === 'u') { const j = q.indexOf('}', i); bytes.push(...Buffer.from(String.fromCodePoint(parseInt(q.slice(i + 2, j), 16)), 'utf8')); i = j; continue; }
    bytes.push(n.charCodeAt(0));
  }
  return Buffer.from(bytes);
}

// Drops `;; ...` and `(; ... ;)` comments, keeping strings intact.
function stripComments(t) {
  let out = '', i = 0;
  while (i < t.length) {
    if (t[i] === '"') {
      let j = i + 1;
      while (j < t.length && t[j] !== '"') { if (t[j] === '\\') j++; j++; }
      out += t.slice(i, j + 1); i = j + 1; continue;
    }
    if (t[i] === ';' && t[i + 1] === ';') { while (i < t.length && t[i] !== '\n') i++; continue; }
    if (t[i] === '(' && t[i + 1] === ';') {
      let d = 1; i += 2;
      while (i < t.length && d > 0) {
        if (t[i] === '(' && t[i + 1] === ';') { d++; i += 2; continue; }
        if (t[i] === ';' && t[i + 1] === ')') { d--; i += 2; continue; }
        i++;
      }
      out += ' '; continue;
    }
    out += t[i++];
  }
  return out;
}

function strings(text) {
  text = stripComments(text);
  const out = [];
  const re = /"(?:[^"\\]|\\.)*"/gs;
  let m;
  while ((m = re.exec(text))) out.push(m[0]);
  return out;
}

let counter = 0;
// Assembles a (component ...) or (module ...) form; returns {file} or
// {parse_error}.
async function assemble(form) {
  // `(component definition ...)`: a definition is checked like any other.
  form = form.replace(/^\(\s*(component|module)(\s+\$[^\s()]+)?\s+definition\b/, '($1$2');
  const head = form.match(/^\(\s*(component|module)\b\s*(\$[^\s()]+)?\s*(\w+)?/);
  let kind = head ? head[1] : 'component';
  let bytes;
  try {
    if (head && head[3] === 'binary') {
      const afterHead = form.slice(head[0].length, -1);
      bytes = Buffer.concat(strings(afterHead).map(unescapeWatString));
    } else if (head && head[3] === 'quote') {
      const afterHead = form.slice(head[0].length, -1);
      const text = strings(afterHead).map(q => unescapeWatString(q).toString('utf8')).join(' ');
      bytes = await parse(`(${kind} ${text})`);
    } else {
      bytes = await parse(form);
    }
  } catch (e) {
    return { parse_error: String(e && e.message ? e.message : e).split('\n')[0].slice(0, 300) };
  }
  const name = `${counter++}.wasm`;
  fs.writeFileSync(path.join(outDir, name), Buffer.from(bytes));
  return { file: name, kind };
}

async function convert(file) {
const src = fs.readFileSync(file, 'utf8');
fs.mkdirSync(outDir, { recursive: true });
counter = 0;
const commands = [];
for (const { text, line } of splitTop(src)) {
  const head = (text.match(/^\(\s*([\w.$]+)/) || [])[1];
  if (head === 'component' || head === 'module') {
    if (/^\(\s*component\s+instance\b/.test(text)) {
      commands.push({ type: 'instance', line, text });
      continue;
    }
    commands.push({ type: 'module', line, ...(await assemble(text)) });
  } else if (head === 'assert_invalid' || head === 'assert_malformed') {
    const items = inner(text);
    const msgs = strings(text.slice(text.lastIndexOf(items[0]?.text ?? '') + (items[0]?.text.length ?? 0)));
    const message = msgs.length ? unescapeWatString(msgs[msgs.length - 1]).toString('utf8') : '';
    if (!items.length) { commands.push({ type: head, line, parse_error: 'no module', message }); continue; }
    commands.push({ type: head, line, message, ...(await assemble(items[0].text)) });
  } else {
    commands.push({ type: head || 'unknown', line, text: text.length > 2000 ? text.slice(0, 2000) : text });
  }
}
fs.writeFileSync(path.join(outDir, 'cmds.json'), JSON.stringify({ source: file, commands }, null, 1));
}

for (let i = 0; i < files.length; i++) {
  outDir = path.join(outRoot, String(i));
  await convert(files[i]);
}
