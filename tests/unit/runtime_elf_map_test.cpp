// The runtime's own ELF mapper (runtime/src/sys/linux/elf_map.cpp), white
// box: it maps and relocates what `wasmaot compile` writes, finds its
// symbols through the GNU hash table, and declines — so that dlopen loads
// the object — whatever needs the dynamic loader or does not add up.
#include <elf.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "../../runtime/src/sys/linux/elf_map.h"
#include "runtime_test_util.h"
#include "wasmaot/runtime/artifact_file.h"
#include "wat_compile.h"

namespace wasmaot::runtime::test {
namespace {

constexpr const char *kWat = R"(
(module
  (memory (export "memory") 1)
  (table 2 funcref)
  (elem (i32.const 0) $a $b)
  (func $a (result i32) (i32.const 1))
  (func $b (result i32) (i32.const 2))
  (func (export "pick") (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0))))
)";

/// What loadSharedObject is given: a descriptor of the file and its bytes.
struct File {
  int Fd = -1;
  std::vector<uint8_t> Bytes;
  explicit File(std::vector<uint8_t> B) : Bytes(std::move(B)) {
    auto F = sys::memoryFile(Bytes.data(), Bytes.size());
    EXPECT_TRUE(F) << F.error().Message;
    Fd = F ? *F : -1;
  }
  ~File() { sys::closeFile(Fd); }
  std::optional<sys::SharedObject> map() const {
    return sys::mapElfDirectly(Fd, Bytes);
  }
};

/// The file offset of the dynamic section's entry with tag \p Tag.
std::optional<size_t> dynEntry(const std::vector<uint8_t> &B, int64_t Tag) {
  Elf64_Ehdr H;
  std::memcpy(&H, B.data(), sizeof(H));
  for (unsigned I = 0; I < H.e_phnum; ++I) {
    Elf64_Phdr P;
    std::memcpy(&P, B.data() + H.e_phoff + I * sizeof(P), sizeof(P));
    if (P.p_type != PT_DYNAMIC)
      continue;
    for (size_t Off = P.p_offset; Off + sizeof(Elf64_Dyn) <= P.p_offset + P.p_filesz;
         Off += sizeof(Elf64_Dyn)) {
      Elf64_Dyn D;
      std::memcpy(&D, B.data() + Off, sizeof(D));
      if (D.d_tag == Tag)
        return Off;
    }
  }
  return std::nullopt;
}

/// The file offset of virtual address \p Vaddr.
size_t fileOffset(const std::vector<uint8_t> &B, uint64_t Vaddr) {
  Elf64_Ehdr H;
  std::memcpy(&H, B.data(), sizeof(H));
  for (unsigned I = 0; I < H.e_phnum; ++I) {
    Elf64_Phdr P;
    std::memcpy(&P, B.data() + H.e_phoff + I * sizeof(P), sizeof(P));
    if (P.p_type == PT_LOAD && Vaddr >= P.p_vaddr &&
        Vaddr < P.p_vaddr + P.p_filesz)
      return P.p_offset + (Vaddr - P.p_vaddr);
  }
  ADD_FAILURE() << "no file bytes at " << Vaddr;
  return 0;
}

TEST(RuntimeElfMap, MapsRelocatesAndFindsSymbolsOfACompiledArtifact) {
  NEED_WAT2WASM();
  File F(::wasmaot::test::compileWat(kWat));
  ASSERT_FALSE(F.Bytes.empty());
  std::optional<sys::SharedObject> SO = F.map();
  ASSERT_TRUE(SO);
  EXPECT_EQ(SO->Handle, nullptr);
  ASSERT_NE(SO->Base, nullptr);
  ASSERT_FALSE(SO->Code.empty());
  for (const sys::CodeRange &R : SO->Code) {
    EXPECT_GE(R.Start, uintptr_t(SO->Base));
    EXPECT_LE(R.End, uintptr_t(SO->Base) + SO->Span);
  }
  // The metadata symbol points at the same bytes as in the file.
  auto A = readArtifactFile(F.Bytes);
  ASSERT_TRUE(A) << A.error().Message;
  auto *Meta = static_cast<const uint8_t *>(
      sys::findMappedSymbol(*SO, abi::kSymMeta));
  auto *Size = static_cast<const uint64_t *>(
      sys::findMappedSymbol(*SO, abi::kSymMetaSize));
  ASSERT_TRUE(Meta && Size);
  ASSERT_EQ(*Size, A->MetaBytes.size());
  EXPECT_EQ(std::memcmp(Meta, A->MetaBytes.data(), *Size), 0);
  // The function table was relocated: every entry points into the code.
  auto *Funcs = static_cast<void *const *>(
      sys::findMappedSymbol(*SO, abi::kSymFuncs));
  ASSERT_NE(Funcs, nullptr);
  for (int I = 0; I < 4; ++I) {
    bool InCode = false;
    for (const sys::CodeRange &R : SO->Code)
      InCode |= uintptr_t(Funcs[I]) >= R.Start && uintptr_t(Funcs[I]) < R.End;
    EXPECT_TRUE(InCode) << "function " << I;
  }
  // Names that are not there, or only a prefix of one, are not found.
  EXPECT_EQ(sys::findMappedSymbol(*SO, "wasmaot_met"), nullptr);
  EXPECT_EQ(sys::findMappedSymbol(*SO, "wasmaot_meta_sizes"), nullptr);
  EXPECT_EQ(sys::findMappedSymbol(*SO, ""), nullptr);
  sys::unmapElf(*SO);
  EXPECT_EQ(SO->Base, nullptr);
}

TEST(RuntimeElfMap, ArtifactsLoadedDirectlyRunAndTrap) {
  NEED_WAT2WASM();
  std::vector<uint8_t> B = ::wasmaot::test::compileWat(kWat);
  Engine E;
  for (int Round = 0; Round < 2; ++Round) { // twice: separate mappings
    auto M = Module::loadBytes(E, B);
    ASSERT_TRUE(M) << M.error().Message;
    Store S(E);
    Linker L(E);
    auto I = L.instantiate(S, **M);
    ASSERT_TRUE(I.ok()) << I.message();
    auto Pick = (*I)->func<int32_t(int32_t)>("pick");
    ASSERT_TRUE(Pick);
    EXPECT_EQ(*Pick->call(1), 2);
    auto T = Pick->call(7);
    ASSERT_TRUE(T.isTrap());
    EXPECT_EQ(T.trap().Code, TrapCode::UndefinedElement);
    // A guard-page fault: the handler must know the mapped code.
    auto Peek = (*I)->func<int32_t(int32_t)>("peek");
    ASSERT_TRUE(Peek);
    auto G = Peek->call(0x7ffffff0);
    ASSERT_TRUE(G.isTrap());
    EXPECT_EQ(G.trap().Code, TrapCode::MemoryOutOfBounds);
    ASSERT_FALSE(G.trap().Frames.empty());
  }
}

TEST(RuntimeElfMap, DeclinesWhatNeedsTheDynamicLoader) {
  NEED_WAT2WASM();
  std::vector<uint8_t> Good = ::wasmaot::test::compileWat(kWat);
  ASSERT_FALSE(Good.empty());
  // A shared object with initialisers (the unit tests' fake artifacts are
  // built by the C compiler).
  {
    std::ifstream In(fakeArtifact("basic"), std::ios::binary);
    File F(std::vector<uint8_t>((std::istreambuf_iterator<char>(In)), {}));
    EXPECT_FALSE(F.map());
    // ...which Module::load still loads, through dlopen.
    Engine E;
    EXPECT_TRUE(Module::load(E, fakeArtifact("basic")));
  }
  // A dependency: the SONAME entry turned into DT_NEEDED.
  {
    std::vector<uint8_t> B = Good;
    auto Off = dynEntry(B, DT_SONAME);
    ASSERT_TRUE(Off);
    int64_t Needed = DT_NEEDED;
    std::memcpy(B.data() + *Off, &Needed, sizeof(Needed));
    EXPECT_FALSE(File(B).map());
  }
  // A relocation that is not relative (one that needs a symbol).
  {
    std::vector<uint8_t> B = Good;
    auto Off = dynEntry(B, DT_RELA);
    ASSERT_TRUE(Off);
    Elf64_Dyn D;
    std::memcpy(&D, B.data() + *Off, sizeof(D));
    size_t Rel = fileOffset(B, D.d_un.d_ptr);
    Elf64_Rela R;
    std::memcpy(&R, B.data() + Rel, sizeof(R));
#if defined(__x86_64__)
    R.r_info = ELF64_R_INFO(1, R_X86_64_64);
#else
    R.r_info = ELF64_R_INFO(1, R_AARCH64_ABS64);
#endif
    std::memcpy(B.data() + Rel, &R, sizeof(R));
    EXPECT_FALSE(File(B).map());
  }
  // A relocation that would write outside the writable segment.
  {
    std::vector<uint8_t> B = Good;
    auto Off = dynEntry(B, DT_RELA);
    Elf64_Dyn D;
    std::memcpy(&D, B.data() + *Off, sizeof(D));
    size_t Rel = fileOffset(B, D.d_un.d_ptr);
    Elf64_Rela R;
    std::memcpy(&R, B.data() + Rel, sizeof(R));
    R.r_offset = 0; // the ELF header, read-only
    std::memcpy(B.data() + Rel, &R, sizeof(R));
    EXPECT_FALSE(File(B).map());
  }
  // Two segments in one page (the code moved down to its file offset,
  // next to the end of the read-only data): each page has one protection.
  {
    std::vector<uint8_t> B = Good;
    Elf64_Ehdr H;
    std::memcpy(&H, B.data(), sizeof(H));
    bool Moved = false;
    for (unsigned I = 0; I < H.e_phnum; ++I) {
      size_t At = H.e_phoff + I * sizeof(Elf64_Phdr);
      Elf64_Phdr P;
      std::memcpy(&P, B.data() + At, sizeof(P));
      if (P.p_type != PT_LOAD || !(P.p_flags & PF_X))
        continue;
      P.p_vaddr = P.p_paddr = P.p_offset;
      std::memcpy(B.data() + At, &P, sizeof(P));
      Moved = true;
    }
    ASSERT_TRUE(Moved);
    EXPECT_FALSE(File(B).map());
  }
  // A segment both writable and executable.
  {
    std::vector<uint8_t> B = Good;
    Elf64_Ehdr H;
    std::memcpy(&H, B.data(), sizeof(H));
    for (unsigned I = 0; I < H.e_phnum; ++I) {
      size_t At = H.e_phoff + I * sizeof(Elf64_Phdr);
      Elf64_Phdr P;
      std::memcpy(&P, B.data() + At, sizeof(P));
      if (P.p_type == PT_LOAD && (P.p_flags & PF_W))
        P.p_flags |= PF_X;
      std::memcpy(B.data() + At, &P, sizeof(P));
    }
    EXPECT_FALSE(File(B).map());
  }
  // Bytes that are not the whole file behind the descriptor.
  {
    std::vector<uint8_t> Longer = Good;
    Longer.resize(Good.size() + 4096);
    File F(Longer);
    EXPECT_FALSE(sys::mapElfDirectly(F.Fd, Good));
    std::optional<sys::SharedObject> SO = sys::mapElfDirectly(F.Fd, Longer);
    ASSERT_TRUE(SO); // trailing bytes past the segments are no reason
    sys::unmapElf(*SO);
  }
  // Another machine, or a file cut short.
  {
    std::vector<uint8_t> B = Good;
    uint16_t M = EM_RISCV;
    std::memcpy(B.data() + offsetof(Elf64_Ehdr, e_machine), &M, sizeof(M));
    EXPECT_FALSE(File(B).map());
    EXPECT_FALSE(File(std::vector<uint8_t>(Good.begin(), Good.begin() + 100)).map());
    EXPECT_FALSE(File(std::vector<uint8_t>(Good.begin(), Good.begin() + 40)).map());
  }
}

} // namespace
} // namespace wasmaot::runtime::test
