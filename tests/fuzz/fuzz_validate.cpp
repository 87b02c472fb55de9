// libFuzzer target: read + validate arbitrary bytes. Any crash, sanitizer
// report, hang or unbounded allocation is a bug; errors are expected.
// Build and run: see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <span>

#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace wasmaot::frontend;
  auto M = readModule(std::span<const uint8_t>(Data, Size));
  if (!M) {
    // Every error must carry a location inside (or at the end of) the input.
    if (M.error().hasOffset() && M.error().Offset > Size)
      __builtin_trap();
    return 0;
  }
  auto S = validateModule(*M);
  if (!S && S.error().hasOffset() && S.error().Offset > Size)
    __builtin_trap();
  return 0;
}
