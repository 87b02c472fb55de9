;; Loops the way clang compiles them for wasm32 (issue #6): an i32 pointer
;; stepping by 16 until it equals the end, the second access at a separate
;; `i32.add p 8`. In guard mode codegen/src/heap_address.cpp lets LLVM count
;; and vectorise them; results and traps must stay what wasm says.
(module $heap_loops
  (memory 1)
  ;; i64 i at byte 8*i for i < n (traps when 8*n passes the end of memory).
  (func $fill (export "fill") (param $n i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store (i32.shl (local.get $i) (i32.const 3))
                   (i64.extend_i32_u (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))
  ;; Sum of the i64 pairs at p and p + 8 for p = start, start + 16, ...
  ;; until p == end: runs off memory and traps when end - start is not a
  ;; multiple of 16.
  (func $sum (export "sum") (param $p i32) (param $end i32) (result i64)
    (local $s i64)
    (loop $next
      (local.set $s (i64.add (local.get $s)
                      (i64.add (i64.load (local.get $p))
                               (i64.load (i32.add (local.get $p) (i32.const 8))))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $next (i32.ne (local.get $p) (local.get $end))))
    (local.get $s))
  ;; The same walk multiplying each f64 by a.
  (func $scale (export "scale") (param $p i32) (param $end i32) (param $a f64)
    (loop $next
      (f64.store (local.get $p) (f64.mul (local.get $a) (f64.load (local.get $p))))
      (f64.store (i32.add (local.get $p) (i32.const 8))
        (f64.mul (local.get $a) (f64.load (i32.add (local.get $p) (i32.const 8)))))
      (local.set $p (i32.add (local.get $p) (i32.const 16)))
      (br_if $next (i32.ne (local.get $p) (local.get $end)))))
  ;; fill n, then sum from start: the sum of 0 .. n-1 when start is 0.
  (func (export "fill_sum") (param $n i32) (param $start i32) (result i64)
    (call $fill (local.get $n))
    (call $sum (local.get $start) (i32.shl (local.get $n) (i32.const 3))))
  ;; fill n, scale the f64s (bits of small integers: subnormals) by 2^1022
  ;; from start, then sum the bits back: 2^1022 * bits(i) has the bits of i
  ;; shifted into a normal double, so the checksum sees every element.
  (func (export "fill_scale") (param $n i32) (param $start i32) (result i64)
    (call $fill (local.get $n))
    (call $scale (local.get $start) (i32.shl (local.get $n) (i32.const 3))
                 (f64.const 0x1p1022))
    (call $sum (i32.const 0) (i32.shl (local.get $n) (i32.const 3)))))
