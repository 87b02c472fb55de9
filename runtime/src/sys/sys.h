// The OS interface of the runtime: everything that differs between operating
// systems or CPU architectures is declared here and implemented under
// sys/<os>/ (today only sys/linux/). Callers above this line never include
// <sys/mman.h>, <signal.h>, <dlfcn.h> or <ucontext.h> themselves.
//
// Owns: virtual memory reservations, thread stack bounds, the fault signal
// handler and its per-thread alternate stack, reading registers out of a
// signal context, and loading a shared object from a file descriptor.
// Does not own: deciding whether a fault is a wasm trap (trap.cpp does, through
// the callback below) or what a code range belongs to (code_registry.cpp).
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "wasmaot/frontend/support/error.h"

namespace wasmaot::runtime::sys {

size_t pageSize();

/// Reserves \p Bytes of address space with no access (PROT_NONE,
/// MAP_NORESERVE). Returns null on failure.
uint8_t *reserve(uint64_t Bytes);
/// Makes [Base, Base+Bytes) readable and writable; false on failure.
bool commit(uint8_t *Base, uint64_t Bytes);
/// Returns a whole reservation to the OS.
void release(uint8_t *Base, uint64_t Bytes);
/// Maps the first \p Bytes of the file \p Fd copy-on-write (MAP_PRIVATE,
/// read/write) at \p At, replacing what was there; false on failure.
bool mapPrivateFile(uint8_t *At, uint64_t Bytes, int Fd);
/// Resets [Base, Base+Bytes) of a reservation to fresh PROT_NONE address
/// space (pages and file mappings discarded), keeping it reserved; false on
/// failure.
bool decommit(uint8_t *Base, uint64_t Bytes);
/// Drops the pages of [Base, Base+Bytes) (MADV_DONTNEED): anonymous pages
/// read as zero again and a private file mapping as the file; the mapping
/// and its protection stay. False on failure.
bool discardPages(uint8_t *Base, uint64_t Bytes);
/// Makes [Base, Base+Bytes) PROT_NONE again (pages kept); false on failure.
bool protectNone(uint8_t *Base, uint64_t Bytes);
/// Replaces [Base, Base+Bytes) with fresh zero read/write pages.
bool zeroFill(uint8_t *Base, uint64_t Bytes);

/// The calling thread's stack: [Low, High). Low is the lowest usable byte
/// (above the guard). Cached per thread.
struct StackBounds {
  uintptr_t Low = 0, High = 0;
};
StackBounds currentThreadStack();

/// Registers read from a signal context.
struct FaultContext {
  uintptr_t Pc = 0, Sp = 0, Fp = 0, FaultAddr = 0;
};

/// Called from the SIGSEGV/SIGBUS handler, on the alternate signal stack. It
/// either does not return (it siglongjmps out: the fault was a wasm trap) or
/// returns, and the handler then passes the signal on to whoever had it
/// before. Must be async-signal-safe.
using FaultHook = void (*)(const FaultContext &);

/// Installs the process-wide SIGSEGV/SIGBUS handler once (idempotent,
/// thread-safe); the previous handlers are kept for chaining.
void installFaultHandler(FaultHook Hook);

/// Gives the calling thread an alternate signal stack if it has none, so a
/// stack overflow in wasm can still be handled. Idempotent per thread.
void ensureAltStack();

/// An executable range of a loaded shared object.
struct CodeRange {
  uintptr_t Start = 0, End = 0;
};

/// A loaded shared object: mapped by the runtime itself (Base) or, when it
/// needs what only the dynamic loader does, by dlopen (Handle).
struct SharedObject {
  void *Handle = nullptr;      ///< dlopen's handle, or null
  uint8_t *Base = nullptr;     ///< mapped directly: load address
  size_t Span = 0;             ///< bytes mapped at Base
  const void *Syms = nullptr;  ///< mapped directly: its dynamic symbols,
  const char *Strs = nullptr;  ///< their names,
  size_t StrSize = 0;
  const uint32_t *GnuHash = nullptr; ///< and their GNU hash table
  std::vector<CodeRange> Code; ///< executable PT_LOAD segments
  std::vector<CodeRange> Readable; ///< mapped directly: readable segments
};

/// Loads the object whose bytes are the file open at \p Fd; \p Bytes is
/// that file's content, already read. An object as `wasmaot compile` writes
/// them — no dependencies, initialisers or TLS, only relative relocations —
/// is mapped from \p Fd directly (about 40 us less than dlopen at every
/// start of `wasmaot run`); anything else, or every object when the
/// environment has WASMAOT_DLOPEN=1 (so that gdb lists it), is loaded by
/// dlopen of a /proc/self/fd/N path that no other live object uses, so
/// glibc never hands back a stale handle for a reused descriptor number.
Expected<SharedObject> loadSharedObject(int Fd, std::span<const uint8_t> Bytes,
                                        const std::string &DisplayName);
void unloadSharedObject(SharedObject &SO);
void *findSymbol(const SharedObject &SO, const char *Name);

/// The ELF machine of the file \p Bytes, or -1 if it is not ELF.
int elfMachine(const uint8_t *Bytes, size_t Size);
/// The host's ELF machine (EM_X86_64, EM_AARCH64).
int hostElfMachine();

/// Whether this host's CPU has the LLVM-named feature \p F (e.g. "avx2",
/// "sse4.2", "lse"); nullopt for a feature this check does not know.
std::optional<bool> hostHasCpuFeature(std::string_view F);
/// "x86_64", "aarch64": the arch part of an LLVM triple for an ELF machine.
const char *elfMachineArch(int Machine);

/// An anonymous in-memory file holding \p Bytes (memfd), or an Io error.
Expected<int> memoryFile(const uint8_t *Bytes, size_t Size);
/// A sealed anonymous in-memory file of \p Size bytes, zero except for
/// each (offset, bytes) part written in order (later parts overwrite earlier
/// ones). Unwritten pages take no memory. An Io error on failure.
struct FilePart {
  uint64_t Offset = 0;
  const uint8_t *Bytes = nullptr;
  size_t Size = 0;
};
Expected<int> sparseMemoryFile(uint64_t Size, const std::vector<FilePart> &Parts);
void closeFile(int Fd);

/// Opens the regular file \p Path read-only and maps it whole (read-only,
/// private, pages populated up front: the caller reads all of it anyway, and
/// one populating mmap costs less than a page fault per page). Fd, Data and
/// Size are set on success; an Io error (naming nothing: the caller adds the
/// path) otherwise. An empty file has Data null.
struct MappedFileView {
  int Fd = -1;
  const uint8_t *Data = nullptr;
  size_t Size = 0;
};
Expected<MappedFileView> mapFile(const std::string &Path);
void unmapFile(MappedFileView &V);

} // namespace wasmaot::runtime::sys
