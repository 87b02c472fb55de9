;; The lowered-call component of bench/component (component_bench.cpp):
;;   run: func(n: u32, which: u32) -> u32
;; calls, n times from core code, a lowered function with a 1,000-byte
;; string: which = 0 the nested echo component's `echo` (bench/component/
;; echo.wat: a component-to-component call), which = 1 the host's
;; `host-echo` import; which = 2 the host's scalar `host-add(1000, 0)`. Assembled with `jco parse` into chain.wasm (checked
;; in), as echo.wat.
(component
  (import "host-echo" (func $he (param "s" string) (result string)))
  (import "host-add" (func $hadd (param "a" u32) (param "b" u32) (result u32)))
  (component $E
    (core module $M
      (memory (export "mem") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "realloc") (param i32 i32 i32 i32) (result i32)
        (local $p i32)
        (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get 2))))
        (global.set $heap (i32.add (local.get $p) (local.get 3)))
        (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
          (then (drop (memory.grow (i32.add (i32.const 1) (i32.shr_u
            (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)))))))
        (local.get $p))
      (func (export "echo") (param i32 i32) (result i32)
        (i32.store (i32.const 8) (local.get 0))
        (i32.store (i32.const 12) (local.get 1))
        (i32.const 8))
      (func (export "rewind") (param i32) (global.set $heap (i32.const 1024)))
    )
    (core instance $m (instantiate $M))
    (func (export "echo") (param "s" string) (result string)
      (canon lift (core func $m "echo") (memory (core memory $m "mem"))
        (realloc (core func $m "realloc")) (post-return (core func $m "rewind"))))
  )
  (instance $e (instantiate $E))
  (alias export $e "echo" (func $echo))
  (core module $Mem
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.add (i32.const 1) (i32.shr_u
          (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)))))))
      (local.get $p))
    (func (export "rewind") (global.set $heap (i32.const 4096)))
  )
  (core instance $mem (instantiate $Mem))
  (core func $lecho (canon lower (func $echo)
    (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
  (core func $lhost (canon lower (func $he)
    (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
  (core func $ladd (canon lower (func $hadd)))
  (core module $B
    (import "m" "mem" (memory 1))
    (import "m" "rewind" (func $rewind))
    (import "f" "echo" (func $echo (param i32 i32 i32)))
    (import "f" "host" (func $host (param i32 i32 i32)))
    (import "f" "add" (func $add (param i32 i32) (result i32)))
    ;; run(n, which): n calls of echo (which = 0) or host-echo (1) with the
    ;; 1,000 bytes at 1024, the sum of the lengths that came back; or (2) of
    ;; host-add(1000, 0), the sum of the results.
    (func (export "run") (param $n i32) (param $which i32) (result i32)
      (local $sum i32)
      (if (i32.eq (local.get $which) (i32.const 2))
        (then
          (block $d (loop $l
            (br_if $d (i32.eqz (local.get $n)))
            (local.set $sum (i32.add (local.get $sum)
              (call $add (i32.const 1000) (i32.const 0))))
            (local.set $n (i32.sub (local.get $n) (i32.const 1)))
            (br $l)))
          (return (local.get $sum))))
      (memory.fill (i32.const 1024) (i32.const 97) (i32.const 1000))
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (if (local.get $which)
            (then (call $host (i32.const 1024) (i32.const 1000) (i32.const 16)))
            (else (call $echo (i32.const 1024) (i32.const 1000) (i32.const 16))))
          (local.set $sum (i32.add (local.get $sum) (i32.load (i32.const 20))))
          (call $rewind)
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $sum))
  )
  (core instance $f (export "echo" (func $lecho)) (export "host" (func $lhost))
                    (export "add" (func $ladd)))
  (core instance $b (instantiate $B (with "m" (instance $mem)) (with "f" (instance $f))))
  (func (export "run") (param "n" u32) (param "which" u32) (result u32)
    (canon lift (core func $b "run")))
)
