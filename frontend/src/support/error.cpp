// Error formatting: `file:0xOFF: error: message` plus note lines.
#include "wasmaot/frontend/support/error.h"

namespace wasmaot {

const char *errorKindName(ErrorKind K) {
  switch (K) {
  case ErrorKind::Malformed: return "malformed";
  case ErrorKind::Invalid: return "invalid";
  case ErrorKind::Unsupported: return "unsupported";
  case ErrorKind::Limit: return "limit";
  case ErrorKind::Link: return "link";
  case ErrorKind::Io: return "io";
  case ErrorKind::Internal: return "internal";
  }
  return "?";
}

std::string Error::format(std::string_view File) const {
  std::string Out;
  if (hasOffset())
    Out = fmt::format("{}:{:#x}: error: {}", File, Offset, Message);
  else
    Out = fmt::format("{}: error: {}", File, Message);
  for (const std::string &N : Notes)
    Out += fmt::format("\n{}: note: {}", File, N);
  return Out;
}

} // namespace wasmaot
