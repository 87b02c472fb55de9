;; Its start function never returns: the deadline covers instantiation.
(module
  (func $spin (loop $forever (br $forever)))
  (start $spin)
  (func (export "f") (result i32) (i32.const 1)))
