;; A small module for the CLI tests: integer, float, reference and
;; multi-value parameters and results.
(module $add
  (func $add (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func $values (export "values")
    (param f32 f64 i64 f32 f64 externref funcref)
    (result f32 f64 i64 f32 f64 externref funcref)
    (local.get 0) (local.get 1) (local.get 2) (local.get 3) (local.get 4)
    (local.get 5) (local.get 6))
  (func $swap (export "swap") (param i32 i64) (result i64 i32)
    (local.get 1) (local.get 0))
  ;; Four float results: a signalling NaN must come back bit for bit (x86-64
  ;; would return the third in an x87 register, which quiets it).
  (func $floats (export "floats") (param f32 f64 f64 f32)
    (result f32 f64 f64 f32)
    (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
