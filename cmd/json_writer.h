// A minimal streaming JSON writer for machine-readable CLI output
// (`wasmaot inspect --json`). It pretty-prints with two-space indentation and
// escapes strings per RFC 8259; the caller is responsible for well-formed
// nesting (asserted). No dependency beyond fmt, so cmd/ needs no JSON library.
#pragma once

#include "wasmaot/frontend/types.h"

#include <cassert>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace wasmaot::cli {

class JsonWriter {
public:
  void beginObject() { open('{'); }
  void endObject() { close('}'); }
  void beginArray() { open('['); }
  void endArray() { close(']'); }

  /// The key of the next member; only inside an object.
  JsonWriter &key(std::string_view K) {
    assert(!Stack.empty() && Stack.back().Close == '}' && !PendingKey);
    separate();
    string(K);
    Out += ": ";
    PendingKey = true;
    return *this;
  }

  void value(std::string_view S) {
    scalar([&] { string(S); });
  }
  void value(const char *S) { value(std::string_view(S)); }
  void value(bool B) {
    scalar([&] { Out += B ? "true" : "false"; });
  }
  void value(uint64_t V) {
    scalar([&] { Out += fmt::format("{}", V); });
  }
  void value(int64_t V) {
    scalar([&] { Out += fmt::format("{}", V); });
  }
  void value(uint32_t V) { value(uint64_t(V)); }
  void value(int V) { value(int64_t(V)); }
  void null() {
    scalar([&] { Out += "null"; });
  }

  /// The document so far; complete once every object and array is closed.
  const std::string &str() const {
    assert(Stack.empty());
    return Out;
  }

  static std::string escape(std::string_view S) {
    std::string Out;
    for (char C : S) {
      auto U = static_cast<unsigned char>(C);
      switch (C) {
      case '"':
        Out += "\\\"";
        break;
      case '\\':
        Out += "\\\\";
        break;
      case '\n':
        Out += "\\n";
        break;
      case '\r':
        Out += "\\r";
        break;
      case '\t':
        Out += "\\t";
        break;
      case '\b':
        Out += "\\b";
        break;
      case '\f':
        Out += "\\f";
        break;
      default:
        if (U < 0x20 || U == 0x7f)
          Out += fmt::format("\\u{:04x}", U);
        else
          Out += C;
      }
    }
    return Out;
  }

private:
  struct Level {
    char Close;
    bool Empty = true;
  };

  void string(std::string_view S) {
    Out += '"';
    Out += escape(S);
    Out += '"';
  }
  void newline() {
    Out += '\n';
    Out.append(2 * Stack.size(), ' ');
  }
  /// Comma and indentation before a new element, unless a key precedes it.
  void separate() {
    if (PendingKey) {
      PendingKey = false;
      return;
    }
    if (Stack.empty())
      return;
    if (!Stack.back().Empty)
      Out += ',';
    Stack.back().Empty = false;
    newline();
  }
  template <typename F> void scalar(F Write) {
    assert(Stack.empty() || Stack.back().Close == ']' || PendingKey);
    separate();
    Write();
  }
  void open(char C) {
    scalar([&] { Out += C; });
    Stack.push_back({C == '{' ? '}' : ']'});
  }
  void close(char C) {
    assert(!Stack.empty() && Stack.back().Close == C && !PendingKey);
    bool Empty = Stack.back().Empty;
    Stack.pop_back();
    if (!Empty)
      newline();
    Out += C;
  }

  std::string Out;
  std::vector<Level> Stack;
  bool PendingKey = false;
};

/// `"min", "max" (or null), "shared", "index_type"` of a table or memory:
/// one shape for modules and artifacts.
inline void jsonLimits(JsonWriter &J, const frontend::Limits &L) {
  J.key("min").value(L.Min);
  J.key("max");
  if (L.Max)
    J.value(*L.Max);
  else
    J.null();
  J.key("shared").value(L.Shared);
  J.key("index_type").value(L.Is64 ? "i64" : "i32");
}

} // namespace wasmaot::cli
