;; An import nobody provides: a link error.
(module
  (import "env" "missing" (func $missing (param i32)))
  (func (export "f") (call $missing (i32.const 1))))
