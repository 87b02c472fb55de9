// The `test:echo/echo` interface (echo.wit) against the Canonical ABI by
// hand, no libc: each function returns its argument. Values that do not fit
// one flat result are returned through a static return area laid out as
// CanonicalABI.md stores them. echo.wasm is the component, checked in
// (2.4 KB); rebuild it with clang-19 and jco (`npm ci --prefix tools`):
//   clang-19 --target=wasm32-wasi -O2 -nostdlib -Wl,--no-entry \
//     -Wl,--allow-undefined \
//     -o core.wasm echo.c
//   node tools/make-component.mjs core.wasm echo.wit echoer echo.wasm
#include <stddef.h>
#include <stdint.h>

extern unsigned char __heap_base;
static uintptr_t heap_top;

__attribute__((export_name("cabi_realloc"))) void *
cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size) {
  if (!heap_top)
    heap_top = (uintptr_t)&__heap_base;
  if (old && new_size <= old_size)
    return old;
  uintptr_t p = (heap_top + align - 1) & ~(uintptr_t)(align - 1);
  size_t have = __builtin_wasm_memory_size(0) * 65536;
  if (p + new_size > have) {
    size_t pages = (p + new_size - have + 65535) / 65536;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1)
      __builtin_trap();
  }
  heap_top = p + new_size;
  unsigned char *d = (unsigned char *)p;
  const unsigned char *s = old;
  for (size_t i = 0; i < old_size && i < new_size; ++i)
    d[i] = s[i];
  return d;
}

static uint32_t ret_area[5];

// echo-string: (ptr, len) -> pointer to (ptr, len)
__attribute__((export_name("test:echo/echo#echo-string"))) uint32_t *
echo_string(uint32_t ptr, uint32_t len) {
  ret_area[0] = ptr;
  ret_area[1] = len;
  return ret_area;
}

// echo-point: record {x: s32 @0, y: s32 @4, label: string @8}; flat
// (x, y, ptr, len). The label comes back with " back" appended, so the
// test sees the guest's work.
__attribute__((export_name("test:echo/echo#echo-point"))) uint32_t *
echo_point(int32_t x, int32_t y, uint32_t ptr, uint32_t len) {
  static const char suffix[] = " back";
  char *out = cabi_realloc(0, 0, 1, len + 5);
  for (uint32_t i = 0; i < len; ++i)
    out[i] = ((const char *)(uintptr_t)ptr)[i];
  for (uint32_t i = 0; i < 5; ++i)
    out[len + i] = suffix[i];
  ret_area[0] = (uint32_t)x;
  ret_area[1] = (uint32_t)y;
  ret_area[2] = (uint32_t)(uintptr_t)out;
  ret_area[3] = len + 5;
  return ret_area;
}

// echo-shape: variant {circle(f32), nothing, at(point)}; flat (disc, then
// the joined payload: i32 for f32/i32, then the point's rest); stored as a
// u8 discriminant @0 and the payload @4 (alignment 4).
__attribute__((export_name("test:echo/echo#echo-shape"))) uint32_t *
echo_shape(uint32_t disc, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  *(uint8_t *)ret_area = (uint8_t)disc;
  ret_area[1] = a; // circle: the f32's bits; at: x
  ret_area[2] = b;
  ret_area[3] = c;
  ret_area[4] = d;
  return ret_area;
}

__attribute__((export_name("test:echo/echo#maybe-trap"))) uint32_t
maybe_trap(uint32_t fail) {
  if (fail)
    __builtin_trap();
  return 7;
}

// The imports of `test:echo/host` (lowered: flat arguments, then a pointer
// where the spilled result is stored) and the exports that call them.
__attribute__((import_module("test:echo/host"), import_name("relay-point"))) void
relay_point(int32_t x, int32_t y, uint32_t ptr, uint32_t len, uint32_t *ret);
__attribute__((import_module("test:echo/host"), import_name("relay-shape"))) void
relay_shape(uint32_t disc, uint32_t a, uint32_t b, uint32_t c, uint32_t d,
            uint32_t *ret);

__attribute__((export_name("test:echo/echo#via-host-point"))) uint32_t *
via_host_point(int32_t x, int32_t y, uint32_t ptr, uint32_t len) {
  relay_point(x, y, ptr, len, ret_area);
  return ret_area;
}

__attribute__((export_name("test:echo/echo#via-host-shape"))) uint32_t *
via_host_shape(uint32_t disc, uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  relay_shape(disc, a, b, c, d, ret_area);
  return ret_area;
}
