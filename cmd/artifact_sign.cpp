// Key files and signing an artifact file in place (see artifact_sign.h).
#include "artifact_sign.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common.h"
#include "wasmaot/runtime/artifact_file.h"

namespace wasmaot::cli {

Expected<std::vector<uint8_t>> readSigningKey(const std::string &Path) {
  auto Key = readFileBytes(Path, 1 << 20);
  if (!Key)
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("cannot read the key file '{}': {}", Path,
                             Key.error().Message),
                 {}};
  if (Key->size() < kMinKeyBytes)
    return Error{ErrorKind::Io,
                 Error::kNoOffset,
                 fmt::format("the key file '{}' holds {} bytes; a key needs "
                             "at least {} (e.g. `head -c 32 /dev/urandom > "
                             "KEY`)",
                             Path, Key->size(), kMinKeyBytes),
                 {}};
  return Key;
}

Status signArtifactFile(const std::string &Path, std::span<const uint8_t> Key) {
  auto Bytes = readFileBytes(Path);
  if (!Bytes)
    return Bytes.takeError();
  std::vector<uint8_t> Signed = runtime::signArtifact(*Bytes, Key);
  std::string Tmp = Path + ".sign-XXXXXX";
  int Fd = ::mkstemp(Tmp.data());
  if (Fd < 0)
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("cannot write {}: {}", Path, std::strerror(errno)),
                 {}};
  size_t Done = 0;
  while (Done < Signed.size()) {
    ssize_t N = ::write(Fd, Signed.data() + Done, Signed.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    Done += size_t(N);
  }
  bool Ok = Done == Signed.size() && ::fchmod(Fd, 0755) == 0;
  Ok = ::close(Fd) == 0 && Ok;
  if (Ok && ::rename(Tmp.c_str(), Path.c_str()) == 0)
    return {};
  ::unlink(Tmp.c_str());
  return Error{ErrorKind::Io, Error::kNoOffset,
               fmt::format("cannot write {}", Path), {}};
}

} // namespace wasmaot::cli
