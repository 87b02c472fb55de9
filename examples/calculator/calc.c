// The seed example of the Component Model work: interface
// `cyber-corp:math-logic/operations` (wit/calculator.wit) implemented in C
// against the Canonical ABI by hand, with no libc and no WASI imports.
// build.sh compiles it to a core module and wraps it into a component.
#include <stddef.h>
#include <stdint.h>

extern unsigned char __heap_base;
static uintptr_t heap_top;

// The allocator the host calls to pass lists and strings in (canon
// `realloc`): a bump allocator that grows memory as needed.
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

// add: func(a: u32, b: u32) -> u32
__attribute__((export_name("cyber-corp:math-logic/operations#add"))) uint32_t
add(uint32_t a, uint32_t b) {
  return a + b;
}

// process-sequence: func(input: list<u32>) -> list<u32>
// The running sums, doubled. A list result does not fit one flat value, so
// the function returns a pointer to (ptr, len).
static uint32_t ret_area[2];

__attribute__((export_name(
    "cyber-corp:math-logic/operations#process-sequence"))) uint32_t *
process_sequence(const uint32_t *input, uint32_t len) {
  uint32_t *out = cabi_realloc(0, 0, 4, (size_t)len * 4);
  uint32_t acc = 0;
  for (uint32_t i = 0; i < len; ++i) {
    acc += input[i];
    out[i] = acc * 2;
  }
  ret_area[0] = (uint32_t)(uintptr_t)out;
  ret_area[1] = len;
  return ret_area;
}
