// fdops: the fd calls the other guests do not reach, as raw
// wasi_snapshot_preview1 calls with their errnos printed: fd_advise,
// fd_allocate, fd_sync, fd_datasync, fd_fdstat_set_flags, fd_fdstat_set_rights,
// fd_renumber, sched_yield and fd subscriptions of poll_oneoff. Expects the
// preopened directory as fd 3 and a readable stdin.
#include <stdio.h>
#pragma clang diagnostic ignored "-Wunused-result"
#include <string.h>
#include <wasi/api.h>

static __wasi_fd_t openFile(const char *Name) {
  __wasi_fd_t Fd = 0;
  __wasi_errno_t E = __wasi_path_open(
      3, 0, Name, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC,
      __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK |
          __WASI_RIGHTS_FD_ADVISE | __WASI_RIGHTS_FD_ALLOCATE |
          __WASI_RIGHTS_FD_SYNC | __WASI_RIGHTS_FD_DATASYNC |
          __WASI_RIGHTS_FD_FDSTAT_SET_FLAGS | __WASI_RIGHTS_FD_FILESTAT_GET |
          __WASI_RIGHTS_POLL_FD_READWRITE,
      0, 0, &Fd);
  printf("open %d\n", E);
  return Fd;
}

static __wasi_errno_t writeText(__wasi_fd_t Fd, const char *S) {
  __wasi_ciovec_t V = {(const uint8_t *)S, strlen(S)};
  __wasi_size_t N = 0;
  return __wasi_fd_write(Fd, &V, 1, &N);
}

int main(void) {
  __wasi_fd_t Fd = openFile("data.bin");
  printf("write %d\n", writeText(Fd, "hello"));
  printf("advise %d\n", __wasi_fd_advise(Fd, 0, 5, __WASI_ADVICE_SEQUENTIAL));
  printf("advise-bad %d\n", __wasi_fd_advise(Fd, 0, 5, 9));
  printf("allocate %d\n", __wasi_fd_allocate(Fd, 0, 4096));
  __wasi_filestat_t St;
  __wasi_fd_filestat_get(Fd, &St);
  printf("size %llu\n", (unsigned long long)St.size);
  printf("sync %d datasync %d\n", __wasi_fd_sync(Fd), __wasi_fd_datasync(Fd));

  // APPEND: the next write lands at the end, whatever the offset.
  __wasi_filesize_t Pos;
  __wasi_fd_seek(Fd, 0, __WASI_WHENCE_SET, &Pos);
  printf("setflags %d\n", __wasi_fd_fdstat_set_flags(Fd, __WASI_FDFLAGS_APPEND));
  __wasi_fdstat_t Fs;
  __wasi_fd_fdstat_get(Fd, &Fs);
  printf("append-flag %d\n", (Fs.fs_flags & __WASI_FDFLAGS_APPEND) != 0);
  writeText(Fd, "!");
  __wasi_fd_filestat_get(Fd, &St);
  printf("size-after-append %llu\n", (unsigned long long)St.size);

  // Rights only shrink.
  __wasi_rights_t Keep = Fs.fs_rights_base & ~__WASI_RIGHTS_FD_WRITE;
  printf("setrights %d\n", __wasi_fd_fdstat_set_rights(Fd, Keep, 0));
  printf("write-after-drop %d\n", writeText(Fd, "x"));
  printf("regrow %d\n", __wasi_fd_fdstat_set_rights(Fd, Fs.fs_rights_base, 0));

  // Renumber onto another open fd: the old number is closed.
  __wasi_fd_t Other = openFile("other.bin");
  printf("renumber %d\n", __wasi_fd_renumber(Fd, Other));
  __wasi_fd_filestat_get(Other, &St);
  printf("renumbered-size %llu\n", (unsigned long long)St.size);
  printf("old-fd %d\n", __wasi_fd_filestat_get(Fd, &St));
  printf("renumber-bad %d\n", __wasi_fd_renumber(77, Other));

  printf("yield %d\n", __wasi_sched_yield());

  // fd subscriptions: stdin readable, stdout writable.
  __wasi_subscription_t Subs[2];
  memset(Subs, 0, sizeof Subs);
  Subs[0].userdata = 10;
  Subs[0].u.tag = __WASI_EVENTTYPE_FD_READ;
  Subs[0].u.u.fd_read.file_descriptor = 0;
  Subs[1].userdata = 11;
  Subs[1].u.tag = __WASI_EVENTTYPE_FD_WRITE;
  Subs[1].u.u.fd_write.file_descriptor = 1;
  __wasi_event_t Ev[2];
  __wasi_size_t N = 0;
  __wasi_errno_t E = __wasi_poll_oneoff(Subs, Ev, 2, &N);
  printf("poll %d n %lu", E, (unsigned long)N);
  for (__wasi_userdata_t U = 10; U <= 11; ++U) // in a fixed order
    for (__wasi_size_t I = 0; I < N; ++I)
      if (Ev[I].userdata == U)
        printf(" [%llu %d %d]", (unsigned long long)U, Ev[I].error,
               Ev[I].type);
  printf("\n");
  return 0;
}
