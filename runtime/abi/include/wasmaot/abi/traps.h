// Trap codes shared by codegen (which passes them to the trap builtin) and the
// runtime (which reports them). The list lives in traps.def.
#pragma once

#include <cstdint>

namespace wasmaot::abi {

enum class TrapCode : uint32_t {
#define WASM_TRAP(Name, Msg) Name,
#include "wasmaot/abi/traps.def"
};

inline const char *trapMessage(TrapCode C) {
  switch (C) {
#define WASM_TRAP(Name, Msg)                                                   \
  case TrapCode::Name:                                                         \
    return Msg;
#include "wasmaot/abi/traps.def"
  }
  return "unknown trap";
}

inline const char *trapName(TrapCode C) {
  switch (C) {
#define WASM_TRAP(Name, Msg)                                                   \
  case TrapCode::Name:                                                         \
    return #Name;
#include "wasmaot/abi/traps.def"
  }
  return "Unknown";
}

} // namespace wasmaot::abi
