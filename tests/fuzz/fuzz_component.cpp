// libFuzzer target: read + validate arbitrary bytes as a component
// (frontend/component.h). Any crash, sanitizer report, hang or unbounded
// allocation is a bug; errors are expected. Seeds: the components the
// component-model testsuite assembles to (wast2cjson.mjs writes them).
#include <cstddef>
#include <cstdint>
#include <span>

#include "wasmaot/frontend/component.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace wasmaot::frontend::component;
  ComponentReadOptions Opts;
  Opts.AllowUnsupported = (Size & 1) != 0; // cover both decoding paths
  auto C = readComponent(std::span<const uint8_t>(Data, Size), Opts);
  // Every error must carry a location inside (or at the end of) the input.
  if (!C && C.error().hasOffset() && C.error().Offset > Size)
    __builtin_trap();
  if (C)
    for (const auto &D : C->Defs)
      (void)typeString(*C->Types, D.Type);
  return 0;
}
