/* wasmaot.h: the C API of the wasmaot runtime, for hosts written in C or in
 * any language with a C FFI. It loads artifacts compiled ahead of time by
 * `wasmaot compile` (ELF shared objects) and runs them; it links no LLVM.
 * Names follow the standard wasm.h C API where they fit (engine, store,
 * module, instance, func, val, trap), with a wasmaot_ prefix.
 *
 *   wasmaot_engine_t *engine = wasmaot_engine_new();
 *   wasmaot_module_t *module;
 *   wasmaot_error_t *err = wasmaot_module_load_file(engine, "app.so", &module);
 *   wasmaot_store_t *store = wasmaot_store_new(engine);
 *   wasmaot_linker_t *linker = wasmaot_linker_new(engine);
 *   wasmaot_linker_define_func(linker, "env", "log", params, 1, NULL, 0,
 *                              my_log, my_env, NULL);
 *   wasmaot_instance_t *inst; wasmaot_trap_t *trap;
 *   err = wasmaot_linker_instantiate(linker, store, module, &inst, &trap);
 *   wasmaot_func_t *f = wasmaot_instance_get_func(inst, "run");
 *   err = wasmaot_func_call(f, args, 2, results, 1, &trap);
 *
 * Conventions:
 * - Every object is an opaque handle. A handle returned by a `_new`, `_load`
 *   or `get_func` function is owned by the caller and freed with the
 *   matching `_delete`. Instances, memories, tables and globals are
 *   borrowed: the store owns them, and they stay valid until
 *   wasmaot_store_delete.
 * - Fallible functions return a wasmaot_error_t* (NULL on success) that the
 *   caller owns. Functions that run wasm also report a trap through a
 *   `wasmaot_trap_t **trap_out` (set to NULL, or to a trap the caller
 *   owns). An error means nothing ran (bad arguments, a link failure, a
 *   refused artifact); a trap means wasm ran and trapped.
 * - Strings passed in are copied; strings returned are borrowed from the
 *   object they came from and valid while it lives.
 * - No C++ exception ever crosses this API.
 * - Thread safety: an engine and a module may be shared by any number of
 *   threads; a store and everything in it (instances, funcs, memories) is
 *   used by one thread at a time. wasmaot_engine_increment_epoch may be
 *   called from any thread.
 */
#ifndef WASMAOT_H
#define WASMAOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Handles ----------------------------------------------------------- */

typedef struct wasmaot_config wasmaot_config_t;
typedef struct wasmaot_engine wasmaot_engine_t;
typedef struct wasmaot_module wasmaot_module_t;
typedef struct wasmaot_store wasmaot_store_t;
typedef struct wasmaot_linker wasmaot_linker_t;
typedef struct wasmaot_instance wasmaot_instance_t; /* borrowed from a store */
typedef struct wasmaot_func wasmaot_func_t;         /* owned handle */
typedef struct wasmaot_memory wasmaot_memory_t;     /* borrowed from a store */
typedef struct wasmaot_table wasmaot_table_t;       /* borrowed from a store */
typedef struct wasmaot_global wasmaot_global_t;     /* borrowed from a store */
typedef struct wasmaot_caller wasmaot_caller_t;     /* valid during a call */
typedef struct wasmaot_trap wasmaot_trap_t;
typedef struct wasmaot_error wasmaot_error_t;
typedef struct wasmaot_wasi_config wasmaot_wasi_config_t;

/* ---- Values ------------------------------------------------------------ */

/* The WebAssembly binary type codes. */
typedef uint8_t wasmaot_valkind_t;
enum wasmaot_valkind_enum {
  WASMAOT_I32 = 0x7f,
  WASMAOT_I64 = 0x7e,
  WASMAOT_F32 = 0x7d,
  WASMAOT_F64 = 0x7c,
  WASMAOT_V128 = 0x7b,
  WASMAOT_FUNCREF = 0x70,
  WASMAOT_EXTERNREF = 0x6f,
};

/* One value. Floats keep their bits (NaN payloads included). `ref` is an
 * opaque host pointer for externref (NULL = ref.null extern) and an opaque
 * function reference for funcref (NULL = ref.null func). */
typedef struct wasmaot_val {
  wasmaot_valkind_t kind;
  union {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    uint8_t v128[16];
    void *ref;
  } of;
} wasmaot_val_t;

/* ---- Errors ------------------------------------------------------------ */

/* Kinds, as in the C++ ErrorKind. */
typedef enum wasmaot_error_kind {
  WASMAOT_ERROR_MALFORMED,
  WASMAOT_ERROR_INVALID,
  WASMAOT_ERROR_UNSUPPORTED,
  WASMAOT_ERROR_LIMIT,
  WASMAOT_ERROR_LINK,
  WASMAOT_ERROR_IO,
  WASMAOT_ERROR_INTERNAL,
} wasmaot_error_kind_t;

void wasmaot_error_delete(wasmaot_error_t *error);
/* The message (lower case, no final period); borrowed from error. */
const char *wasmaot_error_message(const wasmaot_error_t *error);
wasmaot_error_kind_t wasmaot_error_kind(const wasmaot_error_t *error);

/* ---- Traps ------------------------------------------------------------- */

/* Trap codes, one per row of wasmaot/abi/traps.def:
 * WASMAOT_TRAP_Unreachable, WASMAOT_TRAP_IntDivByZero, ...,
 * WASMAOT_TRAP_MemoryOutOfBounds, WASMAOT_TRAP_StackExhausted,
 * WASMAOT_TRAP_Interrupted (epoch deadline), WASMAOT_TRAP_HostTrap (a host
 * function trapped), WASMAOT_TRAP_Exit (WASI proc_exit). */
typedef enum wasmaot_trap_code {
#define WASM_TRAP(Name, Msg) WASMAOT_TRAP_##Name,
#include "wasmaot/abi/traps.def"
} wasmaot_trap_code_t;

/* A trap for a host function to return; the message is copied. */
wasmaot_trap_t *wasmaot_trap_new(const char *message);
void wasmaot_trap_delete(wasmaot_trap_t *trap);
wasmaot_trap_code_t wasmaot_trap_code(const wasmaot_trap_t *trap);
/* The spec's message for the code, or the host's; borrowed from trap. */
const char *wasmaot_trap_message(const wasmaot_trap_t *trap);
/* For WASMAOT_TRAP_Exit: stores the WASI exit status and returns true. */
bool wasmaot_trap_exit_status(const wasmaot_trap_t *trap, int32_t *status);
/* The wasm backtrace, innermost frame first. */
size_t wasmaot_trap_frame_count(const wasmaot_trap_t *trap);
/* Function index in the module's index space (imports first). */
uint32_t wasmaot_trap_frame_func_index(const wasmaot_trap_t *trap, size_t i);
/* From the name section; "" if unknown. Borrowed from trap. */
const char *wasmaot_trap_frame_func_name(const wasmaot_trap_t *trap, size_t i);
const char *wasmaot_trap_frame_module_name(const wasmaot_trap_t *trap,
                                           size_t i);
/* "wasm trap: MESSAGE" and one line per frame; borrowed from trap. */
const char *wasmaot_trap_format(const wasmaot_trap_t *trap);

/* ---- Engine and configuration ------------------------------------------ */

wasmaot_config_t *wasmaot_config_new(void);
void wasmaot_config_delete(wasmaot_config_t *config);
/* Stack wasm may use per host-to-wasm call (default 1 MiB). */
void wasmaot_config_wasm_stack_size(wasmaot_config_t *config, uint64_t bytes);
/* Address space reserved per linear memory (default 8 GiB + 64 KiB; guard-
 * page artifacts need at least 4 GiB + their guard). */
void wasmaot_config_memory_reservation(wasmaot_config_t *config,
                                       uint64_t bytes);
/* Caps on every memory (64 KiB pages) and table (elements): instantiation
 * fails, and memory.grow / table.grow return -1, beyond them. */
void wasmaot_config_max_memory_pages(wasmaot_config_t *config, uint64_t pages);
void wasmaot_config_max_table_elements(wasmaot_config_t *config,
                                       uint64_t elements);
/* Cap on the instances of one store (0: none). */
void wasmaot_config_max_instances_per_store(wasmaot_config_t *config,
                                            uint64_t instances);
/* Epoch deadline each new instance starts with, in ticks (0: none). */
void wasmaot_config_epoch_deadline(wasmaot_config_t *config, uint64_t ticks);
/* Map initial memory contents copy-on-write from a per-module image instead
 * of copying data segments at each instantiation (default: true). */
void wasmaot_config_copy_on_write_images(wasmaot_config_t *config,
                                         bool enable);
/* The pooling allocator: reserve `slots` memory slots when the engine is
 * created and reuse them across instances (0, the default: no pool). When
 * none is free, or a memory may grow beyond max_memory_bytes, instantiation
 * fails with a WASMAOT_ERROR_LIMIT error. */
void wasmaot_config_pooling(wasmaot_config_t *config, uint32_t slots,
                            uint64_t max_memory_bytes);

wasmaot_engine_t *wasmaot_engine_new(void);
/* Takes ownership of config (freed even on failure). */
wasmaot_engine_t *wasmaot_engine_new_with_config(wasmaot_config_t *config);
/* After every module and store made from it. */
void wasmaot_engine_delete(wasmaot_engine_t *engine);
/* Advances the epoch by one tick; safe from any thread (e.g. a timer).
 * Code compiled with epoch interruption (codegen's EpochInterruption
 * option) traps with WASMAOT_TRAP_Interrupted once an instance's deadline
 * has passed; other artifacts never check it. */
void wasmaot_engine_increment_epoch(wasmaot_engine_t *engine);

/* ---- Modules ----------------------------------------------------------- */

/* Loads the artifact at path; on success *out is owned by the caller. */
wasmaot_error_t *wasmaot_module_load_file(wasmaot_engine_t *engine,
                                          const char *path,
                                          wasmaot_module_t **out);
/* Loads an artifact from bytes in memory (copied). */
wasmaot_error_t *wasmaot_module_new(wasmaot_engine_t *engine,
                                    const uint8_t *bytes, size_t len,
                                    wasmaot_module_t **out);
/* Instances made from it keep what they need alive. */
void wasmaot_module_delete(wasmaot_module_t *module);

/* ---- Stores ------------------------------------------------------------ */

wasmaot_store_t *wasmaot_store_new(wasmaot_engine_t *engine);
/* Frees every instance, memory, table and global of the store, and the WASI
 * contexts created for it. */
void wasmaot_store_delete(wasmaot_store_t *store);

/* ---- Host functions and the linker ------------------------------------- */

/* A host function. args[nargs] hold the parameters, results[nresults] come
 * pre-set to zeros of the result kinds; write them. Return NULL, or a trap
 * from wasmaot_trap_new (ownership passes to the runtime) to trap. */
typedef wasmaot_trap_t *(*wasmaot_func_callback_t)(
    void *env, wasmaot_caller_t *caller, const wasmaot_val_t *args,
    size_t nargs, wasmaot_val_t *results, size_t nresults);
/* Called with env once nothing can call the function any more. */
typedef void (*wasmaot_finalizer_t)(void *env);

wasmaot_linker_t *wasmaot_linker_new(wasmaot_engine_t *engine);
/* Instances made through it stay valid; the linker may go first. */
void wasmaot_linker_delete(wasmaot_linker_t *linker);

/* Defines module.name as a host function of the given type. A later
 * definition of the same name replaces it. The type is checked against the
 * import at instantiation; a mismatch is a WASMAOT_ERROR_LINK error naming
 * the import. finalizer may be NULL; it runs exactly once, when neither
 * the linker nor any instance can call the function any more (at once if
 * this returns an error). */
wasmaot_error_t *wasmaot_linker_define_func(
    wasmaot_linker_t *linker, const char *module, const char *name,
    const wasmaot_valkind_t *params, size_t nparams,
    const wasmaot_valkind_t *results, size_t nresults,
    wasmaot_func_callback_t callback, void *env,
    wasmaot_finalizer_t finalizer);
/* Defines every export of instance under module_name (for linking one
 * module's imports to another's exports). */
wasmaot_error_t *wasmaot_linker_define_instance(wasmaot_linker_t *linker,
                                                const char *module_name,
                                                const wasmaot_instance_t *inst);

/* Resolves module's imports and instantiates it in store (running its start
 * function). On success *inst_out is set (borrowed from store). A link
 * failure is returned as an error; a trap during initialisation is stored
 * in *trap_out (caller-owned) and NULL is returned. */
wasmaot_error_t *wasmaot_linker_instantiate(const wasmaot_linker_t *linker,
                                            wasmaot_store_t *store,
                                            const wasmaot_module_t *module,
                                            wasmaot_instance_t **inst_out,
                                            wasmaot_trap_t **trap_out);

/* ---- What a host function sees of its caller --------------------------- */

/* The calling instance's memory export `name`, or its memory 0 if name is
 * NULL; NULL if there is none. Re-read data pointers after anything that
 * may grow it. */
wasmaot_memory_t *wasmaot_caller_memory(const wasmaot_caller_t *caller,
                                        const char *name);
/* The calling instance (NULL if the host called the function itself). */
wasmaot_instance_t *wasmaot_caller_instance(const wasmaot_caller_t *caller);

/* ---- WASI preview1 ----------------------------------------------------- */

/* A WASI configuration grants nothing until told: no args, env, stdio,
 * directories, clocks or randomness. */
wasmaot_wasi_config_t *wasmaot_wasi_config_new(void);
void wasmaot_wasi_config_delete(wasmaot_wasi_config_t *config);
/* Appends one argv entry (argv[0] included: the program name). */
void wasmaot_wasi_config_push_arg(wasmaot_wasi_config_t *config,
                                  const char *arg);
void wasmaot_wasi_config_push_env(wasmaot_wasi_config_t *config,
                                  const char *key, const char *value);
/* Grants the host directory host_path, seen by the guest as guest_path;
 * with read_only every write beneath it fails with EROFS. */
void wasmaot_wasi_config_preopen_dir(wasmaot_wasi_config_t *config,
                                     const char *host_path,
                                     const char *guest_path, bool read_only);
/* The host's stdin, stdout and stderr. */
void wasmaot_wasi_config_inherit_stdio(wasmaot_wasi_config_t *config);
/* Specific host fds for stdin/stdout/stderr (dup'ed; -1: none). */
void wasmaot_wasi_config_stdio_fds(wasmaot_wasi_config_t *config, int in_fd,
                                   int out_fd, int err_fd);
void wasmaot_wasi_config_allow_clocks(wasmaot_wasi_config_t *config,
                                      bool allow);
void wasmaot_wasi_config_allow_random(wasmaot_wasi_config_t *config,
                                      bool allow);

/* Creates a WASI context from config (not consumed; the directories are
 * opened now) owned by store, and defines all wasi_snapshot_preview1
 * functions on linker bound to it. Instantiate modules that use them only
 * in this store. An error of kind IO names a directory that cannot be
 * opened. */
wasmaot_error_t *wasmaot_linker_define_wasi(wasmaot_linker_t *linker,
                                            wasmaot_store_t *store,
                                            const wasmaot_wasi_config_t *config);
/* Runs a WASI command's _start: *exit_code is 0 when it returns, N when it
 * calls proc_exit(N). Any other trap goes to *trap_out. An error if the
 * instance exports no _start (nor _initialize). */
wasmaot_error_t *wasmaot_instance_run_wasi_start(wasmaot_instance_t *inst,
                                                 int32_t *exit_code,
                                                 wasmaot_trap_t **trap_out);

/* ---- Instances and exports --------------------------------------------- */

/* An exported function as a new handle (wasmaot_func_delete), or NULL. */
wasmaot_func_t *wasmaot_instance_get_func(const wasmaot_instance_t *inst,
                                          const char *name);
/* Exported memories, tables and globals (borrowed), or NULL. */
wasmaot_memory_t *wasmaot_instance_get_memory(const wasmaot_instance_t *inst,
                                              const char *name);
wasmaot_table_t *wasmaot_instance_get_table(const wasmaot_instance_t *inst,
                                            const char *name);
wasmaot_global_t *wasmaot_instance_get_global(const wasmaot_instance_t *inst,
                                              const char *name);
/* The number of exports, and the name of export i (borrowed). */
size_t wasmaot_instance_export_count(const wasmaot_instance_t *inst);
const char *wasmaot_instance_export_name(const wasmaot_instance_t *inst,
                                         size_t i);
/* Lets wasm run until the engine's epoch advances ticks more times. */
void wasmaot_instance_set_epoch_deadline(wasmaot_instance_t *inst,
                                         uint64_t ticks);

/* ---- Functions --------------------------------------------------------- */

void wasmaot_func_delete(wasmaot_func_t *func);
size_t wasmaot_func_param_count(const wasmaot_func_t *func);
size_t wasmaot_func_result_count(const wasmaot_func_t *func);
wasmaot_valkind_t wasmaot_func_param_kind(const wasmaot_func_t *func,
                                          size_t i);
wasmaot_valkind_t wasmaot_func_result_kind(const wasmaot_func_t *func,
                                           size_t i);
/* Calls func. args must match the parameter kinds and nresults the result
 * count (else an error, and nothing runs). A trap goes to *trap_out. */
wasmaot_error_t *wasmaot_func_call(const wasmaot_func_t *func,
                                   const wasmaot_val_t *args, size_t nargs,
                                   wasmaot_val_t *results, size_t nresults,
                                   wasmaot_trap_t **trap_out);

/* ---- Memories, tables, globals ----------------------------------------- */

uint8_t *wasmaot_memory_data(const wasmaot_memory_t *memory);
size_t wasmaot_memory_data_size(const wasmaot_memory_t *memory);
/* The size in 64 KiB pages. */
uint64_t wasmaot_memory_size(const wasmaot_memory_t *memory);
/* Grows by delta pages; false (and nothing changes) beyond its limits. */
bool wasmaot_memory_grow(wasmaot_memory_t *memory, uint64_t delta,
                         uint64_t *old_pages);

uint64_t wasmaot_table_size(const wasmaot_table_t *table);
/* False if index is out of bounds. */
bool wasmaot_table_get(const wasmaot_table_t *table, uint64_t index,
                       wasmaot_val_t *out);
/* False if out of bounds or val has the wrong kind. */
bool wasmaot_table_set(wasmaot_table_t *table, uint64_t index,
                       const wasmaot_val_t *val);
bool wasmaot_table_grow(wasmaot_table_t *table, uint64_t delta,
                        const wasmaot_val_t *init, uint64_t *old_size);

wasmaot_valkind_t wasmaot_global_kind(const wasmaot_global_t *global);
bool wasmaot_global_mutable(const wasmaot_global_t *global);
void wasmaot_global_get(const wasmaot_global_t *global, wasmaot_val_t *out);
/* An error if the global is immutable or val has another kind. */
wasmaot_error_t *wasmaot_global_set(wasmaot_global_t *global,
                                    const wasmaot_val_t *val);

/* ---- Version ----------------------------------------------------------- */

/* The artifact format version this runtime loads. */
uint32_t wasmaot_artifact_format_version(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WASMAOT_H */
