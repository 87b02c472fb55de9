;; A plug that does not fit (README.md): it exports test:compose/scale@0.1.2
;; with `scale` taking a u64, where the socket's import wants a u32.
(component
  (core module $S (func (export "scale") (param i64) (result i32) (i32.wrap_i64 (local.get 0))))
  (core instance $s (instantiate $S))
  (func $scale (param "v" u64) (result u32) (canon lift (core func $s "scale")))
  (instance $out (export "scale" (func $scale)))
  (export "test:compose/scale@0.1.2" (instance $out))
)
