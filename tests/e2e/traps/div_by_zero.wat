;; i32.div_s by zero: "integer divide by zero"
(module
  (func $inner (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $outer (export "f") (result i32)
    (call $inner (i32.const 1) (i32.const 0))))
