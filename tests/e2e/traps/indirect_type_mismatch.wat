;; call_indirect with the wrong signature: "indirect call type mismatch"
(module
  (type $v (func))
  (table 1 funcref)
  (elem (i32.const 0) func $target)
  (func $target (param i32) (result i32) (local.get 0))
  (func $inner (param $i i32)
    (call_indirect (type $v) (local.get $i)))
  (func $outer (export "f")
    (call $inner (i32.const 0))))
