;; A component defining resource `r` in WAT, for host_handles.script: the
;; host holds own handles of it across calls and passes them back in
;; (`[static]r.consume` takes the own, reads its rep and drops it: the
;; destructor counts drops in `dtors`). Assembled into host_handles.wasm
;; with jco parse (wasm-tools): node -e "..." (see README.md).
(component
  (core module $m
    (import "" "new" (func $new (param i32) (result i32)))
    (import "" "rep" (func $rep (param i32) (result i32)))
    (import "" "drop" (func $drop (param i32)))
    (global $dtors (mut i32) (i32.const 0))
    (func (export "ctor") (param i32) (result i32) (call $new (local.get 0)))
    (func (export "get") (param i32) (result i32) (local.get 0))
    (func (export "consume") (param i32) (result i32) (local $r i32)
      (local.set $r (call $rep (local.get 0)))
      (call $drop (local.get 0))
      (local.get $r))
    (func (export "dtor") (param i32) (global.set $dtors (i32.add (global.get $dtors) (i32.const 1))))
    (func (export "dtors") (result i32) (global.get $dtors)))
  (core module $d (table (export "t") 2 funcref))
  (core instance $di (instantiate $d))
  (alias core export $di "t" (core table $t))
  (core module $tramp
    (import "" "t" (table 2 funcref))
    (type $ft (func (param i32)))
    (func (export "dtor") (param i32) (call_indirect (type $ft) (local.get 0) (i32.const 0))))
  (core instance $ti (instantiate $tramp (with "" (instance (export "t" (table $t))))))
  (type $R (resource (rep i32) (dtor (core func $ti "dtor"))))
  (core func $new (canon resource.new $R))
  (core func $rep (canon resource.rep $R))
  (core func $drop (canon resource.drop $R))
  (core instance $mi (instantiate $m (with "" (instance (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
  (core module $fill (import "" "t" (table 2 funcref)) (import "" "f" (func $f (param i32))) (elem (i32.const 0) func $f))
  (core instance (instantiate $fill (with "" (instance (export "t" (table $t)) (export "f" (func $mi "dtor"))))))
  (export $R' "r" (type $R))
  (func (export "[constructor]r") (param "v" s32) (result (own $R')) (canon lift (core func $mi "ctor")))
  (func (export "[method]r.get") (param "self" (borrow $R')) (result s32) (canon lift (core func $mi "get")))
  (func (export "[static]r.consume") (param "c" (own $R')) (result s32) (canon lift (core func $mi "consume")))
  (func (export "dtors") (result s32) (canon lift (core func $mi "dtors")))
)
