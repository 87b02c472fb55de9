;; Blocks in a host call (WASI poll_oneoff: a relative 100 s sleep), where no
;; epoch check can see the deadline: `run --timeout` ends the process.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff"
    (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory 1)
  ;; subscription at 0: userdata 0, tag 0 (clock), clock id 1 (monotonic)
  ;; at 16, timeout 100e9 ns at 24, precision 0 at 32, flags 0 (relative)
  (data (i32.const 16) "\01\00\00\00")
  (data (i32.const 24) "\00\e8\76\48\17\00\00\00")
  (func (export "nap") (result i32)
    (call $poll (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128))))
