// The runtime builtins (abi/builtins.def) with the exact semantics of the
// Wasm 2.0 instructions they implement (spec 4.4.5-4.4.7): every range is
// checked before anything is written, and an out-of-bounds range traps
// without a partial write. Each builtin receives the calling instance's
// vmctx; the trapping ones unwind through raiseTrap and so keep no objects
// with destructors alive at that point.
//
// The table below is built from builtins.def, and each entry's C++ type is
// checked against the .def's signature string at compile time.
#include "builtins.h"

#include <cstring>
#include <string_view>

#include "trap_internal.h"
#include "wasmaot/abi/builtins.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/memory.h"
#include "wasmaot/runtime/table.h"

namespace wasmaot::runtime {

namespace {

using u32 = uint32_t;
using u64 = uint64_t;

Instance &inst(void *Vmctx) { return *Instance::fromVmctx(Vmctx); }

/// [Off, Off+Len) within [0, Size)? (No overflow: all are < 2^63.)
bool inBounds(u64 Off, u64 Len, u64 Size) {
  return Off <= Size && Len <= Size - Off;
}

[[noreturn]] void oobMemory() { raiseTrap(TrapCode::MemoryOutOfBounds); }
[[noreturn]] void oobTable() { raiseTrap(TrapCode::TableOutOfBounds); }

void builtinTrap(void *, u32 Code) { raiseTrap(TrapCode(Code)); }

u64 builtinMemoryGrow(void *Vm, u32 Mem, u64 Delta) {
  return u64(inst(Vm).memory(Mem)->grow(Delta));
}

void builtinMemoryFill(void *Vm, u32 Mem, u64 Dst, u32 Byte, u64 Len) {
  Memory *M = inst(Vm).memory(Mem);
  if (!inBounds(Dst, Len, M->size()))
    oobMemory();
  std::memset(M->data() + Dst, int(Byte & 0xff), Len);
}

void builtinMemoryCopy(void *Vm, u32 DstMem, u32 SrcMem, u64 Dst, u64 Src,
                       u64 Len) {
  Memory *D = inst(Vm).memory(DstMem), *S = inst(Vm).memory(SrcMem);
  if (!inBounds(Dst, Len, D->size()) || !inBounds(Src, Len, S->size()))
    oobMemory();
  std::memmove(D->data() + Dst, S->data() + Src, Len);
}

void builtinMemoryInit(void *Vm, u32 Mem, u32 Data, u64 Dst, u32 Src,
                       u32 Len) {
  if (!memoryInit(inst(Vm), Mem, Data, Dst, Src, Len))
    oobMemory();
}

void builtinDataDrop(void *Vm, u32 Data) { inst(Vm).dropData(Data); }

void *builtinTableGet(void *Vm, u32 Tab, u32 Idx) {
  Table *T = inst(Vm).table(Tab);
  if (Idx >= T->size())
    oobTable();
  return T->elems()[Idx];
}

void builtinTableSet(void *Vm, u32 Tab, u32 Idx, void *Ref) {
  Table *T = inst(Vm).table(Tab);
  if (Idx >= T->size())
    oobTable();
  T->elems()[Idx] = Ref;
}

u32 builtinTableGrow(void *Vm, u32 Tab, void *Init, u32 Delta) {
  return u32(inst(Vm).table(Tab)->growRaw(Delta, Init));
}

void builtinTableFill(void *Vm, u32 Tab, u32 Dst, void *Ref, u32 Len) {
  Table *T = inst(Vm).table(Tab);
  if (!inBounds(Dst, Len, T->size()))
    oobTable();
  std::fill_n(T->elems() + Dst, Len, Ref);
}

void builtinTableCopy(void *Vm, u32 DstTab, u32 SrcTab, u32 Dst, u32 Src,
                      u32 Len) {
  Table *D = inst(Vm).table(DstTab), *S = inst(Vm).table(SrcTab);
  if (!inBounds(Dst, Len, D->size()) || !inBounds(Src, Len, S->size()))
    oobTable();
  std::memmove(D->elems() + Dst, S->elems() + Src, Len * sizeof(void *));
}

void builtinTableInit(void *Vm, u32 Tab, u32 Elem, u32 Dst, u32 Src,
                      u32 Len) {
  if (!tableInit(inst(Vm), Tab, Elem, Dst, Src, Len))
    oobTable();
}

void builtinElemDrop(void *Vm, u32 Elem) { inst(Vm).dropElem(Elem); }

void builtinEpochCheck(void *Vm) {
  const auto *H = static_cast<const abi::VMContextHeader *>(Vm);
  if (std::atomic_ref<const uint64_t>(*H->EpochCounter).load() >=
      H->EpochDeadline)
    raiseTrap(TrapCode::Interrupted);
}

// ---- Compile-time check of each builtin's type against builtins.def.

template <typename T> constexpr char sigLetter() {
  if constexpr (std::is_void_v<T>)
    return 'v';
  else if constexpr (std::is_same_v<T, u32>)
    return 'i';
  else if constexpr (std::is_same_v<T, u64>)
    return 'l';
  else if constexpr (std::is_pointer_v<T>)
    return 'p';
  else
    return '?';
}

template <typename R, typename... As> struct SigString {
  static constexpr char Str[] = {sigLetter<R>(), ':', sigLetter<As>()..., 0};
};
template <typename R, typename... As>
constexpr std::string_view sigOf(R (*)(As...)) {
  return SigString<R, As...>::Str;
}

#define WASM_BUILTIN(Name, Sig)                                                \
  static_assert(sigOf(&builtin##Name) == std::string_view(Sig),                \
                "builtin" #Name " does not match its builtins.def signature");
#include "wasmaot/abi/builtins.def"

void *const BuiltinsTable[] = {
#define WASM_BUILTIN(Name, Sig) reinterpret_cast<void *>(&builtin##Name),
#include "wasmaot/abi/builtins.def"
};
static_assert(sizeof(BuiltinsTable) / sizeof(BuiltinsTable[0]) == abi::kNumBuiltins);

} // namespace

void *const *builtinsTable() { return BuiltinsTable; }

bool tableInit(Instance &I, uint32_t Tab, uint32_t Elem, uint64_t Dst,
               uint64_t Src, uint64_t Len) {
  Table *T = I.table(Tab);
  std::vector<void *> &Seg = I.elemSegment(Elem);
  if (!inBounds(Dst, Len, T->size()) || !inBounds(Src, Len, Seg.size()))
    return false;
  std::copy_n(Seg.data() + Src, Len, T->elems() + Dst);
  return true;
}

bool memoryInit(Instance &I, uint32_t Mem, uint32_t Data, uint64_t Dst,
                uint64_t Src, uint64_t Len) {
  Memory *M = I.memory(Mem);
  std::span<const uint8_t> Seg = I.dataSegment(Data);
  if (!inBounds(Dst, Len, M->size()) || !inBounds(Src, Len, Seg.size()))
    return false;
  if (Len)
    std::memcpy(M->data() + Dst, Seg.data() + Src, Len);
  return true;
}

} // namespace wasmaot::runtime
