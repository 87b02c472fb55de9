;; v128 through `wasmaot run --invoke`: arguments in SHAPE:LANES form,
;; results printed as i32x4 lanes.
(module $simd
  (func $add (export "add_i32x4") (param v128 v128) (result v128)
    (i32x4.add (local.get 0) (local.get 1)))
  (func $mul (export "mul_f32x4") (param v128 v128) (result v128)
    (f32x4.mul (local.get 0) (local.get 1))))
