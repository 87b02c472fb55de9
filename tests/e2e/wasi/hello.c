/* WASI guest for the `wasmaot run` tests: prints its arguments and an
 * environment variable, writes and reads back a file in the /data preopen,
 * tries to escape the sandbox, and exits 42 when given two or more
 * arguments. Built at test time with clang-19 --target=wasm32-wasi. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
int main(int argc, char **argv) {
  printf("argc=%d", argc);
  for (int i = 1; i < argc; ++i) printf(" [%s]", argv[i]);
  printf("\nMODE=%s\n", getenv("MODE") ? getenv("MODE") : "(unset)");
  FILE *f = fopen("/data/out.txt", "w");
  if (!f) { perror("fopen"); return 7; }
  fprintf(f, "hello file\n"); fclose(f);
  f = fopen("/data/out.txt", "r"); char buf[64] = {0}; fgets(buf, sizeof buf, f); fclose(f);
  printf("read back: %s", buf);
  FILE *g = fopen("/etc/passwd", "r"); printf("escape: %s\n", g ? "OPENED" : "refused");
  return argc > 2 ? 42 : 0;
}
