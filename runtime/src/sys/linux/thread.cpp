// Linux per-thread facts the trap machinery needs: the bounds of the calling
// thread's stack (pthread_getattr_np, cached per thread) and an alternate
// signal stack so a fault caused by stack exhaustion can still run the
// handler. Both are lazily set up on a thread's first call into wasm.
#include "../sys.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

namespace wasmaot::runtime::sys {

namespace {

struct AltStack {
  uint8_t *Base = nullptr; ///< mapping start (a guard page, then the stack)
  size_t Size = 0;
  ~AltStack() {
    if (!Base)
      return;
    // Disable it before unmapping so no signal lands on freed memory.
    stack_t Disable{};
    Disable.ss_flags = SS_DISABLE;
    ::sigaltstack(&Disable, nullptr);
    ::munmap(Base, Size);
  }
};

thread_local AltStack TheAltStack;
thread_local StackBounds CachedStack;

} // namespace

StackBounds currentThreadStack() {
  if (CachedStack.High)
    return CachedStack;
  pthread_attr_t Attr;
  if (::pthread_getattr_np(::pthread_self(), &Attr) != 0)
    return {};
  void *Addr = nullptr;
  size_t Size = 0;
  ::pthread_attr_getstack(&Attr, &Addr, &Size);
  ::pthread_attr_destroy(&Attr);
  CachedStack.Low = reinterpret_cast<uintptr_t>(Addr);
  CachedStack.High = CachedStack.Low + Size;
  return CachedStack;
}

void ensureAltStack() {
  if (TheAltStack.Base)
    return;
  stack_t Old{};
  if (::sigaltstack(nullptr, &Old) == 0 && !(Old.ss_flags & SS_DISABLE) &&
      Old.ss_size >= 16384)
    return; // the host already gave this thread one
  size_t Page = pageSize();
  size_t Usable = 64 * 1024;
  if (size_t(SIGSTKSZ) > Usable)
    Usable = (size_t(SIGSTKSZ) + Page - 1) / Page * Page;
  size_t Total = Usable + Page;
  void *P = ::mmap(nullptr, Total, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (P == MAP_FAILED)
    return;
  ::mprotect(P, Page, PROT_NONE); // guard below the alternate stack
  stack_t New{};
  New.ss_sp = static_cast<uint8_t *>(P) + Page;
  New.ss_size = Usable;
  if (::sigaltstack(&New, nullptr) != 0) {
    ::munmap(P, Total);
    return;
  }
  TheAltStack.Base = static_cast<uint8_t *>(P);
  TheAltStack.Size = Total;
}

} // namespace wasmaot::runtime::sys
