// files: ordinary POSIX file and directory work through libc, under the
// directory given as argv[1]. Built natively and for wasm32-wasi; the test
// requires both transcripts to be identical (so it never prints the base
// path, inode numbers or times, only facts about them).
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char Base[512];

static const char *at(const char *Rel) {
  static char Buf[8][1024];
  static int Next;
  char *B = Buf[Next++ % 8];
  snprintf(B, 1024, "%s/%s", Base, Rel);
  return B;
}

#define CHECK(Expr)                                                            \
  printf("%-40s %s\n", #Expr, (Expr) ? "ok" : strerror(errno))

static int cmpStr(const void *A, const void *B) {
  return strcmp(*(char *const *)A, *(char *const *)B);
}

static void files(void) {
  FILE *F = fopen(at("a.txt"), "w");
  CHECK(F != NULL);
  fprintf(F, "hello\nworld\n");
  CHECK(fclose(F) == 0);
  int Fd = open(at("a.txt"), O_RDWR);
  CHECK(Fd >= 0);
  char Buf[64] = {0};
  CHECK(read(Fd, Buf, 5) == 5);
  printf("read: %s\n", Buf);
  CHECK(lseek(Fd, 6, SEEK_SET) == 6);
  memset(Buf, 0, sizeof(Buf));
  CHECK(read(Fd, Buf, 64) == 6);
  printf("read: %s", Buf);
  CHECK(lseek(Fd, 0, SEEK_CUR) == 12);
  CHECK(lseek(Fd, -3, SEEK_END) == 9);
  CHECK(pwrite(Fd, "XY", 2, 0) == 2);
  memset(Buf, 0, sizeof(Buf));
  CHECK(pread(Fd, Buf, 4, 0) == 4);
  printf("pread: %s\n", Buf);
  struct stat St;
  CHECK(fstat(Fd, &St) == 0);
  printf("size %lld regular %d\n", (long long)St.st_size, S_ISREG(St.st_mode));
  CHECK(ftruncate(Fd, 3) == 0);
  CHECK(fstat(Fd, &St) == 0 && St.st_size == 3);
  CHECK(ftruncate(Fd, 100000) == 0);
  CHECK(stat(at("a.txt"), &St) == 0 && St.st_size == 100000);
  struct timespec Ts[2] = {{1000000, 5}, {2000000, 7}};
  CHECK(futimens(Fd, Ts) == 0);
  CHECK(fstat(Fd, &St) == 0);
  printf("times %lld.%ld %lld.%ld\n", (long long)St.st_atim.tv_sec,
         St.st_atim.tv_nsec, (long long)St.st_mtim.tv_sec,
         St.st_mtim.tv_nsec);
  CHECK(close(Fd) == 0);
  struct timespec Ts2[2] = {{3000000, 0}, {4000000, 0}};
  CHECK(utimensat(AT_FDCWD, at("a.txt"), Ts2, 0) == 0);
  CHECK(stat(at("a.txt"), &St) == 0 && St.st_mtim.tv_sec == 4000000);
  Fd = open(at("app.txt"), O_WRONLY | O_CREAT | O_APPEND, 0644);
  CHECK(Fd >= 0);
  CHECK(write(Fd, "one", 3) == 3);
  CHECK(lseek(Fd, 0, SEEK_SET) == 0);
  CHECK(write(Fd, "two", 3) == 3);
  CHECK(close(Fd) == 0);
  Fd = open(at("app.txt"), O_RDONLY);
  memset(Buf, 0, sizeof(Buf));
  CHECK(read(Fd, Buf, 64) == 6);
  printf("append: %s\n", Buf);
  CHECK(write(Fd, "x", 1) == -1);
  close(Fd);
  CHECK(open(at("app.txt"), O_WRONLY | O_CREAT | O_EXCL, 0644) == -1 &&
        errno == EEXIST);
  CHECK(open(at("missing.txt"), O_RDONLY) == -1 && errno == ENOENT);
}

static void dirs(void) {
  CHECK(mkdir(at("d"), 0755) == 0);
  CHECK(mkdir(at("d"), 0755) == -1 && errno == EEXIST);
  enum { N = 300 };
  for (int I = 0; I < N; ++I) {
    char Name[64];
    snprintf(Name, sizeof(Name), "d/entry-with-a-longish-name-%03d", I);
    int Fd = open(at(Name), O_WRONLY | O_CREAT, 0644);
    if (Fd < 0 || close(Fd) != 0)
      printf("create %s failed\n", Name);
  }
  DIR *D = opendir(at("d"));
  CHECK(D != NULL);
  char *Names[N + 8];
  int Count = 0;
  struct dirent *E;
  long Mid = -1;
  char MidName[256] = "";
  while ((E = readdir(D))) {
    if (!strcmp(E->d_name, ".") || !strcmp(E->d_name, ".."))
      continue;
    if (Count < N + 8)
      Names[Count] = strdup(E->d_name);
    if (Count == 100) { // remember a position to come back to
      Mid = telldir(D);
      snprintf(MidName, sizeof(MidName), "%s", E->d_name);
    }
    ++Count;
  }
  printf("entries %d\n", Count);
  qsort(Names, Count, sizeof(char *), cmpStr);
  int Sorted = 1;
  for (int I = 0; I < Count; ++I) {
    char Want[64];
    snprintf(Want, sizeof(Want), "entry-with-a-longish-name-%03d", I);
    Sorted &= !strcmp(Names[I], Want);
    free(Names[I]);
  }
  printf("all names once %d\n", Sorted && Count == N);
  seekdir(D, Mid);
  E = readdir(D);
  CHECK(E != NULL && strcmp(E->d_name, MidName) != 0);
  rewinddir(D);
  int Again = 0;
  while ((E = readdir(D)))
    ++Again;
  printf("after rewind %d\n", Again);
  CHECK(closedir(D) == 0);
  CHECK(rmdir(at("d")) == -1 && errno == ENOTEMPTY);
  for (int I = 0; I < N; ++I) {
    char Name[64];
    snprintf(Name, sizeof(Name), "d/entry-with-a-longish-name-%03d", I);
    if (unlink(at(Name)) != 0)
      printf("unlink %s failed\n", Name);
  }
  CHECK(rmdir(at("d")) == 0);
  CHECK(rmdir(at("d")) == -1 && errno == ENOENT);
}

static void links(void) {
  CHECK(rename(at("a.txt"), at("b.txt")) == 0);
  CHECK(access(at("a.txt"), F_OK) == -1 && errno == ENOENT);
  CHECK(symlink("b.txt", at("s")) == 0);
  char Buf[64] = {0};
  CHECK(readlink(at("s"), Buf, sizeof(Buf)) == 5);
  printf("readlink: %s\n", Buf);
  struct stat St, Lst;
  CHECK(stat(at("s"), &St) == 0 && S_ISREG(St.st_mode));
  CHECK(lstat(at("s"), &Lst) == 0 && S_ISLNK(Lst.st_mode));
  CHECK(link(at("b.txt"), at("h")) == 0);
  CHECK(stat(at("h"), &St) == 0);
  printf("nlink %d\n", (int)St.st_nlink);
  CHECK(unlink(at("b.txt")) == 0);
  CHECK(stat(at("s"), &St) == -1 && errno == ENOENT);
  CHECK(stat(at("h"), &St) == 0 && St.st_nlink == 1);
  CHECK(unlink(at("s")) == 0);
  CHECK(rename(at("h"), at("app.txt")) == 0);
  CHECK(unlink(at("app.txt")) == 0);
  CHECK(unlink(at("app.txt")) == -1 && errno == ENOENT);
}

int main(int Argc, char **Argv) {
  if (Argc < 2)
    return 2;
  snprintf(Base, sizeof(Base), "%s", Argv[1]);
  files();
  dirs();
  links();
  return 0;
}
