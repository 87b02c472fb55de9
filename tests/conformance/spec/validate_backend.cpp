// ValidateBackend: the frontend's reader and validator, nothing else (see
// backend.h). Execution entry points say so instead of pretending.
#include "backend.h"

#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::spec {

namespace {

Error cannotExecute(std::string_view What) {
  return Error{ErrorKind::Unsupported,
               Error::kNoOffset,
               fmt::format("the validate-only backend cannot {}", What),
               {}};
}

} // namespace

Status ValidateBackend::validate(std::span<const uint8_t> Bytes) {
  frontend::ReadOptions RO;
  RO.Features = Features;
  auto M = frontend::readModule(Bytes, RO);
  if (!M)
    return M.takeError();
  return frontend::validateModule(*M, Jobs);
}

Status ValidateBackend::instantiate(std::span<const uint8_t>,
                                    const std::optional<std::string> &,
                                    std::optional<ActionResult> &) {
  return cannotExecute("instantiate modules");
}

Status ValidateBackend::registerAs(const std::optional<std::string> &,
                                   const std::string &) {
  return cannotExecute("register modules");
}

Expected<ActionResult> ValidateBackend::perform(const Action &) {
  return cannotExecute("run actions");
}

} // namespace wasmaot::spec
