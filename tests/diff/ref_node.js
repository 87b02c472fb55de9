// The reference half of the differential test: runs one module in node's V8
// and prints the same transcript as wasmaot-diff-driver (see diff_driver.cpp
// for the format and the fixed arguments). v128 cannot cross V8's JS
// boundary, so exports and imports with v128 in their type are reached
// through small adapter modules built here that split a v128 into four i32
// lanes (wasm-to-wasm calls keep the v128).
//
//   node ref_node.js M.wasm [SEED]
'use strict';
const fs = require('fs');

const I32 = 0x7f, I64 = 0x7e, F32 = 0x7d, F64 = 0x7c, V128 = 0x7b;
const I32Args = [0, 1, 0xffffffff, 42, 0x7fffffff, 0x80000000, 0x10000, 7];
const I64Args = [0n, 1n, 0xffffffffffffffffn, 42n, 0x7fffffffffffffffn,
                 0x8000000000000000n, 0x100000000n, 7n];
const FloatArgs = [0, 1, -1, 0.5, -0, 1e10, Infinity, -Infinity];

const scratch = new DataView(new ArrayBuffer(8));
function hex(n, w) { return n.toString(16).padStart(w, '0'); }
function show(t, v) {
  switch (t) {
  case I32: return 'i32:' + (v >>> 0);
  case I64: return 'i64:' + BigInt.asUintN(64, v);
  case F32:
    if (Number.isNaN(v)) return 'f32:nan';
    scratch.setFloat32(0, v, true);
    return 'f32:0x' + hex(scratch.getUint32(0, true), 8);
  case F64:
    if (Number.isNaN(v)) return 'f64:nan';
    scratch.setFloat64(0, v, true);
    return 'f64:0x' + hex(scratch.getBigUint64(0, true), 16);
  }
  return v === null ? 'ref:null' : 'ref:non-null';
}
function showV128(l) { return 'v128:' + l.map((x) => hex(x >>> 0, 8)).join(':'); }

// ---- Reading the module's types, imports and exports (the JS API's
// WebAssembly.Module.exports() has no signatures).
function parseSignatures(buf) {
  let p = 8;
  const u = () => { let r = 0, s = 0, b; do { b = buf[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return r; };
  const name = () => { const n = u(); const s = buf.toString('utf8', p, p + n); p += n; return s; };
  const limits = () => { const f = u(); u(); if (f & 1) u(); };
  const types = [], funcs = [], globals = [], exports = [];
  const skipInit = () => { // a constant expression
    for (;;) {
      const op = buf[p++];
      if (op === 0x0b) return;
      if (op === 0x41 || op === 0x42 || op === 0x23 || op === 0xd2) u();
      else if (op === 0x43) p += 4;
      else if (op === 0x44) p += 8;
      else if (op === 0xd0) p += 1;
      else if (op === 0xfd) { u(); p += 16; }
    }
  };
  while (p < buf.length) {
    const id = buf[p++], size = u(), end = p + size;
    if (id === 1) {
      for (let n = u(); n--;) {
        p++; // 0x60
        const params = []; for (let k = u(); k--;) params.push(buf[p++]);
        const results = []; for (let k = u(); k--;) results.push(buf[p++]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u(); n--;) {
        name(); name();
        const kind = buf[p++];
        if (kind === 0) funcs.push(u());
        else if (kind === 1) { p++; limits(); }
        else if (kind === 2) limits();
        else { globals.push(buf[p]); p += 2; }
      }
    } else if (id === 3) {
      for (let n = u(); n--;) funcs.push(u());
    } else if (id === 6) {
      for (let n = u(); n--;) { globals.push(buf[p]); p += 2; skipInit(); }
    } else if (id === 7) {
      for (let n = u(); n--;) {
        const nm = name(), kind = buf[p++], idx = u();
        exports.push({ name: nm, kind, idx });
      }
    }
    p = end;
  }
  return { types, funcs, globals, exports };
}

// ---- Adapter modules.
function leb(n) { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return o; }
function vec(items) { return [...leb(items.length), ...items.flat()]; }
function section(id, body) { return [id, ...leb(body.length), ...body]; }
function functype(p, r) { return [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))]; }
function str(s) { return vec([...Buffer.from(s)].map((b) => [b])); }
const expand = (ts) => ts.flatMap((t) => (t === V128 ? [I32, I32, I32, I32] : [t]));

// A module importing "i" "f" (of type inner) and exporting "w" (of type
// outer). Lowering (a wasm export called from JS): outer has four i32 lanes
// wherever inner has a v128. Lifting (a JS import called from wasm): inner
// is the expanded type of outer.
function adapter(inner, outer, lowering, target) {
  const code = [];
  const wide = lowering ? inner : outer;
  let l = 0;
  for (const t of wide.params) {
    if (t !== V128) code.push(0x20, ...leb(l++));
    else if (lowering) { // four lanes -> v128
      code.push(0x20, ...leb(l), 0xfd, 17);
      for (let j = 1; j < 4; ++j) code.push(0x20, ...leb(l + j), 0xfd, 28, j);
      l += 4;
    } else { // v128 -> four lanes
      for (let j = 0; j < 4; ++j) code.push(0x20, ...leb(l), 0xfd, 27, j);
      l += 1;
    }
  }
  code.push(0x10, 0);
  // Results (lowering only; lifted imports return nothing): spill inner's
  // results into locals, push them as outer's.
  const base = outer.params.length, rs = lowering ? inner.results : [];
  for (let k = rs.length - 1; k >= 0; --k) code.push(0x21, ...leb(base + k));
  for (let k = 0; k < rs.length; ++k) {
    if (rs[k] === V128) for (let j = 0; j < 4; ++j) code.push(0x20, ...leb(base + k), 0xfd, 27, j);
    else code.push(0x20, ...leb(base + k));
  }
  code.push(0x0b);
  const body = [...vec(rs.map((t) => [1, t])), ...code];
  const bytes = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([functype(inner.params, inner.results), functype(outer.params, outer.results)])),
    ...section(2, vec([[...str('i'), ...str('f'), 0, 0]])),
    ...section(3, vec([[1]])),
    ...section(7, vec([[...str('w'), 0, 1]])),
    ...section(10, vec([[...leb(body.length), ...body]]))];
  return new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes)),
    { i: { f: target } }).exports.w;
}

function category(e) {
  const m = String(e && e.message);
  if (e instanceof RangeError && /call stack/.test(m)) return 'stack';
  if (!(e instanceof WebAssembly.RuntimeError)) return 'host ' + m;
  if (/unreachable/.test(m)) return 'unreachable';
  if (/by zero/.test(m)) return 'div-zero';
  if (/divide result unrepresentable/.test(m)) return 'int-overflow';
  // Both of the spec's trunc traps (NaN: invalid conversion; out of range:
  // integer overflow) read "float unrepresentable in integer range".
  if (/float unrepresentable/.test(m)) return 'trunc';
  if (/memory access out of bounds|data segment/.test(m)) return 'memory-oob';
  if (/table|function signature|element segment|null function/.test(m)) return 'table';
  return 'other ' + m;
}

function main() {
  const buf = fs.readFileSync(process.argv[2]);
  const seed = Number(process.argv[3] || 0);
  const sig = parseSignatures(buf);
  const out = [];
  const log = (ts) => (...a) => { out.push('log ' + a.map((v, k) => show(ts[k], v)).join(' ')); };
  const logV128 = (...l) => { out.push('log ' + showV128(l)); };
  const support = {
    'log-i32': log([I32]), 'log-i64': log([I64]),
    'log-f32': log([F32]), 'log-f64': log([F64]),
    'log-v128': adapter({ params: expand([V128]), results: [] }, { params: [V128], results: [] }, false, logV128),
  };
  let inst;
  try {
    inst = new WebAssembly.Instance(new WebAssembly.Module(buf), { 'fuzzing-support': support });
  } catch (e) {
    if (e instanceof WebAssembly.LinkError || e instanceof WebAssembly.CompileError) out.push('link-error');
    else out.push('instantiate trap ' + category(e));
    process.stdout.write(out.join('\n') + '\n');
    return;
  }
  const ex = inst.exports;
  for (const e of sig.exports) {
    if (e.kind !== 0) continue;
    const t = sig.types[sig.funcs[e.idx]];
    let f = ex[e.name];
    const hasV128 = t.params.includes(V128) || t.results.includes(V128);
    if (hasV128) f = adapter(t, { params: expand(t.params), results: expand(t.results) }, true, f);
    const args = [];
    t.params.forEach((pt, k) => {
      const i = (seed + 7 * k) % 8;
      if (pt === I32) args.push(I32Args[i] | 0);
      else if (pt === I64) args.push(BigInt.asIntN(64, I64Args[i]));
      else if (pt === F32 || pt === F64) args.push(FloatArgs[i]);
      else if (pt === V128) for (let j = 0; j < 4; ++j) args.push(I32Args[(i + j) % 8] | 0);
      else args.push(null);
    });
    out.push('call ' + e.name);
    try {
      let r = f(...args);
      const ers = expand(t.results);
      if (ers.length === 1) r = [r];
      else if (ers.length === 0) r = [];
      const parts = [];
      let q = 0;
      for (const rt of t.results) {
        if (rt === V128) { parts.push(showV128(r.slice(q, q + 4))); q += 4; }
        else parts.push(show(rt, r[q++]));
      }
      out.push(('result ' + e.name + ' ' + parts.join(' ')).trimEnd());
    } catch (err) {
      out.push('trap ' + e.name + ' ' + category(err));
    }
  }
  for (const e of sig.exports) {
    const v = ex[e.name];
    if (e.kind === 2) {
      const b = new Uint8Array(v.buffer);
      let h = 2166136261;
      for (let k = 0; k < b.length; ++k) h = Math.imul(h ^ b[k], 16777619);
      out.push('memory ' + e.name + ' ' + b.length / 65536 + ' ' + hex(h >>> 0, 8));
    } else if (e.kind === 3) {
      const gt = sig.globals[e.idx];
      out.push('global ' + e.name + ' ' + (gt === V128 ? 'v128' : show(gt, v.value)));
    } else if (e.kind === 1) {
      out.push('table ' + e.name + ' ' + v.length);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

main();
