// WebAssembly values on the command line: parsing `wasmaot run --invoke`
// arguments by the parameter type of the export, and printing results as
// `TYPE:VALUE` (i32:-3, f32:1.5, f64:nan:0x8000000000000, funcref:null).
// Floats print exactly: the shortest decimal that reads back to the same
// bits, and NaNs with their payload.
#pragma once

#include <string>
#include <string_view>

#include "wasmaot/frontend/support/error.h"
#include "wasmaot/runtime/val.h"

namespace wasmaot::cli {

/// Parses \p Text as a value of type \p T:
///   i32, i64   decimal or 0x-hex, optionally signed; any value that fits in
///              the signed or the unsigned range (i32: -2^31 .. 2^32-1)
///   f32, f64   decimal, hex float (0x1.8p3), inf, -inf, nan, -nan,
///              nan:0xPAYLOAD (the mantissa bits of a NaN, non-zero)
///   funcref, externref   null
/// Errors (kind Invalid) say what was expected.
Expected<runtime::Val> parseVal(frontend::ValType T, std::string_view Text);

/// `TYPE:VALUE`, e.g. "i32:-1", "i64:42", "f32:0.1", "f32:-nan:0x400000",
/// "externref:null", "funcref:non-null". Integers print signed.
std::string formatVal(const runtime::Val &V);

} // namespace wasmaot::cli
