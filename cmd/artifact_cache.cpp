// The artifact cache (see artifact_cache.h), keyed on SHA-256
// (frontend/support/sha256.h: a content hash that nobody can make collide on
// purpose, since a hit runs the cached code).
#include "artifact_cache.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "wasmaot/frontend/support/sha256.h"

namespace wasmaot::cli {

namespace fs = std::filesystem;

//===-- Helpers -----------------------------------------------------------===//

namespace {

using wasmaot::Sha256;

std::string hex(std::span<const uint8_t> B) {
  std::string S;
  for (uint8_t X : B)
    S += fmt::format("{:02x}", X);
  return S;
}

std::span<const uint8_t> bytesOf(std::string_view S) {
  return {reinterpret_cast<const uint8_t *>(S.data()), S.size()};
}

} // namespace

std::string sha256Hex(std::span<const uint8_t> Bytes) {
  Sha256 H;
  H.update(Bytes);
  return hex(H.finish());
}

//===-- The cache ---------------------------------------------------------===//

std::optional<std::string> artifactCacheDir() {
  // XDG Base Directory: a relative XDG_CACHE_HOME is to be ignored.
  if (const char *X = std::getenv("XDG_CACHE_HOME"); X && X[0] == '/')
    return (fs::path(X) / "wasmaot").string();
  if (const char *Home = std::getenv("HOME"); Home && Home[0])
    return (fs::path(Home) / ".cache" / "wasmaot").string();
  return std::nullopt;
}

namespace {

/// Creates \p Dir (mode 0700) if needed and checks that it is a directory
/// of ours that nobody else can write to.
bool usableCacheDir(const std::string &Dir) {
  std::error_code EC;
  fs::create_directories(fs::path(Dir).parent_path(), EC);
  if (::mkdir(Dir.c_str(), 0700) != 0 && errno != EEXIST)
    return false;
  struct stat St;
  if (::lstat(Dir.c_str(), &St) != 0 || !S_ISDIR(St.st_mode))
    return false;
  return St.st_uid == ::geteuid() && (St.st_mode & 022) == 0;
}

std::string cacheKey(std::span<const uint8_t> Wasm,
                     const codegen::CompileOptions &O) {
  Sha256 H;
  std::string Header = fmt::format(
      "wasmaot-artifact-cache-v1\n{}\n{:#x}\nO{} bounds={} target={} cpu={} "
      "strict-guard-loads={} epoch={} jobs-independent\n",
      codegen::compilerBuildId(), abi::abiHash(), O.OptLevel,
      O.Bounds == codegen::BoundsChecks::Guard ? "guard" : "explicit", O.Target,
      O.Cpu, O.StrictGuardLoads, O.EpochInterruption);
  H.update(bytesOf(Header));
  H.update(Wasm);
  return hex(H.finish());
}

/// Writes \p Bytes to \p Path atomically (temporary file + rename).
bool storeFile(const std::string &Dir, const std::string &Path,
               std::span<const uint8_t> Bytes) {
  std::string Tmp = fmt::format("{}/.tmp-{}-XXXXXX", Dir, ::getpid());
  int Fd = ::mkstemp(Tmp.data());
  if (Fd < 0)
    return false;
  size_t Done = 0;
  while (Done < Bytes.size()) {
    ssize_t N = ::write(Fd, Bytes.data() + Done, Bytes.size() - Done);
    if (N < 0 && errno == EINTR)
      continue;
    if (N <= 0)
      break;
    Done += size_t(N);
  }
  bool Ok = Done == Bytes.size() && ::fsync(Fd) == 0;
  Ok = ::close(Fd) == 0 && Ok;
  if (Ok && ::rename(Tmp.c_str(), Path.c_str()) == 0)
    return true;
  ::unlink(Tmp.c_str());
  return false;
}

/// Removes the least recently used artifacts until the cache holds at most
/// kCacheMaxBytes (and temporary files a crashed writer left, after a day).
void evict(const std::string &Dir) {
  struct Entry {
    fs::file_time_type Time;
    uint64_t Size;
    fs::path Path;
  };
  std::vector<Entry> Entries;
  uint64_t Total = 0;
  std::error_code EC;
  auto Now = fs::file_time_type::clock::now();
  for (const fs::directory_entry &D : fs::directory_iterator(Dir, EC)) {
    std::string Name = D.path().filename().string();
    std::error_code E2;
    if (!D.is_regular_file(E2))
      continue;
    auto Time = D.last_write_time(E2);
    uint64_t Size = D.file_size(E2);
    if (E2)
      continue;
    if (Name.starts_with(".tmp-")) {
      if (Now - Time > std::chrono::hours(24))
        fs::remove(D.path(), E2);
      continue;
    }
    if (!Name.ends_with(".so"))
      continue;
    Entries.push_back({Time, Size, D.path()});
    Total += Size;
  }
  if (Total <= kCacheMaxBytes)
    return;
  std::sort(Entries.begin(), Entries.end(),
            [](const Entry &A, const Entry &B) { return A.Time < B.Time; });
  for (const Entry &E : Entries) {
    if (Total <= kCacheMaxBytes)
      break;
    if (fs::remove(E.Path, EC))
      Total -= E.Size;
  }
}

void note(bool Verbose, const std::string &Text) {
  if (Verbose)
    fmt::print(stderr, "wasmaot: {}\n", Text);
}

} // namespace

Expected<std::shared_ptr<runtime::Module>>
compileAndLoad(runtime::Engine &E, std::span<const uint8_t> Wasm,
               const frontend::Module &M, const CompileAndLoadOptions &Opts,
               const std::string &DisplayName) {
  std::optional<std::string> Dir;
  if (Opts.UseCache) {
    Dir = artifactCacheDir();
    if (Dir && !usableCacheDir(*Dir)) {
      note(Opts.Verbose, fmt::format("cache directory {} is not usable (it "
                                     "must be a directory of yours that "
                                     "nobody else can write); not caching",
                                     *Dir));
      Dir.reset();
    }
  }
  std::string Path;
  if (Dir) {
    Path = fmt::format("{}/{}.so", *Dir, cacheKey(Wasm, Opts.Compile));
    if (::access(Path.c_str(), F_OK) == 0) {
      auto Loaded = runtime::Module::load(E, Path);
      if (Loaded) {
        ::utimensat(AT_FDCWD, Path.c_str(), nullptr, 0); // most recently used
        note(Opts.Verbose, "cache hit: " + Path);
        return Loaded;
      }
      note(Opts.Verbose, fmt::format("dropping unusable cache entry {}: {}",
                                     Path, Loaded.error().Message));
      ::unlink(Path.c_str());
    }
  }
  auto Start = std::chrono::steady_clock::now();
  auto So = codegen::compileModule(M, Opts.Compile);
  if (!So)
    return So.takeError();
  std::chrono::duration<double> Took = std::chrono::steady_clock::now() - Start;
  note(Opts.Verbose, fmt::format("compiled {} in {:.3f} s ({} bytes)",
                                 DisplayName, Took.count(), So->size()));
  if (Dir) {
    if (storeFile(*Dir, Path, *So)) {
      note(Opts.Verbose, "cached as " + Path);
      evict(*Dir);
    } else {
      note(Opts.Verbose, "could not write the cache entry " + Path);
    }
  }
  return runtime::Module::loadBytes(E, *So, DisplayName);
}

} // namespace wasmaot::cli
