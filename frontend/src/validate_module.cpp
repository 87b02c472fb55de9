// Module-level validation (spec 3.4): everything outside function bodies,
// including constant expressions (3.3.10), and the driver that validates the
// bodies, optionally in parallel.
#include "wasmaot/frontend/validator.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "wasmaot/frontend/instr.h"

namespace wasmaot::frontend {

namespace {

Error invalid(uint64_t Off, std::string Msg) {
  return Error{ErrorKind::Invalid, Off, std::move(Msg), {}};
}

class ModuleValidator {
public:
  explicit ModuleValidator(const Module &M) : M(M) {}
  Status run();

private:
  Status checkLimits(const Limits &L, uint64_t Range, const char *What,
                     uint64_t Off);
  Status checkMemory(const MemoryType &T, uint64_t Off);
  Status checkTable(const TableType &T, uint64_t Off);
  Status checkTypeIdx(TypeIdx T, uint64_t Off);
  /// Constant expressions may read the first \p VisibleGlobals globals.
  /// Wasm 2.0 (spec 3.4: the context C' holds just the imported globals):
  /// the imported ones, everywhere. Wasm 3.0 (ExtendedConst): in the
  /// initializer of global i, the globals before i; in segments, all.
  Status checkConstExpr(ByteSpan Span, ValType Want, uint32_t VisibleGlobals);
  uint32_t visibleInGlobal(size_t DefinedIdx) const {
    return M.Features.has(Feature::ExtendedConst)
               ? M.NumImportedGlobals + uint32_t(DefinedIdx)
               : M.NumImportedGlobals;
  }
  uint32_t visibleInSegment() const {
    return M.Features.has(Feature::ExtendedConst)
               ? uint32_t(M.GlobalSpace.size())
               : M.NumImportedGlobals;
  }
  Status checkImports();
  Status checkFunctions();
  Status checkGlobals();
  Status checkExports();
  Status checkStart();
  Status checkElems();
  Status checkDatas();

  uint64_t sectionOffset(SectionId Id) const {
    for (const SectionInfo &S : M.Sections)
      if (S.Id == Id)
        return S.Contents.Offset;
    return 0;
  }

  const Module &M;
};

Status ModuleValidator::run() {
  if (!M.Features.has(Feature::MultiValue))
    for (const FuncType &T : M.Types)
      if (T.Results.size() > 1)
        return invalid(sectionOffset(SectionId::Type),
                       "invalid result arity: multiple results need the "
                       "multi-value feature");
  WASMAOT_TRY(checkImports());
  WASMAOT_TRY(checkFunctions());
  uint64_t TableOff = sectionOffset(SectionId::Table);
  for (const TableType &T : M.Tables)
    WASMAOT_TRY(checkTable(T, TableOff));
  uint64_t MemOff = sectionOffset(SectionId::Memory);
  for (const MemoryType &T : M.Memories)
    WASMAOT_TRY(checkMemory(T, MemOff));
  if (M.MemorySpace.size() > 1)
    return invalid(MemOff, fmt::format("multiple memories: {} declared, at "
                                       "most one is allowed",
                                       M.MemorySpace.size()));
  if (M.TableSpace.size() > 1 && !M.Features.has(Feature::RefTypes))
    return invalid(TableOff, "multiple tables need reference types");
  WASMAOT_TRY(checkGlobals());
  WASMAOT_TRY(checkExports());
  WASMAOT_TRY(checkStart());
  WASMAOT_TRY(checkElems());
  WASMAOT_TRY(checkDatas());
  return {};
}

Status ModuleValidator::checkLimits(const Limits &L, uint64_t Range,
                                    const char *What, uint64_t Off) {
  if (L.Min > Range)
    return invalid(Off, fmt::format("{} size must be at most {}: minimum is "
                                    "{}",
                                    What, Range, L.Min));
  if (L.Max) {
    if (*L.Max > Range)
      return invalid(Off, fmt::format("{} size must be at most {}: maximum "
                                      "is {}",
                                      What, Range, *L.Max));
    if (L.Min > *L.Max)
      return invalid(Off, fmt::format("size minimum must not be greater than "
                                      "maximum: {} > {}",
                                      L.Min, *L.Max));
  }
  return {};
}

Status ModuleValidator::checkMemory(const MemoryType &T, uint64_t Off) {
  return checkLimits(T.Lim, kMaxPages32, "memory", Off);
}

Status ModuleValidator::checkTable(const TableType &T, uint64_t Off) {
  return checkLimits(T.Lim, UINT32_MAX, "table", Off);
}

Status ModuleValidator::checkTypeIdx(TypeIdx T, uint64_t Off) {
  if (*T >= M.Types.size())
    return invalid(Off, fmt::format("unknown type {}: the module has {} types",
                                    *T, M.Types.size()));
  return {};
}

Status ModuleValidator::checkImports() {
  for (const Import &I : M.Imports) {
    switch (I.Kind) {
    case ExternKind::Func:
      WASMAOT_TRY(checkTypeIdx(I.FuncType, I.Offset));
      break;
    case ExternKind::Table:
      WASMAOT_TRY(checkTable(I.Table, I.Offset));
      break;
    case ExternKind::Memory:
      WASMAOT_TRY(checkMemory(I.Memory, I.Offset));
      break;
    case ExternKind::Global:
      break;
    }
  }
  return {};
}

Status ModuleValidator::checkFunctions() {
  uint64_t Off = sectionOffset(SectionId::Function);
  for (const Function &F : M.Functions)
    WASMAOT_TRY(checkTypeIdx(F.Type, Off));
  return {};
}

/// Constant expressions (spec 3.3.10): only constants, ref.null, ref.func
/// and global.get of an immutable global -- and in Wasm 3.0 (extended-const)
/// i32/i64 add, sub and mul -- leaving exactly one \p Want.
Status ModuleValidator::checkConstExpr(ByteSpan Span, ValType Want,
                                       uint32_t VisibleGlobals) {
  InstrReader IR(ByteReader(M.bytes(Span), Span.Offset), M.Features);
  std::vector<ValType> Stack;
  bool Extended = M.Features.has(Feature::ExtendedConst);
  for (;;) {
    auto I = IR.next();
    if (!I)
      return I.takeError();
    switch (I->Opcode) {
    case Op::I32Add:
    case Op::I32Sub:
    case Op::I32Mul:
    case Op::I64Add:
    case Op::I64Sub:
    case Op::I64Mul: {
      if (!Extended)
        return invalid(I->Offset, fmt::format("constant expression required: "
                                              "{} is not constant (it is in "
                                              "Wasm 3.0, extended-const)",
                                              opName(I->Opcode)));
      ValType T = I->Opcode == Op::I32Add || I->Opcode == Op::I32Sub ||
                          I->Opcode == Op::I32Mul
                      ? ValType::I32
                      : ValType::I64;
      if (Stack.size() < 2 || Stack[Stack.size() - 1] != T ||
          Stack[Stack.size() - 2] != T)
        return invalid(I->Offset,
                       fmt::format("type mismatch in {}: expected [{} {}] but "
                                   "got {}",
                                   opName(I->Opcode), valTypeName(T),
                                   valTypeName(T), valTypesString(Stack)));
      Stack.pop_back();
      break;
    }
    case Op::I32Const: Stack.push_back(ValType::I32); break;
    case Op::I64Const: Stack.push_back(ValType::I64); break;
    case Op::F32Const: Stack.push_back(ValType::F32); break;
    case Op::F64Const: Stack.push_back(ValType::F64); break;
    case Op::V128Const: Stack.push_back(ValType::V128); break;
    case Op::RefNull: Stack.push_back(I->RefT); break;
    case Op::RefFunc:
      if (I->Idx0 >= M.FuncSpace.size())
        return invalid(I->Offset, fmt::format("unknown function {}", I->Idx0));
      Stack.push_back(ValType::FuncRef);
      break;
    case Op::GlobalGet: {
      if (I->Idx0 >= VisibleGlobals)
        return invalid(
            I->Offset,
            fmt::format("unknown global {}{}", I->Idx0,
                        I->Idx0 >= M.GlobalSpace.size() ? ""
                        : Extended ? ": an initializer may only read the "
                                     "globals defined before its own"
                                   : ": a constant expression may only read "
                                     "imported globals"));
      const GlobalType &G = M.GlobalSpace[I->Idx0];
      if (G.Mutable)
        return invalid(I->Offset, fmt::format("constant expression required: "
                                              "global {} is mutable",
                                              I->Idx0));
      Stack.push_back(G.Type);
      break;
    }
    case Op::End:
      if (Stack.size() != 1 || Stack[0] != Want)
        return invalid(I->Offset,
                       fmt::format("type mismatch in constant expression: "
                                   "expected [{}] but got {}",
                                   valTypeName(Want), valTypesString(Stack)));
      return {};
    default:
      return invalid(I->Offset, fmt::format("constant expression required: "
                                            "{} is not constant",
                                            opName(I->Opcode)));
    }
  }
}

Status ModuleValidator::checkGlobals() {
  for (size_t I = 0; I < M.Globals.size(); ++I)
    WASMAOT_TRY(checkConstExpr(M.Globals[I].Init, M.Globals[I].Type.Type,
                               visibleInGlobal(I)));
  return {};
}

Status ModuleValidator::checkExports() {
  std::set<std::string_view> Names;
  for (const Export &E : M.Exports) {
    if (!Names.insert(E.Name).second)
      return invalid(E.Offset, fmt::format("duplicate export name \"{}\"",
                                           E.Name));
    size_t Count = 0;
    switch (E.Kind) {
    case ExternKind::Func: Count = M.FuncSpace.size(); break;
    case ExternKind::Table: Count = M.TableSpace.size(); break;
    case ExternKind::Memory: Count = M.MemorySpace.size(); break;
    case ExternKind::Global: Count = M.GlobalSpace.size(); break;
    }
    if (E.Index >= Count)
      return invalid(E.Offset, fmt::format("unknown {} {} in export \"{}\"",
                                           externKindName(E.Kind), E.Index,
                                           E.Name));
  }
  return {};
}

Status ModuleValidator::checkStart() {
  if (!M.Start)
    return {};
  uint32_t F = **M.Start;
  if (F >= M.FuncSpace.size())
    return invalid(M.StartOffset, fmt::format("unknown function {} as start",
                                              F));
  const FuncType &T = M.funcType(*M.Start);
  if (!T.Params.empty() || !T.Results.empty())
    return invalid(M.StartOffset, fmt::format("start function must have type "
                                              "[] -> [], not {}",
                                              funcTypeString(T)));
  return {};
}

Status ModuleValidator::checkElems() {
  for (const ElemSegment &E : M.Elems) {
    if (E.Mode == SegmentMode::Active) {
      if (*E.Table >= M.TableSpace.size())
        return invalid(E.Offset, fmt::format("unknown table {}", *E.Table));
      const TableType &T = M.TableSpace[*E.Table];
      if (T.Elem != E.Type)
        return invalid(E.Offset, fmt::format("type mismatch: element segment "
                                             "of {} for a table of {}",
                                             valTypeName(E.Type),
                                             valTypeName(T.Elem)));
      WASMAOT_TRY(
          checkConstExpr(E.OffsetExpr, ValType::I32, visibleInSegment()));
    }
    for (uint32_t F : E.FuncIndices)
      if (F >= M.FuncSpace.size())
        return invalid(E.Offset, fmt::format("unknown function {}", F));
    for (ByteSpan X : E.Exprs)
      WASMAOT_TRY(checkConstExpr(X, E.Type, visibleInSegment()));
  }
  return {};
}

Status ModuleValidator::checkDatas() {
  for (const DataSegment &D : M.Datas) {
    if (D.Mode != SegmentMode::Active)
      continue;
    if (*D.Memory >= M.MemorySpace.size())
      return invalid(D.Offset, fmt::format("unknown memory {}", *D.Memory));
    WASMAOT_TRY(
        checkConstExpr(D.OffsetExpr, ValType::I32, visibleInSegment()));
  }
  return {};
}

/// Calls \p Fn on each ref.func in a constant expression.
template <typename Fn>
void forEachRefFunc(const Module &M, ByteSpan Span, Fn F) {
  InstrReader IR(ByteReader(M.bytes(Span), Span.Offset), M.Features);
  while (!IR.atEnd()) {
    auto I = IR.next();
    if (!I)
      return;
    if (I->Opcode == Op::RefFunc)
      F(I->Idx0);
  }
}

} // namespace

ValidationContext::ValidationContext(const Module &M)
    : Declared(M.FuncSpace.size(), false) {
  auto Mark = [&](uint32_t F) {
    if (F < Declared.size())
      Declared[F] = true;
  };
  for (const Export &E : M.Exports)
    if (E.Kind == ExternKind::Func)
      Mark(E.Index);
  for (const Global &G : M.Globals)
    forEachRefFunc(M, G.Init, Mark);
  for (const ElemSegment &E : M.Elems) {
    for (uint32_t F : E.FuncIndices)
      Mark(F);
    for (ByteSpan X : E.Exprs)
      forEachRefFunc(M, X, Mark);
  }
}

Status validateModuleFields(const Module &M) {
  return ModuleValidator(M).run();
}

Status validateModule(const Module &M, unsigned Jobs) {
  WASMAOT_TRY(validateModuleFields(M));
  ValidationContext Ctx(M);
  uint32_t N = uint32_t(M.Functions.size());
  if (Jobs == 0)
    Jobs = std::max(1u, std::thread::hardware_concurrency());
  Jobs = std::min<unsigned>(Jobs, std::max<uint32_t>(1, N / 16));
  if (Jobs <= 1) {
    for (uint32_t I = 0; I < N; ++I)
      WASMAOT_TRY(validateFunction(M, Ctx, I));
    return {};
  }
  // Bodies are independent: validate them on a small pool, then report the
  // error of the lowest-numbered function so results do not depend on timing.
  std::atomic<uint32_t> Next{0};
  std::mutex Lock;
  std::optional<std::pair<uint32_t, Error>> First;
  auto Worker = [&] {
    for (;;) {
      uint32_t I = Next.fetch_add(1);
      if (I >= N)
        return;
      {
        std::lock_guard<std::mutex> G(Lock);
        if (First && First->first < I)
          return;
      }
      Status S = validateFunction(M, Ctx, I);
      if (!S) {
        std::lock_guard<std::mutex> G(Lock);
        if (!First || I < First->first)
          First.emplace(I, S.takeError());
      }
    }
  };
  std::vector<std::thread> Threads;
  for (unsigned T = 1; T < Jobs; ++T)
    Threads.emplace_back(Worker);
  Worker();
  for (std::thread &T : Threads)
    T.join();
  if (First)
    return std::move(First->second);
  return {};
}

} // namespace wasmaot::frontend
