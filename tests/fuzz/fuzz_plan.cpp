// libFuzzer target: a valid component's instantiation plan
// (codegen/src/component_plan.cpp, what `wasmaot compile` runs before any
// LLVM) and `wasmaot compose` of the component with itself as the plug
// (frontend/compose.h). Errors are expected (Unsupported features, plugs
// that fit nothing); a crash, sanitizer report, hang, or a composition that
// does not validate (ErrorKind::Internal) is a bug. Seeds: the component
// target's (scripts/fuzz.sh plan).
#include <cstddef>
#include <cstdint>
#include <span>

#include "component_plan.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/compose.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace wasmaot::frontend::component;
  std::span<const uint8_t> Bytes(Data, Size);
  auto C = readComponent(Bytes);
  if (!C)
    return 0;
  auto P = wasmaot::codegen::planComponent(*C);
  (void)P;
  ComposeInput In{"fuzz.wasm", Bytes};
  size_t ErrIn = 0;
  auto R = compose(In, std::span<const ComposeInput>(&In, 1), ErrIn);
  if (!R && R.error().Kind == wasmaot::ErrorKind::Internal)
    __builtin_trap(); // the composition of valid inputs must validate
  return 0;
}
