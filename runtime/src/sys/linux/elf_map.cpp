// Mapping an artifact's ELF shared object without the dynamic loader.
//
// What `wasmaot compile` links is as simple as a shared object gets: three
// PT_LOAD segments (read-only data, code, relocated read-only data), no
// DT_NEEDED, no initialisers, no TLS, no symbol relocations — only relative
// ones — and a GNU hash table for the handful of symbols the runtime looks
// up. dlopen of such a file costs about 50 us at the start of `wasmaot run`
// (its path walk through /proc/self/fd, the link map, locking, version
// checks); mapping it here costs a few mmaps. Anything this code does not
// recognise makes it decline, and the caller falls back to dlopen: it never
// guesses. Every address it writes or reads through is checked against the
// segments it mapped.
#include "elf_map.h"

#include <cstring>
#include <elf.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wasmaot::runtime::sys {

namespace {

#if defined(__x86_64__)
constexpr unsigned kHostMachine = EM_X86_64;
constexpr uint32_t kRelative = R_X86_64_RELATIVE;
#elif defined(__aarch64__)
constexpr unsigned kHostMachine = EM_AARCH64;
constexpr uint32_t kRelative = R_AARCH64_RELATIVE;
#else
#error "wasmaot: unsupported host architecture"
#endif

struct Segment {
  uint64_t Vaddr = 0, MemSize = 0, FileSize = 0, Offset = 0;
  uint32_t Flags = 0;
};

/// The mapped image: [Base, Base + Span), made of Segs.
struct Image {
  uint8_t *Base = nullptr;
  size_t Span = 0;
  std::vector<Segment> Segs;

  /// Whether [Vaddr, Vaddr + Size) lies in one segment's memory (and, with
  /// \p Writable, a writable one).
  bool holds(uint64_t Vaddr, uint64_t Size, bool Writable = false) const {
    for (const Segment &S : Segs)
      if (Vaddr >= S.Vaddr && Size <= S.MemSize &&
          Vaddr - S.Vaddr <= S.MemSize - Size &&
          (!Writable || (S.Flags & PF_W)))
        return true;
    return false;
  }
  template <typename T> T *at(uint64_t Vaddr) const {
    return reinterpret_cast<T *>(Base + Vaddr);
  }
};

int protOf(uint32_t Flags) {
  return (Flags & PF_R ? PROT_READ : 0) | (Flags & PF_W ? PROT_WRITE : 0) |
         (Flags & PF_X ? PROT_EXEC : 0);
}

/// Applies DT_RELA (relative entries only) and DT_RELR; false to decline.
bool relocate(const Image &Im, uint64_t Rela, uint64_t RelaSize,
              uint64_t RelaEnt, uint64_t Relr, uint64_t RelrSize) {
  auto *B = Im.Base;
  if (RelaSize) {
    if (RelaEnt != sizeof(Elf64_Rela) || RelaSize % sizeof(Elf64_Rela) ||
        !Im.holds(Rela, RelaSize))
      return false;
    const auto *R = Im.at<const Elf64_Rela>(Rela);
    for (size_t I = 0; I < RelaSize / sizeof(Elf64_Rela); ++I) {
      if (ELF64_R_TYPE(R[I].r_info) != kRelative ||
          ELF64_R_SYM(R[I].r_info) != 0 ||
          !Im.holds(R[I].r_offset, sizeof(uint64_t), /*Writable=*/true))
        return false;
      uint64_t V = uint64_t(uintptr_t(B)) + uint64_t(R[I].r_addend);
      std::memcpy(B + R[I].r_offset, &V, sizeof(V));
    }
  }
  if (RelrSize) {
    if (RelrSize % sizeof(uint64_t) || !Im.holds(Relr, RelrSize))
      return false;
    const auto *E = Im.at<const uint64_t>(Relr);
    uint64_t Where = 0;
    auto Apply = [&](uint64_t At) {
      if (!Im.holds(At, sizeof(uint64_t), /*Writable=*/true))
        return false;
      uint64_t V;
      std::memcpy(&V, B + At, sizeof(V));
      V += uint64_t(uintptr_t(B));
      std::memcpy(B + At, &V, sizeof(V));
      return true;
    };
    for (size_t I = 0; I < RelrSize / sizeof(uint64_t); ++I) {
      if ((E[I] & 1) == 0) { // an address, then the word after it
        if (!Apply(E[I]))
          return false;
        Where = E[I] + sizeof(uint64_t);
        continue;
      }
      for (unsigned Bit = 1; Bit < 64; ++Bit) // a bitmap of the next 63
        if ((E[I] >> Bit) & 1)
          if (!Apply(Where + (Bit - 1) * sizeof(uint64_t)))
            return false;
      Where += 63 * sizeof(uint64_t);
    }
  }
  return true;
}

uint32_t gnuHash(const char *Name) {
  uint32_t H = 5381;
  for (; *Name; ++Name)
    H = H * 33 + uint8_t(*Name);
  return H;
}

} // namespace

std::optional<SharedObject> mapElfDirectly(int Fd,
                                           std::span<const uint8_t> Bytes) {
  const size_t Page = size_t(::sysconf(_SC_PAGESIZE));
  Elf64_Ehdr H;
  if (Bytes.size() < sizeof(H))
    return std::nullopt;
  std::memcpy(&H, Bytes.data(), sizeof(H));
  if (std::memcmp(H.e_ident, ELFMAG, SELFMAG) != 0 ||
      H.e_ident[EI_CLASS] != ELFCLASS64 || H.e_ident[EI_DATA] != ELFDATA2LSB ||
      H.e_type != ET_DYN || H.e_machine != kHostMachine ||
      H.e_phentsize != sizeof(Elf64_Phdr) || H.e_phoff > Bytes.size() ||
      uint64_t(H.e_phnum) * sizeof(Elf64_Phdr) > Bytes.size() - H.e_phoff)
    return std::nullopt;

  Image Im;
  std::optional<Segment> Dynamic, Relro;
  for (unsigned I = 0; I < H.e_phnum; ++I) {
    Elf64_Phdr P;
    std::memcpy(&P, Bytes.data() + H.e_phoff + I * sizeof(P), sizeof(P));
    Segment S{P.p_vaddr, P.p_memsz, P.p_filesz, P.p_offset, P.p_flags};
    switch (P.p_type) {
    case PT_LOAD:
      if (P.p_filesz > P.p_memsz || P.p_offset > Bytes.size() ||
          P.p_filesz > Bytes.size() - P.p_offset ||
          P.p_memsz > (uint64_t(1) << 40) ||
          P.p_vaddr > (uint64_t(1) << 40) || (P.p_vaddr - P.p_offset) % Page ||
          // In address order, and no two in one page: each is mapped
          // with its own protection over whole pages.
          (!Im.Segs.empty() &&
           P.p_vaddr / Page * Page <
               (Im.Segs.back().Vaddr + Im.Segs.back().MemSize + Page - 1) /
                   Page * Page) ||
          // Only a writable segment may extend past its file bytes (bss);
          // none may be both writable and executable.
          (P.p_memsz > P.p_filesz && !(P.p_flags & PF_W)) ||
          ((P.p_flags & PF_W) && (P.p_flags & PF_X)))
        return std::nullopt;
      Im.Segs.push_back(S);
      break;
    case PT_DYNAMIC: Dynamic = S; break;
    case PT_GNU_RELRO: Relro = S; break;
    case PT_TLS:
    case PT_INTERP:
      return std::nullopt;
    default: break; // PT_PHDR, PT_GNU_STACK, PT_GNU_EH_FRAME, notes
    }
  }
  // The bytes described must be the file's: mapped pages past its end
  // would fault (SIGBUS) when read.
  struct stat St;
  if (Im.Segs.empty() || !Dynamic || Im.Segs.front().Vaddr >= Page ||
      ::fstat(Fd, &St) != 0 || uint64_t(St.st_size) != Bytes.size())
    return std::nullopt;
  const Segment &Last = Im.Segs.back();
  Im.Span = (Last.Vaddr + Last.MemSize + Page - 1) / Page * Page;

  void *Reserved = ::mmap(nullptr, Im.Span, PROT_NONE,
                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (Reserved == MAP_FAILED)
    return std::nullopt;
  Im.Base = static_cast<uint8_t *>(Reserved);
  auto Decline = [&]() -> std::optional<SharedObject> {
    ::munmap(Im.Base, Im.Span);
    return std::nullopt;
  };

  // Map every segment writable where it is writable in the end, and the
  // rest read-only; relocations only ever go to writable segments.
  for (const Segment &S : Im.Segs) {
    uint64_t Start = S.Vaddr / Page * Page;
    uint64_t FileEnd = S.Vaddr + S.FileSize;
    uint64_t MemEnd = (S.Vaddr + S.MemSize + Page - 1) / Page * Page;
    uint64_t MapEnd = (FileEnd + Page - 1) / Page * Page;
    if (S.FileSize &&
        ::mmap(Im.Base + Start, MapEnd - Start, protOf(S.Flags),
               MAP_PRIVATE | MAP_FIXED, Fd,
               off_t(S.Offset - (S.Vaddr - Start))) == MAP_FAILED)
      return Decline();
    if (S.MemSize > S.FileSize) {
      // The tail of the last file page, then fresh zero pages.
      if (MapEnd > FileEnd && S.FileSize)
        std::memset(Im.Base + FileEnd, 0, MapEnd - FileEnd);
      uint64_t ZeroFrom = S.FileSize ? MapEnd : Start;
      if (MemEnd > ZeroFrom &&
          ::mmap(Im.Base + ZeroFrom, MemEnd - ZeroFrom, protOf(S.Flags),
                 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0) == MAP_FAILED)
        return Decline();
    }
  }

  // The dynamic section: what the object needs, and where its tables are.
  if (Dynamic->MemSize % sizeof(Elf64_Dyn) ||
      !Im.holds(Dynamic->Vaddr, Dynamic->MemSize))
    return Decline();
  const auto *Dyn = Im.at<const Elf64_Dyn>(Dynamic->Vaddr);
  uint64_t Rela = 0, RelaSize = 0, RelaEnt = sizeof(Elf64_Rela), Relr = 0,
           RelrSize = 0, SymTab = 0, StrTab = 0, StrSize = 0, GnuHash = 0;
  for (size_t I = 0; I < Dynamic->MemSize / sizeof(Elf64_Dyn); ++I) {
    const Elf64_Dyn &D = Dyn[I];
    if (D.d_tag == DT_NULL)
      break;
    switch (D.d_tag) {
    case DT_RELA: Rela = D.d_un.d_ptr; break;
    case DT_RELASZ: RelaSize = D.d_un.d_val; break;
    case DT_RELAENT: RelaEnt = D.d_un.d_val; break;
    case DT_RELR: Relr = D.d_un.d_ptr; break;
    case DT_RELRSZ: RelrSize = D.d_un.d_val; break;
    case DT_SYMTAB: SymTab = D.d_un.d_ptr; break;
    case DT_STRTAB: StrTab = D.d_un.d_ptr; break;
    case DT_STRSZ: StrSize = D.d_un.d_val; break;
    case DT_GNU_HASH: GnuHash = D.d_un.d_ptr; break;
    case DT_PLTRELSZ:
      if (D.d_un.d_val)
        return Decline(); // calls through a PLT: imports
      break;
    case DT_FLAGS:
      if (D.d_un.d_val & (DF_TEXTREL | DF_STATIC_TLS | DF_SYMBOLIC))
        return Decline();
      break;
    // Work only the dynamic loader does: dependencies, code to run at
    // load or unload, relocations of code, other relocation formats.
    case DT_NEEDED:
    case DT_INIT:
    case DT_FINI:
    case DT_INIT_ARRAY:
    case DT_FINI_ARRAY:
    case DT_PREINIT_ARRAY:
    case DT_TEXTREL:
    case DT_REL:
    case DT_RELSZ:
    case DT_AUXILIARY:
    case DT_FILTER:
      return Decline();
    default: break; // sizes, SONAME, FLAGS_1, RELACOUNT, versions, ...
    }
  }
  if (!SymTab || !StrTab || !GnuHash || !Im.holds(StrTab, StrSize) ||
      !Im.holds(SymTab, sizeof(Elf64_Sym)) ||
      !Im.holds(GnuHash, 16) ||
      !relocate(Im, Rela, RelaSize, RelaEnt, Relr, RelrSize))
    return Decline();
  if (Relro) {
    uint64_t From = Relro->Vaddr / Page * Page;
    uint64_t To = (Relro->Vaddr + Relro->MemSize) / Page * Page;
    if (To > From && ::mprotect(Im.Base + From, To - From, PROT_READ) != 0)
      return Decline();
  }

  SharedObject SO;
  SO.Base = Im.Base;
  SO.Span = Im.Span;
  SO.Syms = Im.at<const void>(SymTab);
  SO.Strs = Im.at<const char>(StrTab);
  SO.StrSize = StrSize;
  SO.GnuHash = Im.at<const uint32_t>(GnuHash);
  for (const Segment &S : Im.Segs) {
    CodeRange R{uintptr_t(Im.Base + S.Vaddr),
                uintptr_t(Im.Base + S.Vaddr + S.MemSize)};
    if (S.Flags & PF_R)
      SO.Readable.push_back(R);
    if (S.Flags & PF_X)
      SO.Code.push_back(R);
  }
  return SO;
}

void *findMappedSymbol(const SharedObject &SO, const char *Name) {
  // The GNU hash table: nbuckets, symoffset, bloom words, bloom shift, then
  // the bloom filter, the buckets and one chain word per hashed symbol.
  auto InSpan = [&](const void *P, size_t Size) {
    auto A = uintptr_t(P);
    for (const CodeRange &R : SO.Readable)
      if (A >= R.Start && Size <= R.End - R.Start && A - R.Start <= R.End - R.Start - Size)
        return true;
    return false;
  };
  const uint32_t *G = SO.GnuHash;
  uint32_t NBuckets = G[0], SymOffset = G[1], BloomWords = G[2];
  const uint32_t *Buckets =
      G + 4 + size_t(BloomWords) * (sizeof(uint64_t) / sizeof(uint32_t));
  if (NBuckets == 0 || !InSpan(Buckets, size_t(NBuckets) * 4))
    return nullptr;
  const uint32_t *Chain = Buckets + NBuckets;
  uint32_t Hash = gnuHash(Name);
  size_t Len = std::strlen(Name);
  const auto *Syms = static_cast<const Elf64_Sym *>(SO.Syms);
  for (uint32_t I = Buckets[Hash % NBuckets]; I >= SymOffset; ++I) {
    const uint32_t *Link = Chain + (I - SymOffset);
    if (!InSpan(Link, 4) || !InSpan(Syms + I, sizeof(Elf64_Sym)))
      return nullptr;
    const Elf64_Sym &S = Syms[I];
    if ((*Link | 1) == (Hash | 1) && S.st_name < SO.StrSize &&
        Len < SO.StrSize - S.st_name &&
        std::memcmp(SO.Strs + S.st_name, Name, Len) == 0 &&
        SO.Strs[S.st_name + Len] == '\0' && S.st_shndx != SHN_UNDEF &&
        S.st_value < SO.Span)
      return SO.Base + S.st_value;
    if (*Link & 1)
      break;
  }
  return nullptr;
}

void unmapElf(SharedObject &SO) {
  if (SO.Base)
    ::munmap(SO.Base, SO.Span);
  SO.Base = nullptr;
  SO.Span = 0;
}

} // namespace wasmaot::runtime::sys
