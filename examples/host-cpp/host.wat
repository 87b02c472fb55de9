;; The guest of the host-cpp example: imports a host function, exports a
;; computation, a function that traps, and its memory.
(module $guest
  (import "host" "log_sum" (func $log_sum (param i32 i64)))
  (memory (export "memory") 1)
  (func $sum (export "sum") (param $n i32) (result i64)
    (local $i i32) (local $s i64)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i64.add (local.get $s) (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $log_sum (local.get $n) (local.get $s))
    (i64.store (i32.const 16) (local.get $s))
    (local.get $s))
  (func $boom (export "boom") (param i32) (result i32)
    (i32.div_u (i32.const 1) (local.get 0))))
