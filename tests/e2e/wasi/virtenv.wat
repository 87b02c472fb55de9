;; A plug that virtualises wasi:cli/environment (compose_virtenv.sh): the
;; environment is GREETING=composed whatever the host has; the arguments
;; are the host's, fetched through its own import of the interface. @V@ is
;; the WASI version the socket imports (jco's preview1 adapter decides).
(component
  (import "wasi:cli/environment@@V@" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (alias export $env "get-arguments" (func $args))
  (core module $Mem
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 4096))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (local.get $p))
    (data (i32.const 100) "GREETING")
    (data (i32.const 120) "composed")
    ;; list<tuple<string, string>>: one element at 200, (ptr, len) at 300
    (data (i32.const 200) "\64\00\00\00\08\00\00\00\78\00\00\00\08\00\00\00")
    (data (i32.const 300) "\c8\00\00\00\01\00\00\00"))
  (core instance $mem (instantiate $Mem))
  (core func $args-lo (canon lower (func $args)
    (memory (core memory $mem "mem")) (realloc (core func $mem "realloc"))))
  (core module $E
    (import "f" "args" (func $args (param i32)))
    (func (export "env") (result i32) (i32.const 300))
    (func (export "args") (result i32) (call $args (i32.const 400)) (i32.const 400)))
  (core instance $e (instantiate $E (with "f" (instance (export "args" (func $args-lo))))))
  (func $get-env (result (list (tuple string string)))
    (canon lift (core func $e "env") (memory (core memory $mem "mem"))))
  (func $get-args (result (list string))
    (canon lift (core func $e "args") (memory (core memory $mem "mem"))))
  (instance $out (export "get-environment" (func $get-env))
                 (export "get-arguments" (func $get-args)))
  (export "wasi:cli/environment@@V@" (instance $out))
)
