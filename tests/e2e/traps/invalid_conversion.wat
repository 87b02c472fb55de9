;; i32.trunc_f32_s of NaN: "invalid conversion to integer"
(module
  (func $inner (param $x f32) (result i32)
    (i32.trunc_f32_s (local.get $x)))
  (func $outer (export "f") (result i32)
    (call $inner (f32.const nan))))
