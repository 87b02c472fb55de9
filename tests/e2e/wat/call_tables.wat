;; call_indirect through tables (codegen/src/lower_table.cpp, issue #6).
;; Table $fixed is defined, not exported and never written by code: its
;; calls take the static path (a constant array of code addresses, trap
;; stubs for null and mismatched elements). Table $written is changed by
;; table.set, so its calls must see the new element.
(module
  (type $ii (func (param i32) (result i32)))
  (table $fixed 4 funcref)
  (table $written 1 funcref)
  (elem (table $fixed) (i32.const 0) func $double $square)
  (elem (table $fixed) (i32.const 3) func $other)
  (elem (table $written) (i32.const 0) func $double)
  (elem declare func $square)
  (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func $square (param i32) (result i32) (i32.mul (local.get 0) (local.get 0)))
  (func $other (param i32))
  (func $static_call (export "static_call") (param $i i32) (param $x i32) (result i32)
    (call_indirect $fixed (type $ii) (local.get $x) (local.get $i)))
  (func $set_then_call (export "set_then_call") (param $x i32) (result i32)
    (table.set $written (i32.const 0) (ref.func $square))
    (call_indirect $written (type $ii) (local.get $x) (i32.const 0))))
