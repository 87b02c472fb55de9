;; unreachable (spec 4.4.1: "unreachable")
(module
  (func $inner (unreachable))
  (func $outer (export "f") (call $inner)))
