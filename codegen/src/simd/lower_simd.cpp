// Fixed-width SIMD (spec 4.4.3 vector instructions). Not compiled yet:
// every 0xfd instruction is refused as unsupported (issue #4).
#include "../lowerer.h"

namespace wasmaot::codegen {

Status FunctionLowerer::lowerSimd(const Instr &I) {
  return Error{ErrorKind::Unsupported, I.Offset,
               fmt::format("{} is not supported yet: SIMD is not compiled "
                           "yet",
                           frontend::opName(I.Opcode)),
               {}};
}

} // namespace wasmaot::codegen
