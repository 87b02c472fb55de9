// Sandboxed path resolution: a guest path, relative to a directory fd that
// descends from a preopen, becomes (parent directory fd, final name) such
// that the parent lies beneath the preopen. Everything that touches the file
// system by name goes through here; the *at() syscalls then act on one
// component of a directory we hold, so the kernel never walks a guest path.
//
//   path "a/b/../c/d"  ──split──▶  dir part "a/b/../c"  +  final name "d"
//   dir part  ──openDirBeneath──▶  O_PATH fd of a/c  (never above the root)
//   "d" a symlink and Follow?  ──▶  readlinkat, splice the target into the
//                                   dir part, start over (≤ 40 times: ELOOP)
//
// openDirBeneath uses openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) when
// the kernel has it (Linux ≥ 5.6; probed once; ENOSYS → fallback). The
// fallback walks one component at a time with O_PATH|O_NOFOLLOW, keeps a
// stack of the directories it went through (so `..` pops the stack and never
// asks the kernel for a parent), resolves symlinks itself (absolute targets
// and `..` above the root: EPERM; more than 40 links: ELOOP), and refuses
// symlinks on procfs with ELOOP, as RESOLVE_NO_MAGICLINKS does.
//
// Leaving the preopen is EPERM, not ENOTCAPABLE: that is what Wasmtime
// answers (cap-std's "not permitted") and what the wasi-testsuite expects
// (interesting_paths: an absolute path, or `..` above the root).
//
// Why the final component is never handed to the kernel to follow: a
// symlink swapped in after our readlinkat meets O_NOFOLLOW / AT_SYMLINK_
// NOFOLLOW in the caller's syscall and fails, instead of escaping.
#include <cerrno>
#include <fcntl.h>
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#else // kernel headers older than 5.6: the ABI is stable, declare it
struct open_how {
  unsigned long long flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_BENEATH 0x08
#endif
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "wasi_internal.h"

#ifndef SYS_openat2
#define SYS_openat2 437 // the same number on every architecture
#endif
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

namespace wasmaot::runtime::wasi {

namespace {

constexpr int kMaxSymlinks = 40; // Linux's MAXSYMLINKS

struct Fd {
  int V = -1;
  Fd() = default;
  explicit Fd(int V) : V(V) {}
  Fd(Fd &&O) noexcept : V(std::exchange(O.V, -1)) {}
  Fd &operator=(Fd &&O) noexcept {
    std::swap(V, O.V);
    return *this;
  }
  ~Fd() {
    if (V >= 0)
      close(V);
  }
  int release() { return std::exchange(V, -1); }
};

long sysOpenat2(int Dir, const char *Path, struct open_how *How) {
  return syscall(SYS_openat2, Dir, Path, How, sizeof(*How));
}

Errno openat2Beneath(int RootFd, std::string_view Path, int &OutFd) {
  std::string P(Path.empty() ? "." : Path);
  struct open_how How = {};
  How.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  How.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (int Try = 0;; ++Try) {
    long R = sysOpenat2(RootFd, P.c_str(), &How);
    if (R >= 0) {
      OutFd = int(R);
      return Errno::Success;
    }
    // EAGAIN: a concurrent rename made the kernel unsure; retry.
    if (errno == EAGAIN && Try < 16)
      continue;
    if (errno == EXDEV) // would have left the root
      return Errno::Perm;
    return lastErrno();
  }
}

bool onProcfs(int Fd) {
  struct statfs Sf;
  return fstatfs(Fd, &Sf) == 0 && Sf.f_type == PROC_SUPER_MAGIC;
}

/// Splits \p P at '/' into Out (front first), skipping empty components.
void pushComponents(std::string_view P, std::vector<std::string> &Todo) {
  std::vector<std::string> Parts;
  size_t I = 0;
  while (I <= P.size()) {
    size_t J = P.find('/', I);
    if (J == std::string_view::npos)
      J = P.size();
    if (J > I)
      Parts.emplace_back(P.substr(I, J - I));
    I = J + 1;
  }
  // Todo is a stack whose back is the next component.
  Todo.insert(Todo.end(), Parts.rbegin(), Parts.rend());
}

Errno walkBeneath(int RootFd, std::string_view Path, int &OutFd) {
  std::vector<Fd> Stack; // directories below the root we descended into
  std::vector<std::string> Todo;
  pushComponents(Path, Todo);
  int Links = 0;
  auto Cur = [&] { return Stack.empty() ? RootFd : Stack.back().V; };
  while (!Todo.empty()) {
    std::string C = std::move(Todo.back());
    Todo.pop_back();
    if (C == ".")
      continue;
    if (C == "..") {
      if (Stack.empty())
        return Errno::Perm;
      Stack.pop_back();
      continue;
    }
    Fd Next(openat(Cur(), C.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
    if (Next.V < 0)
      return lastErrno();
    struct stat St;
    if (fstat(Next.V, &St) != 0)
      return lastErrno();
    if (S_ISDIR(St.st_mode)) {
      Stack.push_back(std::move(Next));
      continue;
    }
    if (!S_ISLNK(St.st_mode))
      return Errno::NotDir;
    if (onProcfs(Cur()) || ++Links > kMaxSymlinks)
      return Errno::Loop;
    char Buf[PATH_MAX];
    ssize_t N = readlinkat(Cur(), C.c_str(), Buf, sizeof(Buf));
    if (N < 0)
      return lastErrno();
    if (N == 0)
      return Errno::NoEnt;
    if (Buf[0] == '/')
      return Errno::Perm;
    pushComponents(std::string_view(Buf, size_t(N)), Todo);
  }
  int R = fcntl(Cur(), F_DUPFD_CLOEXEC, 0);
  if (R < 0)
    return lastErrno();
  OutFd = R;
  return Errno::Success;
}

} // namespace

bool kernelHasOpenat2() {
  static const bool Has = [] {
    struct open_how How = {};
    How.flags = O_PATH | O_CLOEXEC;
    long R = sysOpenat2(AT_FDCWD, "/", &How);
    if (R >= 0)
      close(int(R));
    return R >= 0; // ENOSYS, or a seccomp filter: use the walk
  }();
  return Has;
}

Errno openDirBeneath(bool UseOpenat2, int RootFd, std::string_view Path,
                     int &OutFd) {
  if (!Path.empty() && Path[0] == '/')
    return Errno::Perm;
  if (UseOpenat2) {
    Errno E = openat2Beneath(RootFd, Path, OutFd);
    if (E != Errno::NoSys)
      return E;
  }
  return walkBeneath(RootFd, Path, OutFd);
}

Errno resolvePath(const WasiCtx::State &S, const FdEntry &Dir,
                  std::string_view Path, bool Follow, Resolved &Out) {
  if (Path.empty())
    return Errno::NoEnt;
  if (Path[0] == '/')
    return Errno::Perm;
  std::string P(Path);
  for (int Links = 0;; ++Links) {
    // Split off the final component. Trailing slashes are recorded for the
    // caller (POSIX 4.13: they demand a directory; the operations that
    // follow them pass Follow).
    size_t End = P.size();
    while (End > 0 && P[End - 1] == '/')
      --End;
    bool Trailing = End < P.size();
    if (End == 0) // "/" or "//": absolute
      return Errno::Perm;
    size_t Slash = P.rfind('/', End - 1);
    std::string DirPart = Slash == std::string::npos ? "" : P.substr(0, Slash);
    std::string Name = P.substr(Slash == std::string::npos ? 0 : Slash + 1,
                                End - (Slash == std::string::npos ? 0 : Slash + 1));
    if (Name == "..") { // act on the directory itself, never its parent
      DirPart = P.substr(0, End);
      Name = ".";
    }
    int ParentFd = -1;
    WASI_TRY(openDirBeneath(S.useOpenat2(), Dir.HostFd, DirPart, ParentFd));
    Fd Parent(ParentFd);
    if (Follow && Name != ".") {
      char Buf[PATH_MAX];
      ssize_t N = readlinkat(Parent.V, Name.c_str(), Buf, sizeof(Buf));
      if (N >= 0) { // a symlink: splice its target in and start over
        if (Links >= kMaxSymlinks || onProcfs(Parent.V))
          return Errno::Loop;
        std::string_view Target(Buf, size_t(N));
        if (Target.empty())
          return Errno::NoEnt;
        if (Target[0] == '/')
          return Errno::Perm;
        P = (DirPart.empty() ? "" : DirPart + "/") + std::string(Target) +
            (Trailing ? "/" : "");
        continue;
      }
      if (errno != EINVAL && errno != ENOENT && errno != ENOTDIR)
        return lastErrno();
    }
    Out.ParentFd = Parent.release();
    Out.Name = std::move(Name);
    Out.TrailingSlash = Trailing;
    return Errno::Success;
  }
}

} // namespace wasmaot::runtime::wasi
