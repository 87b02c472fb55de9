// What this build of the runtime can load. The loader, instances, memories,
// traps and WASI arrive with the compiler (issue #3); until then the runtime
// library only answers which artifact format it speaks.
#pragma once

#include <cstdint>

namespace wasmaot::runtime {

/// The artifact format version (wasmaot::abi::kArtifactFormatVersion) this
/// runtime was built against. An out-of-line function, not the constant, so
/// a host linked against a prebuilt libwasmaot-runtime can ask the library
/// it actually loaded.
uint32_t artifactFormatVersion();

} // namespace wasmaot::runtime
