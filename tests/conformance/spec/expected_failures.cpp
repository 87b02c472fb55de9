// Loading and matching the expected-failures list (see expected_failures.h).
#include "expected_failures.h"

#include <charconv>
#include <fstream>

namespace wasmaot::spec {

Expected<ExpectedFailures>
ExpectedFailures::load(const std::filesystem::path &File) {
  ExpectedFailures L;
  L.File = File;
  std::ifstream In(File);
  if (!In)
    return L;
  std::string Text;
  for (uint32_t ListLine = 1; std::getline(In, Text); ++ListLine) {
    size_t Start = Text.find_first_not_of(" \t\r");
    if (Start == std::string::npos || Text[Start] == '#')
      continue;
    size_t End = Text.find_first_of(" \t\r", Start);
    std::string Key = Text.substr(Start, End - Start);
    size_t Colon = Key.rfind(':');
    Entry E;
    E.ListLine = ListLine;
    bool Ok = Colon != std::string::npos && Colon > 0;
    if (Ok) {
      E.Script = Key.substr(0, Colon);
      const char *Last = Key.data() + Key.size();
      auto [Ptr, Ec] = std::from_chars(Key.data() + Colon + 1, Last, E.Line);
      Ok = Ec == std::errc() && Ptr == Last && E.Line != 0;
    }
    if (!Ok)
      return Error{ErrorKind::Malformed,
                   Error::kNoOffset,
                   fmt::format("{}:{}: expected `FILE.wast:LINE reason`, got "
                               "'{}'",
                               File.string(), ListLine, Text),
                   {}};
    if (End != std::string::npos)
      if (size_t R = Text.find_first_not_of(" \t", End); R != std::string::npos)
        E.Reason = Text.substr(R);
    L.Entries.push_back(std::move(E));
  }
  return L;
}

bool ExpectedFailures::namesScript(const Entry &E, const std::string &Script) {
  if (Script == E.Script)
    return true;
  return Script.size() > E.Script.size() && Script.ends_with(E.Script) &&
         Script[Script.size() - E.Script.size() - 1] == '/';
}

const ExpectedFailures::Entry *ExpectedFailures::find(const std::string &Script,
                                                      uint32_t Line) const {
  for (const Entry &E : Entries)
    if (E.Line == Line && namesScript(E, Script))
      return &E;
  return nullptr;
}

std::vector<const ExpectedFailures::Entry *>
ExpectedFailures::forScript(const std::string &Script) const {
  std::vector<const Entry *> Found;
  for (const Entry &E : Entries)
    if (namesScript(E, Script))
      Found.push_back(&E);
  return Found;
}

} // namespace wasmaot::spec
