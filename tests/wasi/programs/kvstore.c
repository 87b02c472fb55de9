/* A small persistent key-value store: an append-only log in DIR/kv.log,
 * compacted into a fresh file that atomically replaces it (rename) when it
 * grows. Each run applies the commands given as arguments and prints the
 * answers: put K V | get K | del K | list | compact.
 *   kvstore DIR CMD... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXK 256
static char *keys[MAXK], *vals[MAXK];
static int nkeys;

static int find(const char *k) {
  for (int i = 0; i < nkeys; ++i)
    if (!strcmp(keys[i], k)) return i;
  return -1;
}
static void set(const char *k, const char *v) {
  int i = find(k);
  if (i < 0) {
    if (!v) return;
    i = nkeys++;
    keys[i] = strdup(k);
    vals[i] = NULL;
  }
  free(vals[i]);
  if (v) {
    vals[i] = strdup(v);
  } else {
    free(keys[i]);
    keys[i] = keys[--nkeys];
    vals[i] = vals[nkeys];
  }
}
static void load(const char *log) {
  FILE *f = fopen(log, "r");
  if (!f) return;
  char line[1024];
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    char *k = line + 2, *sp = strchr(k, ' ');
    if (line[0] == 'P' && sp) { *sp = 0; set(k, sp + 1); }
    else if (line[0] == 'D') set(k, NULL);
  }
  fclose(f);
}
static int cmpk(const void *a, const void *b) {
  return strcmp(keys[*(const int *)a], keys[*(const int *)b]);
}
static void compact(const char *dir, const char *log) {
  char tmp[512];
  snprintf(tmp, sizeof tmp, "%s/kv.log.tmp", dir);
  FILE *f = fopen(tmp, "w");
  for (int i = 0; i < nkeys; ++i) fprintf(f, "P %s %s\n", keys[i], vals[i]);
  fclose(f);
  if (rename(tmp, log) != 0) perror("rename");
}

int main(int argc, char **argv) {
  if (argc < 2) return fprintf(stderr, "usage: kvstore DIR CMD...\n"), 2;
  char log[512];
  snprintf(log, sizeof log, "%s/kv.log", argv[1]);
  load(log);
  FILE *out = fopen(log, "a");
  if (!out) return perror(log), 1;
  for (int i = 2; i < argc; ++i) {
    if (!strcmp(argv[i], "put") && i + 2 < argc) {
      set(argv[i + 1], argv[i + 2]);
      fprintf(out, "P %s %s\n", argv[i + 1], argv[i + 2]);
      i += 2;
    } else if (!strcmp(argv[i], "get") && i + 1 < argc) {
      int k = find(argv[++i]);
      printf("%s = %s\n", argv[i], k < 0 ? "(none)" : vals[k]);
    } else if (!strcmp(argv[i], "del") && i + 1 < argc) {
      set(argv[++i], NULL);
      fprintf(out, "D %s\n", argv[i]);
    } else if (!strcmp(argv[i], "list")) {
      int idx[MAXK];
      for (int j = 0; j < nkeys; ++j) idx[j] = j;
      qsort(idx, nkeys, sizeof *idx, cmpk);
      for (int j = 0; j < nkeys; ++j) printf("%s=%s\n", keys[idx[j]], vals[idx[j]]);
    } else if (!strcmp(argv[i], "compact")) {
      fflush(out);
      compact(argv[1], log);
      fclose(out);
      out = fopen(log, "a");
    } else {
      fprintf(stderr, "bad command %s\n", argv[i]);
      return 2;
    }
  }
  fclose(out);
  return 0;
}
