/* Recursive copy with timestamps: copies ROOT/src to ROOT/dst (files,
 * directories, symlinks), keeping modification times, then prints the
 * copied tree sorted, with sizes, link targets and mtimes. Run natively and
 * under `wasmaot run --dir`, the output and the resulting tree must match.
 *   tree_copy ROOT */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy_file(const char *from, const char *to, const struct stat *st) {
  int in = open(from, O_RDONLY);
  if (in < 0) return perror(from), -1;
  int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) return perror(to), close(in), -1;
  char buf[8192];
  ssize_t n;
  while ((n = read(in, buf, sizeof buf)) > 0)
    if (write(out, buf, (size_t)n) != n) return perror("write"), -1;
  struct timespec ts[2] = {st->st_atim, st->st_mtim};
  if (futimens(out, ts) != 0) return perror("futimens"), -1;
  close(in);
  close(out);
  return 0;
}

static int copy_tree(const char *from, const char *to) {
  if (mkdir(to, 0755) != 0 && errno != EEXIST) return perror(to), -1;
  DIR *d = opendir(from);
  if (!d) return perror(from), -1;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s/%s", from, e->d_name);
    snprintf(b, sizeof b, "%s/%s", to, e->d_name);
    struct stat st;
    if (lstat(a, &st) != 0) return perror(a), -1;
    if (S_ISDIR(st.st_mode)) {
      if (copy_tree(a, b) != 0) return -1;
      struct timespec ts[2] = {st.st_atim, st.st_mtim};
      utimensat(AT_FDCWD, b, ts, 0);
    } else if (S_ISLNK(st.st_mode)) {
      char target[512];
      ssize_t n = readlink(a, target, sizeof target - 1);
      if (n < 0) return perror(a), -1;
      target[n] = 0;
      if (symlink(target, b) != 0) return perror(b), -1;
    } else if (copy_file(a, b, &st) != 0) {
      return -1;
    }
  }
  closedir(d);
  return 0;
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *root, const char *rel) {
  char path[1024];
  snprintf(path, sizeof path, "%s%s%s", root, *rel ? "/" : "", rel);
  DIR *d = opendir(path);
  if (!d) return;
  char *names[256];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 256)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
      names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, n, sizeof *names, cmp);
  for (int i = 0; i < n; ++i) {
    char r[1024], p[1024];
    snprintf(r, sizeof r, "%s%s%s", rel, *rel ? "/" : "", names[i]);
    snprintf(p, sizeof p, "%s/%s", root, r);
    struct stat st;
    lstat(p, &st);
    if (S_ISDIR(st.st_mode)) {
      printf("d %s\n", r);
      list(root, r);
    } else if (S_ISLNK(st.st_mode)) {
      char t[512];
      ssize_t k = readlink(p, t, sizeof t - 1);
      t[k < 0 ? 0 : k] = 0;
      printf("l %s -> %s\n", r, t);
    } else {
      printf("f %s %lld %lld\n", r, (long long)st.st_size,
             (long long)st.st_mtim.tv_sec);
    }
    free(names[i]);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) return fprintf(stderr, "usage: tree_copy ROOT\n"), 2;
  char src[512], dst[512];
  snprintf(src, sizeof src, "%s/src", argv[1]);
  snprintf(dst, sizeof dst, "%s/dst", argv[1]);
  if (copy_tree(src, dst) != 0) return 1;
  list(dst, "");
  return 0;
}
