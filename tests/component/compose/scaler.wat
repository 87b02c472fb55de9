;; A plug of the compose tests (README.md): exports test:compose/scale,
;;   scale(v) = add(v, v) + (resolution() == 0)
;; importing the calculator's interface (from an earlier plug) and the
;; WASI clock (from the composition's imports).
(component
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (export "resolution" (func (result u64)))))
  (import "cyber-corp:math-logic/operations" (instance $ops
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))))
  (alias export $ops "add" (func $add))
  (alias export $clock "resolution" (func $res))
  (core func $add-lo (canon lower (func $add)))
  (core func $res-lo (canon lower (func $res)))
  (core module $S
    (import "f" "add" (func $add (param i32 i32) (result i32)))
    (import "f" "res" (func $res (result i64)))
    (func (export "scale") (param i32) (result i32)
      (i32.add (call $add (local.get 0) (local.get 0))
               (i64.eqz (call $res)))))
  (core instance $s (instantiate $S
    (with "f" (instance (export "add" (func $add-lo)) (export "res" (func $res-lo))))))
  (func $scale (param "v" u32) (result u32) (canon lift (core func $s "scale")))
  (instance $out (export "scale" (func $scale)))
  (export "test:compose/scale@0.1.2" (instance $out))
)
