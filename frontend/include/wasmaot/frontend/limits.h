// Implementation limits (the JS API's, https://webassembly.github.io/spec/
// js-api/#limits). Exceeding one is an ErrorKind::Limit error, reported after
// the structural checks the spec requires, so a malformed binary is still
// reported as malformed.
#pragma once

#include <cstdint>

namespace wasmaot::frontend::limits {

inline constexpr uint32_t kMaxTypes = 1'000'000;
inline constexpr uint32_t kMaxFunctions = 1'000'000;
inline constexpr uint32_t kMaxImports = 100'000;
inline constexpr uint32_t kMaxExports = 100'000;
inline constexpr uint32_t kMaxGlobals = 1'000'000;
inline constexpr uint32_t kMaxDataSegments = 100'000;
inline constexpr uint32_t kMaxElemSegments = 10'000'000;
inline constexpr uint32_t kMaxTables = 100'000;
inline constexpr uint32_t kMaxMemories = 100;
inline constexpr uint32_t kMaxTableSize = 10'000'000;
inline constexpr uint32_t kMaxFunctionBodySize = 7'654'321;
inline constexpr uint32_t kMaxLocals = 50'000;
inline constexpr uint32_t kMaxParams = 1'000;
inline constexpr uint32_t kMaxResults = 1'000;
inline constexpr uint64_t kMaxModuleSize = 1'024ull * 1024 * 1024;
/// Deepest block nesting the validator accepts (our own limit: keeps the
/// control stack bounded for hostile input).
inline constexpr uint32_t kMaxBlockDepth = 100'000;

} // namespace wasmaot::frontend::limits
