// Linux per-thread facts the trap machinery needs: the bounds of the calling
// thread's stack (pthread_getattr_np, cached per thread) and an alternate
// signal stack so a fault caused by stack exhaustion can still run the
// handler. Both are lazily set up on a thread's first call into wasm.
#include "../sys.h"

#include <cstring>

#include <pthread.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/resource.h>
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

/// The main thread's stack without pthread_getattr_np, which reads and
/// parses /proc/self/maps for it (80-150 us, a tenth of a `wasmaot run`).
/// The kernel puts the executable's name (AT_EXECFN) at the very top of the
/// stack mapping, and lets the mapping grow down to RLIMIT_STACK below its
/// top — the same bound glibc computes. Empty when unsure.
StackBounds mainThreadStack() {
  if (::getpid() != ::gettid())
    return {};
  auto *Name = reinterpret_cast<const char *>(::getauxval(AT_EXECFN));
  rlimit Limit{};
  if (!Name || ::getrlimit(RLIMIT_STACK, &Limit) != 0 ||
      Limit.rlim_cur == RLIM_INFINITY)
    return {};
  uintptr_t Page = pageSize();
  uintptr_t High =
      (reinterpret_cast<uintptr_t>(Name) + std::strlen(Name) + 1 + Page - 1) &
      ~(Page - 1);
  uintptr_t Size = Limit.rlim_cur & ~(Page - 1);
  uintptr_t Here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  if (Size >= High || Here >= High || Here < High - Size)
    return {}; // not where the kernel puts it: ask glibc
  return {High - Size, High};
}

} // namespace

StackBounds currentThreadStack() {
  if (CachedStack.High)
    return CachedStack;
  if (StackBounds Main = mainThreadStack(); Main.High)
    return CachedStack = Main;
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
