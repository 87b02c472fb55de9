;; A small valid module: code, a memory and a data segment, so bit flips can
;; land in each part of its artifact.
(module
  (memory 1)
  (data (i32.const 0) "hostile-data-marker")
  (func (export "answer") (result i32) i32.const 42)
  (func (export "first_byte") (result i32) (i32.load8_u (i32.const 0))))
