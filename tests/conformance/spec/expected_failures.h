// The conformance expected-failures list (tests/conformance/
// expected-failures.txt). It may only shrink: a listed case that now passes
// is reported as stale and fails the run until its line is removed.
//
// Format, one entry per line; blank lines and `#` comments are ignored:
//   address.wast:123 why it fails, and the issue that will fix it
// The script may also be named by a longer path suffix
// (`proposals/memory64/address.wast:12 ...`) where base names collide.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::spec {

class ExpectedFailures {
public:
  struct Entry {
    std::string Script; ///< base name or path suffix of the .wast
    uint32_t Line = 0;
    std::string Reason;
    uint32_t ListLine = 0; ///< line in the list file, for messages
  };

  /// Reads the list; a missing file is an empty list. A line that does not
  /// parse is an error naming it.
  static Expected<ExpectedFailures> load(const std::filesystem::path &File);

  /// The entry for a failure at \p Line of \p Script, or null.
  const Entry *find(const std::string &Script, uint32_t Line) const;

  /// Entries that name \p Script (to spot those that now pass).
  std::vector<const Entry *> forScript(const std::string &Script) const;

  const std::filesystem::path &file() const { return File; }

private:
  static bool namesScript(const Entry &E, const std::string &Script);
  std::filesystem::path File;
  std::vector<Entry> Entries;
};

} // namespace wasmaot::spec
