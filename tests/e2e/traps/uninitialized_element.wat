;; call_indirect of a null table entry: "uninitialized element"
(module
  (type $v (func))
  (table 2 funcref)
  (elem (i32.const 0) func $target)
  (func $target)
  (func $inner (param $i i32)
    (call_indirect (type $v) (local.get $i)))
  (func $outer (export "f")
    (call $inner (i32.const 1))))
