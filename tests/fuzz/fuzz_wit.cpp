// libFuzzer target for the WIT library: arbitrary bytes as one .wit file are
// lexed, parsed and resolved; whatever resolves is printed (with its nested
// packages), resolved again and printed again, and the two prints must
// match. Any crash, sanitizer report, hang or round-trip mismatch is a bug;
// errors are fine.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "wasmaot/wit/wit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  using namespace wasmaot::wit;
  std::string_view Text(reinterpret_cast<const char *>(Data), Size);
  Resolve R;
  auto P = resolveText(R, "fuzz.wit", Text);
  if (!P)
    return 0;
  std::string A = printWithDeps(R, *P);
  Resolve R2;
  auto P2 = resolveText(R2, "printed.wit", A);
  if (!P2 || printWithDeps(R2, *P2) != A)
    std::abort(); // the printer's output must resolve to the same model
  return 0;
}
