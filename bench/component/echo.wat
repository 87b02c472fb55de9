;; The string-echo component of bench/component (component_bench.cpp):
;;   echo: func(s: string) -> string
;; realloc bumps from 1024; post-return rewinds, so every call reuses the
;; same bytes. Assembled with `jco parse` into echo.wasm (checked in):
;;   node -e "import('./tools/node_modules/@bytecodealliance/jco/dist/api.js').then(async j => require('fs').writeFileSync('bench/component/echo.wasm', await j.parse(require('fs').readFileSync('bench/component/echo.wat', 'utf8'))))"
(component
  (core module $M
    (memory (export "mem") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $p) (local.get 3)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.add (i32.const 1) (i32.shr_u
          (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))) (i32.const 16)))))))
      (local.get $p))
    (func (export "echo") (param i32 i32) (result i32)
      (i32.store (i32.const 8) (local.get 0))
      (i32.store (i32.const 12) (local.get 1))
      (i32.const 8))
    (func (export "rewind") (param i32) (global.set $heap (i32.const 1024)))
  )
  (core instance $m (instantiate $M))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $m "echo") (memory (core memory $m "mem"))
      (realloc (core func $m "realloc")) (post-return (core func $m "rewind"))))
)
