;; A WASI reactor: `_initialize` must run before the --invoke'd export.
(module $reactor
  (global $ready (mut i32) (i32.const 0))
  (func $init (export "_initialize") (global.set $ready (i32.const 42)))
  (func $get (export "get") (result i32) (global.get $ready)))
