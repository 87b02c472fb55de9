// Which CPU features this host has, by LLVM's feature names (the names an
// artifact records in ArtifactMeta::CpuFeatures). Only features that change
// which instructions compiled code may execute are known here; an unknown
// name is not a reason to refuse an artifact.
#include "../sys.h"

#include <string>

#if defined(__aarch64__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace wasmaot::runtime::sys {

std::optional<bool> hostHasCpuFeature(std::string_view F) {
#if defined(__x86_64__)
  __builtin_cpu_init();
#define WASMAOT_X86(Name, Builtin)                                             \
  if (F == Name)                                                               \
    return __builtin_cpu_supports(Builtin) != 0;
  WASMAOT_X86("sse3", "sse3")
  WASMAOT_X86("ssse3", "ssse3")
  WASMAOT_X86("sse4.1", "sse4.1")
  WASMAOT_X86("sse4.2", "sse4.2")
  WASMAOT_X86("popcnt", "popcnt")
  WASMAOT_X86("avx", "avx")
  WASMAOT_X86("avx2", "avx2")
  WASMAOT_X86("fma", "fma")
  WASMAOT_X86("bmi", "bmi")
  WASMAOT_X86("bmi2", "bmi2")
  WASMAOT_X86("avx512f", "avx512f")
  WASMAOT_X86("avx512bw", "avx512bw")
  WASMAOT_X86("avx512dq", "avx512dq")
  WASMAOT_X86("avx512vl", "avx512vl")
  WASMAOT_X86("avx512cd", "avx512cd")
  // Newer extensions LLVM selects for SIMD lowering (vpermb for swizzles,
  // gfni for byte shifts, vpopcnt for popcnt, ...) and whatever a --cpu
  // such as sapphirerapids records: unknown names pass, so list them all.
  WASMAOT_X86("avx512vbmi", "avx512vbmi")
  WASMAOT_X86("avx512vbmi2", "avx512vbmi2")
  WASMAOT_X86("avx512ifma", "avx512ifma")
  WASMAOT_X86("avx512vpopcntdq", "avx512vpopcntdq")
  WASMAOT_X86("avx512bitalg", "avx512bitalg")
  WASMAOT_X86("avx512vnni", "avx512vnni")
  WASMAOT_X86("avx512bf16", "avx512bf16")
  WASMAOT_X86("avx512fp16", "avx512fp16")
  WASMAOT_X86("avxvnni", "avxvnni")
  WASMAOT_X86("amx-tile", "amx-tile")
  WASMAOT_X86("amx-int8", "amx-int8")
  WASMAOT_X86("amx-bf16", "amx-bf16")
  WASMAOT_X86("gfni", "gfni")
  WASMAOT_X86("vaes", "vaes")
  WASMAOT_X86("vpclmulqdq", "vpclmulqdq")
  WASMAOT_X86("pclmul", "pclmul")
  WASMAOT_X86("aes", "aes")
  WASMAOT_X86("sha", "sha")
  WASMAOT_X86("f16c", "f16c")
  WASMAOT_X86("lzcnt", "lzcnt")
  WASMAOT_X86("movbe", "movbe")
#undef WASMAOT_X86
  return std::nullopt;
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
