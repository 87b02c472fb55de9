/* Instantiation cost through the public C API, as a host sees it: for one
 * loaded artifact, N times { store_new, linker_instantiate, optionally call
 * an export, store_delete }. Prints the median of 5 rounds in microseconds
 * per instance.
 *
 *   cc bench/embed/instantiate.c $(pkg-config --cflags --libs wasmaot) \
 *      -o instantiate && [WASMAOT_POOL=16] ./instantiate ARTIFACT.so [EXPORT] [N]
 *
 * EXPORT (default: none) must take no parameters and return nothing or one
 * value; the artifact may import nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "wasmaot/wasmaot.h"

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* One round: n fresh stores, each with one instance (and one call). */
static double round_fresh(wasmaot_engine_t *e, wasmaot_linker_t *l,
                          wasmaot_module_t *m, const char *export_name,
                          int n) {
  double t0 = now_us();
  for (int i = 0; i < n; ++i) {
    wasmaot_store_t *s = wasmaot_store_new(e);
    wasmaot_instance_t *inst;
    wasmaot_trap_t *trap;
    wasmaot_error_t *err = wasmaot_linker_instantiate(l, s, m, &inst, &trap);
    if (err || trap) {
      fprintf(stderr, "instantiate: %s\n",
              err ? wasmaot_error_message(err) : wasmaot_trap_message(trap));
      exit(1);
    }
    if (export_name) {
      wasmaot_func_t *f = wasmaot_instance_get_func(inst, export_name);
      wasmaot_val_t r[1];
      if (!f || wasmaot_func_call(f, NULL, 0, r,
                                  wasmaot_func_result_count(f), &trap) ||
          trap) {
        fprintf(stderr, "calling %s failed\n", export_name);
        exit(1);
      }
      wasmaot_func_delete(f);
    }
    wasmaot_store_delete(s);
  }
  return (now_us() - t0) / n;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: instantiate ARTIFACT.so [EXPORT] [N]\n");
    return 2;
  }
  const char *export_name = argc > 2 && argv[2][0] ? argv[2] : NULL;
  int n = argc > 3 ? atoi(argv[3]) : 2000;
  /* WASMAOT_POOL=N: the pooling allocator with N slots. */
  wasmaot_config_t *config = wasmaot_config_new();
  const char *pool = getenv("WASMAOT_POOL");
  if (pool && atoi(pool) > 0)
    wasmaot_config_pooling(config, (uint32_t)atoi(pool), 4ull << 30);
  wasmaot_engine_t *e = wasmaot_engine_new_with_config(config);
  wasmaot_module_t *m;
  wasmaot_error_t *err = wasmaot_module_load_file(e, argv[1], &m);
  if (err) {
    fprintf(stderr, "%s: %s\n", argv[1], wasmaot_error_message(err));
    return 1;
  }
  wasmaot_linker_t *l = wasmaot_linker_new(e);
  double rounds[5];
  round_fresh(e, l, m, export_name, n / 10 + 1); /* warm up */
  for (int r = 0; r < 5; ++r)
    rounds[r] = round_fresh(e, l, m, export_name, n);
  qsort(rounds, 5, sizeof rounds[0], cmp);
  printf("%s: %.2f us per store+instantiate%s+delete (median of 5 x %d)\n",
         argv[1], rounds[2], export_name ? "+call" : "", n);
  wasmaot_linker_delete(l);
  wasmaot_module_delete(m);
  wasmaot_engine_delete(e);
  return 0;
}
