// The artifact cache (see artifact_cache.h) and the SHA-256 it keys on
// (FIPS 180-4; a content hash that nobody can make collide on purpose, since
// a hit runs the cached code).
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

namespace wasmaot::cli {

namespace fs = std::filesystem;

//===-- SHA-256 -----------------------------------------------------------===//

namespace {

class Sha256 {
public:
  void update(std::span<const uint8_t> D) {
    for (uint8_t B : D) {
      Block[Fill++] = B;
      if (Fill == 64) {
        compress();
        Fill = 0;
      }
    }
    Length += D.size();
  }
  std::array<uint8_t, 32> finish() {
    uint64_t Bits = Length * 8;
    uint8_t Pad = 0x80;
    update({&Pad, 1});
    uint8_t Zero = 0;
    while (Fill != 56)
      update({&Zero, 1});
    uint8_t Len[8];
    for (int I = 0; I < 8; ++I)
      Len[I] = uint8_t(Bits >> (56 - 8 * I));
    update({Len, 8});
    std::array<uint8_t, 32> Out;
    for (int I = 0; I < 8; ++I)
      for (int J = 0; J < 4; ++J)
        Out[4 * I + J] = uint8_t(H[I] >> (24 - 8 * J));
    return Out;
  }

private:
  static uint32_t rotr(uint32_t X, int N) { return (X >> N) | (X << (32 - N)); }
  void compress() {
    static constexpr uint32_t K[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
        0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
        0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
        0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
        0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
        0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    uint32_t W[64];
    for (int I = 0; I < 16; ++I)
      W[I] = uint32_t(Block[4 * I]) << 24 | uint32_t(Block[4 * I + 1]) << 16 |
             uint32_t(Block[4 * I + 2]) << 8 | uint32_t(Block[4 * I + 3]);
    for (int I = 16; I < 64; ++I) {
      uint32_t S0 = rotr(W[I - 15], 7) ^ rotr(W[I - 15], 18) ^ (W[I - 15] >> 3);
      uint32_t S1 = rotr(W[I - 2], 17) ^ rotr(W[I - 2], 19) ^ (W[I - 2] >> 10);
      W[I] = W[I - 16] + S0 + W[I - 7] + S1;
    }
    uint32_t A = H[0], B = H[1], C = H[2], D = H[3], E = H[4], F = H[5],
             G = H[6], Hh = H[7];
    for (int I = 0; I < 64; ++I) {
      uint32_t S1 = rotr(E, 6) ^ rotr(E, 11) ^ rotr(E, 25);
      uint32_t Ch = (E & F) ^ (~E & G);
      uint32_t T1 = Hh + S1 + Ch + K[I] + W[I];
      uint32_t S0 = rotr(A, 2) ^ rotr(A, 13) ^ rotr(A, 22);
      uint32_t Maj = (A & B) ^ (A & C) ^ (B & C);
      uint32_t T2 = S0 + Maj;
      Hh = G;
      G = F;
      F = E;
      E = D + T1;
      D = C;
      C = B;
      B = A;
      A = T1 + T2;
    }
    H[0] += A, H[1] += B, H[2] += C, H[3] += D;
    H[4] += E, H[5] += F, H[6] += G, H[7] += Hh;
  }

  uint32_t H[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  uint8_t Block[64] = {};
  unsigned Fill = 0;
  uint64_t Length = 0;
};

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
