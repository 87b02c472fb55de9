// Build-time generator for the runtime's fake artifacts: writes a C header
// holding the artifact metadata (abi::encodeMeta of a hand-built
// ArtifactMeta) plus the vmctx offsets, builtin indices and trap codes the
// hand-written "compiled code" in fake_*.c needs. This stands in for codegen
// so the runtime can be tested end to end before the compiler exists.
//
// Usage: wasmaot-fake-meta-gen NAME OUT.h, then
//        wasmaot-fake-meta-gen --seal LINKED.so (appends the checksum seal)
#include <cstdio>
#include <cstring>
#include <string>

#include "wasmaot/abi/artifact.h"
#include "wasmaot/abi/checksum.h"
#include "wasmaot/abi/builtins.h"
#include "wasmaot/abi/traps.h"
#include "wasmaot/abi/vmctx.h"

using namespace wasmaot;
using namespace wasmaot::abi;
using frontend::ValType;

namespace {

constexpr ValType I32 = ValType::I32;

ConstExpr i32(int32_t V) {
  ConstExpr E;
  E.K = ConstExpr::I32;
  E.Lo = uint32_t(V);
  return E;
}
ConstExpr refFunc(uint32_t F) {
  ConstExpr E;
  E.K = ConstExpr::RefFunc;
  E.Index = F;
  E.Type = ValType::FuncRef;
  return E;
}
ConstExpr refNull() {
  ConstExpr E;
  E.K = ConstExpr::RefNull;
  E.Type = ValType::FuncRef;
  return E;
}
ConstExpr globalGet(uint32_t G) {
  ConstExpr E;
  E.K = ConstExpr::GlobalGet;
  E.Index = G;
  E.Type = I32;
  return E;
}

ArtifactMeta header() {
  ArtifactMeta M;
  M.CompilerVersion = "fake";
#if defined(__x86_64__)
  M.Target = "x86_64-unknown-linux-gnu";
#else
  M.Target = "aarch64-unknown-linux-gnu";
#endif
  M.Bounds = BoundsMode::Guard;
  M.GuardBytes = 4ull << 30;
  return M;
}

MetaImport funcImport(const char *Mod, const char *Name, uint32_t Type) {
  MetaImport I;
  I.Module = Mod;
  I.Name = Name;
  I.Kind = ExternKind::Func;
  I.TypeIndex = Type;
  return I;
}

MetaExport exp(const char *Name, ExternKind K, uint32_t Index) {
  return MetaExport{Name, K, Index};
}

/// See fake_basic.c for the functions.
ArtifactMeta basic() {
  ArtifactMeta M = header();
  M.Name = "basic";
  M.Types = {{{I32, I32}, {I32}}, {{}, {}}, {{I32}, {I32}}, {{}, {I32}},
             {{I32}, {}}};
  M.Imports = {funcImport("host", "log", 4)};
  M.FuncTypes = {4, 0, 3, 1, 2, 2, 2, 2, 3, 1, 2, 2};
  M.FuncNames = {"log", "add", "oob_read", "trap_unreachable", "recurse",
                 "call_host", "load", "grow", "get_global", "start",
                 "call_indirect", "recurse_nocheck"};
  M.Memories = {MemoryType{Limits{1, 4}}};
  M.Tables = {TableType{ValType::FuncRef, Limits{4, 10}}};
  M.Globals = {MetaGlobal{{I32, true}, i32(42)}};
  const char *Funcs[] = {"log", "add", "oob_read", "unreachable", "recurse",
                         "call_host", "load", "grow", "get_global", nullptr,
                         "call_indirect", "recurse_nocheck"};
  for (uint32_t F = 0; F < 12; ++F)
    if (Funcs[F])
      M.Exports.push_back(exp(Funcs[F], ExternKind::Func, F));
  M.Exports.push_back(exp("mem", ExternKind::Memory, 0));
  M.Exports.push_back(exp("tab", ExternKind::Table, 0));
  M.Exports.push_back(exp("g", ExternKind::Global, 0));
  MetaElem Active{SegMode::Active, ValType::FuncRef, 0, i32(1),
                  {refFunc(8), refFunc(2)}};
  MetaElem Declared{SegMode::Declarative, ValType::FuncRef, 0, {}, {refFunc(1)}};
  MetaElem Passive{SegMode::Passive, ValType::FuncRef, 0, {},
                   {refFunc(1), refNull()}};
  M.Elems = {Active, Declared, Passive};
  M.Datas = {MetaData{SegMode::Active, 0, i32(16), 0, 5},
             MetaData{SegMode::Passive, 0, {}, 5, 5}};
  M.DataImageSize = 10;
  M.Start = 9;
  return M;
}

/// See fake_importer.c. \p Oob adds a data segment that does not fit.
ArtifactMeta importer(bool Oob) {
  ArtifactMeta M = header();
  M.Name = Oob ? "importer_oob" : "importer";
  M.Types = {{{I32, I32}, {I32}}, {{I32}, {I32}}, {{}, {I32}}};
  MetaImport Mem, Tab, Glob;
  Mem.Module = Tab.Module = Glob.Module = "basic";
  Mem.Name = "mem";
  Mem.Kind = ExternKind::Memory;
  Mem.Memory = MemoryType{Limits{1, std::nullopt}};
  Tab.Name = "tab";
  Tab.Kind = ExternKind::Table;
  Tab.Table = TableType{ValType::FuncRef, Limits{4, std::nullopt}};
  Glob.Name = "g";
  Glob.Kind = ExternKind::Global;
  Glob.Global = {I32, true};
  M.Imports = {funcImport("basic", "add", 0), Mem, Tab, Glob};
  M.FuncTypes = {0, 0, 1, 2};
  M.FuncNames = {"add", "call_add", "read_mem", "get_ig"};
  M.Globals = {MetaGlobal{{I32, false}, globalGet(0)}};
  M.Exports = {exp("call_add", ExternKind::Func, 1),
               exp("read_mem", ExternKind::Func, 2),
               exp("get_ig", ExternKind::Func, 3),
               exp("ig", ExternKind::Global, 1)};
  M.Elems = {MetaElem{SegMode::Active, ValType::FuncRef, 0, i32(0), {refFunc(1)}}};
  M.Datas = {MetaData{SegMode::Active, 0, i32(100), 0, 3}};
  if (Oob)
    M.Datas.push_back(MetaData{SegMode::Active, 0, i32(65536 * 4 - 1), 0, 3});
  M.DataImageSize = 3;
  return M;
}

void emitOffsets(FILE *F, const ArtifactMeta &M) {
  VMCounts C;
  C.NumTypes = uint32_t(M.Types.size());
  C.NumFuncs = uint32_t(M.FuncTypes.size());
  C.NumTables = M.numImported(ExternKind::Table) + uint32_t(M.Tables.size());
  C.NumMemories = M.numImported(ExternKind::Memory) + uint32_t(M.Memories.size());
  C.NumGlobals = M.numImported(ExternKind::Global) + uint32_t(M.Globals.size());
  VMOffsets O(C);
  std::fprintf(F, "#define OFF_MEMORY0_BASE %u\n#define OFF_STACK_LIMIT %u\n"
                  "#define OFF_BUILTINS %u\n#define OFF_TYPEIDS %u\n"
                  "#define OFF_FUNCREFS %u\n#define OFF_TABLES %u\n"
                  "#define OFF_MEMORIES %u\n#define OFF_GLOBALS %u\n",
               VMOffsets::Memory0Base, VMOffsets::StackLimit,
               VMOffsets::Builtins, O.TypeIds, O.FuncRefs, O.Tables,
               O.Memories, O.Globals);
  uint32_t I = 0;
#define WASM_BUILTIN(Name, Sig) std::fprintf(F, "#define BI_%s %u\n", #Name, I++);
#include "wasmaot/abi/builtins.def"
  I = 0;
#define WASM_TRAP(Name, Msg) std::fprintf(F, "#define TRAP_%s %u\n", #Name, I++);
#include "wasmaot/abi/traps.def"
}

} // namespace

/// Appends (or renews) the checksum seal of a linked fake artifact, as
/// `wasmaot compile` does for real ones (abi/checksum.h).
int seal(const char *Path) {
  FILE *F = std::fopen(Path, "rb");
  if (!F)
    return 1;
  std::vector<uint8_t> Bytes;
  uint8_t Buf[65536];
  for (size_t N; (N = std::fread(Buf, 1, sizeof(Buf), F)) > 0;)
    Bytes.insert(Bytes.end(), Buf, Buf + N);
  std::fclose(F);
  Bytes.resize(wasmaot::abi::unsealed(Bytes).size());
  wasmaot::abi::sealArtifact(Bytes);
  F = std::fopen(Path, "wb");
  if (!F)
    return 1;
  bool Ok = std::fwrite(Bytes.data(), 1, Bytes.size(), F) == Bytes.size();
  return std::fclose(F) == 0 && Ok ? 0 : 1;
}

int main(int Argc, char **Argv) {
  if (Argc == 3 && std::strcmp(Argv[1], "--seal") == 0)
    return seal(Argv[2]);
  if (Argc != 3) {
    std::fprintf(stderr, "usage: %s NAME OUT.h\n", Argv[0]);
    return 2;
  }
  std::string Name = Argv[1];
  ArtifactMeta M;
  if (Name == "basic")
    M = basic();
  else if (Name == "importer" || Name == "importer_oob")
    M = importer(Name == "importer_oob");
  else if (Name == "badversion")
    (M = basic()).FormatVersion = kArtifactFormatVersion + 1;
  else if (Name == "badabi")
    (M = basic()).AbiHash ^= 1;
  else if (Name == "badarch") {
    M = basic();
    bool X86 = std::strncmp(M.Target.c_str(), "x86_64", 6) == 0;
    M.Target = X86 ? "aarch64-unknown-linux-gnu" : "x86_64-unknown-linux-gnu";
  }
  else {
    std::fprintf(stderr, "unknown fake artifact '%s'\n", Argv[1]);
    return 2;
  }
  std::vector<uint8_t> Bytes = encodeMeta(M);
  FILE *F = std::fopen(Argv[2], "w");
  if (!F)
    return 1;
  std::fprintf(F, "/* generated by wasmaot-fake-meta-gen %s */\n", Argv[1]);
  std::fprintf(F, "#include <stdint.h>\n");
  emitOffsets(F, M);
  std::fprintf(F, "const uint8_t wasmaot_meta[] = {");
  for (size_t I = 0; I < Bytes.size(); ++I)
    std::fprintf(F, "%s%u", I == 0 ? "\n  " : I % 16 ? "," : ",\n  ", Bytes[I]);
  std::fprintf(F, "};\nconst uint64_t wasmaot_meta_size = %zu;\n", Bytes.size());
  return std::fclose(F) == 0 ? 0 : 1;
}
