/* A minimal WASI preview1 host for benchmark programs translated by wabt's
 * wasm2c (Debian wabt 1.0.32 naming: Z_<module>..., module name "prog").
 * Only the five calls the benchmark programs import are provided:
 * fd_write (stdout/stderr), fd_fdstat_get, fd_seek, fd_close and
 * proc_exit. Anything else is a link error, which is the point: a program
 * that needs more WASI does not belong in the benchmark set.
 *
 * Build (bench/run.sh does this):
 *   wasm2c -n prog P.wasm -o prog.c
 *   clang-19 -O2 -I/usr/share/wabt/wasm2c prog.c wasi_shim.c \
 *       /usr/share/wabt/wasm2c/wasm-rt-impl.c -lm
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "prog.h"
#include "wasm-rt-impl.h"

struct Z_wasi_snapshot_preview1_instance_t {
  wasm_rt_memory_t *mem;
};

enum { ERRNO_SUCCESS = 0, ERRNO_BADF = 8, ERRNO_FAULT = 21, ERRNO_SPIPE = 70 };

static int in_bounds(wasm_rt_memory_t *m, u64 addr, u64 len) {
  return addr + len <= m->size;
}

static u32 load32(wasm_rt_memory_t *m, u32 addr) {
  u32 v;
  memcpy(&v, m->data + addr, 4);
  return v;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd,
                                       u32 iovs, u32 iovs_len, u32 nwritten) {
  wasm_rt_memory_t *m = w->mem;
  if (fd != 1 && fd != 2) return ERRNO_BADF;
  if (!in_bounds(m, iovs, (u64)iovs_len * 8) || !in_bounds(m, nwritten, 4)) return ERRNO_FAULT;
  u32 total = 0;
  for (u32 i = 0; i < iovs_len; ++i) {
    u32 buf = load32(m, iovs + 8 * i), len = load32(m, iovs + 8 * i + 4);
    if (!in_bounds(m, buf, len)) return ERRNO_FAULT;
    for (u32 done = 0; done < len;) {
      ssize_t n = write((int)fd, m->data + buf + done, len - done);
      if (n <= 0) return ERRNO_BADF;
      done += (u32)n;
    }
    total += len;
  }
  memcpy(m->data + nwritten, &total, 4);
  return ERRNO_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(struct Z_wasi_snapshot_preview1_instance_t *w,
                                            u32 fd, u32 out) {
  wasm_rt_memory_t *m = w->mem;
  if (fd > 2) return ERRNO_BADF;
  if (!in_bounds(m, out, 24)) return ERRNO_FAULT;
  /* fdstat: u8 filetype, u16 flags, u64 rights_base, u64 rights_inheriting.
   * A character device with all rights: libc then treats stdout as a tty
   * or a pipe alike, which only changes its buffering. */
  memset(m->data + out, 0, 24);
  m->data[out] = 2; /* FILETYPE_CHARACTER_DEVICE */
  memset(m->data + out + 8, 0xff, 16);
  return ERRNO_SUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd,
                                      u64 offset, u32 whence, u32 out) {
  (void)w; (void)fd; (void)offset; (void)whence; (void)out;
  return ERRNO_SPIPE;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(struct Z_wasi_snapshot_preview1_instance_t *w, u32 fd) {
  (void)w; (void)fd;
  return ERRNO_SUCCESS;
}

void Z_wasi_snapshot_preview1Z_proc_exit(struct Z_wasi_snapshot_preview1_instance_t *w, u32 code) {
  (void)w;
  exit((int)code);
}

int main(void) {
  wasm_rt_init();
  Z_prog_init_module();
  static Z_prog_instance_t inst;
  static struct Z_wasi_snapshot_preview1_instance_t wasi;
  Z_prog_instantiate(&inst, &wasi);
  wasi.mem = Z_progZ_memory(&inst);
  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap != WASM_RT_TRAP_NONE) {
    fprintf(stderr, "wasm2c: trap: %s\n", wasm_rt_strerror(trap));
    return 3;
  }
  Z_progZ__start(&inst);
  Z_prog_free(&inst);
  wasm_rt_free();
  return 0;
}
