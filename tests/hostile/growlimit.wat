;; Grows page by page up to the declared maximum (100 pages).
(module
  (memory 1 100)
  (func $grow (export "grow_to_limit") (result i32)
    (block $done
      (loop $more
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (memory.size))
  (func (export "store_past_end")
    (drop (call $grow))
    (i32.store (i32.const 6553600) (i32.const 1))))
