;; hello.wat: the bundled example, a module with no imports.
;; `sum_squares n` writes the squares 0, 1, 4, ... (n of them, as i64) into
;; memory from address 1024 and adds them up; `mean_square n` divides that
;; by n. The squares need 8 * n bytes: a large enough n runs past the one
;; 64 KiB page of memory and traps (out of bounds memory access).
;; Assembled into hello.wasm (checked in) with:
;;   wat2wasm --debug-names examples/hello.wat -o examples/hello.wasm
;; The `example-hello-up-to-date` test checks that the two agree.
(module $hello
  (memory $mem 1)
  (export "memory" (memory $mem))

  (data (i32.const 0) "hello, world!\n")

  (func $sum_squares (export "sum_squares") (param $n i32) (result i64)
    (local $i i32) (local $sum i64)
    ;; Store i*i at 1024 + 8*i for i < n.
    (block $done
      (loop $fill
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i64.store offset=1024
          (i32.shl (local.get $i) (i32.const 3))
          (i64.mul (i64.extend_i32_u (local.get $i))
                   (i64.extend_i32_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $fill)))
    ;; Add them up again from memory.
    (local.set $i (i32.const 0))
    (block $done
      (loop $add
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum
          (i64.add (local.get $sum)
                   (i64.load offset=1024
                     (i32.shl (local.get $i) (i32.const 3)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $add)))
    (local.get $sum))

  (func $mean_square (export "mean_square") (param $n i32) (result f64)
    (f64.div (f64.convert_i64_u (call $sum_squares (local.get $n)))
             (f64.convert_i32_u (local.get $n))))
)
