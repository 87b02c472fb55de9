// The artifact: what `wasmaot compile` writes and the runtime loads. An
// artifact is an ELF shared object that exports exactly these symbols:
//
//   wasmaot_meta         uint8_t[]  ArtifactMeta, encoded below
//   wasmaot_meta_size    uint64_t   its length
//   wasmaot_funcs        void*[]    native code of each defined function
//   wasmaot_array_calls  void*[]    per type index: ArrayCallFn (vmctx.h)
//   wasmaot_host_stubs   void*[]    per type index: code with the wasm
//                                   calling convention that forwards to a
//                                   VMHostContext (vmctx.h)
//   wasmaot_data         uint8_t[]  all data segment bytes, page-aligned
//
// Writer: codegen/src/artifact_writer.cpp. Reader: runtime/src/loader.cpp.
// Both use encodeMeta/decodeMeta below; nobody else parses the format.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasmaot/abi/version.h"
#include "wasmaot/frontend/types.h"

namespace wasmaot::abi {

using frontend::ExternKind;
using frontend::FuncType;
using frontend::GlobalType;
using frontend::Limits;
using frontend::MemoryType;
using frontend::TableType;
using frontend::ValType;

inline constexpr const char *kSymMeta = "wasmaot_meta";
inline constexpr const char *kSymMetaSize = "wasmaot_meta_size";
inline constexpr const char *kSymFuncs = "wasmaot_funcs";
inline constexpr const char *kSymArrayCalls = "wasmaot_array_calls";
inline constexpr const char *kSymHostStubs = "wasmaot_host_stubs";
inline constexpr const char *kSymData = "wasmaot_data";

inline constexpr char kMetaMagic[8] = {'W', 'A', 'O', 'T', 'M', 'E', 'T', 'A'};

namespace detail {
inline constexpr uint64_t computeAbiHash() {
  uint64_t H = 0xcbf29ce484222325ull;
  auto Mix = [&H](std::string_view S) {
    for (char C : S)
      H = (H ^ uint8_t(C)) * 0x100000001b3ull;
  };
  Mix("vmctx-v1;");
  Mix("constexpr-program;"); // ConstExpr::Program (Wasm 3.0 extended-const)
#define WASM_BUILTIN(Name, Sig) Mix(#Name), Mix(Sig);
#include "wasmaot/abi/builtins.def"
#define WASM_TRAP(Name, Msg) Mix(#Name);
#include "wasmaot/abi/traps.def"
  return H;
}
} // namespace detail

/// A hash of everything in runtime/abi that compiled code depends on. Bump
/// the salt whenever vmctx.h, builtins.def or traps.def change meaning.
/// Evaluated at compile time: hashing the names at run time was 3% of the
/// instructions of `wasmaot run hello.so`.
inline constexpr uint64_t abiHash() {
  constexpr uint64_t H = detail::computeAbiHash();
  return H;
}

enum class BoundsMode : uint8_t { Guard = 0, Explicit = 1 };

/// A constant expression as the runtime evaluates it. Wasm 2.0's are one
/// instruction before `end`, and so are Wasm 3.0 extended ones (i32/i64
/// add, sub, mul) that codegen folded; one that reads an imported global is
/// kept as a `Program`: its instructions in order, run on a value stack.
///
///   K = Program, Type = result, Ops = [GlobalGet 0, I32 16, I32Add]
struct ConstExpr {
  enum Kind : uint8_t {
    I32, I64, F32, F64, V128, RefNull, RefFunc, GlobalGet,
    // Only inside a Program: pop two operands of their type, push one.
    I32Add, I32Sub, I32Mul, I64Add, I64Sub, I64Mul,
    Program,
  };
  Kind K = I32;
  uint64_t Lo = 0, Hi = 0; ///< value bits (V128 uses both)
  uint32_t Index = 0;      ///< function or global index
  ValType Type = ValType::I32; ///< the value it pushes (Program: the result)
  std::vector<ConstExpr> Ops;  ///< K == Program: none of them a Program

  static constexpr bool isBinary(Kind K) { return K >= I32Add && K <= I64Mul; }
};

struct MetaImport {
  std::string Module, Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t TypeIndex = 0; ///< Func
  TableType Table;
  MemoryType Memory;
  GlobalType Global;
};

struct MetaExport {
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0;
};

struct MetaGlobal {
  GlobalType Type;
  ConstExpr Init;
};

enum class SegMode : uint8_t { Active, Passive, Declarative };

struct MetaElem {
  SegMode Mode = SegMode::Active;
  ValType Type = ValType::FuncRef;
  uint32_t Table = 0;
  ConstExpr Offset;
  std::vector<ConstExpr> Items;
};

struct MetaData {
  SegMode Mode = SegMode::Active;
  uint32_t Memory = 0;
  ConstExpr Offset;
  uint64_t ImageOffset = 0; ///< into wasmaot_data
  uint64_t Size = 0;
};

struct ArtifactMeta {
  // Header: checked before anything else.
  uint32_t FormatVersion = kArtifactFormatVersion;
  uint64_t AbiHash = abiHash();
  std::string CompilerVersion;
  std::string Target;      ///< LLVM triple, e.g. x86_64-unknown-linux-gnu
  std::string Cpu;         ///< e.g. x86-64-v2
  std::string CpuFeatures; ///< LLVM feature string
  uint64_t WasmFeatures = 0;
  BoundsMode Bounds = BoundsMode::Guard;
  uint64_t GuardBytes = 0; ///< guard the code relies on after 4 GiB
  uint8_t OptLevel = 2;
  /// Compiled code polls the epoch (CompileOptions::EpochInterruption), so
  /// Instance::setEpochDeadline can interrupt it.
  bool EpochInterruption = false;

  // Module.
  std::string Name; ///< module name from the name section, if any
  std::vector<FuncType> Types;
  std::vector<MetaImport> Imports;
  std::vector<uint32_t> FuncTypes; ///< type index per function (all)
  std::vector<std::string> FuncNames;
  std::vector<TableType> Tables;    ///< defined
  std::vector<MemoryType> Memories; ///< defined
  std::vector<MetaGlobal> Globals;  ///< defined
  std::vector<MetaExport> Exports;
  std::vector<MetaElem> Elems;
  std::vector<MetaData> Datas;
  std::optional<uint32_t> Start;
  uint64_t DataImageSize = 0;

  uint32_t numImported(ExternKind K) const {
    uint32_t N = 0;
    for (const MetaImport &I : Imports)
      N += I.Kind == K;
    return N;
  }
};

// ---- Encoding: little-endian LEB128 for integers, length-prefixed strings.

class MetaWriter {
public:
  std::vector<uint8_t> Out;
  void u(uint64_t V) {
    do {
      uint8_t B = V & 0x7f;
      V >>= 7;
      Out.push_back(B | (V ? 0x80 : 0));
    } while (V);
  }
  void b(uint8_t V) { Out.push_back(V); }
  void s(std::string_view S) {
    u(S.size());
    Out.insert(Out.end(), S.begin(), S.end());
  }
  void limits(const Limits &L) {
    b(uint8_t(L.Max.has_value()) | uint8_t(L.Shared) << 1 |
      uint8_t(L.Is64) << 2);
    u(L.Min);
    if (L.Max)
      u(*L.Max);
  }
  void types(const std::vector<ValType> &Ts) {
    u(Ts.size());
    for (ValType T : Ts)
      b(uint8_t(T));
  }
  void expr(const ConstExpr &E) {
    b(E.K);
    if (E.K == ConstExpr::Program) {
      u(E.Ops.size());
      for (const ConstExpr &Op : E.Ops)
        expr(Op);
    } else {
      u(E.Lo);
      u(E.Hi);
      u(E.Index);
    }
    b(uint8_t(E.Type));
  }
};

class MetaReader {
public:
  explicit MetaReader(std::span<const uint8_t> In) : In(In) {}
  bool Failed = false;
  bool atEnd() const { return Pos == In.size(); }
  uint64_t u() {
    uint64_t V = 0;
    for (unsigned Shift = 0; Shift < 64; Shift += 7) {
      if (Pos >= In.size())
        return fail();
      uint8_t B = In[Pos++];
      V |= uint64_t(B & 0x7f) << Shift;
      if (!(B & 0x80))
        return V;
    }
    return fail();
  }
  uint32_t u32() {
    uint64_t V = u();
    return V > UINT32_MAX ? uint32_t(fail()) : uint32_t(V);
  }
  uint8_t b() { return Pos < In.size() ? In[Pos++] : uint8_t(fail()); }
  std::string s() {
    uint64_t N = u();
    if (N > In.size() - Pos)
      return fail(), std::string();
    std::string S(reinterpret_cast<const char *>(In.data() + Pos), N);
    Pos += N;
    return S;
  }
  /// A count of items that each take at least one byte.
  uint64_t count() {
    uint64_t N = u();
    return N > In.size() - Pos ? fail() : N;
  }
  ValType valType() {
    uint8_t V = b();
    if (!frontend::isValTypeCode(V))
      fail();
    return ValType(V);
  }
  Limits limits() {
    Limits L;
    uint8_t F = b();
    L.Shared = F & 2;
    L.Is64 = F & 4;
    L.Min = u();
    if (F & 1)
      L.Max = u();
    return L;
  }
  std::vector<ValType> types() {
    std::vector<ValType> Ts(count());
    for (ValType &T : Ts)
      T = valType();
    return Ts;
  }
  /// A constant expression; \p InProgram: one instruction of a Program.
  ConstExpr expr(bool InProgram = false) {
    ConstExpr E;
    uint8_t K = b();
    if (K > ConstExpr::Program || (K == ConstExpr::Program && InProgram) ||
        (ConstExpr::isBinary(ConstExpr::Kind(K)) && !InProgram))
      return fail(), E;
    E.K = ConstExpr::Kind(K);
    if (E.K == ConstExpr::Program) {
      E.Ops.resize(count());
      for (ConstExpr &Op : E.Ops)
        Op = expr(/*InProgram=*/true);
    } else {
      E.Lo = u();
      E.Hi = u();
      E.Index = u32();
    }
    E.Type = valType();
    return E;
  }

private:
  uint64_t fail() {
    Failed = true;
    Pos = In.size();
    return 0;
  }
  std::span<const uint8_t> In;
  size_t Pos = 0;
};

inline std::vector<uint8_t> encodeMeta(const ArtifactMeta &M) {
  MetaWriter W;
  W.Out.insert(W.Out.end(), kMetaMagic, kMetaMagic + 8);
  W.u(M.FormatVersion);
  W.u(M.AbiHash);
  W.s(M.CompilerVersion);
  W.s(M.Target);
  W.s(M.Cpu);
  W.s(M.CpuFeatures);
  W.u(M.WasmFeatures);
  W.b(uint8_t(M.Bounds));
  W.u(M.GuardBytes);
  W.b(M.OptLevel);
  W.b(M.EpochInterruption);
  W.s(M.Name);
  W.u(M.Types.size());
  for (const FuncType &T : M.Types) {
    W.types(T.Params);
    W.types(T.Results);
  }
  W.u(M.Imports.size());
  for (const MetaImport &I : M.Imports) {
    W.s(I.Module);
    W.s(I.Name);
    W.b(uint8_t(I.Kind));
    switch (I.Kind) {
    case ExternKind::Func:
      W.u(I.TypeIndex);
      break;
    case ExternKind::Table:
      W.b(uint8_t(I.Table.Elem));
      W.limits(I.Table.Lim);
      break;
    case ExternKind::Memory:
      W.limits(I.Memory.Lim);
      break;
    case ExternKind::Global:
      W.b(uint8_t(I.Global.Type));
      W.b(I.Global.Mutable);
      break;
    }
  }
  W.u(M.FuncTypes.size());
  for (uint32_t T : M.FuncTypes)
    W.u(T);
  W.u(M.FuncNames.size());
  for (const std::string &N : M.FuncNames)
    W.s(N);
  W.u(M.Tables.size());
  for (const TableType &T : M.Tables) {
    W.b(uint8_t(T.Elem));
    W.limits(T.Lim);
  }
  W.u(M.Memories.size());
  for (const MemoryType &T : M.Memories)
    W.limits(T.Lim);
  W.u(M.Globals.size());
  for (const MetaGlobal &G : M.Globals) {
    W.b(uint8_t(G.Type.Type));
    W.b(G.Type.Mutable);
    W.expr(G.Init);
  }
  W.u(M.Exports.size());
  for (const MetaExport &E : M.Exports) {
    W.s(E.Name);
    W.b(uint8_t(E.Kind));
    W.u(E.Index);
  }
  W.u(M.Elems.size());
  for (const MetaElem &E : M.Elems) {
    W.b(uint8_t(E.Mode));
    W.b(uint8_t(E.Type));
    W.u(E.Table);
    W.expr(E.Offset);
    W.u(E.Items.size());
    for (const ConstExpr &X : E.Items)
      W.expr(X);
  }
  W.u(M.Datas.size());
  for (const MetaData &D : M.Datas) {
    W.b(uint8_t(D.Mode));
    W.u(D.Memory);
    W.expr(D.Offset);
    W.u(D.ImageOffset);
    W.u(D.Size);
  }
  W.b(M.Start.has_value());
  W.u(M.Start.value_or(0));
  W.u(M.DataImageSize);
  return std::move(W.Out);
}

/// Decodes the header only (magic through OptLevel): enough to refuse an
/// incompatible artifact with a precise message.
inline bool decodeMetaHeader(MetaReader &R, ArtifactMeta &M) {
  M.FormatVersion = R.u32();
  M.AbiHash = R.u();
  M.CompilerVersion = R.s();
  M.Target = R.s();
  M.Cpu = R.s();
  M.CpuFeatures = R.s();
  M.WasmFeatures = R.u();
  M.Bounds = BoundsMode(R.b());
  M.GuardBytes = R.u();
  M.OptLevel = R.b();
  M.EpochInterruption = R.b() != 0;
  return !R.Failed;
}

/// nullopt if the bytes are not a well-formed metadata blob. The caller
/// checks FormatVersion and AbiHash first via the header.
inline std::optional<ArtifactMeta> decodeMeta(std::span<const uint8_t> In,
                                              bool HeaderOnly = false) {
  if (In.size() < 8 || std::memcmp(In.data(), kMetaMagic, 8) != 0)
    return std::nullopt;
  MetaReader R(In.subspan(8));
  ArtifactMeta M;
  if (!decodeMetaHeader(R, M))
    return std::nullopt;
  if (HeaderOnly || M.FormatVersion != kArtifactFormatVersion ||
      M.AbiHash != abiHash())
    return M;
  M.Name = R.s();
  M.Types.resize(R.count());
  for (FuncType &T : M.Types) {
    T.Params = R.types();
    T.Results = R.types();
  }
  M.Imports.resize(R.count());
  for (MetaImport &I : M.Imports) {
    I.Module = R.s();
    I.Name = R.s();
    uint8_t K = R.b();
    if (K > 3)
      return std::nullopt;
    I.Kind = ExternKind(K);
    switch (I.Kind) {
    case ExternKind::Func:
      I.TypeIndex = R.u32();
      break;
    case ExternKind::Table:
      I.Table.Elem = R.valType();
      I.Table.Lim = R.limits();
      break;
    case ExternKind::Memory:
      I.Memory.Lim = R.limits();
      break;
    case ExternKind::Global:
      I.Global.Type = R.valType();
      I.Global.Mutable = R.b();
      break;
    }
  }
  M.FuncTypes.resize(R.count());
  for (uint32_t &T : M.FuncTypes)
    T = R.u32();
  M.FuncNames.resize(R.count());
  for (std::string &N : M.FuncNames)
    N = R.s();
  M.Tables.resize(R.count());
  for (TableType &T : M.Tables) {
    T.Elem = R.valType();
    T.Lim = R.limits();
  }
  M.Memories.resize(R.count());
  for (MemoryType &T : M.Memories)
    T.Lim = R.limits();
  M.Globals.resize(R.count());
  for (MetaGlobal &G : M.Globals) {
    G.Type.Type = R.valType();
    G.Type.Mutable = R.b();
    G.Init = R.expr();
  }
  M.Exports.resize(R.count());
  for (MetaExport &E : M.Exports) {
    E.Name = R.s();
    uint8_t K = R.b();
    if (K > 3)
      return std::nullopt;
    E.Kind = ExternKind(K);
    E.Index = R.u32();
  }
  M.Elems.resize(R.count());
  for (MetaElem &E : M.Elems) {
    E.Mode = SegMode(R.b());
    E.Type = R.valType();
    E.Table = R.u32();
    E.Offset = R.expr();
    E.Items.resize(R.count());
    for (ConstExpr &X : E.Items)
      X = R.expr();
  }
  M.Datas.resize(R.count());
  for (MetaData &D : M.Datas) {
    D.Mode = SegMode(R.b());
    D.Memory = R.u32();
    D.Offset = R.expr();
    D.ImageOffset = R.u();
    D.Size = R.u();
  }
  bool HasStart = R.b();
  uint32_t Start = R.u32();
  if (HasStart)
    M.Start = Start;
  M.DataImageSize = R.u();
  if (R.Failed || !R.atEnd())
    return std::nullopt;
  // Cross-references the runtime relies on without further checks.
  for (uint32_t T : M.FuncTypes)
    if (T >= M.Types.size())
      return std::nullopt;
  for (const MetaImport &I : M.Imports)
    if (I.Kind == ExternKind::Func && I.TypeIndex >= M.Types.size())
      return std::nullopt;
  for (const MetaData &D : M.Datas)
    if (D.ImageOffset > M.DataImageSize ||
        D.Size > M.DataImageSize - D.ImageOffset)
      return std::nullopt;
  return M;
}

} // namespace wasmaot::abi
