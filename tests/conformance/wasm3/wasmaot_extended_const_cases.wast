;; wasmaot's own cases for Wasm 3.0 extended constant expressions (i32/i64
;; add, sub, mul; global.get of earlier immutable globals in initializers and
;; of any immutable global in segment offsets): wrapping arithmetic, offsets
;; read from imported globals at instantiation, and the validation errors.
;; The official 3.0 tests are read from ../shared/testsuite (data.wast; its
;; global.wast and elem.wast need typed function references, which wast2json
;; 1.0.32 cannot convert, so they are not run).

;; wasmaot: arithmetic wraps (folded at compile time, and at instantiation
;; from an imported global: spectest's global_i32 is 666).
(module
  (global (import "spectest" "global_i32") i32)
  (global $w1 i32 (i32.mul (i32.const 0x10000) (i32.const 0x10001)))
  (global $w2 i32 (i32.sub (i32.const 0) (i32.const 1)))
  (global $w3 i64 (i64.mul (i64.const 0x100000000) (i64.const 0x100000001)))
  (global $w4 i32 (i32.mul (global.get 0) (i32.const 0x7fffffff)))
  (global $w5 i64 (i64.sub (i64.const 0) (i64.const 0x8000000000000000)))
  (global $w6 i32 (i32.add (global.get $w1) (global.get $w2)))
  (func (export "w1") (result i32) (global.get $w1))
  (func (export "w2") (result i32) (global.get $w2))
  (func (export "w3") (result i64) (global.get $w3))
  (func (export "w4") (result i32) (global.get $w4))
  (func (export "w5") (result i64) (global.get $w5))
  (func (export "w6") (result i32) (global.get $w6))
)
(assert_return (invoke "w1") (i32.const 0x10000))
(assert_return (invoke "w2") (i32.const -1))
(assert_return (invoke "w3") (i64.const 0x100000000))
(assert_return (invoke "w4") (i32.const -666))
(assert_return (invoke "w5") (i64.const 0x8000000000000000))
(assert_return (invoke "w6") (i32.const 0xffff))

;; wasmaot: data and element offsets from defined globals and from imported
;; globals combined (the latter evaluated at instantiation).
(module
  (global $imp (import "spectest" "global_i32") i32)
  (global $base i32 (i32.const 16))
  (global $twice i32 (i32.mul (global.get $base) (i32.const 2)))
  (memory 1)
  (table 10 funcref)
  (func $f (result i32) (i32.const 7))
  (data (global.get $twice) "a")
  (data (i32.add (global.get $base) (i32.const 1)) "b")
  (data (i32.sub (global.get $imp) (i32.const 600)) "c")
  (elem (i32.sub (global.get $imp) (i32.const 660)) $f)
  (elem (i32.add (global.get $base) (i32.const -15)) $f)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
)
(assert_return (invoke "load8" (i32.const 32)) (i32.const 97))
(assert_return (invoke "load8" (i32.const 17)) (i32.const 98))
(assert_return (invoke "load8" (i32.const 66)) (i32.const 99))
(assert_return (invoke "call" (i32.const 6)) (i32.const 7))
(assert_return (invoke "call" (i32.const 1)) (i32.const 7))
(assert_trap (invoke "call" (i32.const 0)) "uninitialized element")

;; wasmaot: an offset computed from an imported global may be out of bounds.
(assert_trap
  (module
    (global $imp (import "spectest" "global_i32") i32)
    (memory 1)
    (data (i32.mul (global.get $imp) (i32.const 100)) "x")
  )
  "out of bounds memory access"
)

;; wasmaot: validation of the new operators.
(assert_invalid
  (module (global i32 (i32.add (i32.const 1) (i64.const 2))))
  "type mismatch"
)
(assert_invalid
  (module (global i64 (i64.mul (i64.const 1))))
  "type mismatch"
)
(assert_invalid
  (module (global i32 (i32.const 1) (i32.const 2) (i32.add) (i32.const 3)))
  "type mismatch"
)
(assert_invalid
  (module (global i32 (i32.div_s (i32.const 1) (i32.const 2))))
  "constant expression required"
)
(assert_invalid
  (module (global (mut i32) (i32.const 1)) (global i32 (i32.add (global.get 0) (i32.const 1))))
  "constant expression required"
)
(assert_invalid
  (module (memory 1) (data (i32.add (i32.const 0) (global.get 0))))
  "unknown global"
)
