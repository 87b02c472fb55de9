// The artifact cache of `wasmaot run FILE.wasm`: compiled artifacts stored
// under $XDG_CACHE_HOME/wasmaot (else ~/.cache/wasmaot), one file per
// SHA-256 of (the module's bytes, codegen::compilerBuildId(), the ABI hash,
// the compile options), so a rebuilt compiler or other options never reuse a
// stale artifact. Bounded in size: after each store the least recently used
// entries beyond kCacheMaxBytes are removed. The directory must belong to the
// user and be writable by nobody else (artifacts are loaded as code); if it
// is not, or anything about it fails, compilation just happens in memory.
// Only built with the compiler.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/module.h"

namespace wasmaot::cli {

inline constexpr uint64_t kCacheMaxBytes = 512ull << 20;

/// The cache directory from the environment, or nullopt if neither
/// XDG_CACHE_HOME (absolute) nor HOME is set.
std::optional<std::string> artifactCacheDir();

/// SHA-256 of \p Bytes as 64 hex digits.
std::string sha256Hex(std::span<const uint8_t> Bytes);

struct CompileAndLoadOptions {
  codegen::CompileOptions Compile;
  bool UseCache = true;
  bool Verbose = false; ///< say on stderr what the cache did
};

/// Compiles \p M (validated, decoded from \p Wasm) and loads the artifact,
/// through the cache unless disabled. \p DisplayName names the module in
/// runtime messages.
Expected<std::shared_ptr<runtime::Module>>
compileAndLoad(runtime::Engine &E, std::span<const uint8_t> Wasm,
               const frontend::Module &M, const CompileAndLoadOptions &Opts,
               const std::string &DisplayName);

} // namespace wasmaot::cli
