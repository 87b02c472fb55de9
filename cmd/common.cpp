// Shared CLI helpers (see common.h). File reading uses POSIX calls so that
// every failure comes back as an Error with the system's reason, never an
// exception or a crash, whatever the path names (a directory, a FIFO, stdin).
#include "common.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace wasmaot::cli {

std::string exitCodeHelp(std::string_view FailedMeaning) {
  return fmt::format("Exit status:\n"
                     "  0  success\n"
                     "  1  {}\n"
                     "  2  usage error, or a file could not be read",
                     FailedMeaning);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define WASMAOT_CMD_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define WASMAOT_CMD_SANITIZED 1
#endif

int exitNow(int Code) {
#ifndef WASMAOT_CMD_SANITIZED
  std::fflush(nullptr);
  ::_exit(Code);
#endif
  return Code;
}

int exitCodeFor(ErrorKind K) {
  switch (K) {
  case ErrorKind::Io:
    return kExitUsage;
  case ErrorKind::Malformed:
  case ErrorKind::Invalid:
  case ErrorKind::Unsupported:
  case ErrorKind::Limit:
  case ErrorKind::Link:
  case ErrorKind::Internal:
    return kExitFailed;
  }
  return kExitFailed;
}

namespace {

Error ioError(std::string Message) {
  return Error{ErrorKind::Io, Error::kNoOffset, std::move(Message), {}};
}

Error tooLarge(uint64_t Size, uint64_t MaxSize, bool AtLeast) {
  return Error{ErrorKind::Limit,
               Error::kNoOffset,
               fmt::format("file is {}{} bytes, more than the limit of {} "
                           "bytes",
                           AtLeast ? "at least " : "", Size, MaxSize),
               {}};
}

/// Closes a file descriptor on every path out of readFileBytes.
struct FdCloser {
  int Fd;
  bool Owned;
  ~FdCloser() {
    if (Owned && Fd >= 0)
      ::close(Fd);
  }
};

Expected<std::vector<uint8_t>> readAll(int Fd, uint64_t SizeHint,
                                       uint64_t MaxSize) {
  // The hint comes from fstat and is already checked against MaxSize. Read
  // straight into the vector (no 64 KiB bounce buffer on the stack, whose
  // pages `wasmaot run hello.so` would fault in), one byte more than the
  // hint so that the common case ends with one short read.
  std::vector<uint8_t> Bytes(size_t(SizeHint) + 1);
  size_t Size = 0;
  for (;;) {
    if (Size == Bytes.size())
      Bytes.resize(std::min<uint64_t>(
          Bytes.size() < 32768 ? 65536 : Bytes.size() * 2, MaxSize + 1));
    ssize_t N = ::read(Fd, Bytes.data() + Size, Bytes.size() - Size);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return ioError(fmt::format("cannot read: {}", std::strerror(errno)));
    }
    if (N == 0) {
      Bytes.resize(Size);
      return Bytes;
    }
    if (Size + size_t(N) > MaxSize)
      return tooLarge(Size + size_t(N), MaxSize, /*AtLeast=*/true);
    Size += size_t(N);
  }
}

} // namespace

Expected<std::vector<uint8_t>> readFileBytes(const std::string &Path,
                                             uint64_t MaxSize) {
  bool IsStdin = Path == "-";
  int Fd = IsStdin ? STDIN_FILENO : ::open(Path.c_str(), O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return ioError(fmt::format("cannot open: {}", std::strerror(errno)));
  FdCloser Closer{Fd, !IsStdin};

  struct stat St;
  if (::fstat(Fd, &St) != 0)
    return ioError(fmt::format("cannot stat: {}", std::strerror(errno)));
  if (S_ISDIR(St.st_mode))
    return ioError("cannot read: is a directory");
  uint64_t Hint = 0;
  if (S_ISREG(St.st_mode)) {
    if (uint64_t(St.st_size) > MaxSize)
      return tooLarge(uint64_t(St.st_size), MaxSize, /*AtLeast=*/false);
    Hint = uint64_t(St.st_size);
  }
  return readAll(Fd, Hint, MaxSize);
}

FileKind sniffFileKind(std::span<const uint8_t> Bytes) {
  static constexpr uint8_t kWasmMagic[4] = {0x00, 0x61, 0x73, 0x6d};
  static constexpr uint8_t kCoreVersion[4] = {0x01, 0x00, 0x00, 0x00};
  // Component binaries: version 0x0d (pre-standard) in the low half, layer 1
  // in the high half (component-model Binary.md, "Component Definitions").
  static constexpr uint8_t kComponentLayer[2] = {0x01, 0x00};
  static constexpr uint8_t kElfMagic[4] = {0x7f, 'E', 'L', 'F'};

  auto StartsWith = [&](std::span<const uint8_t> Prefix, size_t At = 0) {
    return Bytes.size() >= At + Prefix.size() &&
           std::memcmp(Bytes.data() + At, Prefix.data(), Prefix.size()) == 0;
  };
  if (StartsWith(kWasmMagic)) {
    if (StartsWith(kCoreVersion, 4))
      return FileKind::CoreModule;
    if (StartsWith(kComponentLayer, 6))
      return FileKind::Component;
    return FileKind::Unknown;
  }
  if (StartsWith(kElfMagic))
    return FileKind::Elf;
  size_t I = 0;
  while (I < Bytes.size() && I < 4096 &&
         (Bytes[I] == ' ' || Bytes[I] == '\t' || Bytes[I] == '\n' ||
          Bytes[I] == '\r'))
    ++I;
  if (I < Bytes.size() &&
      (Bytes[I] == '(' ||
       (Bytes[I] == ';' && I + 1 < Bytes.size() && Bytes[I + 1] == ';')))
    return FileKind::WasmText;
  return FileKind::Unknown;
}

Expected<frontend::Module> readCoreModule(std::span<const uint8_t> Bytes,
                                          const frontend::ReadOptions &Opts) {
  FileKind Kind = sniffFileKind(Bytes);
  if (Kind == FileKind::Component)
    return Error{ErrorKind::Unsupported,
                 4,
                 "this is a WebAssembly component, and components are not "
                 "supported yet",
                 {"only core modules (binary version 1) can be read for now"}};

  auto M = frontend::readModule(Bytes, Opts);
  if (M)
    return M;
  Error E = M.takeError();
  switch (Kind) {
  case FileKind::WasmText:
    E.Notes.push_back("this looks like the WebAssembly text format; assemble "
                      "it into a binary first, e.g. with `wat2wasm`");
    break;
  case FileKind::Elf:
    E.Notes.push_back("this is an ELF file, not a WebAssembly module");
    break;
  case FileKind::CoreModule:
  case FileKind::Component:
  case FileKind::Unknown:
    break;
  }
  return E;
}

void printError(std::string_view File, const Error &E) {
  std::string Text = E.format(File);
  Text += '\n';
  std::fwrite(Text.data(), 1, Text.size(), stderr);
}

std::string quoteName(std::string_view S) {
  std::string Out = "\"";
  for (char C : S) {
    auto U = static_cast<unsigned char>(C);
    switch (C) {
    case '"':
      Out += "\\\"";
      break;
    case '\\':
      Out += "\\\\";
      break;
    case '\n':
      Out += "\\n";
      break;
    case '\t':
      Out += "\\t";
      break;
    case '\r':
      Out += "\\r";
      break;
    default:
      if (U < 0x20 || U == 0x7f)
        Out += fmt::format("\\x{:02x}", U);
      else
        Out += C;
    }
  }
  Out += '"';
  return Out;
}

} // namespace wasmaot::cli

namespace wasmaot::cli {

bool sameFile(const std::string &A, const std::string &B) {
  struct stat SA, SB;
  if (::stat(A.c_str(), &SA) == 0 && ::stat(B.c_str(), &SB) == 0)
    return SA.st_dev == SB.st_dev && SA.st_ino == SB.st_ino;
  std::error_code E1, E2;
  std::filesystem::path CA = std::filesystem::weakly_canonical(A, E1),
                        CB = std::filesystem::weakly_canonical(B, E2);
  return !E1 && !E2 && CA == CB;
}

Status writeFileAtomically(const std::string &Path,
                           std::span<const uint8_t> Bytes) {
  std::string Tmp = fmt::format("{}.tmp{}", Path, ::getpid());
  auto Fail = [&](const char *What) -> Status {
    int Err = errno;
    ::unlink(Tmp.c_str());
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("cannot {} '{}': {}", What, Path,
                             std::strerror(Err)),
                 {}};
  };
  int Fd = ::open(Tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (Fd < 0)
    return Fail("create");
  size_t Done = 0;
  while (Done < Bytes.size()) {
    ssize_t N = ::write(Fd, Bytes.data() + Done, Bytes.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0) {
      ::close(Fd);
      return Fail("write");
    }
    Done += size_t(N);
  }
  if (::close(Fd) != 0)
    return Fail("write");
  if (::rename(Tmp.c_str(), Path.c_str()) != 0)
    return Fail("write");
  return {};
}

} // namespace wasmaot::cli
