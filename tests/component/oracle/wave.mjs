// WIT types and WAVE values for the differential oracle (run_oracle.mjs),
// in jco's JavaScript conventions: s64/u64 are BigInt, list<u8/u16/u32/f32..>
// typed arrays, records objects with camelCase keys, variants {tag, val},
// enums strings, flags objects of booleans, option<T> `T | undefined` (or
// {tag} when T is itself an option), result {tag, val}.
//
// Owns: a parser for the subset of WIT oracle.wit uses (one interface of
// records, variants, enums, flags and functions), a typed WAVE parser (the
// text `wasmaot run --invoke` takes and prints) and typed equality.

const PRIMS = new Set(['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64',
  'u64', 'f32', 'f64', 'char', 'string']);

export const camel = (s) =>
  s.split('-').map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('');

// ---- WIT

function tokenize(src) {
  src = src.replace(/\/\/[^\n]*/g, '');
  return src.match(/[a-z0-9][a-z0-9-]*|->|[{}()<>,:;_]/g) ?? [];
}

/// The type definitions and functions of `interface NAME { ... }` in \p src.
export function parseInterface(src, name) {
  const toks = tokenize(src);
  let i = toks.indexOf(name, toks.indexOf('interface')) + 2; // past `{`
  const types = {}, funcs = {};
  const eat = (t) => {
    if (toks[i] !== t) throw new Error(`oracle.wit: expected ${t}, got ${toks[i]}`);
    i++;
  };
  const type = () => {
    const n = toks[i++];
    if ((n === 'own' || n === 'borrow') && toks[i] === '<') {
      eat('<');
      const r = toks[i++];
      eat('>');
      return { k: n, name: r };
    }
    if (['list', 'option', 'result', 'tuple'].includes(n) && toks[i] === '<') {
      eat('<');
      const args = [];
      while (toks[i] !== '>') {
        args.push(toks[i] === '_' ? (i++, null) : type());
        if (toks[i] === ',') i++;
      }
      eat('>');
      if (n === 'list') return { k: 'list', elem: args[0] };
      if (n === 'option') return { k: 'option', elem: args[0] };
      if (n === 'tuple') return { k: 'tuple', elems: args };
      return { k: 'result', ok: args[0] ?? null, err: args[1] ?? null };
    }
    if (n === 'result') return { k: 'result', ok: null, err: null };
    if (PRIMS.has(n)) return { k: n };
    return { k: 'ref', name: n };
  };
  // `(NAME: TYPE, ...)`
  const params = () => {
    eat('(');
    const out = [];
    while (toks[i] !== ')') {
      const p = toks[i++];
      eat(':');
      out.push({ name: p, type: type() });
      if (toks[i] === ',') i++;
    }
    eat(')');
    return out;
  };
  const labels = () => {
    const out = [];
    eat('{');
    while (toks[i] !== '}') {
      const label = toks[i++];
      let payload = null;
      if (toks[i] === ':') { i++; payload = type(); }
      else if (toks[i] === '(') { i++; payload = type(); eat(')'); }
      out.push({ label, payload });
      if (toks[i] === ',') i++;
    }
    eat('}');
    return out;
  };
  while (toks[i] !== '}') {
    const kw = toks[i++];
    if (['record', 'variant', 'enum', 'flags'].includes(kw)) {
      const n = toks[i++];
      types[n] = { k: kw, cases: labels() };
      continue;
    }
    // resource R { constructor(PARAMS); M: func(..) -> ..; S: static func .. }
    // gives `[constructor]R`, `[method]R.M` (first parameter `self`) and
    // `[static]R.S`; a bare R is an own.
    if (kw === 'resource') {
      const r = toks[i++];
      types[r] = { k: 'own', name: r };
      eat('{');
      while (toks[i] !== '}') {
        const m = toks[i++];
        if (m === 'constructor') {
          funcs[`[constructor]${r}`] = { params: params(), result: { k: 'own', name: r } };
          eat(';');
          continue;
        }
        eat(':');
        const isStatic = toks[i] === 'static';
        if (isStatic) i++;
        eat('func');
        const ps = params();
        let result = null;
        if (toks[i] === '->') { i++; result = type(); }
        eat(';');
        if (isStatic)
          funcs[`[static]${r}.${m}`] = { params: ps, result };
        else
          funcs[`[method]${r}.${m}`] = {
            params: [{ name: 'self', type: { k: 'borrow', name: r } }, ...ps], result };
      }
      eat('}');
      continue;
    }
    // NAME: func(PARAMS) -> RESULT;
    const fname = kw;
    eat(':'); eat('func');
    const ps = params();
    let result = null;
    if (toks[i] === '->') { i++; result = type(); }
    eat(';');
    funcs[fname] = { params: ps, result };
  }
  const resolve = (t) => {
    if (!t) return t;
    if (t.k === 'ref') return resolve({ ...types[t.name] });
    if (t.k === 'own' || t.k === 'borrow') return t;
    if (t.elem) t.elem = resolve(t.elem);
    if (t.elems) t.elems = t.elems.map(resolve);
    if (t.k === 'result') { t.ok = resolve(t.ok); t.err = resolve(t.err); }
    if (t.cases) t.cases = t.cases.map((c) => ({ ...c, payload: resolve(c.payload) }));
    return t;
  };
  for (const f of Object.values(funcs)) {
    f.params.forEach((p) => { p.type = resolve(p.type); });
    f.result = resolve(f.result);
  }
  return funcs;
}

const TYPED_ARRAYS = {
  u8: Uint8Array, s8: Int8Array, u16: Uint16Array, s16: Int16Array,
  u32: Uint32Array, s32: Int32Array, u64: BigUint64Array, s64: BigInt64Array,
  f32: Float32Array, f64: Float64Array,
};

// ---- WAVE

/// Parses WAVE text \p s as values of \p types (comma-separated).
export function parseWave(s, types) {
  let i = 0;
  const ws = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const fail = (what) => { throw new Error(`WAVE: ${what} at ${i} in ${s}`); };
  const eat = (c) => { ws(); if (s[i] !== c) fail(`expected ${c}`); i++; };
  const peek = () => { ws(); return s[i]; };
  const ident = () => {
    ws();
    const m = /^%?[a-z][a-z0-9-]*/.exec(s.slice(i));
    if (!m) fail('expected a label');
    i += m[0].length;
    return m[0].replace(/^%/, '');
  };
  const number = () => {
    ws();
    const m = /^[-+]?(nan|inf|[0-9][0-9a-fA-Fx._+-]*(e[-+]?[0-9]+)?)/i.exec(s.slice(i));
    if (!m) fail('expected a number');
    i += m[0].length;
    return m[0];
  };
  const escaped = () => {
    const c = String.fromCodePoint(s.codePointAt(i));
    i += c.length;
    if (c !== '\\') return c;
    const e = s[i++];
    if (e === 'n') return '\n';
    if (e === 'r') return '\r';
    if (e === 't') return '\t';
    if (e === 'u') {
      const end = s.indexOf('}', i);
      const cp = parseInt(s.slice(i + 1, end), 16);
      i = end + 1;
      return String.fromCodePoint(cp);
    }
    return e;
  };
  const value = (t) => {
    switch (t.k) {
      case 'bool': { const l = ident(); if (l !== 'true' && l !== 'false') fail('bool'); return l === 'true'; }
      case 's8': case 'u8': case 's16': case 'u16': case 's32': case 'u32':
        return Number(number());
      case 's64': case 'u64': return BigInt(number());
      case 'f32': case 'f64': {
        const n = number().toLowerCase();
        const v = n.endsWith('nan') ? NaN : n === 'inf' || n === '+inf' ? Infinity : n === '-inf' ? -Infinity : Number(n);
        return t.k === 'f32' ? Math.fround(v) : v;
      }
      case 'char': { eat("'"); const c = escaped(); eat("'"); return c; }
      case 'string': {
        eat('"');
        let out = '';
        while (s[i] !== '"') { if (i >= s.length) fail('unterminated string'); out += escaped(); }
        i++;
        return out;
      }
      case 'list': {
        eat('[');
        const items = [];
        while (peek() !== ']') { items.push(value(t.elem)); if (peek() === ',') i++; }
        eat(']');
        const TA = TYPED_ARRAYS[t.elem.k];
        return TA ? TA.from(items) : items;
      }
      case 'tuple': {
        eat('(');
        const items = t.elems.map((e, n) => { if (n) eat(','); return value(e); });
        eat(')');
        return items;
      }
      case 'record': {
        eat('{');
        const o = {};
        t.cases.forEach((c, n) => {
          if (n) eat(',');
          if (ident() !== c.label) fail(`expected field ${c.label}`);
          eat(':');
          o[camel(c.label)] = value(c.payload);
        });
        eat('}');
        return o;
      }
      case 'flags': {
        eat('{');
        const o = {};
        for (const c of t.cases) o[camel(c.label)] = false;
        while (peek() !== '}') { o[camel(ident())] = true; if (peek() === ',') i++; }
        eat('}');
        return o;
      }
      case 'enum': return ident();
      case 'variant': case 'option': case 'result': {
        const l = ident();
        const payloadType = t.k === 'variant' ? t.cases.find((c) => c.label === l)?.payload
          : t.k === 'option' ? (l === 'some' ? t.elem : null)
            : l === 'ok' ? t.ok : t.err;
        if (t.k === 'variant' && !t.cases.some((c) => c.label === l)) fail(`unknown case ${l}`);
        let val;
        if (payloadType && peek() === '(') { i++; val = value(payloadType); eat(')'); }
        if (t.k === 'option') {
          if (t.elem.k === 'option') return l === 'some' ? { tag: 'some', val } : { tag: 'none' };
          return l === 'some' ? val : undefined;
        }
        return payloadType ? { tag: l, val } : { tag: l };
      }
      default: fail(`type ${t.k}`);
    }
  };
  const out = types.map((t, n) => { if (n) eat(','); return value(t); });
  ws();
  if (i !== s.length) fail('trailing text');
  return out;
}

// ---- Equality

const sameFloat = (a, b, t) => {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return t === 'f32' ? Object.is(Math.fround(a), Math.fround(b)) : Object.is(a, b);
};

/// \p a and \p b are the same value of type \p t.
export function equal(a, b, t) {
  if (!t) return a === undefined && b === undefined;
  switch (t.k) {
    case 'f32': case 'f64': return sameFloat(a, b, t.k);
    case 's64': case 'u64': return BigInt(a) === BigInt(b);
    case 'list': {
      if (!a || !b || a.length !== b.length) return false;
      return Array.from(a).every((x, n) => equal(x, Array.from(b)[n], t.elem));
    }
    case 'tuple': return t.elems.every((e, n) => equal(a[n], b[n], e));
    case 'record': return t.cases.every((c) => equal(a[camel(c.label)], b[camel(c.label)], c.payload));
    case 'flags': return t.cases.every((c) => !!a[camel(c.label)] === !!b[camel(c.label)]);
    case 'option':
      if (t.elem.k === 'option')
        return a.tag === b.tag && (a.tag === 'none' || equal(a.val, b.val, t.elem));
      if (a === undefined || a === null || b === undefined || b === null)
        return (a ?? undefined) === (b ?? undefined);
      return equal(a, b, t.elem);
    case 'variant': case 'result': {
      if (a?.tag !== b?.tag) return false;
      const p = t.k === 'variant' ? t.cases.find((c) => c.label === a.tag).payload
        : a.tag === 'ok' ? t.ok : t.err;
      return p ? equal(a.val, b.val, p) : true;
    }
    default: return a === b;
  }
}

/// A readable rendering of a JS value (BigInt and typed arrays included).
export function show(v) {
  return JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n`
    : ArrayBuffer.isView(x) ? Array.from(x, (e) => (typeof e === 'bigint' ? `${e}n` : e))
      : Number.isNaN(x) ? 'NaN' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : x));
}
