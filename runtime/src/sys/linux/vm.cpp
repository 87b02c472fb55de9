// Linux virtual memory: address-space reservations for linear memories
// (PROT_NONE + MAP_NORESERVE, committed with mprotect, reset in place for
// the pooling allocator), anonymous in-memory files (memfd) for artifacts
// loaded from bytes, and sealed sparse memfds for copy-on-write memory
// images mapped MAP_PRIVATE over a reservation.
#include "../sys.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasmaot::runtime::sys {

size_t pageSize() {
  static const size_t Size = size_t(::sysconf(_SC_PAGESIZE));
  return Size;
}

uint8_t *reserve(uint64_t Bytes) {
  if (Bytes == 0)
    return nullptr;
  void *P = ::mmap(nullptr, Bytes, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return P == MAP_FAILED ? nullptr : static_cast<uint8_t *>(P);
}

bool commit(uint8_t *Base, uint64_t Bytes) {
  if (Bytes == 0)
    return true;
  return ::mprotect(Base, Bytes, PROT_READ | PROT_WRITE) == 0;
}

void release(uint8_t *Base, uint64_t Bytes) {
  if (Base && Bytes)
    ::munmap(Base, Bytes);
}

bool mapPrivateFile(uint8_t *At, uint64_t Bytes, int Fd) {
  if (Bytes == 0)
    return true;
  void *P = ::mmap(At, Bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED,
                   Fd, 0);
  return P != MAP_FAILED;
}

bool decommit(uint8_t *Base, uint64_t Bytes) {
  if (Bytes == 0)
    return true;
  // One call replaces anonymous pages, file mappings and protections alike;
  // MAP_FIXED keeps the range ours, so the reservation is never released.
  void *P = ::mmap(Base, Bytes, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  return P != MAP_FAILED;
}

bool discardPages(uint8_t *Base, uint64_t Bytes) {
  return Bytes == 0 || ::madvise(Base, Bytes, MADV_DONTNEED) == 0;
}

bool protectNone(uint8_t *Base, uint64_t Bytes) {
  return Bytes == 0 || ::mprotect(Base, Bytes, PROT_NONE) == 0;
}

bool zeroFill(uint8_t *Base, uint64_t Bytes) {
  if (Bytes == 0)
    return true;
  void *P = ::mmap(Base, Bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  return P != MAP_FAILED;
}

namespace {
Error ioError(const char *What) {
  return Error{ErrorKind::Io, Error::kNoOffset,
               std::string(What) + ": " + std::strerror(errno), {}};
}
} // namespace

Expected<int> sparseMemoryFile(uint64_t Size,
                               const std::vector<FilePart> &Parts) {
  int Fd = ::memfd_create("wasmaot-memory-image", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (Fd < 0)
    return ioError("cannot create a memory image");
  if (::ftruncate(Fd, off_t(Size)) != 0) {
    Error E = ioError("cannot size a memory image");
    ::close(Fd);
    return E;
  }
  for (const FilePart &P : Parts) {
    size_t Done = 0;
    while (Done < P.Size) {
      ssize_t N = ::pwrite(Fd, P.Bytes + Done, P.Size - Done,
                           off_t(P.Offset + Done));
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0) {
        Error E = ioError("cannot write a memory image");
        ::close(Fd);
        return E;
      }
      Done += size_t(N);
    }
  }
  // Nobody may change the image under the instances that map it.
  ::fcntl(Fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
  return Fd;
}

void closeFile(int Fd) {
  if (Fd >= 0)
    ::close(Fd);
}

Expected<int> memoryFile(const uint8_t *Bytes, size_t Size) {
  int Fd = ::memfd_create("wasmaot-artifact", MFD_CLOEXEC);
  if (Fd < 0)
    return makeError(ErrorKind::Io, Error::kNoOffset,
                     "cannot create an in-memory file: {}", std::strerror(errno));
  size_t Done = 0;
  while (Done < Size) {
    ssize_t N = ::write(Fd, Bytes + Done, Size - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      int E = errno;
      ::close(Fd);
      return makeError(ErrorKind::Io, Error::kNoOffset,
                       "cannot write an in-memory file: {}", std::strerror(E));
    }
    Done += size_t(N);
  }
  return Fd;
}

Expected<MappedFileView> mapFile(const std::string &Path) {
  auto Fail = [](const char *What) -> Error {
    return makeError(ErrorKind::Io, Error::kNoOffset, "{}: {}", What,
                     std::strerror(errno));
  };
  MappedFileView V;
  V.Fd = ::open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (V.Fd < 0)
    return Fail("cannot open");
  struct stat St;
  if (::fstat(V.Fd, &St) != 0) {
    Error E = Fail("cannot stat");
    ::close(V.Fd);
    return E;
  }
  if (!S_ISREG(St.st_mode)) {
    ::close(V.Fd);
    return makeError(ErrorKind::Io, Error::kNoOffset, "{}",
                     S_ISDIR(St.st_mode) ? "cannot read: is a directory"
                                         : "cannot map: not a regular file");
  }
  V.Size = size_t(St.st_size);
  if (V.Size == 0)
    return V;
  void *P = ::mmap(nullptr, V.Size, PROT_READ, MAP_PRIVATE | MAP_POPULATE,
                   V.Fd, 0);
  if (P == MAP_FAILED) {
    Error E = Fail("cannot map");
    ::close(V.Fd);
    return E;
  }
  V.Data = static_cast<const uint8_t *>(P);
  return V;
}

void unmapFile(MappedFileView &V) {
  if (V.Data)
    ::munmap(const_cast<uint8_t *>(V.Data), V.Size);
  if (V.Fd >= 0)
    ::close(V.Fd);
  V = {};
}

} // namespace wasmaot::runtime::sys
