// `wasmaot wit COMPONENT.wasm`: print the WIT world of a component binary
// (the conversion is wit/'s worldFromComponent; this file only reads the
// component and prints). Called by cmd_wit.cpp.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wasmaot::cli {

/// Reads and validates the component in \p Bytes and prints its world, with
/// every package it refers to, as canonical WIT (nothing if \p Quiet).
/// Returns the exit status; errors are printed as `FILE:0xOFF: error: ...`.
int printComponentWit(const std::string &File, std::span<const uint8_t> Bytes,
                      bool Docs, bool Quiet);

} // namespace wasmaot::cli
