// WASI preview1 behaviours checked by the public wasi-testsuite's C and
// AssemblyScript tests, rewritten as one wasi-libc guest: argv[1] names the
// case. Each C case uses libc as those tests do (fopen, lseek, pread,
// fdopendir, clock_gettime, shutdown); the AssemblyScript ones call the raw
// preview1 functions (args, environ, fd_write, proc_exit, random_get).
//
// A failed check prints it and exits 1; a case that passes exits 0 unless
// it is about exit codes. Paths: the cases under "root" expect the test
// directory preopened as "/" (wasmaot run --dir fs-tests.dir::/), the rest
// expect it preopened as "fs-tests.dir".
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "%s:%d: check failed: %s (errno %d)\n", __FILE__,        \
              __LINE__, #c, errno);                                            \
      exit(1);                                                                 \
    }                                                                          \
  } while (0)

static int clockRes(clockid_t Id) {
  struct timespec Ts;
  CHECK(clock_getres(Id, &Ts) == 0);
  CHECK(Ts.tv_sec == 0 && Ts.tv_nsec > 0);
  return 0;
}

static int clockTime(clockid_t Id) {
  struct timespec A, B;
  CHECK(clock_gettime(Id, &A) == 0);
  CHECK(clock_gettime(Id, &B) == 0);
  if (Id == CLOCK_MONOTONIC)
    CHECK(B.tv_sec > A.tv_sec ||
          (B.tv_sec == A.tv_sec && B.tv_nsec >= A.tv_nsec));
  else
    CHECK(A.tv_sec > 1600000000);
  return 0;
}

// fs-tests.dir holds: file ("file\n"? any), lseek.txt ("01234567"),
// pread.txt ("0123456789"), fopendir.dir/{file-0,file-1}.
static int fdopendirCase(const char *Dir) {
  int Dfd = open(Dir, O_RDONLY | O_DIRECTORY);
  CHECK(Dfd != -1);
  DIR *D = fdopendir(Dfd);
  CHECK(D != NULL);
  int Seen[2] = {0, 0};
  ino_t Ino[2] = {0, 0};
  struct dirent *E;
  while ((E = readdir(D)) != NULL) {
    if (E->d_name[0] == '.')
      continue;
    int K = strcmp(E->d_name, "file-0") == 0   ? 0
            : strcmp(E->d_name, "file-1") == 0 ? 1
                                               : -1;
    CHECK(K >= 0);
    Seen[K] = 1;
    Ino[K] = E->d_ino;
    struct stat St;
    CHECK(fstatat(Dfd, E->d_name, &St, AT_SYMLINK_NOFOLLOW) == 0);
    CHECK(St.st_ino == E->d_ino);
    CHECK(E->d_type == DT_REG);
  }
  closedir(D);
  CHECK(Seen[0] && Seen[1] && Ino[0] != Ino[1]);
  return 0;
}

static int lseekCase(const char *Path) {
  FILE *F = fopen(Path, "r");
  CHECK(F != NULL);
  int Fd = fileno(F);
  char Buf[4];
  CHECK(fread(Buf, 1, 4, F) == 4);
  fflush(F);
  CHECK(lseek(Fd, 0, SEEK_CUR) == 4);
  CHECK(fread(Buf, 1, 1, F) == 1);
  fflush(F);
  CHECK(lseek(Fd, 0, SEEK_CUR) == 5);
  CHECK(Buf[0] == '4');
  CHECK(lseek(Fd, 0, SEEK_SET) == 0);
  CHECK(lseek(Fd, 0, SEEK_END) == 8);
  CHECK(lseek(Fd, -1, SEEK_SET) == -1 && errno == EINVAL);
  CHECK(lseek(Fd, 100, SEEK_SET) == 100);
  fclose(F);
  CHECK(lseek(1, 0, SEEK_CUR) == -1 && errno == ESPIPE);
  return 0;
}

static int preadCase(const char *Path) {
  int Fd = open(Path, O_RDONLY);
  CHECK(Fd != -1);
  char Buf[4] = {0};
  CHECK(pread(Fd, Buf, 2, 3) == 2);
  CHECK(memcmp(Buf, "34", 2) == 0);
  CHECK(lseek(Fd, 0, SEEK_CUR) == 0);
  CHECK(pread(Fd, Buf, 4, 100) == 0);
  CHECK(write(Fd, Buf, 1) == -1 && errno == EBADF);
  close(Fd);
  return 0;
}

static int pwriteCase(const char *Path) {
  int Fd = open(Path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  CHECK(Fd != -1);
  CHECK(pwrite(Fd, "abc", 3, 5) == 3);
  CHECK(lseek(Fd, 0, SEEK_CUR) == 0);
  CHECK(lseek(Fd, 0, SEEK_END) == 8);
  char Buf[8];
  CHECK(pread(Fd, Buf, 8, 0) == 8);
  CHECK(memcmp(Buf, "\0\0\0\0\0abc", 8) == 0);
  close(Fd);
  CHECK(unlink(Path) == 0);
  return 0;
}

static int pwriteAppendCase(const char *Path) {
  int Fd = open(Path, O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
  CHECK(Fd != -1);
  char Buf[4] = {0};
  CHECK(write(Fd, Buf, 2) == 2);
  CHECK(lseek(Fd, 0, SEEK_SET) == 0);
  CHECK(write(Fd, Buf, 2) == 2);
  CHECK(lseek(Fd, 0, SEEK_CUR) == 4);
  CHECK(pwrite(Fd, Buf, 3, 0) == 3);
  CHECK(lseek(Fd, 0, SEEK_CUR) == 4);
  off_t End = lseek(Fd, 0, SEEK_END);
  CHECK(End == 4 || End == 7);
  close(Fd);
  CHECK(unlink(Path) == 0);
  return 0;
}

// The newer pwrite-with-access: a file created write-only (no mode given,
// as there) under writeable/, rewritten in the middle, read back.
static int pwriteRoot(void) {
  const char *Path = "writeable/test_pwrite_pread.txt.cleanup";
  CHECK(access(Path, F_OK) != 0 && errno == ENOENT);
  int Fd = open(Path, O_WRONLY | O_CREAT);
  CHECK(Fd > 0);
  CHECK(pwrite(Fd, "very long text", 14, 0) == 14);
  CHECK(pwrite(Fd, "test", 4, 3) == 4);
  CHECK(close(Fd) == 0);
  Fd = open(Path, O_RDONLY);
  CHECK(Fd > 0);
  char Buf[16] = {0};
  CHECK(read(Fd, Buf, sizeof Buf) == 14);
  CHECK(strncmp(Buf, "vertestng text", 14) == 0);
  CHECK(close(Fd) == 0);
  CHECK(remove(Path) == 0);
  CHECK(access(Path, F_OK) != 0);
  return 0;
}

static int statDevIno(const char *A, const char *B) {
  int Fa = open(A, O_RDONLY), Fb = open(B, O_RDONLY);
  CHECK(Fa != -1 && Fb != -1);
  struct stat Sa, Sb, Sp;
  CHECK(fstat(Fa, &Sa) == 0 && fstat(Fb, &Sb) == 0);
  CHECK(Sa.st_dev == Sb.st_dev && Sa.st_ino != Sb.st_ino);
  CHECK(stat(A, &Sp) == 0 && Sp.st_ino == Sa.st_ino && Sp.st_dev == Sa.st_dev);
  return 0;
}

// ---- AssemblyScript-style raw calls.

static int argsCase(int Argc, char **Argv) {
  __wasi_size_t N = 0, Size = 0;
  CHECK(__wasi_args_sizes_get(&N, &Size) == 0);
  CHECK((int)N == Argc);
  size_t Want = 0;
  for (int I = 0; I < Argc; ++I)
    Want += strlen(Argv[I]) + 1;
  CHECK(Size == Want);
  char **V = calloc(N, sizeof(char *));
  char *B = malloc(Size);
  CHECK(__wasi_args_get((uint8_t **)V, (uint8_t *)B) == 0);
  for (int I = 0; I < Argc; ++I)
    CHECK(strcmp(V[I], Argv[I]) == 0);
  // The testsuite's args cases print what they got.
  for (__wasi_size_t I = 2; I < N; ++I)
    printf("%s%s", I > 2 ? " " : "", V[I]);
  printf("\n");
  return 0;
}

static int environCase(void) {
  __wasi_size_t N = 0, Size = 0;
  CHECK(__wasi_environ_sizes_get(&N, &Size) == 0);
  char **V = calloc(N + 1, sizeof(char *));
  char *B = malloc(Size + 1);
  CHECK(__wasi_environ_get((uint8_t **)V, (uint8_t *)B) == 0);
  size_t Sum = 0;
  for (__wasi_size_t I = 0; I < N; ++I) {
    Sum += strlen(V[I]) + 1;
    printf("%s\n", V[I]);
  }
  CHECK(Sum == Size);
  return 0;
}

static int fdWriteInvalid(void) {
  __wasi_ciovec_t Iov = {(const uint8_t *)"x", 1};
  __wasi_size_t N = 0;
  CHECK(__wasi_fd_write(99, &Iov, 1, &N) == __WASI_ERRNO_BADF);
  CHECK(__wasi_fd_write(0xffffffffu, &Iov, 1, &N) == __WASI_ERRNO_BADF);
  return 0;
}

static int fdWriteStdout(void) {
  __wasi_ciovec_t Iov[2] = {{(const uint8_t *)"Hello, ", 7},
                            {(const uint8_t *)"World!\n", 7}};
  __wasi_size_t N = 0;
  CHECK(__wasi_fd_write(1, Iov, 2, &N) == 0 && N == 14);
  return 0;
}

static int randomCase(void) {
  uint8_t B[64] = {0};
  CHECK(__wasi_random_get(B, 0) == 0);
  CHECK(__wasi_random_get(B, sizeof B) == 0);
  int Any = 0;
  for (size_t I = 0; I < sizeof B; ++I)
    Any |= B[I];
  CHECK(Any);
  return 0;
}

int main(int Argc, char **Argv) {
  const char *C = Argc > 1 ? Argv[1] : "";
  if (!strcmp(C, "clock_getres-monotonic")) return clockRes(CLOCK_MONOTONIC);
  if (!strcmp(C, "clock_getres-realtime")) return clockRes(CLOCK_REALTIME);
  if (!strcmp(C, "clock_gettime-monotonic")) return clockTime(CLOCK_MONOTONIC);
  if (!strcmp(C, "clock_gettime-realtime")) return clockTime(CLOCK_REALTIME);
  if (!strcmp(C, "fdopendir-with-access")) return fdopendirCase("fs-tests.dir/fopendir.dir");
  if (!strcmp(C, "fdopendir-root")) return fdopendirCase("fopendir.dir");
  if (!strcmp(C, "fopen-with-access")) {
    FILE *F = fopen("file", "r");
    CHECK(F != NULL);
    CHECK(fclose(F) == 0);
    return 0;
  }
  if (!strcmp(C, "fopen-with-no-access")) {
    CHECK(fopen("fs-tests.dir/file", "r") == NULL);
    return 0;
  }
  if (!strcmp(C, "lseek")) return lseekCase("fs-tests.dir/lseek.txt");
  if (!strcmp(C, "lseek-root")) return lseekCase("lseek.txt");
  if (!strcmp(C, "pread-with-access")) return preadCase("fs-tests.dir/pread.txt");
  if (!strcmp(C, "pwrite-with-access")) return pwriteCase("fs-tests.dir/pwrite.cleanup");
  if (!strcmp(C, "pwrite-root")) return pwriteRoot();
  if (!strcmp(C, "pwrite-with-append")) return pwriteAppendCase("pwrite.cleanup");
  if (!strcmp(C, "sock_shutdown-invalid_fd")) {
    CHECK(shutdown(99, SHUT_RD) != 0 && errno == EBADF);
    return 0;
  }
  if (!strcmp(C, "sock_shutdown-not_sock")) {
    CHECK(shutdown(STDOUT_FILENO, SHUT_RD) != 0 && errno == ENOTSOCK);
    return 0;
  }
  if (!strcmp(C, "stat-dev-ino")) return statDevIno("file", "lseek.txt");
  if (!strcmp(C, "args_get-multiple-arguments") ||
      !strcmp(C, "args_sizes_get-multiple-arguments") ||
      !strcmp(C, "args_sizes_get-no-arguments"))
    return argsCase(Argc, Argv);
  if (!strcmp(C, "environ_get-multiple-variables") ||
      !strcmp(C, "environ_sizes_get-multiple-variables") ||
      !strcmp(C, "environ_sizes_get-no-variables"))
    return environCase();
  if (!strcmp(C, "fd_write-to-invalid-fd")) return fdWriteInvalid();
  if (!strcmp(C, "fd_write-to-stdout")) return fdWriteStdout();
  if (!strcmp(C, "proc_exit-success")) __wasi_proc_exit(0);
  if (!strcmp(C, "proc_exit-failure")) __wasi_proc_exit(1);
  if (!strcmp(C, "proc_exit-code")) __wasi_proc_exit(Argc > 2 ? atoi(Argv[2]) : 0);
  if (!strcmp(C, "random_get")) return randomCase();
  if (!strcmp(C, "stdin-closed")) { // the host ran us with fd 0 closed
    __wasi_fdstat_t St;
    CHECK(__wasi_fd_fdstat_get(0, &St) == __WASI_ERRNO_BADF);
    CHECK(__wasi_fd_fdstat_get(1, &St) == 0);
    printf("ran\n");
    return 0;
  }
  fprintf(stderr, "unknown case %s\n", C);
  return 2;
}
