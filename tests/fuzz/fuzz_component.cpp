// libFuzzer target: read + validate arbitrary bytes as a component
// (frontend/component.h), and for a valid one print its WIT world
// (wit/from_component.h) and check that the text resolves again. Any crash,
// sanitizer report, hang or unbounded allocation is a bug; errors are
// expected (a world WIT cannot express is an Unsupported error). Seeds: the
// components the component-model testsuite assembles to (scripts/fuzz.sh
// component writes them with wast2cjson.mjs).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "wasmaot/frontend/component.h"
#include "wasmaot/wit/from_component.h"
#include "wasmaot/wit/wit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace wasmaot::frontend::component;
  ComponentReadOptions Opts;
  Opts.AllowUnsupported = (Size & 1) != 0; // cover both decoding paths
  auto C = readComponent(std::span<const uint8_t>(Data, Size), Opts);
  // Every error must carry a location inside (or at the end of) the input.
  if (!C && C.error().hasOffset() && C.error().Offset > Size)
    __builtin_trap();
  if (!C)
    return 0;
  for (const auto &D : C->Defs)
    (void)typeString(*C->Types, D.Type);
  wasmaot::wit::Resolve R;
  auto W = wasmaot::wit::worldFromComponent(R, *C);
  if (!W)
    return 0;
  std::string Text = wasmaot::wit::printWithDeps(R, R.world(*W).Pkg);
  wasmaot::wit::Resolve Again;
  if (!wasmaot::wit::resolveText(Again, "printed.wit", Text))
    __builtin_trap(); // the printed world must be valid WIT
  return 0;
}
