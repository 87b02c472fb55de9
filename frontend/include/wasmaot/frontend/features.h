// Wasm feature flags as a small bit set. The list lives in features.def.
#pragma once

#include <cstdint>
#include <string_view>

namespace wasmaot::frontend {

enum class Feature : uint8_t {
#define WASM_FEATURE(Name, Cli, InWasm2) Name,
#include "wasmaot/frontend/features.def"
};

inline constexpr unsigned kNumFeatures = 0
#define WASM_FEATURE(Name, Cli, InWasm2) +1
#include "wasmaot/frontend/features.def"
    ;

std::string_view featureName(Feature F);

class FeatureSet {
public:
  constexpr FeatureSet() = default;
  constexpr explicit FeatureSet(uint64_t Bits) : Bits(Bits) {}

  /// Every feature of WebAssembly 2.0 (the default of every tool).
  static constexpr FeatureSet wasm2() {
    uint64_t B = 0;
#define WASM_FEATURE(Name, Cli, InWasm2)                                       \
  if (InWasm2)                                                                 \
    B |= uint64_t(1) << unsigned(Feature::Name);
#include "wasmaot/frontend/features.def"
    return FeatureSet(B);
  }

  /// What every tool reads by default: Wasm 2.0 and the Wasm 3.0 features
  /// real toolchains emit (extended constant expressions).
  static constexpr FeatureSet defaults() {
    return wasm2().with(Feature::ExtendedConst);
  }

  constexpr bool has(Feature F) const { return Bits >> unsigned(F) & 1; }
  constexpr FeatureSet with(Feature F) const {
    return FeatureSet(Bits | uint64_t(1) << unsigned(F));
  }
  constexpr FeatureSet without(Feature F) const {
    return FeatureSet(Bits & ~(uint64_t(1) << unsigned(F)));
  }
  constexpr uint64_t bits() const { return Bits; }
  friend constexpr bool operator==(FeatureSet A, FeatureSet B) = default;

private:
  uint64_t Bits = 0;
};

} // namespace wasmaot::frontend
