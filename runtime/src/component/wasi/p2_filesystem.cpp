// WASI 0.2 wasi:filesystem/{types, preopens} on the preview1 core: a
// descriptor is a wasi::FdEntry (the host fd, its type, the read-only flag
// of the preopen it descends from), every path goes through resolvePath
// (path_resolve.cpp: never leaves the preopen), and the syscall then acts
// on one name in a directory fd we hold with O_NOFOLLOW /
// AT_SYMLINK_NOFOLLOW, as preview1's path_* do. Writes beneath a read-only
// preopen answer error-code read-only before touching anything; leaving a
// preopen answers not-permitted.
#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "p2_internal.h"

namespace wasmaot::runtime::component::p2 {

namespace {

// descriptor-flags bits.
constexpr uint32_t kRead = 1, kWrite = 2, kFileSync = 4, kDataSync = 8,
                   kReqSync = 16, kMutateDir = 32;

uint32_t descriptorType(unsigned Mode) {
  if (S_ISBLK(Mode)) return 1;
  if (S_ISCHR(Mode)) return 2;
  if (S_ISDIR(Mode)) return 3;
  if (S_ISFIFO(Mode)) return 4;
  if (S_ISLNK(Mode)) return 5;
  if (S_ISREG(Mode)) return 6;
  if (S_ISSOCK(Mode)) return 7;
  return 0;
}

Value timestamp(const struct timespec &T) {
  return some(Value::record({u64(uint64_t(T.tv_sec)), u32(uint64_t(T.tv_nsec))}));
}

Value statValue(const struct stat &St) {
  return Value::record({Value::caseOf(Kind::Enum, descriptorType(St.st_mode)),
                        u64(St.st_nlink), u64(uint64_t(St.st_size)),
                        timestamp(St.st_atim), timestamp(St.st_mtim),
                        timestamp(St.st_ctim)});
}

/// Not a reversible encoding of (dev, ino): a mix, as the spec asks.
Value metadataHash(const struct stat &St) {
  auto Mix = [](uint64_t X) {
    X += 0x9e3779b97f4a7c15ull;
    X = (X ^ (X >> 30)) * 0xbf58476d1ce4e5b9ull;
    X = (X ^ (X >> 27)) * 0x94d049bb133111ebull;
    return X ^ (X >> 31);
  };
  uint64_t Lo = Mix(uint64_t(St.st_dev) ^ Mix(uint64_t(St.st_ino)));
  return Value::record({u64(Lo), u64(Mix(Lo ^ uint64_t(St.st_ino)))});
}

Errno lastErrno() { return wasi::lastErrno(); }

Errno statName(const wasi::Resolved &Rv, struct stat &St) {
  return fstatat(Rv.ParentFd, Rv.Name.c_str(), &St, AT_SYMLINK_NOFOLLOW) == 0
             ? Errno::Success
             : lastErrno();
}

/// Resolves \p Path beneath directory descriptor \p D. \p Writes: refuse
/// under a read-only preopen.
Errno resolve(State &S, Descriptor &D, const std::string &Path, bool Follow,
              bool Writes, wasi::Resolved &Out, bool &Trailing) {
  if (!D.E->isDir())
    return Errno::NotDir;
  if (Writes && D.E->ReadOnly)
    return Errno::RoFs;
  if (Path.find('\0') != std::string::npos)
    return Errno::IlSeq;
  Trailing = !Path.empty() && Path.back() == '/';
  return wasi::resolvePath(S.Ctx, *D.E, Path, Follow || Trailing, Out);
}

#define P2_TRY(Expr)                                                           \
  do {                                                                         \
    if (Errno E_ = (Expr); E_ != Errno::Success)                               \
      return fsErr(E_);                                                        \
  } while (0)

Value openAt(State &S, Descriptor &D, uint32_t PathFlags,
             const std::string &Path, uint32_t OFlags, uint32_t DFlags) {
  bool Create = OFlags & 1, Directory = OFlags & 2, Excl = OFlags & 4,
       Trunc = OFlags & 8;
  bool Writes = Create || Trunc || (DFlags & (kWrite | kMutateDir));
  wasi::Resolved Rv;
  bool Trailing = false;
  P2_TRY(resolve(S, D, Path, PathFlags & 1, Writes, Rv, Trailing));
  int F = O_CLOEXEC | O_NOCTTY | O_NOFOLLOW;
  bool Write = DFlags & kWrite;
  F |= Write ? ((DFlags & kRead) ? O_RDWR : O_WRONLY) : O_RDONLY;
  if (Create)
    F |= O_CREAT;
  if (Directory || Trailing)
    F |= O_DIRECTORY;
  if (Excl)
    F |= O_EXCL;
  if (Trunc)
    F |= O_TRUNC;
  if (DFlags & kDataSync)
    F |= O_DSYNC;
  if (DFlags & (kFileSync | kReqSync))
    F |= O_SYNC;
  if (Trailing && Create)
    return fsErr(Errno::IsDir);
  int H;
  do
    H = openat(Rv.ParentFd, Rv.Name.c_str(), F, 0666);
  while (H < 0 && errno == EINTR);
  if (H < 0)
    return fsErr(errno == ELOOP && !(PathFlags & 1) ? Errno::Loop
                                                    : lastErrno());
  Descriptor N;
  N.E = std::make_unique<wasi::FdEntry>();
  N.E->HostFd = H;
  struct stat St;
  if (fstat(H, &St) != 0)
    return fsErr(lastErrno());
  N.E->Type = wasi::fileTypeOf(H, St.st_mode);
  N.E->ReadOnly = D.E->ReadOnly;
  N.Flags = DFlags;
  if (N.E->isDir() && !N.E->ReadOnly)
    N.Flags |= D.Flags & kMutateDir;
  if (N.E->ReadOnly)
    N.Flags &= ~(kWrite | kMutateDir);
  return ok(own(S.add(std::move(N))));
}

Value streamFor(State &S, Descriptor &D, uint64_t Offset, bool Output,
                bool Append) {
  if (D.E->isDir())
    return fsErr(Errno::IsDir);
  if (Output && (D.E->ReadOnly || !(D.Flags & kWrite)))
    return fsErr(D.E->ReadOnly ? Errno::RoFs : Errno::BadF);
  if (!Output && !(D.Flags & kRead))
    return fsErr(Errno::BadF);
  Stream St;
  St.Fd = fcntl(D.E->HostFd, F_DUPFD_CLOEXEC, 0);
  if (St.Fd < 0)
    return fsErr(lastErrno());
  St.OwnsFd = true;
  St.Positioned = true;
  St.Offset = Offset;
  St.Append = Append;
  return ok(own(S.add(std::move(St))));
}

Errno toTimespec(const Value &V, struct timespec &T) {
  switch (V.Case) {
  case 0: T.tv_nsec = UTIME_OMIT; T.tv_sec = 0; return Errno::Success;
  case 1: T.tv_nsec = UTIME_NOW; T.tv_sec = 0; return Errno::Success;
  default: {
    const Value &DT = V.Items[0];
    if (DT.Items[1].Bits >= 1000000000ull)
      return Errno::Inval;
    T.tv_sec = time_t(DT.Items[0].Bits);
    T.tv_nsec = long(DT.Items[1].Bits);
    return Errno::Success;
  }
  }
}

} // namespace

void defineFilesystem(ComponentLinker &L, const std::shared_ptr<State> &S) {
  auto Drop = dropFrom(S);
  L.defineResource(name("filesystem/types", "descriptor"), Drop);
  L.defineResource(name("filesystem/types", "directory-entry-stream"), Drop);

  L.defineFunc(name("filesystem/preopens", "get-directories"),
               [S](Args) -> Results {
                 std::vector<Value> Out;
                 for (auto &[Fd, E] : S->Ctx.Fds) {
                   if (!E->PreopenName)
                     continue;
                   Descriptor D;
                   D.E = std::make_unique<wasi::FdEntry>();
                   D.E->HostFd = fcntl(E->HostFd, F_DUPFD_CLOEXEC, 0);
                   if (D.E->HostFd < 0)
                     return Trap::host("wasi: cannot duplicate a preopen fd");
                   D.E->Type = E->Type;
                   D.E->ReadOnly = E->ReadOnly;
                   D.Flags = E->ReadOnly ? kRead : kRead | kMutateDir;
                   Out.push_back(Value::tuple(
                       {own(S->add(std::move(D))),
                        Value::string(*E->PreopenName)}));
                 }
                 return one(Value::list(std::move(Out)));
               });

  L.defineFunc(name("filesystem/types", "filesystem-error-code"),
               [S](Args A) -> Results {
                 IoError *E = S->get<IoError>(uint32_t(A[0].Bits));
                 if (!E)
                   return badHandle("error");
                 if (!E->Code)
                   return one(none());
                 return one(some(Value::caseOf(Kind::Enum, errorCode(*E->Code))));
               });

  // [method]descriptor.NAME: A[0] is the descriptor.
  auto def = [&](const char *Fn, auto Body) {
    L.defineFunc(name("filesystem/types",
                      fmt::format("[method]descriptor.{}", Fn).c_str()),
                 [S, Body](Args A) -> Results {
                   Descriptor *D = S->get<Descriptor>(uint32_t(A[0].Bits));
                   if (!D)
                     return badHandle("descriptor");
                   return one(Body(*S, *D, A));
                 });
  };
  auto Other = [](State &S, const Value &V) -> Descriptor * {
    return S.get<Descriptor>(uint32_t(V.Bits));
  };
  def("read-via-stream", [](State &S, Descriptor &D, Args A) {
    return streamFor(S, D, A[1].Bits, false, false);
  });
  def("write-via-stream", [](State &S, Descriptor &D, Args A) {
    return streamFor(S, D, A[1].Bits, true, false);
  });
  def("append-via-stream", [](State &S, Descriptor &D, Args) {
    return streamFor(S, D, 0, true, true);
  });
  def("advise", [](State &, Descriptor &D, Args A) {
    static const int Advice[] = {POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL,
                                 POSIX_FADV_RANDOM, POSIX_FADV_WILLNEED,
                                 POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    if (D.E->isDir())
      return fsErr(Errno::BadF);
    int R = posix_fadvise(D.E->HostFd, off_t(A[1].Bits), off_t(A[2].Bits),
                          Advice[A[3].Case % 6]);
    return R == 0 ? ok() : fsErr(wasi::fromHostErrno(R));
  });
  def("sync-data", [](State &, Descriptor &D, Args) {
    return fdatasync(D.E->HostFd) == 0 || errno == EINVAL ? ok()
                                                           : fsErr(lastErrno());
  });
  def("sync", [](State &, Descriptor &D, Args) {
    return fsync(D.E->HostFd) == 0 || errno == EINVAL ? ok()
                                                       : fsErr(lastErrno());
  });
  def("get-flags", [](State &, Descriptor &D, Args) {
    return ok(Value::flags({D.Flags}));
  });
  def("get-type", [](State &, Descriptor &D, Args) {
    struct stat St;
    if (fstat(D.E->HostFd, &St) != 0)
      return fsErr(lastErrno());
    return ok(Value::caseOf(Kind::Enum, descriptorType(St.st_mode)));
  });
  def("set-size", [](State &, Descriptor &D, Args A) {
    if (D.E->ReadOnly)
      return fsErr(Errno::RoFs);
    if (D.E->isDir())
      return fsErr(Errno::IsDir);
    if (A[1].Bits > uint64_t(INT64_MAX))
      return fsErr(Errno::FBig);
    return ftruncate(D.E->HostFd, off_t(A[1].Bits)) == 0 ? ok()
                                                         : fsErr(lastErrno());
  });
  def("set-times", [](State &, Descriptor &D, Args A) {
    if (D.E->ReadOnly)
      return fsErr(Errno::RoFs);
    struct timespec Ts[2];
    P2_TRY(toTimespec(A[1], Ts[0]));
    P2_TRY(toTimespec(A[2], Ts[1]));
    return futimens(D.E->HostFd, Ts) == 0 ? ok() : fsErr(lastErrno());
  });
  def("read", [](State &, Descriptor &D, Args A) {
    if (D.E->isDir())
      return fsErr(Errno::IsDir);
    if (!(D.Flags & kRead))
      return fsErr(Errno::BadF);
    size_t N = size_t(std::min<uint64_t>(A[1].Bits, 1u << 20));
    Value Buf = Value::bytes(std::string(N, '\0')); // read in place
    ssize_t Got;
    do
      Got = pread(D.E->HostFd, Buf.Str.data(), N, off_t(A[2].Bits));
    while (Got < 0 && errno == EINTR);
    if (Got < 0)
      return fsErr(lastErrno());
    Buf.Str.resize(size_t(Got));
    return ok(Value::tuple({std::move(Buf),
                            Value::boolean(N > 0 && size_t(Got) < N)}));
  });
  def("write", [](State &, Descriptor &D, Args A) {
    if (D.E->ReadOnly)
      return fsErr(Errno::RoFs);
    if (D.E->isDir())
      return fsErr(Errno::IsDir);
    if (!(D.Flags & kWrite))
      return fsErr(Errno::BadF);
    std::string Scratch;
    std::string_view B = A[1].byteView(Scratch);
    ssize_t W;
    do
      W = pwrite(D.E->HostFd, B.data(), B.size(), off_t(A[2].Bits));
    while (W < 0 && errno == EINTR);
    return W < 0 ? fsErr(lastErrno()) : ok(u64(uint64_t(W)));
  });
  def("read-directory", [](State &S, Descriptor &D, Args) {
    if (!D.E->isDir())
      return fsErr(Errno::NotDir);
    int H = openat(D.E->HostFd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (H < 0)
      return fsErr(lastErrno());
    DirStream DS;
    DS.D = fdopendir(H);
    if (!DS.D) {
      Errno E = lastErrno();
      close(H);
      return fsErr(E);
    }
    return ok(own(S.add(std::move(DS))));
  });
  def("stat", [](State &, Descriptor &D, Args) {
    struct stat St;
    if (fstat(D.E->HostFd, &St) != 0)
      return fsErr(lastErrno());
    return ok(statValue(St));
  });
  def("stat-at", [](State &S, Descriptor &D, Args A) {
    wasi::Resolved Rv;
    bool Trailing;
    P2_TRY(resolve(S, D, A[2].Str, A[1].flag(0), false, Rv, Trailing));
    struct stat St;
    P2_TRY(statName(Rv, St));
    if (Trailing && !S_ISDIR(St.st_mode))
      return fsErr(Errno::NotDir);
    return ok(statValue(St));
  });
  def("set-times-at", [](State &S, Descriptor &D, Args A) {
    struct timespec Ts[2];
    P2_TRY(toTimespec(A[3], Ts[0]));
    P2_TRY(toTimespec(A[4], Ts[1]));
    wasi::Resolved Rv;
    bool Trailing;
    P2_TRY(resolve(S, D, A[2].Str, A[1].flag(0), true, Rv, Trailing));
    return utimensat(Rv.ParentFd, Rv.Name.c_str(), Ts, AT_SYMLINK_NOFOLLOW) ==
                   0
               ? ok()
               : fsErr(lastErrno());
  });
  def("link-at", [Other](State &S, Descriptor &D, Args A) {
    Descriptor *N = Other(S, A[3]);
    if (!N)
      return fsErr(Errno::BadF);
    wasi::Resolved Ro, Rn;
    bool To, Tn;
    P2_TRY(resolve(S, D, A[2].Str, A[1].flag(0), true, Ro, To));
    P2_TRY(resolve(S, *N, A[4].Str, false, true, Rn, Tn));
    if (To || Tn)
      return fsErr(Errno::NotDir);
    return linkat(Ro.ParentFd, Ro.Name.c_str(), Rn.ParentFd, Rn.Name.c_str(),
                  0) == 0
               ? ok()
               : fsErr(lastErrno());
  });
  def("open-at", [](State &S, Descriptor &D, Args A) {
    return openAt(S, D, A[1].FlagWords.empty() ? 0 : A[1].FlagWords[0],
                  A[2].Str, A[3].FlagWords.empty() ? 0 : A[3].FlagWords[0],
                  A[4].FlagWords.empty() ? 0 : A[4].FlagWords[0]);
  });
  def("readlink-at", [](State &S, Descriptor &D, Args A) {
    wasi::Resolved Rv;
    bool Trailing;
    P2_TRY(resolve(S, D, A[1].Str, false, false, Rv, Trailing));
    char Tmp[PATH_MAX];
    ssize_t N = readlinkat(Rv.ParentFd, Rv.Name.c_str(), Tmp, sizeof(Tmp));
    if (N < 0)
      return fsErr(lastErrno());
    return ok(Value::string(std::string(Tmp, size_t(N))));
  });
  def("remove-directory-at", [](State &S, Descriptor &D, Args A) {
    wasi::Resolved Rv;
    bool Trailing;
    P2_TRY(resolve(S, D, A[1].Str, false, true, Rv, Trailing));
    if (unlinkat(Rv.ParentFd, Rv.Name.c_str(), AT_REMOVEDIR) == 0)
      return ok();
    return fsErr(errno == EEXIST ? Errno::NotEmpty : lastErrno());
  });
  def("rename-at", [Other](State &S, Descriptor &D, Args A) {
    Descriptor *N = Other(S, A[2]);
    if (!N)
      return fsErr(Errno::BadF);
    wasi::Resolved Ro, Rn;
    bool To, Tn;
    P2_TRY(resolve(S, D, A[1].Str, false, true, Ro, To));
    P2_TRY(resolve(S, *N, A[3].Str, false, true, Rn, Tn));
    if (To || Tn) {
      struct stat St;
      P2_TRY(statName(Ro, St));
      if (!S_ISDIR(St.st_mode))
        return fsErr(Errno::NotDir);
    }
    return renameat(Ro.ParentFd, Ro.Name.c_str(), Rn.ParentFd,
                    Rn.Name.c_str()) == 0
               ? ok()
               : fsErr(lastErrno());
  });
  def("symlink-at", [](State &S, Descriptor &D, Args A) {
    const std::string &Target = A[1].Str;
    // An absolute target could never resolve inside the sandbox.
    if (!Target.empty() && Target[0] == '/')
      return fsErr(Errno::NotCapable);
    if (Target.empty() || Target.find('\0') != std::string::npos)
      return fsErr(Errno::NoEnt);
    wasi::Resolved Rn;
    bool Trailing;
    P2_TRY(resolve(S, D, A[2].Str, false, true, Rn, Trailing));
    if (Trailing) {
      struct stat St;
      return fsErr(statName(Rn, St) == Errno::Success ? Errno::Exist
                                                      : Errno::NoEnt);
    }
    return symlinkat(Target.c_str(), Rn.ParentFd, Rn.Name.c_str()) == 0
               ? ok()
               : fsErr(lastErrno());
  });
  def("unlink-file-at", [](State &S, Descriptor &D, Args A) {
    wasi::Resolved Rv;
    bool Trailing;
    P2_TRY(resolve(S, D, A[1].Str, false, true, Rv, Trailing));
    if (Trailing) {
      struct stat St;
      P2_TRY(statName(Rv, St));
      return fsErr(S_ISDIR(St.st_mode) ? Errno::IsDir : Errno::NotDir);
    }
    return unlinkat(Rv.ParentFd, Rv.Name.c_str(), 0) == 0 ? ok()
                                                          : fsErr(lastErrno());
  });
  def("create-directory-at", [](State &S, Descriptor &D, Args A) {
    wasi::Resolved Rv;
    bool Trailing;
    P2_TRY(resolve(S, D, A[1].Str, false, true, Rv, Trailing));
    return mkdirat(Rv.ParentFd, Rv.Name.c_str(), 0777) == 0 ? ok()
                                                            : fsErr(lastErrno());
  });
  def("metadata-hash", [](State &, Descriptor &D, Args) {
    struct stat St;
    if (fstat(D.E->HostFd, &St) != 0)
      return fsErr(lastErrno());
    return ok(metadataHash(St));
  });
  def("metadata-hash-at", [](State &S, Descriptor &D, Args A) {
    wasi::Resolved Rv;
    bool Trailing;
    P2_TRY(resolve(S, D, A[2].Str, A[1].flag(0), false, Rv, Trailing));
    struct stat St;
    P2_TRY(statName(Rv, St));
    return ok(metadataHash(St));
  });
  L.defineFunc(name("filesystem/types", "[method]descriptor.is-same-object"),
               [S](Args A) -> Results {
                 Descriptor *X = S->get<Descriptor>(uint32_t(A[0].Bits));
                 Descriptor *Y = S->get<Descriptor>(uint32_t(A[1].Bits));
                 if (!X || !Y)
                   return badHandle("descriptor");
                 struct stat Sx, Sy;
                 bool Same = fstat(X->E->HostFd, &Sx) == 0 &&
                             fstat(Y->E->HostFd, &Sy) == 0 &&
                             Sx.st_dev == Sy.st_dev && Sx.st_ino == Sy.st_ino;
                 return one(Value::boolean(Same));
               });
  L.defineFunc(
      name("filesystem/types",
           "[method]directory-entry-stream.read-directory-entry"),
      [S](Args A) -> Results {
        DirStream *DS = S->get<DirStream>(uint32_t(A[0].Bits));
        if (!DS)
          return badHandle("directory-entry-stream");
        for (;;) {
          errno = 0;
          struct dirent *E = readdir(DS->D);
          if (!E)
            return one(errno ? fsErr(lastErrno()) : ok(none()));
          std::string N = E->d_name;
          if (N == "." || N == "..")
            continue;
          uint32_t T = 0;
          switch (E->d_type) {
          case DT_BLK: T = 1; break;
          case DT_CHR: T = 2; break;
          case DT_DIR: T = 3; break;
          case DT_FIFO: T = 4; break;
          case DT_LNK: T = 5; break;
          case DT_REG: T = 6; break;
          case DT_SOCK: T = 7; break;
          default: {
            struct stat St;
            if (fstatat(dirfd(DS->D), E->d_name, &St, AT_SYMLINK_NOFOLLOW) == 0)
              T = descriptorType(St.st_mode);
          }
          }
          return one(ok(some(Value::record(
              {Value::caseOf(Kind::Enum, T), Value::string(std::move(N))}))));
        }
      });
}

} // namespace wasmaot::runtime::component::p2
