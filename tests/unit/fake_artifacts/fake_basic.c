/* The "basic" fake artifact (metadata: gen_meta.cpp, basic()): hand-written
 * stand-ins for compiled wasm functions exercising calls, traps (builtin,
 * guard page, stack limit, stack overflow), host imports, memory, tables,
 * globals and the start function. */
#include "fake_abi.h"

/* 0: import host.log : [i32] -> [] */

/* 1 */ static int32_t add(void *vm, void *caller, int32_t a, int32_t b) {
  STACK_CHECK(vm);
  return a + b;
}

/* 2: a load 16 bytes past 4 GiB: in the guard region. */
static int32_t oob_read(void *vm, void *caller) {
  STACK_CHECK(vm);
  return *(volatile int32_t *)(MEM0_BASE(vm) + 0x100000000ull + 16);
}

/* 3 */ static void trap_unreachable(void *vm, void *caller) {
  STACK_CHECK(vm);
  trap(vm, TRAP_Unreachable);
}

/* 4: recursion n deep, with the prologue stack check. */
static int32_t recurse(void *vm, void *caller, int32_t n);
static int32_t (*volatile recurse_ptr)(void *, void *, int32_t) = recurse;
static int32_t recurse(void *vm, void *caller, int32_t n) {
  STACK_CHECK(vm);
  volatile char pad[256];
  pad[0] = (char)n;
  if (n == 0)
    return 0;
  return recurse_ptr(vm, vm, n - 1) + 1 + pad[0] * 0;
}

/* 5: calls the imported host function (func 0), returns x + 1. */
static int32_t call_host(void *vm, void *caller, int32_t x) {
  STACK_CHECK(vm);
  VMFuncRef *f = FUNCREF(vm, 0);
  ((void (*)(void *, void *, int32_t))f->code)(f->vmctx, vm, x);
  return x + 1;
}

/* 6: i32.load with guard-page bounds checks (none in the code). */
static int32_t load(void *vm, void *caller, int32_t addr) {
  STACK_CHECK(vm);
  return *(volatile int32_t *)(MEM0_BASE(vm) + (uint32_t)addr);
}

/* 7: memory.grow 0 */
static int32_t grow(void *vm, void *caller, int32_t delta) {
  STACK_CHECK(vm);
  return (int32_t)((uint64_t(*)(void *, uint32_t, uint64_t))BUILTIN(
      vm, MemoryGrow))(vm, 0, (uint32_t)delta);
}

/* 8 */ static int32_t get_global(void *vm, void *caller) {
  STACK_CHECK(vm);
  return GLOBAL_I32(vm, 0);
}

/* 9: start: g += 1 */
static void start(void *vm, void *caller) {
  STACK_CHECK(vm);
  GLOBAL_I32(vm, 0) += 1;
}

/* 10: call_indirect (type 3: [] -> [i32]) through table 0. */
static int32_t call_indirect(void *vm, void *caller, int32_t idx) {
  STACK_CHECK(vm);
  VMTable *t = TABLE(vm, 0);
  if ((uint32_t)idx >= t->size)
    trap(vm, TRAP_UndefinedElement);
  VMFuncRef *f = (VMFuncRef *)t->base[(uint32_t)idx];
  if (!f)
    trap(vm, TRAP_UninitializedElement);
  if (f->type_id != TYPE_ID(vm, 3))
    trap(vm, TRAP_IndirectCallType);
  return ((int32_t(*)(void *, void *))f->code)(f->vmctx, vm);
}

/* 11: unbounded recursion WITHOUT the prologue check: only the guard page
 * below the thread's stack stops it. */
static int32_t recurse_nocheck(void *vm, void *caller, int32_t n);
static int32_t (*volatile nocheck_ptr)(void *, void *, int32_t) = recurse_nocheck;
static int32_t recurse_nocheck(void *vm, void *caller, int32_t n) {
  volatile char pad[1024];
  pad[0] = (char)n;
  return nocheck_ptr(vm, vm, n + 1) + pad[0];
}

TRAMP_II_I(tramp0)
TRAMP__(tramp1)
TRAMP_I_I(tramp2)
TRAMP__I(tramp3)
TRAMP_I_(tramp4)

/* Host stub for type 4 ([i32] -> []): the wasm calling convention on the
 * outside, VMHostContext::callback inside. */
static void stub4(void *callee, void *caller, int32_t a) {
  VMHostContext *h = (VMHostContext *)callee;
  ValRaw v[1];
  set_i32(&v[0], a);
  if (h->callback(h, caller, v))
    trap(caller, TRAP_HostTrap);
}

void *const wasmaot_funcs[] = {
    (void *)add,         (void *)oob_read,  (void *)trap_unreachable,
    (void *)recurse,     (void *)call_host, (void *)load,
    (void *)grow,        (void *)get_global, (void *)start,
    (void *)call_indirect, (void *)recurse_nocheck};
void *const wasmaot_array_calls[] = {(void *)tramp0, (void *)tramp1,
                                     (void *)tramp2, (void *)tramp3,
                                     (void *)tramp4};
void *const wasmaot_host_stubs[] = {0, 0, 0, 0, (void *)stub4};
__attribute__((aligned(4096))) const uint8_t wasmaot_data[] = "helloworld";
