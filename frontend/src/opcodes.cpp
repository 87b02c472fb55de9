// Lookups over the instruction table: by encoding (dense arrays built once
// from opcodes.def) and by text name.
#include "wasmaot/frontend/opcodes.h"
#include "wasmaot/frontend/features.h"

#include <array>

namespace wasmaot::frontend {

std::string_view featureName(Feature F) {
  switch (F) {
#define WASM_FEATURE(Name, Cli, InWasm2)                                       \
  case Feature::Name:                                                          \
    return Cli;
#include "wasmaot/frontend/features.def"
  }
  return "?";
}

namespace {

constexpr uint16_t kNone = 0xffff;
constexpr size_t kFcSize = 0x20;
constexpr size_t kFdSize = 0x120;

struct OpTables {
  std::array<uint16_t, 256> Single;
  std::array<uint16_t, kFcSize> Fc;
  std::array<uint16_t, kFdSize> Fd;
};

constexpr OpTables buildTables() {
  OpTables T{};
  T.Single.fill(kNone);
  T.Fc.fill(kNone);
  T.Fd.fill(kNone);
  for (unsigned I = 0; I < kNumOps; ++I) {
    const OpInfo &Info = kOpInfo[I];
    if (Info.Prefix == 0)
      T.Single[Info.Code] = uint16_t(I);
    else if (Info.Prefix == 0xfc)
      T.Fc[Info.Code] = uint16_t(I);
    else
      T.Fd[Info.Code] = uint16_t(I);
  }
  return T;
}

constexpr OpTables kTables = buildTables();

// Every row must land in a distinct slot; a duplicate encoding in the table
// would silently shadow an instruction.
constexpr bool tablesAreInjective() {
  unsigned Count = 0;
  for (uint16_t V : kTables.Single)
    Count += V != kNone;
  for (uint16_t V : kTables.Fc)
    Count += V != kNone;
  for (uint16_t V : kTables.Fd)
    Count += V != kNone;
  return Count == kNumOps;
}
static_assert(tablesAreInjective(), "duplicate encoding in opcodes.def");

} // namespace

std::optional<Op> lookupOp(uint8_t Prefix, uint32_t Code) {
  uint16_t V = kNone;
  if (Prefix == 0)
    V = Code < 256 ? kTables.Single[Code] : kNone;
  else if (Prefix == 0xfc)
    V = Code < kFcSize ? kTables.Fc[Code] : kNone;
  else if (Prefix == 0xfd)
    V = Code < kFdSize ? kTables.Fd[Code] : kNone;
  if (V == kNone)
    return std::nullopt;
  return Op(V);
}

std::optional<Op> lookupOpByName(std::string_view Text) {
  for (unsigned I = 0; I < kNumOps; ++I)
    if (kOpInfo[I].Text == Text)
      return Op(I);
  return std::nullopt;
}

} // namespace wasmaot::frontend
