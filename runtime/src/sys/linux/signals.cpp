// Linux fault signals: one process-wide SIGSEGV/SIGBUS handler, installed once
// with SA_SIGINFO | SA_ONSTACK | SA_NODEFER (the signal is not blocked while
// the handler runs, so when the hook jumps out of it the thread's signal
// mask is already the one it had at the fault: the entry's sigsetjmp need
// not save the mask, which costs a system call on every host→wasm call). It reads pc/sp/fp from the ucontext (per
// architecture, below), lets the runtime's hook claim the fault (the hook
// siglongjmps to the host→wasm entry and never returns), and otherwise passes
// the signal to the handler that was installed before ours, or restores the
// default action and returns so the faulting instruction re-raises it.
#include "../sys.h"

#include <mutex>
#include <signal.h>
#include <ucontext.h>

namespace wasmaot::runtime::sys {

namespace {

FaultHook TheHook = nullptr;
struct sigaction PrevSegv, PrevBus;

FaultContext readContext(const siginfo_t *Info, void *Uctx) {
  FaultContext C;
  C.FaultAddr = reinterpret_cast<uintptr_t>(Info->si_addr);
  const auto *UC = static_cast<const ucontext_t *>(Uctx);
#if defined(__x86_64__)
  C.Pc = uintptr_t(UC->uc_mcontext.gregs[REG_RIP]);
  C.Sp = uintptr_t(UC->uc_mcontext.gregs[REG_RSP]);
  C.Fp = uintptr_t(UC->uc_mcontext.gregs[REG_RBP]);
#elif defined(__aarch64__)
  C.Pc = uintptr_t(UC->uc_mcontext.pc);
  C.Sp = uintptr_t(UC->uc_mcontext.sp);
  C.Fp = uintptr_t(UC->uc_mcontext.regs[29]);
#else
#error "wasmaot: unsupported architecture for fault handling"
#endif
  return C;
}

void chain(int Sig, siginfo_t *Info, void *Uctx) {
  struct sigaction &Prev = Sig == SIGBUS ? PrevBus : PrevSegv;
  if (Prev.sa_flags & SA_SIGINFO) {
    if (Prev.sa_sigaction) {
      Prev.sa_sigaction(Sig, Info, Uctx);
      return;
    }
  } else if (Prev.sa_handler != SIG_DFL && Prev.sa_handler != SIG_IGN) {
    Prev.sa_handler(Sig);
    return;
  }
  // Not ours and nobody else's: restore the default action and return; the
  // faulting instruction runs again and the kernel delivers the signal with
  // its default effect (a core dump), as if we had never been installed.
  struct sigaction Dfl{};
  Dfl.sa_handler = SIG_DFL;
  sigemptyset(&Dfl.sa_mask);
  ::sigaction(Sig, &Dfl, nullptr);
}

void handler(int Sig, siginfo_t *Info, void *Uctx) {
  if (TheHook)
    TheHook(readContext(Info, Uctx)); // returns only if not a wasm fault
  chain(Sig, Info, Uctx);
}

} // namespace

void installFaultHandler(FaultHook Hook) {
  static std::once_flag Once;
  std::call_once(Once, [Hook] {
    TheHook = Hook;
    struct sigaction SA{};
    SA.sa_sigaction = handler;
    SA.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&SA.sa_mask);
    ::sigaction(SIGSEGV, &SA, &PrevSegv);
    ::sigaction(SIGBUS, &SA, &PrevBus);
  });
}

} // namespace wasmaot::runtime::sys
