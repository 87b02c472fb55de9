// The spec-test script model: one Command per entry of the JSON command list
// that wabt's `wast2json` writes for a .wast file. Parsing only; what a
// command means is decided in script_runner.cpp and backend.h.
//
// JSON shape (wabt 1.0.32), for example:
//   {"type": "module", "line": 3, "name": "$M", "filename": "x.0.wasm"}
//   {"type": "assert_malformed", "line": 6, "filename": "x.4.wasm",
//    "text": "unexpected end", "module_type": "binary"}
//   {"type": "assert_return", "line": 9, "action": {"type": "invoke",
//    "module": "$M", "field": "f", "args": [{"type": "i32", "value": "1"}]},
//    "expected": [{"type": "v128", "lane_type": "i32", "value": ["0", ...]}]}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::spec {

// X(Enumerator, "json type"): every command type wast2json writes.
#define WASMAOT_SPEC_COMMANDS(X)                                               \
  X(Module, "module")                                                          \
  X(Register, "register")                                                      \
  X(Action, "action")                                                          \
  X(AssertReturn, "assert_return")                                             \
  X(AssertTrap, "assert_trap")                                                 \
  X(AssertExhaustion, "assert_exhaustion")                                     \
  X(AssertMalformed, "assert_malformed")                                       \
  X(AssertInvalid, "assert_invalid")                                           \
  X(AssertUnlinkable, "assert_unlinkable")                                     \
  X(AssertUninstantiable, "assert_uninstantiable")

enum class CommandType : uint8_t {
#define WASMAOT_X(Name, Json) Name,
  WASMAOT_SPEC_COMMANDS(WASMAOT_X)
#undef WASMAOT_X
};

std::string_view commandTypeName(CommandType T);
std::optional<CommandType> parseCommandType(std::string_view Json);

/// A value as written in the script: a type and decimal bit patterns as
/// strings, kept unconverted until a backend that executes needs them.
struct Value {
  std::string Type;     ///< i32 i64 f32 f64 v128 funcref externref (or either)
  std::string LaneType; ///< v128 only: i8 i16 i32 i64 f32 f64
  /// Scalars: one entry, or none when the script gives only the type. v128:
  /// one entry per lane. Floats may be "nan:canonical" / "nan:arithmetic",
  /// references "null".
  std::vector<std::string> Bits;
  /// Type "either" (newer wast2json): any of these is accepted.
  std::vector<Value> Either;
};

struct Action {
  enum class Kind : uint8_t { Invoke, Get };
  Kind K = Kind::Invoke;
  std::optional<std::string> Module; ///< a "$name"; unset: the current module
  std::string Field;
  std::vector<Value> Args;
};

struct Command {
  CommandType Type = CommandType::Module;
  uint32_t Line = 0;
  std::string Filename;            ///< module file, relative to the JSON
  std::string ModuleType;          ///< "binary" or "text" (assert_* modules)
  std::optional<std::string> Name; ///< module / register: "$name"
  std::string As;                  ///< register: the import module name
  std::string Text;                ///< assert_*: the expected message
  std::optional<Action> Act;       ///< action, assert_return/trap/exhaustion
  std::vector<Value> Results;      ///< expected results (action, assert_*)
};

struct Script {
  std::string SourceFilename;
  std::vector<Command> Commands;
};

/// Parses a wast2json command list. Structural problems (not JSON, missing
/// or mistyped fields, an unknown command type) are ErrorKind::Malformed
/// errors whose message names the command's line.
Expected<Script> parseScript(std::string_view Json);

} // namespace wasmaot::spec
