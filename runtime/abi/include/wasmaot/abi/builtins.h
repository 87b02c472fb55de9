// The builtins table index enum (from builtins.def).
#pragma once

#include <cstdint>

namespace wasmaot::abi {

enum class Builtin : uint32_t {
#define WASM_BUILTIN(Name, Sig) Name,
#include "wasmaot/abi/builtins.def"
};

inline constexpr uint32_t kNumBuiltins = 0
#define WASM_BUILTIN(Name, Sig) +1
#include "wasmaot/abi/builtins.def"
    ;

inline constexpr const char *kBuiltinSigs[] = {
#define WASM_BUILTIN(Name, Sig) Sig,
#include "wasmaot/abi/builtins.def"
};

inline constexpr const char *kBuiltinNames[] = {
#define WASM_BUILTIN(Name, Sig) #Name,
#include "wasmaot/abi/builtins.def"
};

} // namespace wasmaot::abi
