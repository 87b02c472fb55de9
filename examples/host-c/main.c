/* Embedding wasmaot in a C host through wasmaot.h: load an artifact
 * compiled ahead of time (`wasmaot compile host.wasm -o host.so`), give it
 * a host function, call its exports, read its memory, handle a trap, and
 * run a WASI command with a preopened directory. The same guests and the
 * same output as examples/host-cpp.
 *
 *   host-c HOST.so [WASI.so DIR]
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "wasmaot/wasmaot.h"

/* Prints an error, frees it and returns 1. */
static int fail(const char *what, wasmaot_error_t *err) {
  fprintf(stderr, "%s: %s\n", what, wasmaot_error_message(err));
  wasmaot_error_delete(err);
  return 1;
}

/* host.log_sum: (i32 n, i64 sum) -> (). env counts the calls. */
static wasmaot_trap_t *log_sum(void *env, wasmaot_caller_t *caller,
                               const wasmaot_val_t *args, size_t nargs,
                               wasmaot_val_t *results, size_t nresults) {
  wasmaot_memory_t *mem = wasmaot_caller_memory(caller, NULL);
  ++*(int *)env;
  printf("host: sum of 0..%d is %" PRId64 " (memory: %zu bytes)\n",
         args[0].of.i32, args[1].of.i64,
         mem ? wasmaot_memory_data_size(mem) : 0);
  return NULL; /* or wasmaot_trap_new("...") to trap */
}

static int run_wasi(wasmaot_engine_t *engine, const char *path,
                    const char *dir) {
  wasmaot_module_t *module;
  wasmaot_error_t *err = wasmaot_module_load_file(engine, path, &module);
  if (err)
    return fail(path, err);
  wasmaot_store_t *store = wasmaot_store_new(engine);
  wasmaot_linker_t *linker = wasmaot_linker_new(engine);
  wasmaot_wasi_config_t *wasi = wasmaot_wasi_config_new();
  wasmaot_wasi_config_push_arg(wasi, "greet");
  wasmaot_wasi_config_preopen_dir(wasi, dir, "/", false);
  wasmaot_wasi_config_inherit_stdio(wasi);
  err = wasmaot_linker_define_wasi(linker, store, wasi);
  wasmaot_wasi_config_delete(wasi);
  int rc = 1;
  wasmaot_instance_t *inst;
  wasmaot_trap_t *trap = NULL;
  if (!err)
    err = wasmaot_linker_instantiate(linker, store, module, &inst, &trap);
  int32_t status = -1;
  if (!err && !trap) {
    fflush(stdout); /* the guest writes to the same stdout */
    err = wasmaot_instance_run_wasi_start(inst, &status, &trap);
  }
  if (err) {
    fail("wasi", err);
  } else if (trap) {
    fprintf(stderr, "wasi: %s\n", wasmaot_trap_format(trap));
    wasmaot_trap_delete(trap);
  } else {
    printf("wasi exit status: %d\n", status);
    rc = 0;
  }
  wasmaot_linker_delete(linker);
  wasmaot_store_delete(store);
  wasmaot_module_delete(module);
  return rc;
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 4) {
    fprintf(stderr, "usage: host-c HOST.so [WASI.so DIR]\n");
    return 2;
  }
  wasmaot_engine_t *engine = wasmaot_engine_new();
  wasmaot_module_t *module;
  wasmaot_error_t *err = wasmaot_module_load_file(engine, argv[1], &module);
  if (err)
    return fail(argv[1], err);

  wasmaot_store_t *store = wasmaot_store_new(engine);
  wasmaot_linker_t *linker = wasmaot_linker_new(engine);
  static const wasmaot_valkind_t params[] = {WASMAOT_I32, WASMAOT_I64};
  int calls = 0;
  err = wasmaot_linker_define_func(linker, "host", "log_sum", params, 2, NULL,
                                   0, log_sum, &calls, NULL);
  if (err)
    return fail("define", err);
  wasmaot_instance_t *inst;
  wasmaot_trap_t *trap;
  err = wasmaot_linker_instantiate(linker, store, module, &inst, &trap);
  if (err)
    return fail("instantiate", err);
  if (trap) {
    fprintf(stderr, "instantiate: %s\n", wasmaot_trap_message(trap));
    return 1;
  }

  /* sum(100): i32 -> i64 */
  wasmaot_func_t *sum = wasmaot_instance_get_func(inst, "sum");
  wasmaot_val_t arg = {.kind = WASMAOT_I32, .of.i32 = 100};
  wasmaot_val_t result;
  err = wasmaot_func_call(sum, &arg, 1, &result, 1, &trap);
  if (err)
    return fail("sum", err);
  if (trap)
    return 1;
  printf("sum(100) = %" PRId64 "\n", result.of.i64);

  /* The guest stored the result in its memory at address 16. */
  wasmaot_memory_t *mem = wasmaot_instance_get_memory(inst, "memory");
  int64_t stored;
  memcpy(&stored, wasmaot_memory_data(mem) + 16, sizeof stored);
  printf("memory[16] = %" PRId64 "\n", stored);

  /* boom(0) divides by zero: a trap with a code, a message and frames. */
  wasmaot_func_t *boom = wasmaot_instance_get_func(inst, "boom");
  arg.of.i32 = 0;
  err = wasmaot_func_call(boom, &arg, 1, &result, 1, &trap);
  if (err)
    return fail("boom", err);
  if (trap) {
    printf("trap: %s\n", wasmaot_trap_format(trap));
    if (wasmaot_trap_code(trap) != WASMAOT_TRAP_IntDivByZero ||
        wasmaot_trap_frame_count(trap) == 0)
      return 1;
    wasmaot_trap_delete(trap);
  }
  /* The instance is still usable after a trap. */
  arg.of.i32 = 1;
  err = wasmaot_func_call(boom, &arg, 1, &result, 1, &trap);
  if (err || trap)
    return 1;
  printf("boom(1) = %d\n", result.of.i32);

  wasmaot_func_delete(boom);
  wasmaot_func_delete(sum);
  wasmaot_linker_delete(linker);
  wasmaot_store_delete(store);
  wasmaot_module_delete(module);
  int rc = calls == 1 ? 0 : 1;
  if (rc == 0 && argc == 4)
    rc = run_wasi(engine, argv[2], argv[3]);
  wasmaot_engine_delete(engine);
  return rc;
}
