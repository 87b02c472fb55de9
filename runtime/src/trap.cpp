// Traps: the per-thread stack of host→wasm activations, the entry that
// sigsetjmps and calls the array-call trampoline, raising a trap from a
// builtin (siglongjmp), the fault hook the signal handler calls, backtraces
// by walking the frame-pointer chain, and the stack limit set at entry.
//
//   host C++ ── invokeWasm [Activation A, sigsetjmp] ── trampoline ── wasm ──
//     wasm ── builtin ── raiseTrap ─┐        wasm ── (SIGSEGV) ── onFault ─┐
//                                   └──── siglongjmp(A.Jmp) ◀──────────────┘
//
// Only compiled wasm frames, trampolines and runtime builtins lie between an
// activation's sigsetjmp and any siglongjmp to it: host C++ frames (host
// functions) have always returned before their caller traps, so no C++
// destructor is ever skipped.
#include "trap_internal.h"

#include <csetjmp>
#include <cstring>

#include "code_registry.h"
#include "sys/sys.h"
#include "wasmaot/runtime/module.h"
#include "wasmaot/runtime/store.h"

namespace wasmaot::runtime {

namespace {

constexpr unsigned kMaxFrames = 64;
/// Stack kept free below the wasm stack limit for builtins, host functions
/// and the signal machinery when the thread's stack is what bounds wasm.
constexpr uintptr_t kStackMargin = 128 * 1024;

struct Activation {
  Activation *Prev = nullptr;
  sigjmp_buf Jmp;
  uintptr_t StackLimit = 0;
  uintptr_t EntryFp = 0; ///< frames at or above belong to the host
  sys::StackBounds Stack;
  // Written by raiseTrap / onFault just before siglongjmp.
  TrapCode Code = TrapCode::Unreachable;
  bool FirstIsFault = false; ///< Pcs[0] is a faulting pc, not a return
  unsigned NumPcs = 0;
  uintptr_t Pcs[kMaxFrames];
  // Normal context only.
  bool HasPending = false;
  Trap Pending;
};

// Read by the signal handler: a plain pointer in initial-exec TLS.
__attribute__((tls_model("initial-exec"))) constinit thread_local Activation
    *Current = nullptr;

/// Records the return addresses that lie in wasm code along the frame
/// chain from \p Fp, staying within [Low, A.EntryFp).
void recordFrames(Activation &A, uintptr_t FaultPc, uintptr_t Fp,
                  uintptr_t Low) {
  A.NumPcs = 0;
  A.FirstIsFault = FaultPc != 0;
  if (FaultPc)
    A.Pcs[A.NumPcs++] = FaultPc;
  while (A.NumPcs < kMaxFrames && Fp >= Low && Fp < A.EntryFp &&
         Fp % sizeof(uintptr_t) == 0) {
    const auto *Frame = reinterpret_cast<const uintptr_t *>(Fp);
    uintptr_t Next = Frame[0], Ret = Frame[1];
    if (isWasmCode(Ret))
      A.Pcs[A.NumPcs++] = Ret;
    if (Next <= Fp)
      break;
    Fp = Next;
  }
}

bool isStackFault(const Activation &A, const sys::FaultContext &C) {
  constexpr uintptr_t kNear = 64 * 1024;
  if (C.FaultAddr + kNear >= C.Sp && C.FaultAddr < C.Sp + kNear)
    return true;
  // Below the thread's usable stack: its guard region.
  return A.Stack.Low && C.FaultAddr < A.Stack.Low + sys::pageSize() &&
         C.FaultAddr + (1u << 20) >= A.Stack.Low;
}

void onFault(const sys::FaultContext &C) {
  Activation *A = Current;
  if (!A || !isWasmCode(C.Pc))
    return; // not ours
  A->Code = isStackFault(*A, C) ? TrapCode::StackExhausted
                                : TrapCode::MemoryOutOfBounds;
  recordFrames(*A, C.Pc, C.Fp, C.Sp);
  siglongjmp(A->Jmp, 1);
}

/// The stack limit for an outermost entry whose frame is at \p Sp.
uintptr_t computeStackLimit(const Store &S, uintptr_t Sp,
                            const sys::StackBounds &B) {
  uint64_t Size = S.engine().config().WasmStackSize;
  uint64_t Avail = B.Low && Sp > B.Low + kStackMargin
                       ? Sp - B.Low - kStackMargin
                       : (B.Low ? 0 : Size);
  return Sp - std::min<uint64_t>(Size, Avail);
}

Trap buildTrap(Activation &A) {
  Trap T;
  if (A.Code == TrapCode::HostTrap && A.HasPending)
    T = std::move(A.Pending);
  else
    T = Trap::fromCode(A.Code);
  for (unsigned I = 0; I < A.NumPcs; ++I) {
    uintptr_t Pc = A.Pcs[I];
    // A return address may be one past the end of its function's code.
    uintptr_t Probe = (I == 0 && A.FirstIsFault) ? Pc : Pc - 1;
    const Module *M = moduleForPc(Probe);
    std::optional<uint32_t> F = M ? M->funcIndexForPc(Probe) : std::nullopt;
    if (!F)
      continue; // a trampoline or host stub
    T.Frames.push_back(
        {*F, std::string(M->funcName(*F)), M->displayName(), Pc});
  }
  return T;
}

} // namespace

void installTrapHandler() {
  (void)sys::pageSize(); // its static is initialised outside signal context
  sys::installFaultHandler(onFault);
}

bool insideWasm() { return Current != nullptr; }

__attribute__((noinline)) std::optional<Trap>
invokeWasm(Store &S, abi::ArrayCallFn Tramp, void *Code, void *CalleeVmctx,
           void *CallerVmctx, abi::ValRaw *Values) {
  Activation A;
  A.Prev = Current;
  A.EntryFp = uintptr_t(__builtin_frame_address(0));
  if (A.Prev) {
    A.StackLimit = A.Prev->StackLimit; // nested entries keep the outer limit
    A.Stack = A.Prev->Stack;
  } else {
    sys::ensureAltStack();
    A.Stack = sys::currentThreadStack();
    A.StackLimit = computeStackLimit(S, A.EntryFp, A.Stack);
  }
  S.setStackLimit(A.StackLimit);
  Current = &A;
  // No signal mask saved (a system call): the fault handler runs with
  // SA_NODEFER, so the mask is unchanged when it jumps here
  // (sys/linux/signals.cpp).
  if (sigsetjmp(A.Jmp, 0) == 0) {
    Tramp(Code, CalleeVmctx, CallerVmctx, Values);
    Current = A.Prev;
    return std::nullopt;
  }
  Current = A.Prev;
  return buildTrap(A);
}

void raiseTrap(TrapCode C) {
  Activation *A = Current;
  if (!A) // a builtin outside any wasm call: a runtime bug
    WASMAOT_UNREACHABLE("trap raised outside wasm");
  A->Code = C;
  uintptr_t Fp = uintptr_t(__builtin_frame_address(0));
  recordFrames(*A, 0, Fp, Fp);
  siglongjmp(A->Jmp, 1);
}

void setPendingHostTrap(Trap T) {
  Activation *A = Current;
  if (!A)
    return;
  A->HasPending = true;
  A->Pending = std::move(T);
}

} // namespace wasmaot::runtime
