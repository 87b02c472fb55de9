// Which CPU features this host has, by LLVM's feature names (the names an
// artifact records in ArtifactMeta::CpuFeatures). Only features that change
// which instructions compiled code may execute are known here; an unknown
// name is not a reason to refuse an artifact.
#include "../sys.h"

#include <algorithm>
#include <iterator>
#include <string>

#if defined(__x86_64__) && defined(__has_include)
#if __has_include(<sys/platform/x86.h>)
// glibc 2.33+. The header is C: its inline functions return `_Bool`, which
// g++ accepts in C++ as an extension and clang++ does not.
#if defined(__clang__) && !defined(_Bool)
#define _Bool bool
#define WASMAOT_UNDEF_BOOL 1
#endif
#include <sys/platform/x86.h>
#ifdef WASMAOT_UNDEF_BOOL
#undef _Bool
#undef WASMAOT_UNDEF_BOOL
#endif
#define WASMAOT_GLIBC_X86_FEATURES 1
#endif
#endif
#ifndef WASMAOT_GLIBC_X86_FEATURES
#define WASMAOT_GLIBC_X86_FEATURES 0
#endif

#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace wasmaot::runtime::sys {

#if defined(__x86_64__)
namespace {

struct X86Feature {
  std::string_view Name;
  bool (*Has)();
};

#if WASMAOT_GLIBC_X86_FEATURES
// glibc's dynamic loader has already run CPUID (and XGETBV, for the OS's
// support of the AVX and AVX-512 register state) to pick its string
// functions; CPU_FEATURE_ACTIVE reads that record. Running CPUID again
// here would cost about 4 us per leaf in a virtual machine, where every
// CPUID exits to the hypervisor, and libgcc's __builtin_cpu_init runs
// some fifteen of them in a constructor of every process that links it:
// 4% of the CPU time of `wasmaot run hello.so` (perf record).
#define WASMAOT_X86(Name, Glibc)                                               \
  {Name, [] { return bool(CPU_FEATURE_ACTIVE(Glibc)); }},
#else
#define WASMAOT_X86(Name, Glibc)                                               \
  {Name, [] {                                                                  \
     __builtin_cpu_init();                                                     \
     return __builtin_cpu_supports(Name) != 0;                                 \
   }},
#endif

// Sorted by name (checked below): an artifact lists some eighty features
// and each is looked up at every load. Only features that change which
// instructions compiled code may execute are here, including the newer
// extensions LLVM selects for SIMD lowering (vpermb for swizzles, gfni for
// byte shifts, vpopcnt for popcnt, ...) and whatever a --cpu such as
// sapphirerapids records: unknown names pass.
constexpr X86Feature kX86Features[] = {
    WASMAOT_X86("aes", AES)
    WASMAOT_X86("amx-bf16", AMX_BF16)
    WASMAOT_X86("amx-int8", AMX_INT8)
    WASMAOT_X86("amx-tile", AMX_TILE)
    WASMAOT_X86("avx", AVX)
    WASMAOT_X86("avx2", AVX2)
    WASMAOT_X86("avx512bf16", AVX512_BF16)
    WASMAOT_X86("avx512bitalg", AVX512_BITALG)
    WASMAOT_X86("avx512bw", AVX512BW)
    WASMAOT_X86("avx512cd", AVX512CD)
    WASMAOT_X86("avx512dq", AVX512DQ)
    WASMAOT_X86("avx512f", AVX512F)
    WASMAOT_X86("avx512fp16", AVX512_FP16)
    WASMAOT_X86("avx512ifma", AVX512_IFMA)
    WASMAOT_X86("avx512vbmi", AVX512_VBMI)
    WASMAOT_X86("avx512vbmi2", AVX512_VBMI2)
    WASMAOT_X86("avx512vl", AVX512VL)
    WASMAOT_X86("avx512vnni", AVX512_VNNI)
    WASMAOT_X86("avx512vpopcntdq", AVX512_VPOPCNTDQ)
    WASMAOT_X86("avxvnni", AVX_VNNI)
    WASMAOT_X86("bmi", BMI1)
    WASMAOT_X86("bmi2", BMI2)
    WASMAOT_X86("f16c", F16C)
    WASMAOT_X86("fma", FMA)
    WASMAOT_X86("gfni", GFNI)
    WASMAOT_X86("lzcnt", LZCNT)
    WASMAOT_X86("movbe", MOVBE)
    WASMAOT_X86("pclmul", PCLMULQDQ)
    WASMAOT_X86("popcnt", POPCNT)
    WASMAOT_X86("sha", SHA)
    WASMAOT_X86("sse3", SSE3)
    WASMAOT_X86("sse4.1", SSE4_1)
    WASMAOT_X86("sse4.2", SSE4_2)
    WASMAOT_X86("ssse3", SSSE3)
    WASMAOT_X86("vaes", VAES)
    WASMAOT_X86("vpclmulqdq", VPCLMULQDQ)
};
#undef WASMAOT_X86

constexpr bool sortedByName() {
  for (size_t I = 1; I < std::size(kX86Features); ++I)
    if (!(kX86Features[I - 1].Name < kX86Features[I].Name))
      return false;
  return true;
}
static_assert(sortedByName());

} // namespace
#endif

std::optional<bool> hostHasCpuFeature(std::string_view F) {
#if defined(__x86_64__)
  const X86Feature *End = std::end(kX86Features);
  const X86Feature *It = std::lower_bound(
      std::begin(kX86Features), End, F,
      [](const X86Feature &A, std::string_view B) { return A.Name < B; });
  if (It == End || It->Name != F)
    return std::nullopt;
  return It->Has();
#elif defined(__aarch64__)
  unsigned long Hw = getauxval(AT_HWCAP);
  if (F == "neon" || F == "fp-armv8")
    return (Hw & HWCAP_ASIMD) != 0;
  if (F == "lse")
    return (Hw & HWCAP_ATOMICS) != 0;
  if (F == "crc")
    return (Hw & HWCAP_CRC32) != 0;
  if (F == "dotprod")
    return (Hw & HWCAP_ASIMDDP) != 0;
  if (F == "fullfp16")
    return (Hw & HWCAP_FPHP) != 0;
  if (F == "sve")
    return (Hw & HWCAP_SVE) != 0;
  return std::nullopt;
#else
  (void)F;
  return std::nullopt;
#endif
}

} // namespace wasmaot::runtime::sys
