// Semver compatibility of interface names (Explainer.md, "Import and
// Export Definitions"): what a linker may substitute for what. Header-only:
// the runtime's linker and the frontend's compose both use it, and the
// installed runtime carries no decoder code.
#pragma once

#include <string>
#include <string_view>

namespace wasmaot::frontend {

/// \p Name ("ns:pkg/iface@1.2.3#f") with its version reduced to what
/// semver says is compatible: "@1.2.3" -> "@1", "@0.2.3" -> "@0.2",
/// "@0.0.3" kept. Two names that give the same string are interchangeable
/// (what a linker may substitute). Names without a version are unchanged.
inline std::string semverCompatibleName(std::string_view Name) {
  size_t At = Name.find('@');
  if (At == std::string_view::npos)
    return std::string(Name);
  size_t End = Name.find_first_of("#/", At);
  std::string_view Ver = Name.substr(At + 1, End == std::string_view::npos
                                                  ? std::string_view::npos
                                                  : End - At - 1);
  size_t D1 = Ver.find('.');
  std::string_view Major = Ver.substr(0, D1);
  std::string Keep(Major);
  if (Major == "0" && D1 != std::string_view::npos) {
    size_t D2 = Ver.find('.', D1 + 1);
    std::string_view Minor = Ver.substr(D1 + 1, D2 == std::string_view::npos
                                                    ? std::string_view::npos
                                                    : D2 - D1 - 1);
    Keep += "." + std::string(Minor);
    if (Minor == "0")
      Keep = std::string(Ver);
  }
  return std::string(Name.substr(0, At + 1)) + Keep +
         (End == std::string_view::npos ? "" : std::string(Name.substr(End)));
}

} // namespace wasmaot::frontend
