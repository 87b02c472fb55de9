// The JavaScript guest of the differential oracle (oracle.wit), built into
// a component with componentize-qjs. Echoes and small computations whose
// results both engines must agree on (the interface `api`, exported as
// `api` at the end).
const id = (x) => x;
const echoBoolean = id, echoInt8 = id, echoUint8 = id, echoInt16 = id,
  echoUint16 = id, echoInt32 = id, echoUint32 = id, echoInt64 = id, echoUint64 = id,
  echoFloat = id, echoDouble = id, echoCharacter = id, echoText = id, echoBytes = id,
  echoPeople = id, echoShape = id, echoShapes = id, echoColor = id,
  echoSmall = id, echoBig = id, echoOpt = id, echoOptString = id,
  echoNestedResult = id, echoTuple = id, echoMixed = id;

// A top-level result is returned (ok) or thrown (err).
function echoResult(x) {
  if (x.tag === 'ok') return x.val;
  throw x.val;
}

function many(...args) { return args; }

function countChars(s) { return [...s].length; }
function concat(xs, sep) { return xs.join(sep); }
function charAt(s, i) {
  const cs = [...s];
  return i < cs.length ? cs[i] : null;
}
function codePoint(c) { return c.codePointAt(0); }
function floatOps(a, b) { return [a + b, a * b, a / b, Math.sqrt(a)]; }
function doubleOps(a, b) { return [a + b, a * b, a / b]; }
function checkedDiv(a, b) {
  if (b === 0) throw 'division by zero';
  if (a === -2147483648 && b === -1) throw 'overflow';
  return (a / b) | 0;
}
function fail(msg) { throw new Error(msg); }
function setFlag(f, i) {
  return { ...f, ['bit' + i]: true };
}

// A resource: constructed, its methods called through borrows, merged by a
// static function, consumed (an own passed in) by another.
let liveCounters = 0;
class Counter {
  constructor(start) { this.v = start; liveCounters++; }
  add(n) { this.v = (this.v + n) | 0; return this.v; }
  get() { return this.v; }
  static merge(a, b) { return new Counter((a.v + b.v) | 0); }
  static consume(c) { liveCounters--; return c.v; }
}

export const api = {
  Counter,
  liveCounters: () => liveCounters,
  echoBoolean,
  echoInt8,
  echoUint8,
  echoInt16,
  echoUint16,
  echoInt32,
  echoUint32,
  echoInt64,
  echoUint64,
  echoFloat,
  echoDouble,
  echoCharacter,
  echoText,
  echoBytes,
  echoPeople,
  echoShape,
  echoShapes,
  echoColor,
  echoSmall,
  echoBig,
  echoOpt,
  echoOptString,
  echoNestedResult,
  echoTuple,
  echoMixed,
  echoResult,
  many,
  countChars,
  concat,
  charAt,
  codePoint,
  floatOps,
  doubleOps,
  checkedDiv,
  fail,
  setFlag,
};
