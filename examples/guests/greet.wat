;; A WASI command for the host examples: writes a greeting to standard
;; output and to greeting.txt in its first preopened directory (fd 3), then
;; returns (exit status 0) — or exits with the errno of the call that failed.
(module $greet
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close"
    (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "greeting.txt")
  (data (i32.const 32) "hello from wasi\n")
  (func $check (param $errno i32)
    (if (local.get $errno) (then (call $proc_exit (local.get $errno)))))
  (func (export "_start")
    ;; one iovec at 64: the 16 bytes at 32
    (i32.store (i32.const 64) (i32.const 32))
    (i32.store (i32.const 68) (i32.const 16))
    (call $check (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1)
                                 (i32.const 80)))
    ;; path_open(fd 3, no dirflags, "greeting.txt", O_CREAT|O_TRUNC,
    ;;           rights fd_write, no inheriting rights, no fdflags, &fd @84)
    (call $check (call $path_open (i32.const 3) (i32.const 0) (i32.const 16)
                                  (i32.const 12) (i32.const 9) (i64.const 64)
                                  (i64.const 0) (i32.const 0) (i32.const 84)))
    (call $check (call $fd_write (i32.load (i32.const 84)) (i32.const 64)
                                 (i32.const 1) (i32.const 80)))
    (call $check (call $fd_close (i32.load (i32.const 84))))))
