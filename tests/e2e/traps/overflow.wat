;; INT_MIN / -1: "integer overflow"
(module
  (func $inner (param $a i64) (param $b i64) (result i64)
    (i64.div_s (local.get $a) (local.get $b)))
  (func $outer (export "f") (result i64)
    (call $inner (i64.const 0x8000000000000000) (i64.const -1))))
