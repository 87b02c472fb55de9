;; The socket of the compose tests (README.md): imports the calculator's
;; interface, a `scale` interface and one WASI function, and exports
;;   total: func(n: u32) -> u32
;;        = sum(process-sequence([1..n])) + add(n, 1000) + scale(n)
;; For n = 10: 440 + 1010 + 20 = 1470.
(component
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (export "resolution" (func (result u64)))))
  (import "cyber-corp:math-logic/operations" (instance $ops
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
    (export "process-sequence" (func (param "input" (list u32)) (result (list u32))))))
  (import "test:compose/scale@0.1.0" (instance $scale
    (export "scale" (func (param "v" u32) (result u32)))))
  (alias export $ops "add" (func $add))
  (alias export $ops "process-sequence" (func $ps))
  (alias export $scale "scale" (func $sc))
  (core module $Mem
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p)))
  (core instance $mem (instantiate $Mem))
  (core func $add-lo (canon lower (func $add)))
  (core func $sc-lo (canon lower (func $sc)))
  (core func $ps-lo (canon lower (func $ps)
    (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
  (core module $App
    (import "m" "mem" (memory 1))
    (import "ops" "add" (func $add (param i32 i32) (result i32)))
    (import "ops" "ps" (func $ps (param i32 i32 i32)))
    (import "ops" "scale" (func $scale (param i32) (result i32)))
    (func (export "total") (param $n i32) (result i32)
      (local $i i32) (local $s i32) (local $p i32) (local $len i32)
      (block $w (loop $l
        (br_if $w (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.add (i32.const 64) (i32.shl (local.get $i) (i32.const 2)))
                   (i32.add (local.get $i) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (call $ps (i32.const 64) (local.get $n) (i32.const 16))
      (local.set $p (i32.load (i32.const 16)))
      (local.set $len (i32.load (i32.const 20)))
      (local.set $i (i32.const 0))
      (block $w (loop $l
        (br_if $w (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
      (i32.add (i32.add (local.get $s) (call $add (local.get $n) (i32.const 1000)))
               (call $scale (local.get $n)))))
  (core instance $app (instantiate $App
    (with "m" (instance $mem))
    (with "ops" (instance (export "add" (func $add-lo)) (export "ps" (func $ps-lo))
                          (export "scale" (func $sc-lo))))))
  (func (export "total") (param "n" u32) (result u32)
    (canon lift (core func $app "total")))
)
