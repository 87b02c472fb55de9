;; Grows a memory without a declared maximum until the host refuses: the
;; last successful size is 65536 pages (4 GiB), and memory.grow then
;; returns -1 instead of failing any other way.
(module
  (memory 1)
  (func (export "grow_to_limit") (result i32)
    (block $done
      (loop $more
        (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (memory.size)))
