// Matching what an action produced against what a script expects: exact
// bits for numbers, `nan:canonical` / `nan:arithmetic` patterns for floats
// (also per v128 lane), null or non-null for references.
#pragma once

#include <string>
#include <vector>

#include "backend.h"
#include "command.h"

namespace wasmaot::spec {

/// "" if \p Got matches \p Want, else a description of the mismatch.
std::string matchValue(const Value &Want, const RuntimeValue &Got);

/// "" if all results match, else what differs.
std::string matchResults(const std::vector<Value> &Want,
                         const std::vector<RuntimeValue> &Got);

/// A readable rendering of a runtime value, e.g. "i32:42", "f32:0x7fc00000".
std::string showValue(const RuntimeValue &V);
std::string showExpected(const Value &V);

} // namespace wasmaot::spec
