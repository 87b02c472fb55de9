;; table.get past the end of the table: "out of bounds table access"
(module
  (table $t 1 funcref)
  (func $inner (param $i i32) (result funcref)
    (table.get $t (local.get $i)))
  (func $outer (export "f")
    (drop (call $inner (i32.const 1)))))
