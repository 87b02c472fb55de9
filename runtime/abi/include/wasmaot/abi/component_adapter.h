// Compiled Canonical ABI adapters: the contract between the lift code that
// codegen generates per exported function type (codegen/src/
// component_adapters.cpp) and the runtime that calls it (runtime/src/
// component/adapter.cpp).
//
// An adapter moves a call's values between the HOST LAYOUT and the guest:
// it lowers the arguments into the guest (flat core values, or a realloc'd
// spill area), calls the core function, lifts the results back into host
// layout, validates them as CanonicalABI.md says (bool, char, UTF-8,
// discriminants, alignment and bounds) and calls post-return. No type
// descriptor is read at run time: each adapter is specialised for its type.
//
// Host layout of a WIT type: the Canonical ABI's memory layout (same sizes,
// alignments, discriminant widths and field order: cabi.h), except that a
// string or a variable-length list is two u64s pointing into HOST memory:
//
//   string     +0 u64 ptr  (UTF-8 bytes)     +8 u64 length in bytes
//   list<T>    +0 u64 ptr  (elements, each T in host layout, host stride)
//              +8 u64 length in elements
//
// so a string is 16 bytes aligned 8, and every aggregate holding one grows
// accordingly. A function's parameters (and its results) are laid out as a
// host-layout tuple: HostArgs and HostResults below.
//
// Calling an adapter (it has the shape of abi::ArrayCallFn, so the runtime
// enters it like any wasm code, under a trap activation):
//
//   void adapter(AdapterEnv *Env, const uint8_t *HostArgs,
//                uint8_t *HostResults, void *Unused)
//
// Host memory for lifted strings and lists comes from Env->Alloc (the
// caller's arena); a Canonical ABI violation calls Env->Trap, which never
// returns. UTF-8 strings are copied and checked by the adapter; UTF-16 and
// latin1+utf16 ones are transcoded by the runtime (Env->LiftString,
// Env->LowerString). Resource handles (own/borrow) are a u64 in host
// layout (a key of the instance's host handle table, or the host's rep for
// a resource the host implements); the adapter passes each to the runtime,
// which keeps the handle tables (Env->LowerHandle, Env->LiftHandle), and,
// for a function whose type has handles, calls Env->FinishCall after the
// results are lifted and before post-return (borrows lent to the callee
// must be gone). ComponentMeta's Lift::Adapter says which Lifts have an
// adapter.
//
// LOWER adapters serve a `canon lower` (an import the guest calls, or a
// lift of another component instance): they run the other way round. The
// runtime's host function for the lowered import enters one with the core
// arguments in a ValRaw array (abi/vmctx.h):
//
//   void lower_adapter(AdapterEnv *Env, ValRaw *Flat, void *, void *)
//
// It lifts the guest's arguments (flat, or the spilled tuple at Flat[0])
// into a host-layout tuple on its stack, calls Env->CallHost with it and a
// results tuple, lowers the results into the guest (the flat result into
// Flat[0], or the tuple stored at the out-pointer argument), and calls
// Env->FinishCall when the type has handles. Lower::Adapter numbers lower
// adapters after the Lifts' in the same table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "wasmaot/abi/vmctx.h"
#include "wasmaot/frontend/cabi.h"

namespace wasmaot::abi::component {

/// `void* wasmaot_adapters[]`: the adapters of a component artifact, by
/// Lift::Adapter. Present only when some Lift has one.
inline constexpr const char *kSymAdapters = "wasmaot_adapters";

/// Why an adapter traps (the runtime writes the message, as the dynamic
/// path does).
enum class AdapterTrap : uint32_t {
  InvalidChar,     ///< A = code point
  BadDiscriminant, ///< A = value, B = number of cases, Str = type name
  Unaligned,       ///< A = guest pointer, B = alignment, Str = what
  OutOfBounds,     ///< A = guest pointer, B = end, Str = what
  StringTooLong,   ///< host string too long to lower
  ListTooLong,     ///< host list too long to lower
};

struct AdapterEnv;

/// Host memory for lifted values (never null, even for 0 bytes).
using AdapterAllocFn = void *(*)(AdapterEnv *Env, uint64_t Size,
                                 uint64_t Align);
/// Never returns (unwinds to the runtime's entry).
using AdapterTrapFn = void (*)(AdapterEnv *Env, uint32_t Kind, uint64_t A,
                               uint64_t B, const char *Str);
/// Checks UTF-8 at host address \p P (guest address \p GuestPtr); traps
/// like the dynamic path when invalid.
using AdapterUtf8Fn = void (*)(AdapterEnv *Env, const uint8_t *P,
                               uint64_t Len, uint32_t GuestPtr);

/// Strings in UTF-16 or latin1+utf16 (Options::Encoding): the runtime
/// transcodes. Lifts the guest string (\p Ptr, \p TaggedLen) into host
/// layout at \p Dst; traps like the dynamic path.
using AdapterLiftStringFn = void (*)(AdapterEnv *Env, uint32_t Ptr,
                                     uint32_t TaggedLen, uint8_t *Dst);
/// Lowers the host-layout string at \p Src into the guest (realloc):
/// returns its pointer | tagged length << 32; traps like the dynamic path.
using AdapterLowerStringFn = uint64_t (*)(AdapterEnv *Env, const uint8_t *Src);

/// Lowers the host's handle \p HostValue of resource type \p Resource
/// (\p Borrow: 1 for borrow, 0 for own) into the guest: the i32 the guest
/// gets (handle index, or the rep for a borrow lowered into the instance
/// that implements the resource); traps when the handle is not the host's
/// to give.
using AdapterLowerHandleFn = uint32_t (*)(AdapterEnv *Env, uint32_t Borrow,
                                          uint32_t Resource,
                                          uint64_t HostValue);
/// Lifts the guest's i32 handle \p GuestValue into the host's u64.
using AdapterLiftHandleFn = uint64_t (*)(AdapterEnv *Env, uint32_t Borrow,
                                         uint32_t Resource,
                                         uint32_t GuestValue);
/// End of a call with handles in its type (before post-return).
using AdapterFinishCallFn = void (*)(AdapterEnv *Env);
/// A lower adapter's call of its callee, arguments and results in host
/// layout; traps (never returns) when the callee traps.
using AdapterCallHostFn = void (*)(AdapterEnv *Env, const uint8_t *HostArgs,
                                   uint8_t *HostResults);

/// What an adapter reads, per component instance and Lift; filled by the
/// runtime. Core functions are called with the wasm calling convention
/// `results fn(callee_vmctx, caller_vmctx, params...)` (vmctx.h).
struct AdapterEnv {
  VMMemory *Memory;         ///< the options' memory (null if none)
  void *CalleeCode, *CalleeVmctx;
  void *ReallocCode, *ReallocVmctx;       ///< null if no realloc
  void *PostReturnCode, *PostReturnVmctx; ///< null if no post-return
  void *CallerVmctx; ///< passed as caller_vmctx to every core call
  AdapterAllocFn Alloc;
  AdapterTrapFn Trap;
  AdapterUtf8Fn ValidateUtf8;
  void *Runtime; ///< the runtime's per-call state (arena), opaque here
  AdapterLiftStringFn LiftString;
  AdapterLowerStringFn LowerString;
  AdapterLowerHandleFn LowerHandle;
  AdapterLiftHandleFn LiftHandle;
  AdapterFinishCallFn FinishCall;
  AdapterCallHostFn CallHost; ///< lower adapters only
};

inline constexpr uint32_t kEnvMemory = offsetof(AdapterEnv, Memory);
inline constexpr uint32_t kEnvCalleeCode = offsetof(AdapterEnv, CalleeCode);
inline constexpr uint32_t kEnvCalleeVmctx = offsetof(AdapterEnv, CalleeVmctx);
inline constexpr uint32_t kEnvReallocCode = offsetof(AdapterEnv, ReallocCode);
inline constexpr uint32_t kEnvReallocVmctx =
    offsetof(AdapterEnv, ReallocVmctx);
inline constexpr uint32_t kEnvPostReturnCode =
    offsetof(AdapterEnv, PostReturnCode);
inline constexpr uint32_t kEnvPostReturnVmctx =
    offsetof(AdapterEnv, PostReturnVmctx);
inline constexpr uint32_t kEnvCallerVmctx = offsetof(AdapterEnv, CallerVmctx);
inline constexpr uint32_t kEnvAlloc = offsetof(AdapterEnv, Alloc);
inline constexpr uint32_t kEnvTrap = offsetof(AdapterEnv, Trap);
inline constexpr uint32_t kEnvValidateUtf8 =
    offsetof(AdapterEnv, ValidateUtf8);
inline constexpr uint32_t kEnvLiftString = offsetof(AdapterEnv, LiftString);
inline constexpr uint32_t kEnvLowerString = offsetof(AdapterEnv, LowerString);
inline constexpr uint32_t kEnvLowerHandle = offsetof(AdapterEnv, LowerHandle);
inline constexpr uint32_t kEnvLiftHandle = offsetof(AdapterEnv, LiftHandle);
inline constexpr uint32_t kEnvFinishCall = offsetof(AdapterEnv, FinishCall);
inline constexpr uint32_t kEnvCallHost = offsetof(AdapterEnv, CallHost);

// ---- Host layout (see the top of this file).

struct HostLayout {
  uint32_t Size = 0;
  uint32_t Align = 1;
};

inline HostLayout hostLayout(const frontend::cabi::Type &T);

/// Offsets of \p Ts laid out as a host-layout tuple, and its layout.
inline std::vector<uint32_t>
hostTupleOffsets(const std::vector<frontend::cabi::TypeRef> &Ts,
                 HostLayout *Whole = nullptr) {
  using frontend::cabi::Type;
  std::vector<uint32_t> Off;
  uint32_t S = 0, A = 1;
  for (const frontend::cabi::TypeRef &E : Ts) {
    HostLayout L = hostLayout(*E);
    S = Type::alignTo(S, L.Align);
    Off.push_back(S);
    S += L.Size;
    A = std::max(A, L.Align);
  }
  if (Whole)
    *Whole = {Type::alignTo(S, A), A};
  return Off;
}

/// Byte offset of the payload of a variant-like \p T in host layout.
inline uint32_t hostPayloadOffset(const frontend::cabi::Type &T) {
  uint32_t A = 1;
  for (uint32_t I = 0, N = T.numCases(); I < N; ++I)
    if (const frontend::cabi::Type *P = T.casePayload(I))
      A = std::max(A, hostLayout(*P).Align);
  return frontend::cabi::Type::alignTo(T.discSize(), A);
}

inline HostLayout hostLayout(const frontend::cabi::Type &T) {
  using frontend::cabi::Kind;
  using frontend::cabi::Type;
  switch (T.K) {
  case Kind::String: return {16, 8};
  case Kind::List:
    if (T.Length == 0)
      return {16, 8};
    else {
      HostLayout E = hostLayout(*T.Elems[0]);
      return {E.Size * T.Length, E.Align};
    }
  case Kind::Record: case Kind::Tuple: {
    HostLayout L;
    hostTupleOffsets(T.Elems, &L);
    return L;
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    uint32_t CaseAlign = 1, CaseSize = 0;
    for (uint32_t I = 0, N = T.numCases(); I < N; ++I)
      if (const Type *P = T.casePayload(I)) {
        HostLayout L = hostLayout(*P);
        CaseAlign = std::max(CaseAlign, L.Align);
        CaseSize = std::max(CaseSize, L.Size);
      }
    uint32_t A = std::max(T.discSize(), CaseAlign);
    return {Type::alignTo(Type::alignTo(T.discSize(), CaseAlign) + CaseSize, A),
            A};
  }
  case Kind::Own: case Kind::Borrow: return {8, 8}; // the host's u64
  default: return {T.Size, T.Align}; // scalars and flags: as cabi
  }
}

} // namespace wasmaot::abi::component
