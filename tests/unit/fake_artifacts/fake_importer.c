/* The "importer" fake artifacts (metadata: gen_meta.cpp, importer()):
 * import basic's add, mem, tab and g; define a global initialised from the
 * imported one; write into the imported table and memory with segments. */
#include "fake_abi.h"

/* 0: import basic.add */

/* 1 */ static int32_t call_add(void *vm, void *caller, int32_t a, int32_t b) {
  STACK_CHECK(vm);
  VMFuncRef *f = FUNCREF(vm, 0);
  return ((int32_t(*)(void *, void *, int32_t, int32_t))f->code)(f->vmctx, vm,
                                                                a, b);
}

/* 2: i32.load8_u from the imported memory */
static int32_t read_mem(void *vm, void *caller, int32_t addr) {
  STACK_CHECK(vm);
  return MEMORY(vm, 0)->base[(uint32_t)addr];
}

/* 3: the defined global (index 1) */
static int32_t get_ig(void *vm, void *caller) {
  STACK_CHECK(vm);
  return GLOBAL_I32(vm, 1);
}

TRAMP_II_I(tramp0)
TRAMP_I_I(tramp1)
TRAMP__I(tramp2)

void *const wasmaot_funcs[] = {(void *)call_add, (void *)read_mem,
                               (void *)get_ig};
void *const wasmaot_array_calls[] = {(void *)tramp0, (void *)tramp1,
                                     (void *)tramp2};
void *const wasmaot_host_stubs[] = {0, 0, 0};
__attribute__((aligned(4096))) const uint8_t wasmaot_data[] = "imp";
