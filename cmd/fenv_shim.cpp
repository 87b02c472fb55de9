// fegetround/fesetround for the statically linked libstdc++ (its
// floating-point from_chars), so the CLI does not need libm.so at all: with
// -Wl,--as-needed the loader then maps one library fewer at every start
// (bench/README.md: 6% of `wasmaot run hello.so`'s wall time). They act on
// the calling thread's rounding mode exactly as glibc's do (x86-64: the x87
// control word and MXCSR; aarch64: FPCR), with <fenv.h>'s constants.
#include <cfenv>

extern "C" {

#if defined(__x86_64__)
int fegetround(void) {
  unsigned short Cw;
  __asm__ volatile("fnstcw %0" : "=m"(Cw));
  return Cw & 0xc00;
}

int fesetround(int Round) {
  if (Round & ~0xc00)
    return 1;
  unsigned short Cw;
  __asm__ volatile("fnstcw %0" : "=m"(Cw));
  Cw = (unsigned short)((Cw & ~0xc00) | Round);
  __asm__ volatile("fldcw %0" : : "m"(Cw));
  unsigned Mx;
  __asm__ volatile("stmxcsr %0" : "=m"(Mx));
  Mx = (Mx & ~0x6000u) | ((unsigned)Round << 3);
  __asm__ volatile("ldmxcsr %0" : : "m"(Mx));
  return 0;
}
#elif defined(__aarch64__)
int fegetround(void) {
  unsigned long Fpcr;
  __asm__ volatile("mrs %0, fpcr" : "=r"(Fpcr));
  return int(Fpcr & 0xc00000);
}

int fesetround(int Round) {
  if (Round & ~0xc00000)
    return 1;
  unsigned long Fpcr;
  __asm__ volatile("mrs %0, fpcr" : "=r"(Fpcr));
  Fpcr = (Fpcr & ~0xc00000ul) | (unsigned long)Round;
  __asm__ volatile("msr fpcr, %0" : : "r"(Fpcr));
  return 0;
}
#endif

} // extern "C"
