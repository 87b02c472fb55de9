// The runtime's answer to "which artifact format do you load?". Kept out of
// line so that the answer comes from the library, not the caller's headers.
#include "wasmaot/runtime/version.h"

#include "wasmaot/abi/version.h"

namespace wasmaot::runtime {

uint32_t artifactFormatVersion() { return abi::kArtifactFormatVersion; }

} // namespace wasmaot::runtime
