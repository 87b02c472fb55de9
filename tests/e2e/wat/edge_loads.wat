;; Wide loads at the end of memory whose value is only partly used: in guard
;; mode the load is the bounds check, so it must keep its full width (LLVM
;; would otherwise narrow it and read only in-bounds bytes).
(module $edge
  (memory 1)
  (func $wrap_load (export "wrap_load") (param i32) (result i32)
    (i32.wrap_i64 (i64.load (local.get 0))))
  (func $lane_load (export "lane_load") (param i32) (result i32)
    (i32x4.extract_lane 0 (v128.load (local.get 0)))))
