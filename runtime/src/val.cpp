// Val conversions (to and from the ABI's 16-byte slots), printing of values,
// and Trap formatting.
#include "wasmaot/runtime/trap.h"
#include "wasmaot/runtime/val.h"

#include <fmt/format.h>

namespace wasmaot::runtime {

Val Val::fromV128(const V128 &V) {
  Val R;
  R.Type = ValType::V128;
  std::memcpy(&R.Lo, V.Bytes, 8);
  std::memcpy(&R.Hi, V.Bytes + 8, 8);
  return R;
}

V128 Val::v128() const {
  V128 V;
  std::memcpy(V.Bytes, &Lo, 8);
  std::memcpy(V.Bytes + 8, &Hi, 8);
  return V;
}

Val Val::zero(ValType T) {
  Val V;
  V.Type = T;
  return V;
}

Val Val::load(ValType T, const void *Slot16) {
  const auto *B = static_cast<const uint8_t *>(Slot16);
  Val V;
  V.Type = T;
  switch (T) {
  case ValType::I32:
  case ValType::F32: {
    uint32_t X;
    std::memcpy(&X, B, 4);
    V.Lo = X;
    break;
  }
  case ValType::I64:
  case ValType::F64:
    std::memcpy(&V.Lo, B, 8);
    break;
  case ValType::FuncRef:
  case ValType::ExternRef: {
    uintptr_t P;
    std::memcpy(&P, B, sizeof(P));
    V.Lo = P;
    break;
  }
  case ValType::V128:
    std::memcpy(&V.Lo, B, 8);
    std::memcpy(&V.Hi, B + 8, 8);
    break;
  }
  return V;
}

void Val::store(void *Slot16) const {
  auto *B = static_cast<uint8_t *>(Slot16);
  std::memset(B, 0, 16);
  switch (Type) {
  case ValType::I32:
  case ValType::F32: {
    uint32_t X = uint32_t(Lo);
    std::memcpy(B, &X, 4);
    break;
  }
  case ValType::I64:
  case ValType::F64:
    std::memcpy(B, &Lo, 8);
    break;
  case ValType::FuncRef:
  case ValType::ExternRef: {
    uintptr_t P = uintptr_t(Lo);
    std::memcpy(B, &P, sizeof(P));
    break;
  }
  case ValType::V128:
    std::memcpy(B, &Lo, 8);
    std::memcpy(B + 8, &Hi, 8);
    break;
  }
}

std::string Val::toString() const {
  switch (Type) {
  case ValType::I32: return fmt::format("i32:{}", uint32_t(Lo));
  case ValType::I64: return fmt::format("i64:{}", Lo);
  case ValType::F32: return fmt::format("f32:{}", f32());
  case ValType::F64: return fmt::format("f64:{}", f64());
  case ValType::V128: return fmt::format("v128:{:#018x}{:016x}", Hi, Lo);
  case ValType::FuncRef:
  case ValType::ExternRef:
    if (!Lo)
      return fmt::format("{}:null", frontend::valTypeName(Type));
    return fmt::format("{}:{:#x}", frontend::valTypeName(Type), Lo);
  }
  return "?";
}

std::string Trap::format() const {
  std::string S = "wasm trap: " + Message;
  for (size_t I = 0; I < Frames.size(); ++I) {
    const TrapFrame &F = Frames[I];
    std::string Name = F.FuncName.empty() ? fmt::format("<func {}>", F.FuncIndex)
                                          : F.FuncName;
    S += fmt::format("\n  #{} {}!{} (func {})", I, F.ModuleName, Name,
                     F.FuncIndex);
  }
  return S;
}

} // namespace wasmaot::runtime
