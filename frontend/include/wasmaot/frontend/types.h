// The WebAssembly type vocabulary shared by every layer (spec 2.3): value,
// function, limits, table, memory and global types, and strong index types.
// Header-only so the runtime can use it without linking the frontend.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wasmaot::frontend {

/// Value types, numbered by their binary encoding (spec 5.3.1-5.3.4).
enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};

/// The pseudo type of an unknown operand in unreachable code (spec 3.3.1).
inline constexpr uint8_t kBottomTypeCode = 0x00;

inline bool isValTypeCode(uint8_t B) {
  switch (B) {
  case 0x7f: case 0x7e: case 0x7d: case 0x7c: case 0x7b: case 0x70: case 0x6f:
    return true;
  default:
    return false;
  }
}
inline bool isRefType(ValType T) {
  return T == ValType::FuncRef || T == ValType::ExternRef;
}
inline bool isNumType(ValType T) { return !isRefType(T) && T != ValType::V128; }

inline const char *valTypeName(ValType T) {
  switch (T) {
  case ValType::I32: return "i32";
  case ValType::I64: return "i64";
  case ValType::F32: return "f32";
  case ValType::F64: return "f64";
  case ValType::V128: return "v128";
  case ValType::FuncRef: return "funcref";
  case ValType::ExternRef: return "externref";
  }
  return "?";
}

/// Byte size of a value of type \p T in linear memory / a value slot.
inline unsigned valTypeSize(ValType T) {
  switch (T) {
  case ValType::I32: case ValType::F32: return 4;
  case ValType::I64: case ValType::F64: return 8;
  case ValType::V128: return 16;
  case ValType::FuncRef: case ValType::ExternRef: return sizeof(void *);
  }
  return 0;
}

struct FuncType {
  std::vector<ValType> Params;
  std::vector<ValType> Results;
  friend bool operator==(const FuncType &, const FuncType &) = default;
};

/// "[i32 i64] -> [f32]"
std::string funcTypeString(const FuncType &T);
std::string valTypesString(const std::vector<ValType> &Ts);

struct Limits {
  uint64_t Min = 0;
  std::optional<uint64_t> Max;
  bool Shared = false;
  bool Is64 = false;
  friend bool operator==(const Limits &, const Limits &) = default;
};

struct TableType {
  ValType Elem = ValType::FuncRef;
  Limits Lim;
  friend bool operator==(const TableType &, const TableType &) = default;
};

struct MemoryType {
  Limits Lim;
  friend bool operator==(const MemoryType &, const MemoryType &) = default;
};

struct GlobalType {
  ValType Type = ValType::I32;
  bool Mutable = false;
  friend bool operator==(const GlobalType &, const GlobalType &) = default;
};

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };

inline const char *externKindName(ExternKind K) {
  switch (K) {
  case ExternKind::Func: return "func";
  case ExternKind::Table: return "table";
  case ExternKind::Memory: return "memory";
  case ExternKind::Global: return "global";
  }
  return "?";
}

/// Strong index types: an index into one index space cannot be passed where
/// another is expected.
template <typename Tag> struct Idx {
  uint32_t V = 0;
  constexpr Idx() = default;
  constexpr explicit Idx(uint32_t V) : V(V) {}
  constexpr uint32_t operator*() const { return V; }
  friend constexpr bool operator==(Idx, Idx) = default;
  friend constexpr auto operator<=>(Idx, Idx) = default;
};
using TypeIdx = Idx<struct TypeTag>;
using FuncIdx = Idx<struct FuncTag>;
using TableIdx = Idx<struct TableTag>;
using MemIdx = Idx<struct MemTag>;
using GlobalIdx = Idx<struct GlobalTag>;
using ElemIdx = Idx<struct ElemTag>;
using DataIdx = Idx<struct DataTag>;
using LocalIdx = Idx<struct LocalTag>;

/// Wasm page size (spec 4.2.8).
inline constexpr uint64_t kPageSize = 65536;
/// Maximum number of pages of a 32-bit memory.
inline constexpr uint64_t kMaxPages32 = 65536;

} // namespace wasmaot::frontend
