// Decoding a core module binary (spec 5) into a frontend::Module. The reader
// checks everything the binary grammar requires — including a structural pass
// over every function body — so any error it returns is ErrorKind::Malformed
// (or Limit/Unsupported); type checking is the validator's job.
#pragma once

#include <cstdint>
#include <span>

#include "wasmaot/frontend/features.h"
#include "wasmaot/frontend/module.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::frontend {

struct ReadOptions {
  FeatureSet Features = FeatureSet::defaults();
  /// Decode the `name` custom section (kept for diagnostics and backtraces).
  bool ReadNames = true;
};

/// True if \p Bytes start with the wasm magic and core module version 1.
bool isCoreModule(std::span<const uint8_t> Bytes);

Expected<Module> readModule(std::span<const uint8_t> Bytes,
                            const ReadOptions &Opts = {});

} // namespace wasmaot::frontend
