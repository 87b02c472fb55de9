// A WASI 0.2 command for tests/e2e/wasi_p2_tests.cmake: built with
// wasi-libc (preview1) and wrapped by `jco new --wasi-command`, so every
// libc call goes through the preview1 adapter to wasi:cli, wasi:io,
// wasi:clocks, wasi:random and wasi:filesystem. argv[1] picks the test.
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int sorted_cmp(const void *A, const void *B) {
  return strcmp(*(char *const *)A, *(char *const *)B);
}

int main(int argc, char **argv) {
  const char *Mode = argc > 1 ? argv[1] : "hello";
  if (!strcmp(Mode, "hello")) {
    printf("hello from a component\n");
    fprintf(stderr, "and to stderr\n");
    return 0;
  }
  if (!strcmp(Mode, "args")) {
    printf("argc=%d", argc);
    for (int I = 2; I < argc; ++I)
      printf(" [%s]", argv[I]);
    printf("\n");
    return 0;
  }
  if (!strcmp(Mode, "env")) {
    const char *V = getenv("GREETING");
    printf("GREETING=%s\n", V ? V : "(unset)");
    int N = 0;
    for (char **E = environ; E && *E; ++E)
      ++N;
    printf("count=%d\n", N);
    return 0;
  }
  if (!strcmp(Mode, "exit"))
    exit(argc > 2 ? atoi(argv[2]) : 0);
  if (!strcmp(Mode, "fail")) {
    fprintf(stderr, "failing\n");
    return 1;
  }
  if (!strcmp(Mode, "write") && argc > 3) { // write PATH TEXT, read back
    FILE *F = fopen(argv[2], "w");
    if (!F) {
      fprintf(stderr, "fopen %s: %s\n", argv[2], strerror(errno));
      return 7;
    }
    fputs(argv[3], F);
    fclose(F);
    F = fopen(argv[2], "a");
    fputs("+", F);
    fclose(F);
    char Buf[256] = {0};
    F = fopen(argv[2], "r");
    size_t N = fread(Buf, 1, sizeof(Buf) - 1, F);
    fclose(F);
    struct stat St;
    stat(argv[2], &St);
    printf("read back: %.*s (size %lld)\n", (int)N, Buf, (long long)St.st_size);
    return 0;
  }
  if (!strcmp(Mode, "cat") && argc > 2) {
    FILE *F = fopen(argv[2], "r");
    if (!F) {
      fprintf(stderr, "fopen %s: %s\n", argv[2], strerror(errno));
      return 7;
    }
    char Buf[4096];
    size_t N;
    while ((N = fread(Buf, 1, sizeof(Buf), F)) > 0)
      fwrite(Buf, 1, N, stdout);
    fclose(F);
    return 0;
  }
  if (!strcmp(Mode, "dirs") && argc > 2) { // mkdir, rename, ls, unlink, rmdir
    char P[512], Q[512];
    snprintf(P, sizeof P, "%s/sub", argv[2]);
    if (mkdir(P, 0755)) {
      fprintf(stderr, "mkdir: %s\n", strerror(errno));
      return 7;
    }
    snprintf(P, sizeof P, "%s/sub/a.txt", argv[2]);
    FILE *F = fopen(P, "w");
    fputs("a", F);
    fclose(F);
    snprintf(Q, sizeof Q, "%s/sub/b.txt", argv[2]);
    if (rename(P, Q)) {
      fprintf(stderr, "rename: %s\n", strerror(errno));
      return 7;
    }
    snprintf(P, sizeof P, "%s/sub/c", argv[2]);
    mkdir(P, 0755);
    snprintf(P, sizeof P, "%s/sub", argv[2]);
    DIR *D = opendir(P);
    char *Names[16];
    int N = 0;
    struct dirent *E;
    while ((E = readdir(D)) && N < 16)
      if (strcmp(E->d_name, ".") && strcmp(E->d_name, ".."))
        Names[N++] = strdup(E->d_name);
    closedir(D);
    qsort(Names, N, sizeof(char *), sorted_cmp);
    printf("ls:");
    for (int I = 0; I < N; ++I)
      printf(" %s", Names[I]);
    printf("\n");
    snprintf(P, sizeof P, "%s/sub", argv[2]);
    printf("rmdir non-empty: %s\n", rmdir(P) ? strerror(errno) : "ok?");
    snprintf(P, sizeof P, "%s/sub/c", argv[2]);
    rmdir(P);
    unlink(Q);
    snprintf(P, sizeof P, "%s/sub", argv[2]);
    printf("rmdir: %s\n", rmdir(P) ? strerror(errno) : "ok");
    return 0;
  }
  if (!strcmp(Mode, "clocks")) {
    struct timespec W, M0, M1;
    if (clock_gettime(CLOCK_REALTIME, &W) ||
        clock_gettime(CLOCK_MONOTONIC, &M0))
      return 7;
    struct timespec Sleep = {0, 20 * 1000 * 1000};
    nanosleep(&Sleep, 0);
    clock_gettime(CLOCK_MONOTONIC, &M1);
    int64_t Ns = (int64_t)(M1.tv_sec - M0.tv_sec) * 1000000000 +
                 (M1.tv_nsec - M0.tv_nsec);
    printf("wall after 2020: %s\n", W.tv_sec > 1577836800 ? "yes" : "no");
    printf("slept >= 20ms: %s\n", Ns >= 20000000 ? "yes" : "no");
    return 0;
  }
  if (!strcmp(Mode, "random")) {
    unsigned char A[32], B[32];
    if (getentropy(A, sizeof A) || getentropy(B, sizeof B))
      return 7;
    int Zero = 1;
    for (int I = 0; I < 32; ++I)
      Zero &= A[I] == 0;
    printf("random differ: %s\n", memcmp(A, B, 32) && !Zero ? "yes" : "no");
    return 0;
  }
  if (!strcmp(Mode, "stdin")) {
    char Buf[256];
    size_t N = fread(Buf, 1, sizeof Buf, stdin);
    printf("stdin: %zu bytes: %.*s\n", N, (int)N, Buf);
    return 0;
  }
  fprintf(stderr, "unknown mode %s\n", Mode);
  return 2;
}
