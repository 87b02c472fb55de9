// Internals shared by the WASI preview1 host (runtime/src/wasi/*.cpp): the
// preview1 vocabulary (errno, rights, flags, struct layouts from the witx,
// checked against wasi-libc's api.h), the fd table (WasiCtx::State), guest
// memory access with bounds checks, and the glue that turns a C++ function
// `Errno f(Call &, uint32_t, uint64_t, ...)` into a Linker host function.
//
// Owns no syscalls except through the helpers declared here; each family
// (args/env/clocks/random, fd, path, poll, sock) lives in its own file and
// exposes one registerXxx(Registrar &).
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include "wasmaot/runtime/func.h"
#include "wasmaot/runtime/linker.h"
#include "wasmaot/runtime/wasi.h"

namespace wasmaot::runtime::wasi {

// ---- Vocabulary (wasi_snapshot_preview1 witx).

enum class Errno : uint16_t {
  Success = 0, TooBig = 1, Acces = 2, AddrInUse = 3, AddrNotAvail = 4,
  AfNoSupport = 5, Again = 6, Already = 7, BadF = 8, BadMsg = 9, Busy = 10,
  Canceled = 11, Child = 12, ConnAborted = 13, ConnRefused = 14,
  ConnReset = 15, DeadLk = 16, DestAddrReq = 17, Dom = 18, DQuot = 19,
  Exist = 20, Fault = 21, FBig = 22, HostUnreach = 23, IdRm = 24,
  IlSeq = 25, InProgress = 26, Intr = 27, Inval = 28, Io = 29, IsConn = 30,
  IsDir = 31, Loop = 32, MFile = 33, MLink = 34, MsgSize = 35,
  MultiHop = 36, NameTooLong = 37, NetDown = 38, NetReset = 39,
  NetUnreach = 40, NFile = 41, NoBufs = 42, NoDev = 43, NoEnt = 44,
  NoExec = 45, NoLck = 46, NoLink = 47, NoMem = 48, NoMsg = 49,
  NoProtoOpt = 50, NoSpc = 51, NoSys = 52, NotConn = 53, NotDir = 54,
  NotEmpty = 55, NotRecoverable = 56, NotSock = 57, NotSup = 58,
  NotTy = 59, NxIo = 60, Overflow = 61, OwnerDead = 62, Perm = 63,
  Pipe = 64, Proto = 65, ProtoNoSupport = 66, ProtoType = 67, Range = 68,
  RoFs = 69, SPipe = 70, Srch = 71, Stale = 72, TimedOut = 73,
  TxtBsy = 74, XDev = 75, NotCapable = 76,
};

/// A host errno value as a WASI errno (exact for every errno preview1 names;
/// anything else becomes EIO).
Errno fromHostErrno(int E);
/// fromHostErrno(errno).
Errno lastErrno();

using Rights = uint64_t;
namespace R {
inline constexpr Rights FdDatasync = 1ull << 0, FdRead = 1ull << 1,
                        FdSeek = 1ull << 2, FdFdstatSetFlags = 1ull << 3,
                        FdSync = 1ull << 4, FdTell = 1ull << 5,
                        FdWrite = 1ull << 6, FdAdvise = 1ull << 7,
                        FdAllocate = 1ull << 8,
                        PathCreateDirectory = 1ull << 9,
                        PathCreateFile = 1ull << 10,
                        PathLinkSource = 1ull << 11,
                        PathLinkTarget = 1ull << 12, PathOpen = 1ull << 13,
                        FdReaddir = 1ull << 14, PathReadlink = 1ull << 15,
                        PathRenameSource = 1ull << 16,
                        PathRenameTarget = 1ull << 17,
                        PathFilestatGet = 1ull << 18,
                        PathFilestatSetSize = 1ull << 19,
                        PathFilestatSetTimes = 1ull << 20,
                        FdFilestatGet = 1ull << 21,
                        FdFilestatSetSize = 1ull << 22,
                        FdFilestatSetTimes = 1ull << 23,
                        PathSymlink = 1ull << 24,
                        PathRemoveDirectory = 1ull << 25,
                        PathUnlinkFile = 1ull << 26,
                        PollFdReadwrite = 1ull << 27,
                        SockShutdown = 1ull << 28, SockAccept = 1ull << 29;
inline constexpr Rights All = (1ull << 30) - 1;
/// What a regular file (or stream) fd can do.
inline constexpr Rights File =
    FdDatasync | FdRead | FdSeek | FdFdstatSetFlags | FdSync | FdTell |
    FdWrite | FdAdvise | FdAllocate | FdFilestatGet | FdFilestatSetSize |
    FdFilestatSetTimes | PollFdReadwrite;
/// What a directory fd can do.
inline constexpr Rights Dir =
    FdFdstatSetFlags | FdSync | FdDatasync | PathCreateDirectory |
    PathCreateFile | PathLinkSource | PathLinkTarget | PathOpen | FdReaddir |
    PathReadlink | PathRenameSource | PathRenameTarget | PathFilestatGet |
    PathFilestatSetSize | PathFilestatSetTimes | FdFilestatGet |
    FdFilestatSetTimes | PathSymlink | PathRemoveDirectory | PathUnlinkFile;
/// The rights of path_* operations on a directory.
inline constexpr Rights PathAll =
    PathCreateDirectory | PathCreateFile | PathLinkSource | PathLinkTarget |
    PathOpen | PathReadlink | PathRenameSource | PathRenameTarget |
    PathFilestatGet | PathFilestatSetSize | PathFilestatSetTimes |
    PathSymlink | PathRemoveDirectory | PathUnlinkFile;
inline constexpr Rights Socket = FdRead | FdWrite | FdFdstatSetFlags |
                                 FdFilestatGet | PollFdReadwrite |
                                 SockShutdown | SockAccept;
/// Rights that imply opening the host file for writing. Not FdDatasync:
/// fdatasync works on a read-only fd, and every directory holds that right
/// (wasi-libc and the testsuite reopen "." with the directory's own rights).
inline constexpr Rights Writing = FdWrite | FdAllocate | FdFilestatSetSize;
} // namespace R

enum class FileType : uint8_t {
  Unknown = 0, BlockDevice = 1, CharacterDevice = 2, Directory = 3,
  RegularFile = 4, SocketDgram = 5, SocketStream = 6, SymbolicLink = 7,
};
/// The WASI file type of a host st_mode (and socket type for sockets).
FileType fileTypeOf(int HostFd, unsigned Mode);

namespace FdFlags {
inline constexpr uint16_t Append = 1, Dsync = 2, NonBlock = 4, Rsync = 8,
                          Sync = 16;
}
namespace OFlags {
inline constexpr uint16_t Creat = 1, Directory = 2, Excl = 4, Trunc = 8;
}
inline constexpr uint32_t kLookupSymlinkFollow = 1;
namespace FstFlags {
inline constexpr uint16_t Atim = 1, AtimNow = 2, Mtim = 4, MtimNow = 8;
}

// ---- The fd table.

struct FdEntry {
  int HostFd = -1; ///< owned: closed when the entry dies
  FileType Type = FileType::Unknown;
  Rights Base = 0, Inheriting = 0;
  bool ReadOnly = false; ///< beneath a read-only preopen
  /// One of the stdio streams the context was created with (not a file
  /// renumbered onto 0-2 later).
  bool Stdio = false;
  /// Set for preopened directories: the name fd_prestat_dir_name reports.
  std::optional<std::string> PreopenName;

  FdEntry() = default;
  FdEntry(const FdEntry &) = delete;
  FdEntry &operator=(const FdEntry &) = delete;
  ~FdEntry();
  bool isDir() const { return Type == FileType::Directory; }
  bool isSocket() const {
    return Type == FileType::SocketStream || Type == FileType::SocketDgram;
  }
};

} // namespace wasmaot::runtime::wasi

namespace wasmaot::runtime {

namespace wasi {
/// Whether openat2(2) works here (asked once per process).
bool kernelHasOpenat2();
} // namespace wasi

struct WasiCtx::State {
  std::vector<std::string> Args;
  std::vector<std::string> Env; ///< "K=V"
  bool AllowClocks = false, AllowRandom = false;
  bool InheritNetwork = false, AllowIpNameLookup = false; ///< WASI 0.2
  /// WasiConfig::ForcePathWalk. Whether the kernel has openat2 is asked
  /// at the first path lookup, not at creation: most guests open no path.
  bool ForcePathWalk = false;
  bool useOpenat2() const { return !ForcePathWalk && wasi::kernelHasOpenat2(); }
  std::optional<int32_t> ExitStatus;
  std::map<uint32_t, std::unique_ptr<wasi::FdEntry>> Fds;

  wasi::FdEntry *get(uint32_t Fd) {
    auto It = Fds.find(Fd);
    return It == Fds.end() ? nullptr : It->second.get();
  }
  /// The lowest free guest fd.
  uint32_t insert(std::unique_ptr<wasi::FdEntry> E);
};

} // namespace wasmaot::runtime

namespace wasmaot::runtime::wasi {

// ---- Guest memory: every access is bounds-checked against memory 0.

class GuestMem {
public:
  explicit GuestMem(std::span<uint8_t> B) : Bytes(B) {}
  /// [Ptr, Ptr + Len) lies inside the memory.
  bool ok(uint64_t Ptr, uint64_t Len) const {
    return Ptr <= Bytes.size() && Len <= Bytes.size() - Ptr;
  }
  /// The bytes at [Ptr, Ptr + Len), or null if out of range.
  uint8_t *at(uint64_t Ptr, uint64_t Len) const {
    return ok(Ptr, Len) ? Bytes.data() + Ptr : nullptr;
  }
  template <typename T> bool load(uint64_t Ptr, T &Out) const {
    uint8_t *P = at(Ptr, sizeof(T));
    if (P)
      std::memcpy(&Out, P, sizeof(T)); // wasm is little-endian, as is host
    return P != nullptr;
  }
  template <typename T> bool store(uint64_t Ptr, T V) const {
    uint8_t *P = at(Ptr, sizeof(T));
    if (P)
      std::memcpy(P, &V, sizeof(T));
    return P != nullptr;
  }
  size_t size() const { return Bytes.size(); }

private:
  std::span<uint8_t> Bytes;
};

/// One host call: the context, the caller's memory, and a trap to raise
/// instead of returning an errno (proc_exit, proc_raise).
struct Call {
  WasiCtx::State &Ctx;
  GuestMem Mem;
  std::optional<Trap> PendingTrap;
};

#define WASI_TRY(Expr)                                                         \
  do {                                                                         \
    if (::wasmaot::runtime::wasi::Errno E_ = (Expr);                           \
        E_ != ::wasmaot::runtime::wasi::Errno::Success)                        \
      return E_;                                                               \
  } while (0)

/// Gathers a guest iovec array (wasm32: {u32 buf, u32 len}, 8 bytes each)
/// into host iovecs pointing into guest memory. EFAULT if the array or any
/// buffer is out of range; at most IOV_MAX entries are used (a short
/// transfer is allowed).
Errno loadIovecs(const GuestMem &M, uint32_t Ptr, uint32_t Count,
                 std::vector<struct iovec> &Out);

/// The fd \p Fd if it exists (EBADF), is of the right kind (\p Dir: a
/// directory, else ENOTDIR; !Dir: not a directory, else EBADF; nullopt:
/// any), and holds \p Need (ENOTCAPABLE).
Errno lookupFd(Call &C, uint32_t Fd, Rights Need, std::optional<bool> Dir,
               FdEntry *&Out);

/// Reads a guest path (UTF-8, no NUL: EILSEQ) of [Ptr, Ptr + Len).
Errno loadPath(const GuestMem &M, uint32_t Ptr, uint32_t Len,
               std::string &Out);

/// Builds the 64-byte filestat from a host stat.
void storeFilestat(const GuestMem &M, uint32_t Ptr, const struct stat &St,
                   FileType T);

/// Converts WASI (atim, mtim, fstflags) to utimensat's timespecs; EINVAL on
/// contradictory or unknown flags.
Errno toTimespecs(uint64_t Atim, uint64_t Mtim, uint16_t Fst,
                  struct timespec Ts[2]);

// ---- Sandboxed path resolution (path_resolve.cpp).

/// A name inside a directory that lies beneath a preopen.
struct Resolved {
  int ParentFd = -1; ///< owned (O_PATH directory fd)
  std::string Name;  ///< one component, never "..", possibly "."
  bool TrailingSlash = false;
  Resolved() = default;
  Resolved(Resolved &&O) noexcept
      : ParentFd(std::exchange(O.ParentFd, -1)), Name(std::move(O.Name)),
        TrailingSlash(O.TrailingSlash) {}
  Resolved &operator=(Resolved &&) = delete;
  ~Resolved();
};

/// Resolves \p Path relative to directory \p Dir without ever leaving the
/// preopen it descends from: absolute paths, `..` above the start and
/// symlinks that lead out give ENOTCAPABLE, symlink loops ELOOP, magic
/// links (/proc) ELOOP. With \p Follow, a symlink in the final component is
/// resolved too (so Name is not a symlink unless it changed meanwhile);
/// callers pass Follow for a trailing slash where POSIX follows it.
Errno resolvePath(const WasiCtx::State &S, const FdEntry &Dir,
                  std::string_view Path, bool Follow, Resolved &Out);

/// Opens directory \p Path beneath \p RootFd (O_PATH|O_DIRECTORY), by
/// openat2(RESOLVE_BENEATH|RESOLVE_NO_MAGICLINKS) or the component walk.
Errno openDirBeneath(bool UseOpenat2, int RootFd, std::string_view Path,
                     int &OutFd);

/// Whether this kernel implements openat2 (probed once).

// ---- Registration.

/// Builds the one WASI preview 1 function named \p Wanted: the register*
/// functions below offer every function to add(), which makes only the one
/// asked for (defineWasi's Linker provider asks once per imported name).
class Registrar {
public:
  Registrar(Engine &E, WasiCtx &Ctx, std::string_view Wanted)
      : Eng(E), Ctx(Ctx), Wanted(Wanted) {}

  /// Offers `Name` as a function (As...) -> i32 errno.
  template <typename... As>
  void add(std::string_view Name, Errno (*Fn)(Call &, As...)) {
    if (Name != Wanted)
      return;
    WasiCtx::State *S = &Ctx.state();
    addRaw(Name, FuncType{{WasmTypeOf<As>::Type...}, {ValType::I32}},
           [S, Fn](Caller &Cl, std::span<const Val> A,
                   std::span<Val> Res) -> std::optional<Trap> {
             Call C{*S, GuestMem(Cl.memory0Bytes()), std::nullopt};
             Errno E = invoke(Fn, C, A, std::index_sequence_for<As...>{});
             if (C.PendingTrap)
               return std::move(C.PendingTrap);
             Res[0] = Val::fromI32(int32_t(E));
             return std::nullopt;
           });
  }
  /// Offers `Name` as a host function of type \p T.
  void addRaw(std::string_view Name, FuncType T, HostCallback Fn) {
    if (Name != Wanted)
      return;
    Result = Extern::func(Func::fromHost(
        std::make_shared<HostFunc>(Eng, std::move(T), std::move(Fn))));
  }
  WasiCtx &ctx() { return Ctx; }
  /// The function asked for, if some register* function offered it.
  std::optional<Extern> take() { return std::move(Result); }

private:
  template <typename... As, size_t... I>
  static Errno invoke(Errno (*Fn)(Call &, As...), Call &C,
                      [[maybe_unused]] std::span<const Val> A,
                      std::index_sequence<I...>) {
    return Fn(C, WasmTypeOf<As>::from(A[I])...);
  }
  Engine &Eng;
  WasiCtx &Ctx;
  std::string_view Wanted;
  std::optional<Extern> Result;
};

void registerProc(Registrar &R);  ///< args, environ, clocks, random, proc
void registerFd(Registrar &R);    ///< fd_*
void registerPath(Registrar &R);  ///< path_*
void registerPoll(Registrar &R);  ///< poll_oneoff
void registerSock(Registrar &R);  ///< sock_*

} // namespace wasmaot::runtime::wasi
