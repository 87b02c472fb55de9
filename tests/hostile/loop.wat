;; Runs forever: `run --timeout` must end it (epoch checks at loop headers).
(module
  (func $spin (export "spin") (result i32)
    (loop $forever (br $forever))
    (i32.const 0))
  (func (export "quick") (result i32) (i32.const 7)))
