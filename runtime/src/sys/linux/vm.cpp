// Linux virtual memory: address-space reservations for linear memories
// (PROT_NONE + MAP_NORESERVE, committed with mprotect) and anonymous
// in-memory files (memfd) for artifacts loaded from bytes.
#include "../sys.h"

#include <cerrno>
#include <cstring>
#include <sys/mman.h>
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

} // namespace wasmaot::runtime::sys
