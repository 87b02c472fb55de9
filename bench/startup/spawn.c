// Wall time of process start-up, measured from C: posix_spawn, waitpid,
// CLOCK_MONOTONIC around both, the commands alternating so that load hits
// them alike; stdout and stderr go to /dev/null. Prints the median and p99
// of each command and each median's ratio to the first command's. Less
// overhead per run than Python's subprocess (which bench/startup.sh also
// reports), so the ratio shows the difference between the commands alone.
//
//   spawn RUNS CMD1 [ARGS...] ';' CMD2 [ARGS...] [';' ...]
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now(void) {
  struct timespec T;
  clock_gettime(CLOCK_MONOTONIC, &T);
  return T.tv_sec + T.tv_nsec * 1e-9;
}

static int cmp(const void *A, const void *B) {
  double X = *(const double *)A, Y = *(const double *)B;
  return X < Y ? -1 : X > Y;
}

int main(int Argc, char **Argv) {
  if (Argc < 3) {
    fprintf(stderr, "usage: spawn RUNS CMD [ARGS...] [';' CMD ...]\n");
    return 2;
  }
  int Runs = atoi(Argv[1]);
  char **Cmds[16];
  int N = 0;
  Cmds[N++] = Argv + 2;
  for (int I = 2; I < Argc && N < 16; ++I)
    if (strcmp(Argv[I], ";") == 0) {
      Argv[I] = NULL;
      Cmds[N++] = Argv + I + 1;
    }
  if (Runs < 1)
    return 2;
  double *T = malloc(sizeof(double) * (size_t)Runs * (size_t)N);
  posix_spawn_file_actions_t FA;
  posix_spawn_file_actions_init(&FA);
  posix_spawn_file_actions_addopen(&FA, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&FA, 2, "/dev/null", O_WRONLY, 0);
  for (int R = 0; R < Runs; ++R)
    for (int K = 0; K < N; ++K) {
      pid_t P;
      int St;
      double S = now();
      if (posix_spawn(&P, Cmds[K][0], &FA, NULL, Cmds[K], environ) != 0 ||
          waitpid(P, &St, 0) < 0 || !WIFEXITED(St) || WEXITSTATUS(St) != 0) {
        fprintf(stderr, "spawn: %s failed\n", Cmds[K][0]);
        return 1;
      }
      T[K * Runs + R] = now() - S;
    }
  double First = 0;
  for (int K = 0; K < N; ++K) {
    double *X = T + K * Runs;
    qsort(X, (size_t)Runs, sizeof(double), cmp);
    double Med = X[Runs / 2], P99 = X[Runs * 99 / 100 < Runs ? Runs * 99 / 100 : Runs - 1];
    if (K == 0)
      First = Med;
    printf("%-28s %8.3fms %8.3fms  %.2fx\n", Cmds[K][0], Med * 1e3, P99 * 1e3,
           Med / First);
  }
  return 0;
}
