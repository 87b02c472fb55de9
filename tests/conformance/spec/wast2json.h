// Turning a .wast script into something the runner can read: wabt's
// `wast2json` (Debian package `wabt`), run as a child process into a private
// temporary directory, with the per-file flags recorded in the testsuite's
// summary.csv. Owns process spawning, temporary directories and the flag
// table; knows nothing about what the commands mean.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::spec {

/// A fresh directory under $TMPDIR (or /tmp), removed with everything in it
/// when the object dies.
class TempDir {
public:
  static Expected<TempDir> create(std::string_view Prefix);
  TempDir(TempDir &&Other) noexcept : Path(std::move(Other.Path)) {
    Other.Path.clear();
  }
  TempDir &operator=(TempDir &&) = delete;
  TempDir(const TempDir &) = delete;
  ~TempDir();
  const std::filesystem::path &path() const { return Path; }

private:
  explicit TempDir(std::filesystem::path P) : Path(std::move(P)) {}
  std::filesystem::path Path;
};

/// How the testsuite says a script converts (one row of summary.csv).
struct ConversionInfo {
  bool Converts = true;
  std::vector<std::string> Flags; ///< e.g. {"--enable-tail-call"}
  std::string KnownError;         ///< why it does not convert, if it doesn't
};

/// The per-file conversion facts of ../shared/testsuite/spec/summary.csv.
/// Looked up by the script's path relative to the directory that holds the
/// CSV (`wasm-2.0/core/address.wast`). Thread-safe.
class ConversionTable {
public:
  /// The facts for \p Wast, from the nearest summary.csv in one of its
  /// parent directories; nullopt if there is none or it has no row for it
  /// (then default flags are used).
  std::optional<ConversionInfo> lookup(const std::filesystem::path &Wast);

private:
  struct Table {
    std::filesystem::path Root;
    std::map<std::string, ConversionInfo> Rows; ///< by "dir/basename"
  };
  const Table *tableFor(const std::filesystem::path &Dir);
  static Table load(const std::filesystem::path &Csv);

  std::mutex Lock;
  std::map<std::filesystem::path, std::optional<Table>> Cache;
};

class Wast2Json {
public:
  /// Finds `wast2json` on PATH; the error says which package to install.
  static Expected<Wast2Json> find();

  /// Converts \p Wast into \p OutDir and returns the path of the JSON
  /// command list. A failure carries wast2json's own diagnostics.
  Expected<std::filesystem::path>
  convert(const std::filesystem::path &Wast,
          const std::filesystem::path &OutDir,
          const std::vector<std::string> &Flags) const;

  const std::filesystem::path &path() const { return Exe; }

private:
  explicit Wast2Json(std::filesystem::path Exe) : Exe(std::move(Exe)) {}
  std::filesystem::path Exe;
};

} // namespace wasmaot::spec
