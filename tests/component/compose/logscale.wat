;; A plug that does not fit (README.md): it exports test:compose/scale but
;; imports test:compose/log, which neither the socket nor an earlier plug
;; provides.
(component
  (import "test:compose/log" (instance $log
    (export "log" (func (param "x" u32)))))
  (alias export $log "log" (func $lg))
  (core func $lg-lo (canon lower (func $lg)))
  (core module $S
    (import "f" "log" (func $log (param i32)))
    (func (export "scale") (param i32) (result i32)
      (call $log (local.get 0)) (local.get 0)))
  (core instance $s (instantiate $S (with "f" (instance (export "log" (func $lg-lo))))))
  (func $scale (param "v" u32) (result u32) (canon lift (core func $s "scale")))
  (instance $out (export "scale" (func $scale)))
  (export "test:compose/scale@0.1.2" (instance $out))
)
