;; call_indirect past the end of the table: "undefined element"
(module
  (type $v (func))
  (table 2 funcref)
  (elem (i32.const 0) func $target $target)
  (func $target)
  (func $inner (param $i i32)
    (call_indirect (type $v) (local.get $i)))
  (func $outer (export "f")
    (call $inner (i32.const 2))))
