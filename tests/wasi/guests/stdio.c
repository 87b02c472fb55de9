// stdio: args, environment, stdin → stdout (upper-cased), a line on stderr,
// libc clocks and random, and the exit status given as argv[1].
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int main(int Argc, char **Argv) {
  printf("argc %d\n", Argc);
  for (int I = 0; I < Argc; ++I)
    printf("argv[%d] %s\n", I, Argv[I]);
  for (char **E = environ; *E; ++E)
    printf("env %s\n", *E);
  const char *Mode = getenv("MODE");
  printf("MODE %s\n", Mode ? Mode : "(unset)");
  int C;
  while ((C = getchar()) != EOF)
    putchar(toupper(C));
  fprintf(stderr, "to stderr\n");
  if (Argc > 2 && !strcmp(Argv[2], "time")) {
    struct timespec A, B, R;
    int Ok = clock_gettime(CLOCK_MONOTONIC, &A) == 0;
    struct timespec Nap = {0, 30 * 1000 * 1000};
    Ok &= nanosleep(&Nap, NULL) == 0;
    Ok &= clock_gettime(CLOCK_MONOTONIC, &B) == 0;
    long long Ns = (B.tv_sec - A.tv_sec) * 1000000000ll + (B.tv_nsec - A.tv_nsec);
    printf("slept >= 30ms %d\n", Ok && Ns >= 30000000);
    printf("realtime after 2020 %d\n", time(NULL) > 1577836800);
    printf("res %d\n", clock_getres(CLOCK_REALTIME, &R) == 0 && R.tv_nsec > 0);
    printf("cputime %d\n", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &A) == 0);
    unsigned char X[16] = {0}, Y[16] = {0};
    printf("getentropy %d\n", getentropy(X, 16) == 0 && getentropy(Y, 16) == 0 &&
                                  memcmp(X, Y, 16) != 0);
  }
  fflush(stdout);
  return Argc > 1 ? atoi(Argv[1]) : 0;
}
