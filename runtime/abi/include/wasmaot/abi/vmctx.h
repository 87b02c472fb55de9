// The vmctx: the per-instance block every compiled function receives as its
// first argument. Its layout is defined here and nowhere else: codegen reads
// fields at the byte offsets VMOffsets computes, the runtime allocates and
// fills the block with the same offsets, and the fixed records below are
// static_assert-ed against them.
//
//   vmctx ─▶ +0   VMMemory*    memory0        memory 0's definition (or null)
//            +8   uint8_t*     memory0_base   memory 0's base; never moves
//            +16  uintptr_t    stack_limit    prologues trap when sp < this
//            +24  void*const*  builtins       table in builtins.def order
//            +32  uint64_t*    epoch_counter  engine-wide epoch
//            +40  uint64_t     epoch_deadline
//            +48  void*        instance       the runtime's Instance (opaque)
//            +56  void*        reserved
//            +64  uint32_t     type_ids[NumTypes]      engine-wide ids
//                 VMFuncRef    funcrefs[NumFuncs]      imports first
//                 VMTable*     tables[NumTables]       imports first
//                 VMMemory*    memories[NumMemories]   imports first
//                 VMGlobal*    globals[NumGlobals]     imports first
//                 VMTable      defined_tables[NumDefinedTables]
//                 VMMemory     defined_memories[NumDefinedMemories]
//                 VMGlobal     defined_globals[NumDefinedGlobals]
//
// Calling convention of every compiled wasm function (and of the host stubs):
//   results fn(void *callee_vmctx, void *caller_vmctx, params...)
// with wasm types mapped i32→i32, i64→i64, f32→float, f64→double,
// v128→<2 x i64>, funcref/externref→ptr, and several results returned as an
// LLVM struct (the backend demotes large ones to a hidden pointer).
// A funcref value is a `VMFuncRef*` (null for ref.null); an externref value
// is an opaque host pointer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace wasmaot::abi {

/// A function as a first-class value: the code to call and the vmctx to pass
/// it as callee_vmctx, plus the engine-wide id of its type for call_indirect.
struct VMFuncRef {
  void *Code;
  void *Vmctx;
  uint32_t TypeId;
  uint32_t Pad;
};
static_assert(sizeof(VMFuncRef) == 24);
inline constexpr uint32_t kFuncRefCodeOffset = offsetof(VMFuncRef, Code);
inline constexpr uint32_t kFuncRefVmctxOffset = offsetof(VMFuncRef, Vmctx);
inline constexpr uint32_t kFuncRefTypeIdOffset = offsetof(VMFuncRef, TypeId);

/// A table's current elements (VMFuncRef* or externref pointers).
struct VMTable {
  void **Base;
  uint64_t Size; ///< in elements
};
static_assert(sizeof(VMTable) == 16);
inline constexpr uint32_t kTableBaseOffset = offsetof(VMTable, Base);
inline constexpr uint32_t kTableSizeOffset = offsetof(VMTable, Size);

/// A linear memory: base never moves (the whole maximum is reserved), size
/// is the accessible length in bytes.
struct VMMemory {
  uint8_t *Base;
  uint64_t Size;
};
static_assert(sizeof(VMMemory) == 16);
inline constexpr uint32_t kMemoryBaseOffset = offsetof(VMMemory, Base);
inline constexpr uint32_t kMemorySizeOffset = offsetof(VMMemory, Size);

/// A global's storage: 16 bytes so a v128 fits; scalars at offset 0,
/// little-endian, as in ValRaw.
struct alignas(16) VMGlobal {
  uint8_t Bytes[16];
};
static_assert(sizeof(VMGlobal) == 16);

/// One value in an untyped argument/result array (array-call trampolines and
/// host callbacks): i32/i64/f32/f64/refs at offset 0, v128 in all 16 bytes.
struct alignas(16) ValRaw {
  uint8_t Bytes[16];
};
static_assert(sizeof(ValRaw) == 16);

/// The fixed header at the start of every vmctx.
struct VMContextHeader {
  VMMemory *Memory0;
  uint8_t *Memory0Base;
  uintptr_t StackLimit;
  void *const *Builtins;
  uint64_t *EpochCounter;
  uint64_t EpochDeadline;
  void *Instance;
  void *Reserved;
};
static_assert(sizeof(VMContextHeader) == 64);

/// The counts a module's vmctx layout depends on.
struct VMCounts {
  uint32_t NumTypes = 0;
  uint32_t NumFuncs = 0; ///< imported + defined
  uint32_t NumTables = 0;
  uint32_t NumMemories = 0;
  uint32_t NumGlobals = 0;
  uint32_t NumDefinedTables = 0;
  uint32_t NumDefinedMemories = 0;
  uint32_t NumDefinedGlobals = 0;
};

constexpr uint32_t alignTo(uint32_t V, uint32_t A) {
  return (V + A - 1) / A * A;
}

/// Byte offsets of every vmctx field for one module (64-bit targets).
struct VMOffsets {
  static constexpr uint32_t PtrSize = 8;
  static constexpr uint32_t Memory0 = offsetof(VMContextHeader, Memory0);
  static constexpr uint32_t Memory0Base =
      offsetof(VMContextHeader, Memory0Base);
  static constexpr uint32_t StackLimit = offsetof(VMContextHeader, StackLimit);
  static constexpr uint32_t Builtins = offsetof(VMContextHeader, Builtins);
  static constexpr uint32_t EpochCounter =
      offsetof(VMContextHeader, EpochCounter);
  static constexpr uint32_t EpochDeadline =
      offsetof(VMContextHeader, EpochDeadline);
  static constexpr uint32_t Instance = offsetof(VMContextHeader, Instance);

  VMCounts Counts;
  uint32_t TypeIds = 0;
  uint32_t FuncRefs = 0;
  uint32_t Tables = 0;
  uint32_t Memories = 0;
  uint32_t Globals = 0;
  uint32_t DefinedTables = 0;
  uint32_t DefinedMemories = 0;
  uint32_t DefinedGlobals = 0;
  uint32_t Size = 0; ///< total bytes; allocate 16-byte aligned

  constexpr explicit VMOffsets(const VMCounts &C) : Counts(C) {
    uint32_t Off = sizeof(VMContextHeader);
    TypeIds = Off;
    Off = alignTo(Off + 4 * C.NumTypes, 8);
    FuncRefs = Off;
    Off += sizeof(VMFuncRef) * C.NumFuncs;
    Tables = Off;
    Off += PtrSize * C.NumTables;
    Memories = Off;
    Off += PtrSize * C.NumMemories;
    Globals = Off;
    Off += PtrSize * C.NumGlobals;
    DefinedTables = alignTo(Off, 16);
    Off = DefinedTables + sizeof(VMTable) * C.NumDefinedTables;
    DefinedMemories = Off;
    Off += sizeof(VMMemory) * C.NumDefinedMemories;
    DefinedGlobals = alignTo(Off, 16);
    Off = DefinedGlobals + sizeof(VMGlobal) * C.NumDefinedGlobals;
    Size = alignTo(Off, 16);
  }

  constexpr uint32_t typeId(uint32_t T) const { return TypeIds + 4 * T; }
  constexpr uint32_t funcRef(uint32_t F) const {
    return FuncRefs + sizeof(VMFuncRef) * F;
  }
  constexpr uint32_t table(uint32_t T) const { return Tables + PtrSize * T; }
  constexpr uint32_t memory(uint32_t M) const { return Memories + PtrSize * M; }
  constexpr uint32_t global(uint32_t G) const { return Globals + PtrSize * G; }
  constexpr uint32_t definedTable(uint32_t T) const {
    return DefinedTables + sizeof(VMTable) * T;
  }
  constexpr uint32_t definedMemory(uint32_t M) const {
    return DefinedMemories + sizeof(VMMemory) * M;
  }
  constexpr uint32_t definedGlobal(uint32_t G) const {
    return DefinedGlobals + sizeof(VMGlobal) * G;
  }
};

/// What a host function import's funcref points to as its "vmctx": the
/// artifact's host stub for the import's type calls Callback with the
/// arguments spilled to a ValRaw array (results are written back into the
/// same array). A non-zero return means the host function trapped; the stub
/// then calls the Trap builtin of the caller with TrapCode::HostTrap, after
/// the runtime has recorded the details.
struct VMHostContext {
  int32_t (*Callback)(VMHostContext *Self, void *CallerVmctx, ValRaw *Values);
  void *Data;
};
inline constexpr uint32_t kHostCallbackOffset =
    offsetof(VMHostContext, Callback);

/// The guard a guard-mode artifact relies on after the 4 GiB a 32-bit index
/// can reach: any u32 offset plus the widest access (16 bytes) must land in
/// reserved, inaccessible address space.
inline constexpr uint64_t kGuardBytes = (4ull << 30) + (64ull << 10);

/// The largest memory the runtime makes, in 64 KiB pages: 4 GiB - 64 KiB
/// (memory.grow may fail and instantiation may hit an implementation limit,
/// spec 4.5.3.8 and 4.5.4). Compiled code relies on it: an access at
/// zext(i32 index) + offset with index >= 2^32 - 64 KiB is always out of
/// bounds (codegen/src/heap_address.cpp).
inline constexpr uint64_t kMaxMemoryPages = 65535;

/// Signature of the array-call trampolines (host → wasm): calls Code with the
/// arguments read from Values and writes the results back into Values.
using ArrayCallFn = void (*)(void *Code, void *CalleeVmctx, void *CallerVmctx,
                             ValRaw *Values);

} // namespace wasmaot::abi
