;; Module 8477 of the differential run, reduced by hand (tests/diff/README.md):
;; f64x2.min returns an arithmetic NaN whose payload the spec leaves open;
;; f32x4.gt then reads the low word of that NaN as an f32.
(module
  (func (export "payload") (result v128)
    v128.const i32x4 0x2a74ffca 0xffe3ff81 0xe00000f1 0xffe00080
    v128.const i32x4 0x0001ffff 0xffffffab 0x00007fff 0xffffffbe
    f64x2.min)
  (func (export "orig") (result v128)
    v128.const i32x4 0x2a74ffca 0xffe3ff81 0xe00000f1 0xffe00080
    v128.const i32x4 0x0001ffff 0xffffffab 0x00007fff 0xffffffbe
    f64x2.min
    v128.const i32x4 0x0000002d 0xffff8000 0xffff9e48 0xffffff94
    f32x4.gt)
  (func (export "canon") (result v128)
    v128.const i64x2 0xfff8000000000000 0xfff8000000000000
    v128.const i32x4 0x0000002d 0xffff8000 0xffff9e48 0xffffff94
    f32x4.gt))
