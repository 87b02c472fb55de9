;; hello.wat: the bundled example. A WASI command that writes
;; "hello, world!" to standard output with fd_write and returns.
;; Assembled into hello.wasm (checked in) with:
;;   wat2wasm --debug-names examples/hello.wat -o examples/hello.wasm
;; The `example-hello-up-to-date` test checks that the two agree.
(module $hello
  (type $fd_write_t (func (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (type $fd_write_t)))

  (memory $mem 1)
  (export "memory" (memory $mem))

  ;; An iovec { buf = 16, len = 14 } at address 0, the text at 16.
  (data (i32.const 0) "\10\00\00\00\0e\00\00\00")
  (data (i32.const 16) "hello, world!\n")

  (func $main (export "_start")
    (drop
      (call $fd_write
        (i32.const 1)     ;; fd: standard output
        (i32.const 0)     ;; iovs
        (i32.const 1)     ;; iovs_len
        (i32.const 8))))  ;; where to store the number of bytes written
)
