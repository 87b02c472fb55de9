;; Unbounded recursion: "call stack exhausted". The subtraction after the
;; call keeps LLVM from turning the recursion into a loop.
(module
  (func $recurse (param $n i32) (result i32)
    (i32.sub (call $recurse (i32.add (local.get $n) (i32.const 1)))
             (local.get $n)))
  (func $outer (export "f") (result i32)
    (call $recurse (i32.const 0))))
