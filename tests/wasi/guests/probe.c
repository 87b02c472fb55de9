// probe: runs raw wasi_snapshot_preview1 calls named on its command line and
// prints one line per call, "NAME ERRNO" (plus a result where there is one),
// so a test can check exact WASI errnos without libc translating them.
//
//   probe open PATH [OFLAGS [FOLLOW [RIGHTS]]]   path_open on fd 3 (RIGHTS: r|w|rw)
//   probe read PATH | write PATH TEXT | mkdir P | rmdir P | unlink P
//   probe rename OLD NEW | link OLD NEW [FOLLOW] | symlink TARGET P
//   probe readlink P | stat P [FOLLOW] | utimes P | readdir P
//   probe efault | clocks | random | pollabs | sleep NS | raise | exit N
//   probe fd N OP...   (use preopen fd N instead of 3 for the ops after it)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wasi/api.h>

static __wasi_fd_t Dir = 3;

// Not declared by every wasi-libc: imported by hand.
__attribute__((import_module("wasi_snapshot_preview1"),
               import_name("proc_raise"))) int32_t rawProcRaise(int32_t Sig);

__attribute__((import_module("wasi_snapshot_preview1"),
               import_name("path_open"))) int32_t
rawPathOpen(int32_t Fd, int32_t DirFlags, int32_t Path, int32_t PathLen,
            int32_t OFlags, int64_t Base, int64_t Inh, int32_t FdFlags,
            int32_t FdPtr);

/// sock_* on fd N: send "ping", receive up to 16 bytes, shut down writes.
static void sock(__wasi_fd_t Fd) {
  __wasi_ciovec_t V = {(const uint8_t *)"ping", 4};
  __wasi_size_t N = 0;
  int E1 = __wasi_sock_send(Fd, &V, 1, 0, &N);
  char Buf[17] = {0};
  __wasi_iovec_t R = {(uint8_t *)Buf, 16};
  __wasi_size_t Got = 0;
  __wasi_roflags_t Fl = 0;
  int E2 = __wasi_sock_recv(Fd, &R, 1, 0, &Got, &Fl);
  int E3 = __wasi_sock_shutdown(Fd, __WASI_SDFLAGS_WR);
  __wasi_fd_t New = 0;
  int E4 = __wasi_sock_accept(Fd, 0, &New);
  printf("sock %d %d %d %d %u %s\n", E1, E2, E3, E4, (unsigned)N,
         E2 ? "" : Buf);
}

static __wasi_rights_t rightsOf(const char *M) {
  __wasi_rights_t R = __WASI_RIGHTS_FD_SEEK | __WASI_RIGHTS_FD_TELL |
                      __WASI_RIGHTS_FD_FILESTAT_GET |
                      __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR;
  if (strchr(M, 'r'))
    R |= __WASI_RIGHTS_FD_READ;
  if (strchr(M, 'w'))
    R |= __WASI_RIGHTS_FD_WRITE;
  return R;
}

static int openAt(const char *P, int OFlags, int Follow, const char *Mode,
                  __wasi_fdflags_t FdFlags, __wasi_fd_t *Fd) {
  return __wasi_path_open(Dir, Follow ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0,
                          P, OFlags, rightsOf(Mode), ~0ull, FdFlags, Fd);
}

static void readFile(const char *P) {
  __wasi_fd_t Fd;
  int E = openAt(P, 0, 1, "r", 0, &Fd);
  if (E) {
    printf("read %d\n", E);
    return;
  }
  char Buf[256];
  __wasi_iovec_t V = {(uint8_t *)Buf, sizeof(Buf) - 1};
  __wasi_size_t N = 0;
  E = __wasi_fd_read(Fd, &V, 1, &N);
  Buf[E ? 0 : N] = 0;
  printf("read %d %s\n", E, Buf);
  (void)__wasi_fd_close(Fd);
}

static void writeFile(const char *P, const char *Text) {
  __wasi_fd_t Fd;
  int E = openAt(P, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC, 1, "w", 0, &Fd);
  if (E) {
    printf("write %d\n", E);
    return;
  }
  __wasi_ciovec_t V = {(const uint8_t *)Text, strlen(Text)};
  __wasi_size_t N = 0;
  printf("write %d\n", __wasi_fd_write(Fd, &V, 1, &N));
  (void)__wasi_fd_close(Fd);
}

static void readdirAll(const char *P) {
  __wasi_fd_t Fd;
  int E = openAt(P, __WASI_OFLAGS_DIRECTORY, 1, "r", 0, &Fd);
  if (E) {
    printf("readdir %d\n", E);
    return;
  }
  // A tiny buffer forces many calls that resume from cookies.
  static uint8_t Buf[4096];
  __wasi_dircookie_t Cookie = 0;
  int Count = 0;
  for (;;) {
    __wasi_size_t Used = 0;
    E = __wasi_fd_readdir(Fd, Buf, 100, Cookie, &Used);
    if (E)
      break;
    size_t At = 0;
    int Progress = 0;
    while (At + sizeof(__wasi_dirent_t) <= Used) {
      __wasi_dirent_t D;
      memcpy(&D, Buf + At, sizeof(D));
      if (At + sizeof(D) + D.d_namlen > Used)
        break; // truncated: resume from the last complete cookie
      Cookie = D.d_next;
      At += sizeof(D) + D.d_namlen;
      ++Count;
      Progress = 1;
    }
    if (Used < 100 || !Progress)
      break;
  }
  printf("readdir %d %d\n", E, Count);
  (void)__wasi_fd_close(Fd);
}

#define BAD 0xfffffff0u
#define P(T, X) ((T)(uintptr_t)(X))

/// Every pointer argument out of range: each call must return EFAULT (21).
static void efault(void) {
  __wasi_size_t N;
  char Big[8];
  __wasi_ciovec_t V = {(const uint8_t *)Big, 8};
  __wasi_ciovec_t BadV = {P(const uint8_t *, BAD), 64};
  printf("args_sizes_get %d\n", __wasi_args_sizes_get(P(__wasi_size_t *, BAD), &N));
  printf("args_get %d\n", __wasi_args_get(P(uint8_t **, BAD), P(uint8_t *, BAD)));
  printf("environ_sizes_get %d\n", __wasi_environ_sizes_get(&N, P(__wasi_size_t *, BAD)));
  printf("fd_write_iovs %d\n", __wasi_fd_write(1, P(const __wasi_ciovec_t *, BAD), 1, &N));
  printf("fd_write_buf %d\n", __wasi_fd_write(1, &BadV, 1, &N));
  printf("fd_write_nwritten %d\n", __wasi_fd_write(1, &V, 0, P(__wasi_size_t *, BAD)));
  printf("fd_fdstat_get %d\n", __wasi_fd_fdstat_get(1, P(__wasi_fdstat_t *, BAD)));
  printf("fd_prestat_get %d\n", __wasi_fd_prestat_get(3, P(__wasi_prestat_t *, BAD)));
  printf("fd_prestat_dir_name %d\n", __wasi_fd_prestat_dir_name(3, P(uint8_t *, BAD), 64));
  printf("path_open %d\n", rawPathOpen(3, 0, (int32_t)BAD, 8, 0, 0, 0, 0, (int32_t)(uintptr_t)&N));
  __wasi_fd_t Fd;
  printf("path_open_fdptr %d\n", __wasi_path_open(3, 0, ".", 0, 0, 0, 0, P(__wasi_fd_t *, BAD)));
  printf("path_filestat_get %d\n", __wasi_path_filestat_get(3, 0, ".", P(__wasi_filestat_t *, BAD)));
  printf("fd_readdir %d\n", __wasi_fd_readdir(3, P(uint8_t *, BAD), 100, 0, &N));
  printf("path_readlink %d\n", __wasi_path_readlink(3, "x", P(uint8_t *, BAD), 100, &N));
  printf("poll_oneoff %d\n", __wasi_poll_oneoff(P(const __wasi_subscription_t *, BAD), P(__wasi_event_t *, BAD), 1, &N));
  printf("random_get %d\n", __wasi_random_get(P(uint8_t *, BAD), 64));
  printf("clock_time_get %d\n", __wasi_clock_time_get(0, 1, P(__wasi_timestamp_t *, BAD)));
  (void)Fd;
}

static void clocks(void) {
  __wasi_timestamp_t T = 0, R = 0;
  for (int Id = 0; Id < 4; ++Id) {
    int E1 = __wasi_clock_time_get(Id, 1, &T);
    int E2 = __wasi_clock_res_get(Id, &R);
    printf("clock%d %d %d %d\n", Id, E1, E2, E1 == 0 && T > 0 && R > 0);
  }
  printf("clock9 %d\n", __wasi_clock_time_get(9, 1, &T));
}

static void randomBytes(void) {
  uint8_t A[32] = {0}, B[32] = {0};
  int E1 = __wasi_random_get(A, 32), E2 = __wasi_random_get(B, 32);
  printf("random %d %d %d\n", E1, E2, memcmp(A, B, 32) != 0);
}

static void pollAbs(void) {
  __wasi_subscription_t S = {0};
  S.userdata = 7;
  S.u.tag = __WASI_EVENTTYPE_CLOCK;
  S.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  S.u.u.clock.timeout = 1;
  S.u.u.clock.flags = __WASI_SUBCLOCKFLAGS_SUBSCRIPTION_CLOCK_ABSTIME;
  __wasi_event_t Ev;
  __wasi_size_t N = 0;
  int E = __wasi_poll_oneoff(&S, &Ev, 1, &N);
  printf("pollabs %d %u %llu %d\n", E, (unsigned)N, (unsigned long long)Ev.userdata,
         Ev.error);
}

static void sleepNs(unsigned long long Ns) {
  __wasi_subscription_t S[2] = {0};
  S[0].userdata = 1;
  S[0].u.tag = __WASI_EVENTTYPE_CLOCK;
  S[0].u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  S[0].u.u.clock.timeout = Ns;
  S[1].userdata = 2; // a much later one that must not fire
  S[1].u.tag = __WASI_EVENTTYPE_CLOCK;
  S[1].u.u.clock.id = __WASI_CLOCKID_REALTIME;
  S[1].u.u.clock.timeout = Ns * 100;
  __wasi_event_t Ev[2];
  __wasi_size_t N = 0;
  int E = __wasi_poll_oneoff(S, Ev, 2, &N);
  printf("sleep %d %u %llu %d %d\n", E, (unsigned)N, (unsigned long long)Ev[0].userdata,
         Ev[0].error, Ev[0].type);
}

int main(int Argc, char **Argv) {
  for (int I = 1; I < Argc; ++I) {
    const char *Op = Argv[I];
    const char *A = I + 1 < Argc ? Argv[I + 1] : "";
    const char *B = I + 2 < Argc ? Argv[I + 2] : "";
    if (!strcmp(Op, "fd")) {
      Dir = atoi(A);
      I += 1;
    } else if (!strcmp(Op, "open")) {
      // open PATH OFLAGS FOLLOW MODE
      const char *C = I + 3 < Argc ? Argv[I + 3] : "1";
      const char *M = I + 4 < Argc ? Argv[I + 4] : "r";
      __wasi_fd_t Fd = 0;
      int E = openAt(A, atoi(B), atoi(C), M, 0, &Fd);
      printf("open %d\n", E);
      if (!E)
        (void)__wasi_fd_close(Fd);
      I += 4;
    } else if (!strcmp(Op, "read")) {
      readFile(A);
      I += 1;
    } else if (!strcmp(Op, "write")) {
      writeFile(A, B);
      I += 2;
    } else if (!strcmp(Op, "mkdir")) {
      printf("mkdir %d\n", __wasi_path_create_directory(Dir, A));
      I += 1;
    } else if (!strcmp(Op, "rmdir")) {
      printf("rmdir %d\n", __wasi_path_remove_directory(Dir, A));
      I += 1;
    } else if (!strcmp(Op, "unlink")) {
      printf("unlink %d\n", __wasi_path_unlink_file(Dir, A));
      I += 1;
    } else if (!strcmp(Op, "rename")) {
      printf("rename %d\n", __wasi_path_rename(Dir, A, Dir, B));
      I += 2;
    } else if (!strcmp(Op, "link")) {
      printf("link %d\n", __wasi_path_link(Dir, 0, A, Dir, B));
      I += 2;
    } else if (!strcmp(Op, "symlink")) {
      printf("symlink %d\n", __wasi_path_symlink(A, Dir, B));
      I += 2;
    } else if (!strcmp(Op, "readlink")) {
      char Buf[256];
      __wasi_size_t N = 0;
      int E = __wasi_path_readlink(Dir, A, (uint8_t *)Buf, sizeof(Buf) - 1, &N);
      Buf[E ? 0 : N] = 0;
      printf("readlink %d %s\n", E, Buf);
      I += 1;
    } else if (!strcmp(Op, "stat")) {
      __wasi_filestat_t St;
      int E = __wasi_path_filestat_get(
          Dir, atoi(B) ? __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW : 0, A, &St);
      printf("stat %d %d %llu\n", E, E ? -1 : St.filetype,
             E ? 0ull : (unsigned long long)St.size);
      I += 2;
    } else if (!strcmp(Op, "utimes")) {
      printf("utimes %d\n",
             __wasi_path_filestat_set_times(Dir, 0, A, 1000000000ull,
                                            2000000000ull,
                                            __WASI_FSTFLAGS_ATIM |
                                                __WASI_FSTFLAGS_MTIM));
      I += 1;
    } else if (!strcmp(Op, "readdir")) {
      readdirAll(A);
      I += 1;
    } else if (!strcmp(Op, "efault")) {
      efault();
    } else if (!strcmp(Op, "clocks")) {
      clocks();
    } else if (!strcmp(Op, "random")) {
      randomBytes();
    } else if (!strcmp(Op, "pollabs")) {
      pollAbs();
    } else if (!strcmp(Op, "sleep")) {
      sleepNs(strtoull(A, 0, 10));
      I += 1;
    } else if (!strcmp(Op, "sock")) {
      sock(atoi(A));
      I += 1;
    } else if (!strcmp(Op, "raise")) {
      fflush(stdout);
      rawProcRaise(15);
      printf("raise returned\n");
    } else if (!strcmp(Op, "exit")) {
      fflush(stdout);
      __wasi_proc_exit(atoi(A));
    } else {
      printf("unknown op %s\n", Op);
      return 2;
    }
  }
  return 0;
}
