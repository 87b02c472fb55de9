// Linux shared-object loading for artifacts: dlopen(RTLD_NOW | RTLD_LOCAL) of
// a /proc/self/fd/N path, the executable PT_LOAD ranges of the result (for
// the fault handler's "is this pc compiled wasm?" question), ELF machine
// sniffing for a clear wrong-architecture message.
//
// Why the name bookkeeping: glibc's dlopen returns an already-loaded object
// whose recorded name equals the requested path without opening the file.
// /proc/self/fd/N names are reused whenever descriptor N is, so we never
// dlopen a name that a live object already carries (we dup the descriptor to
// a free number instead). Loading a file that is already loaded (same inode)
// makes glibc return that object and add the requested path to its names
// for as long as the object lives, so names are tracked per object, not per
// handle, and released only when our last handle to the object goes. When the same file is loaded twice, glibc returns
// the loaded object (same inode) and adds the requested path to its names,
// so that path is recorded as live too.
#include "../sys.h"
#include "elf_map.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <map>
#include <mutex>
#include <unistd.h>
#include <vector>

namespace wasmaot::runtime::sys {

namespace {

struct ObjectNames {
  int Handles = 0;                ///< our dlopen handles to the object
  std::vector<std::string> Names; ///< every name glibc knows it by
};
std::mutex NamesMutex;
std::map<const link_map *, ObjectNames> Objects;
std::map<std::string, const link_map *> LiveNames; ///< name -> object

std::string fdPath(int Fd) { return "/proc/self/fd/" + std::to_string(Fd); }

struct PhdrQuery {
  const link_map *Map;
  std::vector<CodeRange> *Out;
};

int collectExec(dl_phdr_info *Info, size_t, void *Data) {
  auto *Q = static_cast<PhdrQuery *>(Data);
  if (Info->dlpi_addr != Q->Map->l_addr || !Info->dlpi_name ||
      std::strcmp(Info->dlpi_name, Q->Map->l_name) != 0)
    return 0;
  for (unsigned I = 0; I < Info->dlpi_phnum; ++I) {
    const ElfW(Phdr) &P = Info->dlpi_phdr[I];
    if (P.p_type == PT_LOAD && (P.p_flags & PF_X))
      Q->Out->push_back({Info->dlpi_addr + P.p_vaddr,
                         Info->dlpi_addr + P.p_vaddr + P.p_memsz});
  }
  return 1;
}

} // namespace

Expected<SharedObject> loadSharedObject(int Fd, std::span<const uint8_t> Bytes,
                                        const std::string &Display) {
  static const bool ForceDlopen = [] {
    const char *E = std::getenv("WASMAOT_DLOPEN");
    return E && *E && std::strcmp(E, "0") != 0;
  }();
  if (!ForceDlopen)
    if (std::optional<SharedObject> SO = mapElfDirectly(Fd, Bytes))
      return std::move(*SO);
  std::lock_guard<std::mutex> Lock(NamesMutex);
  std::vector<int> Dups;
  int UseFd = Fd;
  while (LiveNames.count(fdPath(UseFd))) {
    UseFd = ::fcntl(Fd, F_DUPFD_CLOEXEC, UseFd + 1);
    if (UseFd < 0)
      break;
    Dups.push_back(UseFd);
  }
  void *H = UseFd < 0 ? nullptr
                      : ::dlopen(fdPath(UseFd).c_str(), RTLD_NOW | RTLD_LOCAL);
  std::string Why = H ? "" : (UseFd < 0 ? "out of file descriptors" : ::dlerror());
  for (int D : Dups)
    ::close(D);
  if (!H)
    return makeError(ErrorKind::Link, Error::kNoOffset,
                     "{}: cannot load the artifact: {}", Display, Why);
  SharedObject SO;
  SO.Handle = H;
  link_map *Map = nullptr;
  if (::dlinfo(H, RTLD_DI_LINKMAP, &Map) == 0 && Map) {
    ObjectNames &O = Objects[Map];
    ++O.Handles;
    for (std::string N : {std::string(Map->l_name), fdPath(UseFd)})
      if (LiveNames.emplace(N, Map).second)
        O.Names.push_back(N);
    PhdrQuery Q{Map, &SO.Code};
    ::dl_iterate_phdr(collectExec, &Q);
  }
  return SO;
}

void unloadSharedObject(SharedObject &SO) {
  if (SO.Base) {
    unmapElf(SO);
    SO.Code.clear();
    return;
  }
  if (!SO.Handle)
    return;
  std::lock_guard<std::mutex> Lock(NamesMutex);
  link_map *Map = nullptr;
  if (::dlinfo(SO.Handle, RTLD_DI_LINKMAP, &Map) == 0 && Map) {
    auto It = Objects.find(Map);
    if (It != Objects.end() && --It->second.Handles == 0) {
      for (const std::string &N : It->second.Names)
        LiveNames.erase(N);
      Objects.erase(It);
    }
  }
  ::dlclose(SO.Handle);
  SO.Handle = nullptr;
  SO.Code.clear();
}

void *findSymbol(const SharedObject &SO, const char *Name) {
  if (SO.Base)
    return findMappedSymbol(SO, Name);
  return ::dlsym(SO.Handle, Name);
}

int elfMachine(const uint8_t *H, size_t Size) {
  if (Size < 20 || std::memcmp(H, ELFMAG, SELFMAG) != 0)
    return -1;
  return H[18] | H[19] << 8; // e_machine, little-endian hosts only
}

int hostElfMachine() {
#if defined(__x86_64__)
  return EM_X86_64;
#elif defined(__aarch64__)
  return EM_AARCH64;
#else
#error "wasmaot: unsupported host architecture"
#endif
}

const char *elfMachineArch(int Machine) {
  switch (Machine) {
  case EM_X86_64: return "x86_64";
  case EM_AARCH64: return "aarch64";
  case EM_386: return "i386";
  case EM_ARM: return "arm";
  case EM_RISCV: return "riscv";
  default: return "an unknown architecture";
  }
}

} // namespace wasmaot::runtime::sys
