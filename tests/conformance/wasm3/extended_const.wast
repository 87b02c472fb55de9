;; Wasm 3.0 extended constant expressions (i32/i64 add, sub, mul) and
;; global.get of any earlier immutable global in initializers and of any
;; immutable global in segment offsets. The parts of the 3.0 testsuite's
;; global.wast and elem.wast that need only these (those files as a whole use
;; typed function references, which wast2json 1.0.32 cannot convert), marked
;; with their source lines, followed by wasmaot's own cases: wrapping
;; arithmetic, offsets read from imported globals at instantiation, and the
;; validation errors.

;; global.wast:3-39, 203-215
(module
  (global (import "spectest" "global_i32") i32)
  (global (import "spectest" "global_i64") i64)
  (global $z1 i32 (global.get 0))
  (global $z2 i64 (global.get 1))
  (global $z3 i32 (i32.add (i32.sub (i32.mul (i32.const 20) (i32.const 2)) (i32.const 2)) (i32.const 4)))
  (global $z4 i64 (i64.add (i64.sub (i64.mul (i64.const 20) (i64.const 2)) (i64.const 2)) (i64.const 5)))
  (global $z5 i32 (i32.add (global.get 0) (i32.const 42)))
  (global $z6 i64 (i64.add (global.get 1) (i64.const 42)))
  (func (export "get-z1") (result i32) (global.get $z1))
  (func (export "get-z2") (result i64) (global.get $z2))
  (func (export "get-z3") (result i32) (global.get $z3))
  (func (export "get-z4") (result i64) (global.get $z4))
  (func (export "get-z5") (result i32) (global.get $z5))
  (func (export "get-z6") (result i64) (global.get $z6))
)
(assert_return (invoke "get-z1") (i32.const 666))
(assert_return (invoke "get-z2") (i64.const 666))
(assert_return (invoke "get-z3") (i32.const 42))
(assert_return (invoke "get-z4") (i64.const 43))
(assert_return (invoke "get-z5") (i32.const 708))
(assert_return (invoke "get-z6") (i64.const 708))

;; global.wast:358-378
(assert_invalid
  (module (global i32 (global.get 0)))
  "unknown global"
)
(assert_invalid
  (module (global i32 (global.get 1)) (global i32 (i32.const 0)))
  "unknown global"
)
(assert_invalid
  (module (global (import "test" "global-i32") i32) (global i32 (global.get 2)))
  "unknown global"
)
(module (global $g i32 (i32.const 0)) (global i32 (global.get $g)))
(assert_invalid
  (module (global (import "test" "global-mut-i32") (mut i32)) (global i32 (global.get 0)))
  "constant expression required"
)
;; global.wast:298-321: other operators stay non-constant
(assert_invalid
  (module (global f32 (f32.neg (f32.const 0))))
  "constant expression required"
)
(assert_invalid
  (module (global i32 (i32.ctz (i32.const 0))))
  "constant expression required"
)
;; global.wast:666-671
(assert_invalid
  (module
    (global $g1 i32 (global.get $g2))
    (global $g2 i32 (i32.const 0))
  )
  "unknown global"
)

;; elem.wast:1057-1111
(module
  (table 10 funcref)
  (func (result i32) (i32.const 42))
  (func (export "call_in_table") (param i32) (result i32)
    (call_indirect (type 0) (local.get 0)))
  (elem (table 0) (offset (i32.add (i32.const 1) (i32.const 2))) funcref (ref.func 0))
)
(assert_return (invoke "call_in_table" (i32.const 3)) (i32.const 42))
(assert_trap (invoke "call_in_table" (i32.const 0)) "uninitialized element")
(module
  (table 10 funcref)
  (func (result i32) (i32.const 42))
  (func (export "call_in_table") (param i32) (result i32)
    (call_indirect (type 0) (local.get 0)))
  (elem (table 0) (offset (i32.sub (i32.const 2) (i32.const 1))) funcref (ref.func 0))
)
(assert_return (invoke "call_in_table" (i32.const 1)) (i32.const 42))
(assert_trap (invoke "call_in_table" (i32.const 0)) "uninitialized element")
(module
  (table 10 funcref)
  (func (result i32) (i32.const 42))
  (func (export "call_in_table") (param i32) (result i32)
    (call_indirect (type 0) (local.get 0)))
  (elem (table 0) (offset (i32.mul (i32.const 2) (i32.const 2))) funcref (ref.func 0))
)
(assert_return (invoke "call_in_table" (i32.const 4)) (i32.const 42))
(assert_trap (invoke "call_in_table" (i32.const 0)) "uninitialized element")
(module
  (global (import "spectest" "global_i32") i32)
  (table 10 funcref)
  (func (result i32) (i32.const 42))
  (func (export "call_in_table") (param i32) (result i32)
    (call_indirect (type 0) (local.get 0)))
  (elem (table 0)
        (offset
          (i32.mul
            (i32.const 2)
            (i32.add
              (i32.sub (global.get 0) (i32.const 665))
              (i32.const 2))))
        funcref
        (ref.func 0))
)
(assert_return (invoke "call_in_table" (i32.const 6)) (i32.const 42))
(assert_trap (invoke "call_in_table" (i32.const 0)) "uninitialized element")

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
