// Val: one WebAssembly value as the host sees it (spec 4.2.1) — a type tag
// plus its bits. Numbers are stored bit-exactly (an f32 NaN keeps its
// payload), funcref values are `abi::VMFuncRef*` (null is ref.null func),
// externref values are opaque host pointers (null is ref.null extern).
// Conversion to and from the ABI's 16-byte slots (ValRaw, VMGlobal) lives
// here and nowhere else.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>

#include "wasmaot/abi/vmctx.h"
#include "wasmaot/frontend/support/error.h"
#include "wasmaot/frontend/types.h"

namespace wasmaot::runtime {

using frontend::ExternKind;
using frontend::FuncType;
using frontend::GlobalType;
using frontend::Limits;
using frontend::MemoryType;
using frontend::TableType;
using frontend::ValType;

struct V128 {
  uint8_t Bytes[16] = {};
  friend bool operator==(const V128 &, const V128 &) = default;
};

class Val {
public:
  Val() = default; ///< i32 0

  static Val fromI32(int32_t V) { return bits(ValType::I32, uint32_t(V)); }
  static Val fromI64(int64_t V) { return bits(ValType::I64, uint64_t(V)); }
  static Val fromF32(float V) {
    uint32_t B;
    std::memcpy(&B, &V, 4);
    return bits(ValType::F32, B);
  }
  static Val fromF64(double V) {
    uint64_t B;
    std::memcpy(&B, &V, 8);
    return bits(ValType::F64, B);
  }
  static Val fromF32Bits(uint32_t B) { return bits(ValType::F32, B); }
  static Val fromF64Bits(uint64_t B) { return bits(ValType::F64, B); }
  static Val fromV128(const V128 &V);
  static Val fromFuncRef(const abi::VMFuncRef *F) {
    return ref(ValType::FuncRef, const_cast<abi::VMFuncRef *>(F));
  }
  static Val fromExternRef(void *P) { return ref(ValType::ExternRef, P); }
  /// ref.null of a reference type, or zero of a number/vector type.
  static Val zero(ValType T);

  ValType type() const { return Type; }
  int32_t i32() const { return int32_t(uint32_t(Lo)); }
  int64_t i64() const { return int64_t(Lo); }
  float f32() const {
    float F;
    uint32_t B = uint32_t(Lo);
    std::memcpy(&F, &B, 4);
    return F;
  }
  double f64() const {
    double D;
    std::memcpy(&D, &Lo, 8);
    return D;
  }
  uint32_t f32Bits() const { return uint32_t(Lo); }
  uint64_t f64Bits() const { return Lo; }
  V128 v128() const;
  void *ref() const { return reinterpret_cast<void *>(uintptr_t(Lo)); }
  const abi::VMFuncRef *funcRef() const {
    return static_cast<const abi::VMFuncRef *>(ref());
  }
  bool isNull() const { return frontend::isRefType(Type) && Lo == 0; }

  /// Reads a value of type \p T from a 16-byte slot (ValRaw or VMGlobal).
  static Val load(ValType T, const void *Slot16);
  /// Writes this value into a 16-byte slot, zeroing the unused bytes.
  void store(void *Slot16) const;

  /// "i32:3", "f32:1.5", "funcref:null", ... (the CLI's printing).
  std::string toString() const;

  /// Same type and the same bits.
  friend bool operator==(const Val &A, const Val &B) {
    return A.Type == B.Type && A.Lo == B.Lo && A.Hi == B.Hi;
  }

private:
  static Val bits(ValType T, uint64_t B) {
    Val V;
    V.Type = T;
    V.Lo = B;
    return V;
  }
  static Val ref(ValType T, void *P) {
    return bits(T, uint64_t(reinterpret_cast<uintptr_t>(P)));
  }

  ValType Type = ValType::I32;
  uint64_t Lo = 0, Hi = 0;
};

} // namespace wasmaot::runtime
