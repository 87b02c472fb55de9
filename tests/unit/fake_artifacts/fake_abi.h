/* What a fake artifact's hand-written "compiled code" needs to speak the
 * runtime ABI (runtime/abi/vmctx.h) from C: the generated header
 * (FAKE_META_HEADER) supplies the metadata and this module's vmctx offsets;
 * the helpers below read vmctx fields and call builtins the way codegen's
 * output does. Compiled with frame pointers, like real artifacts. */
#pragma once
#include <stdint.h>
#include <string.h>

#include FAKE_META_HEADER

typedef struct { void *code; void *vmctx; uint32_t type_id, pad; } VMFuncRef;
typedef struct { void **base; uint64_t size; } VMTable;
typedef struct { uint8_t *base; uint64_t size; } VMMemory;
typedef struct { _Alignas(16) uint8_t bytes[16]; } ValRaw;
typedef struct VMHostContext {
  int32_t (*callback)(struct VMHostContext *, void *, ValRaw *);
  void *data;
} VMHostContext;

#define VM_AT(vm, off, T) (*(T *)((char *)(vm) + (off)))
#define MEM0_BASE(vm) VM_AT(vm, OFF_MEMORY0_BASE, uint8_t *)
#define STACK_LIMIT(vm) VM_AT(vm, OFF_STACK_LIMIT, uintptr_t)
#define BUILTIN(vm, name) (VM_AT(vm, OFF_BUILTINS, void **)[BI_##name])
#define TYPE_ID(vm, t) VM_AT(vm, OFF_TYPEIDS + 4 * (t), uint32_t)
#define FUNCREF(vm, f) (&VM_AT(vm, OFF_FUNCREFS + 24 * (f), VMFuncRef))
#define TABLE(vm, t) VM_AT(vm, OFF_TABLES + 8 * (t), VMTable *)
#define MEMORY(vm, m) VM_AT(vm, OFF_MEMORIES + 8 * (m), VMMemory *)
#define GLOBAL_I32(vm, g) (*(int32_t *)VM_AT(vm, OFF_GLOBALS + 8 * (g), void *))

static inline int32_t get_i32(const ValRaw *v) {
  int32_t x;
  memcpy(&x, v->bytes, 4);
  return x;
}
static inline void set_i32(ValRaw *v, int32_t x) {
  memset(v->bytes, 0, 16);
  memcpy(v->bytes, &x, 4);
}

__attribute__((noreturn)) static inline void trap(void *vm, uint32_t code) {
  ((void (*)(void *, uint32_t))BUILTIN(vm, Trap))(vm, code);
  __builtin_unreachable();
}

/* The prologue check codegen emits in every function. */
#define STACK_CHECK(vm)                                                        \
  do {                                                                         \
    if ((uintptr_t)__builtin_frame_address(0) < STACK_LIMIT(vm))               \
      trap(vm, TRAP_StackExhausted);                                           \
  } while (0)

/* Array-call trampolines for the signatures the fakes use. */
#define TRAMP_II_I(name)                                                       \
  static void name(void *code, void *callee, void *caller, ValRaw *v) {        \
    set_i32(&v[0], ((int32_t(*)(void *, void *, int32_t, int32_t))code)(       \
                       callee, caller, get_i32(&v[0]), get_i32(&v[1])));       \
  }
#define TRAMP_I_I(name)                                                        \
  static void name(void *code, void *callee, void *caller, ValRaw *v) {        \
    set_i32(&v[0], ((int32_t(*)(void *, void *, int32_t))code)(                \
                       callee, caller, get_i32(&v[0])));                       \
  }
#define TRAMP__I(name)                                                         \
  static void name(void *code, void *callee, void *caller, ValRaw *v) {        \
    set_i32(&v[0], ((int32_t(*)(void *, void *))code)(callee, caller));        \
  }
#define TRAMP__(name)                                                          \
  static void name(void *code, void *callee, void *caller, ValRaw *v) {        \
    ((void (*)(void *, void *))code)(callee, caller);                          \
  }
#define TRAMP_I_(name)                                                         \
  static void name(void *code, void *callee, void *caller, ValRaw *v) {        \
    ((void (*)(void *, void *, int32_t))code)(callee, caller, get_i32(&v[0])); \
  }
