// Component-level values as the host sees them: one Value type covering
// every WIT type (bool, s8..u64, f32, f64, char, string, list, record,
// tuple, variant, enum, option, result, flags, own and borrow handles).
// A Value carries no type: the cabi::Type it is lifted from, lowered to,
// printed or parsed with says how to read it.
//
// Lists of integers (list<u8>, list<s32>, ...) may be *packed*: the
// elements' little-endian bytes, exactly as the Canonical ABI lays them out
// in linear memory, held in `Str` instead of one Value each in `Items`, so
// that lifting or lowering a byte buffer is one bounds check and one memcpy
// (canonical.cpp) rather than one Value per byte. A packed list and the
// same elements unpacked are equal (operator==); code that reads lists of
// any type uses listSize()/elem(), or byteView() for the raw bytes.
//
//   Value::bytes("\x01\x02")  K = List, PackedElem = U8, Str = "\x01\x02"
//   Value::list({u(U8, 1), u(U8, 2)})   K = List, Items = [1, 2]
//
// Text form: WAVE-like (the WebAssembly Value Encoding used by wasm-tools):
//   true  -7  3.5  nan  'x'  "hi\n"  [1, 2]  (1, "a")  {a: 1, b: 2}
//   some(1)  none  ok(1)  err("e")  ok  circle(2.0)  red  {read, write}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/frontend/cabi.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::runtime::component {

namespace cabi = frontend::cabi;
using cabi::Kind;

struct Value {
  Kind K = Kind::Bool;
  /// A packed list's element kind (an integer kind, see isPackable), or
  /// Bool when the list is not packed (its elements are in Items).
  Kind PackedElem = Kind::Bool;
  /// bool (0/1), integers (sign-extended for s8..s64), f32/f64 bits, char
  /// code point, own/borrow handle index.
  uint64_t Bits = 0;
  /// Case index of variant/enum/option (0 none, 1 some)/result (0 ok, 1 err).
  uint32_t Case = 0;
  std::string Str; ///< string, as UTF-8; a packed list's element bytes
  /// list elements, record/tuple fields, the payload of a case (0 or 1).
  std::vector<Value> Items;
  /// flags: bit I of word I/32 is label I.
  std::vector<uint32_t> FlagWords;

  static Value boolean(bool B) { return scalar(Kind::Bool, B); }
  static Value s(Kind K, int64_t V) { return scalar(K, uint64_t(V)); }
  static Value u(Kind K, uint64_t V) { return scalar(K, V); }
  static Value f32(float F);
  static Value f64(double F);
  static Value character(uint32_t CodePoint) {
    return scalar(Kind::Char, CodePoint);
  }
  static Value string(std::string S) {
    Value V;
    V.K = Kind::String;
    V.Str = std::move(S);
    return V;
  }
  static Value list(std::vector<Value> Elems) {
    return aggregate(Kind::List, std::move(Elems));
  }
  /// A packed list of \p Elem (an integer kind) whose elements are the
  /// little-endian bytes \p Raw (a multiple of the element size).
  static Value packedList(Kind Elem, std::string Raw) {
    Value V;
    V.K = Kind::List;
    V.PackedElem = Elem;
    V.Str = std::move(Raw);
    return V;
  }
  /// A packed list<u8>.
  static Value bytes(std::string Raw) {
    return packedList(Kind::U8, std::move(Raw));
  }
  static Value bytes(const void *P, size_t N) {
    return bytes(std::string(static_cast<const char *>(P), N));
  }
  static Value record(std::vector<Value> Fields) {
    return aggregate(Kind::Record, std::move(Fields));
  }
  static Value tuple(std::vector<Value> Elems) {
    return aggregate(Kind::Tuple, std::move(Elems));
  }
  /// variant/enum/option/result case \p Case, with an optional payload.
  static Value caseOf(Kind K, uint32_t Case, std::vector<Value> Payload = {}) {
    Value V = aggregate(K, std::move(Payload));
    V.Case = Case;
    return V;
  }
  static Value flags(std::vector<uint32_t> Words) {
    Value V;
    V.K = Kind::Flags;
    V.FlagWords = std::move(Words);
    return V;
  }
  /// A handle: a rep, an index in a guest's table, or a key of the host's
  /// handle table (HostHandleTable, 64 bits).
  static Value handle(Kind OwnOrBorrow, uint64_t Index) {
    return scalar(OwnOrBorrow, Index);
  }

  int64_t asS64() const { return int64_t(Bits); }
  uint64_t asU64() const { return Bits; }
  float asF32() const;
  double asF64() const;
  bool flag(size_t I) const {
    return I / 32 < FlagWords.size() && (FlagWords[I / 32] >> (I % 32) & 1);
  }
  const Value *payload() const { return Items.empty() ? nullptr : &Items[0]; }

  /// Integer kinds, whose lists can be packed.
  static bool isPackable(Kind E) {
    return E == Kind::S8 || E == Kind::U8 || E == Kind::S16 ||
           E == Kind::U16 || E == Kind::S32 || E == Kind::U32 ||
           E == Kind::S64 || E == Kind::U64;
  }
  /// The byte size of a packable kind's element.
  static size_t packedSize(Kind E) {
    switch (E) {
    case Kind::S8: case Kind::U8: return 1;
    case Kind::S16: case Kind::U16: return 2;
    case Kind::S32: case Kind::U32: return 4;
    default: return 8;
    }
  }
  bool packed() const { return PackedElem != Kind::Bool; }
  /// The number of elements of a list, packed or not.
  size_t listSize() const {
    return packed() ? Str.size() / packedSize(PackedElem) : Items.size();
  }
  /// Element \p I of a list, packed or not (a copy).
  Value elem(size_t I) const;
  /// A list's elements as Values (unpacks a packed list).
  std::vector<Value> elems() const;
  /// The raw bytes of a packed list<u8>/list<s8>; for an unpacked list of
  /// u8/s8 the bytes are gathered into \p Scratch first.
  std::string_view byteView(std::string &Scratch) const;
  /// Packs an unpacked list whose elements are all of integer kind \p Elem
  /// (no-op otherwise).
  void pack(Kind Elem);

  friend bool operator==(const Value &A, const Value &B);

private:
  static Value scalar(Kind K, uint64_t Bits) {
    Value V;
    V.K = K;
    V.Bits = Bits;
    return V;
  }
  static Value aggregate(Kind K, std::vector<Value> Items) {
    Value V;
    V.K = K;
    V.Items = std::move(Items);
    return V;
  }
};

/// Checks that \p V has the shape of \p T (kinds, arity, case indices,
/// ranges, valid chars and UTF-8); the Error says where it differs.
Status checkValue(const Value &V, const cabi::Type &T);

/// The WAVE text of \p V read as \p T.
std::string formatValue(const Value &V, const cabi::Type &T);

/// Parses WAVE text as a value of \p T.
Expected<Value> parseValue(std::string_view Text, const cabi::Type &T);

/// Splits `name(args...)` into the name and the raw argument text.
Expected<std::pair<std::string, std::string>> splitCall(std::string_view Text);
/// Parses comma-separated arguments of types \p Ts.
Expected<std::vector<Value>> parseArgs(std::string_view ArgText,
                                       const std::vector<cabi::TypeRef> &Ts);

} // namespace wasmaot::runtime::component
