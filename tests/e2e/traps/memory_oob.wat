;; A load just past the one-page memory: "out of bounds memory access"
;; (a guard-page hit with --bounds-checks=guard, an explicit check otherwise)
(module
  (memory 1)
  (func $inner (param $addr i32) (result i32)
    (i32.load (local.get $addr)))
  (func $outer (export "f") (result i32)
    (call $inner (i32.const 65534))))
