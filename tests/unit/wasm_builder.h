// A tiny binary-module builder for unit tests: enough to write sections by
// hand without a text assembler.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace wasmaot::test {

using Bytes = std::vector<uint8_t>;

inline void appendU32(Bytes &B, uint64_t V) {
  do {
    uint8_t Byte = V & 0x7f;
    V >>= 7;
    if (V)
      Byte |= 0x80;
    B.push_back(Byte);
  } while (V);
}

inline void appendName(Bytes &B, std::string_view S) {
  appendU32(B, S.size());
  B.insert(B.end(), S.begin(), S.end());
}

inline Bytes cat(std::initializer_list<Bytes> Parts) {
  Bytes Out;
  for (const Bytes &P : Parts)
    Out.insert(Out.end(), P.begin(), P.end());
  return Out;
}

/// A section: id, size, contents.
inline Bytes section(uint8_t Id, const Bytes &Contents) {
  Bytes B{Id};
  appendU32(B, Contents.size());
  B.insert(B.end(), Contents.begin(), Contents.end());
  return B;
}

/// A vector: count, then the concatenated items.
inline Bytes vec(std::initializer_list<Bytes> Items) {
  Bytes B;
  appendU32(B, Items.size());
  for (const Bytes &I : Items)
    B.insert(B.end(), I.begin(), I.end());
  return B;
}

inline Bytes header() { return {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00}; }

/// A module with one function type, one function with that type and the
/// given body (locals vector + instructions + end), exported as "f".
inline Bytes oneFunc(const Bytes &FuncType, const Bytes &Body) {
  Bytes Entry;
  appendU32(Entry, Body.size());
  Entry.insert(Entry.end(), Body.begin(), Body.end());
  Bytes Export;
  appendName(Export, "f");
  Export.push_back(0x00);
  Export.push_back(0x00);
  return cat({header(), section(1, vec({FuncType})), section(3, vec({{0x00}})),
              section(7, vec({Export})), section(10, vec({Entry}))});
}

} // namespace wasmaot::test
