// The Canonical ABI (design/mvp/CanonicalABI.md), host side: lifting core
// values and linear memory into component Values and lowering Values back,
// for every WIT type, with the three string encodings, realloc, spilling
// beyond the flattening limits, resource handle tables and every trap the
// ABI defines (invalid char, bad UTF-8/UTF-16, out-of-bounds or misaligned
// lists and strings, bad discriminants, dangling or double-dropped handles).
//
// This is the dynamic path: it walks the cabi::Type tree. It serves host
// functions with component types, dynamic calls from the host, and the
// component testsuite; compiled adapters specialise the same rules per type.
//
// Errors are values: an AbiContext records the first trap and every entry
// point returns it as an Outcome.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/runtime/component/value.h"
#include "wasmaot/runtime/trap.h"
#include "wasmaot/runtime/val.h"

namespace wasmaot::runtime::component {

/// The trap code of Canonical ABI violations; the message says which.
inline constexpr TrapCode kCanonicalAbiTrap = TrapCode::CanonicalAbi;

/// A Canonical ABI trap: "canonical ABI violation: <Reason>".
inline Trap canonicalAbiTrap(std::string_view Reason) {
  std::string M = abi::trapMessage(kCanonicalAbiTrap);
  M += ": ";
  M += Reason;
  return Trap{kCanonicalAbiTrap, std::move(M), {}, 0};
}

enum class StringEncoding : uint8_t { Utf8, Utf16, Latin1Utf16 };

const char *stringEncodingName(StringEncoding E);

/// One slot of a component instance's resource handle table.
struct Handle {
  uint32_t Resource = 0; ///< resource type id
  uint32_t Rep = 0;      ///< the representation (i32) the owner chose
  bool Own = true;
  uint32_t LendCount = 0; ///< outstanding borrows lent from this own handle
  uint64_t Scope = 0;     ///< borrow: the call it belongs to
};

/// A component instance's handle table (CanonicalABI.md `HandleTable`).
/// Index 0 is never valid, so a zeroed i32 is never a live handle.
class HandleTable {
public:
  uint32_t insert(Handle H);
  /// The live handle at \p I of resource type \p Resource, or null.
  Handle *get(uint32_t I, uint32_t Resource);
  /// The live handle at \p I of any type, or null.
  Handle *at(uint32_t I) {
    return I < Slots.size() && Slots[I] ? &*Slots[I] : nullptr;
  }
  /// Removes the handle at \p I; the caller checked it.
  Handle remove(uint32_t I);
  size_t liveCount() const { return Live; }
  /// Live borrow handles lowered into the call with scope \p Scope.
  size_t liveInScope(uint64_t Scope) const {
    size_t N = 0;
    for (const auto &S : Slots)
      N += S && !S->Own && S->Scope == Scope;
    return N;
  }

private:
  std::vector<std::optional<Handle>> Slots{std::nullopt};
  std::vector<uint32_t> Free;
  size_t Live = 0;
};

/// The host's handles to resources guests implement: a HandleTable whose
/// keys carry their slot's generation in the high 32 bits, so a key the
/// host kept after its handle went away (dropped, moved back into the
/// component) never names a later handle in the same slot.
class HostHandleTable {
public:
  uint64_t insert(Handle H) {
    uint32_t I = T.insert(H);
    if (I >= Gen.size())
      Gen.resize(I + 1, 1);
    return uint64_t(Gen[I]) << 32 | I;
  }
  Handle *get(uint64_t Key, uint32_t Resource) {
    return live(Key) ? T.get(uint32_t(Key), Resource) : nullptr;
  }
  Handle *at(uint64_t Key) { return live(Key) ? T.at(uint32_t(Key)) : nullptr; }
  /// Removes the live handle \p Key; the caller checked it.
  Handle remove(uint64_t Key) {
    ++Gen[uint32_t(Key)];
    return T.remove(uint32_t(Key));
  }
  size_t liveCount() const { return T.liveCount(); }

private:
  bool live(uint64_t Key) const {
    uint32_t I = uint32_t(Key);
    return I < Gen.size() && Gen[I] == uint32_t(Key >> 32);
  }
  HandleTable T;
  std::vector<uint32_t> Gen; ///< per slot; starts at 1, +1 per removal
};

/// State shared by one lift or lower: options, memory, realloc, handles.
struct AbiContext {
  StringEncoding Encoding = StringEncoding::Utf8;
  /// The current bytes of the options' memory (re-read after every realloc,
  /// which may grow it); unset when the options have no memory.
  std::function<std::span<uint8_t>()> Memory;
  /// realloc(old_ptr, old_size, align, new_size) -> new_ptr; unset when the
  /// options have none.
  std::function<Outcome<uint32_t>(uint32_t, uint32_t, uint32_t, uint32_t)>
      Realloc;
  /// The instance's handles (own/borrow values); null: none may appear.
  HandleTable *Handles = nullptr;
  /// The component instance the values go to or come from, and the
  /// instance implementing each resource type: a borrow lowered into the
  /// implementing instance is its rep, not a handle (lower_borrow).
  uint32_t Instance = ~0u;
  const std::vector<uint32_t> *ResourceOwners = nullptr;
  /// The host's handles to resources a guest implements, when the values
  /// cross between the host and this call (ComponentInstance::call, host
  /// functions): an own or borrow Value of such a type is then an index
  /// into this table, never a rep, so a handle the host gave away or
  /// dropped cannot be used again. Null between two guests. Values of
  /// resources the host implements are always the host's rep.
  HostHandleTable *HostHandles = nullptr;
  std::vector<uint64_t> HostLenders; ///< host own handles lent to this call
  std::vector<uint64_t> HostBorrows; ///< borrows the host got in this call
  /// Borrow handles lowered into this call (must be dropped before return).
  uint64_t CallScope = 0;
  uint32_t BorrowCount = 0;
  /// Own handles that lent a borrow for the duration of this call.
  std::vector<uint32_t> Lenders;

  /// The first trap; every operation after it is a no-op.
  std::optional<Trap> Failure;
  std::optional<Error> ErrorFailure; ///< a Value that does not fit the type

  bool failed() const { return Failure || ErrorFailure; }
  void trap(std::string Message);
  void error(std::string Message);
};

/// Lifts \p Flat core values into Values of \p Ts (lift_values): from the
/// flat values, or from the tuple they point to when more than \p MaxFlat.
Outcome<std::vector<Value>> liftValues(AbiContext &Cx, unsigned MaxFlat,
                                       std::span<const Val> Flat,
                                       const std::vector<cabi::TypeRef> &Ts);

/// Lowers \p Vs of \p Ts into core values (lower_values). Beyond \p MaxFlat
/// flat values they are stored as a tuple: at \p OutPtr when given (the
/// caller's out-parameter), else in memory from realloc; the one result is
/// then the pointer (or nothing for an out-parameter).
Outcome<std::vector<Val>> lowerValues(AbiContext &Cx, unsigned MaxFlat,
                                      const std::vector<Value> &Vs,
                                      const std::vector<cabi::TypeRef> &Ts,
                                      std::optional<uint32_t> OutPtr = {});

/// Single values, for tests and adapters.
Value load(AbiContext &Cx, uint32_t Ptr, const cabi::Type &T);
void store(AbiContext &Cx, const Value &V, const cabi::Type &T, uint32_t Ptr);

/// One own or borrow handle (\p T), lowered into or lifted from the
/// context's instance as lower_flat/lift_flat do (compiled adapters call
/// these); a failure is recorded in \p Cx.
uint32_t lowerHandleValue(AbiContext &Cx, const Value &V, const cabi::Type &T);
Value liftHandleValue(AbiContext &Cx, uint32_t I, const cabi::Type &T);

/// Checks at the end of a lifted call that every borrow handle lent to the
/// callee was dropped, and ends the loans of the caller's own handles
/// (releaseHostHandles included).
std::optional<Trap> finishCall(AbiContext &Cx);

/// Ends the call's loans of host handles and removes the borrows the host
/// was given for its duration; safe to call more than once.
void releaseHostHandles(AbiContext &Cx);

/// releaseHostHandles(Cx) however the call ends (early returns included).
struct HostHandleRelease {
  AbiContext &Cx;
  ~HostHandleRelease() { releaseHostHandles(Cx); }
};

} // namespace wasmaot::runtime::component
