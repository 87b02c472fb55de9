// `wasmaot wit COMPONENT.wasm` (wit_component.h): read and validate the
// component with the frontend, build its world with
// wit::worldFromComponent, print it with the canonical printer. The world's
// package is printed first, then every package whose interfaces it imports
// or exports, as nested `package ns:name { ... }` blocks, so the output
// resolves on its own (`wasmaot wit` on it gives the same text back).
#include "wit_component.h"

#include <cstdio>

#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/wit/from_component.h"
#include "wasmaot/wit/wit.h"

namespace wasmaot::cli {

int printComponentWit(const std::string &File, std::span<const uint8_t> Bytes,
                      bool Docs, bool Quiet) {
  frontend::component::ComponentReadOptions RO;
  RO.Jobs = 0;
  auto C = frontend::component::readComponent(Bytes, RO);
  if (!C) {
    printError(File, C.error());
    return exitCodeFor(C.error().Kind);
  }
  wit::Resolve R;
  auto W = wit::worldFromComponent(R, *C);
  if (!W) {
    printError(File, W.error());
    return exitCodeFor(W.error().Kind);
  }
  wit::PrintOptions PO;
  PO.Docs = Docs;
  std::string Text = wit::printWithDeps(R, R.world(*W).Pkg, PO);
  if (!Quiet)
    std::fputs(Text.c_str(), stdout);
  return kExitOk;
}

} // namespace wasmaot::cli
