// Instantiation (spec 4.5.4) and the instance's view of itself: allocating
// and filling the vmctx (layout from abi::VMOffsets), creating defined
// memories, tables and globals, evaluating constant expressions, applying
// element and data segments in order (effects of segments before a failing
// one stay visible, as Wasm 2.0 specifies; or mapping the module's
// copy-on-write memory image when it has one), running the start function,
// and export lookup.
#include "wasmaot/runtime/instance.h"

#include <cstdlib>
#include <cstring>

#include "builtins.h"
#include "memory_internal.h"
#include "wasmaot/runtime/global.h"
#include "wasmaot/runtime/memory.h"
#include "wasmaot/runtime/store.h"
#include "wasmaot/runtime/table.h"

namespace wasmaot::runtime {

namespace {

abi::VMCounts countsOf(const Module &M) {
  abi::VMCounts C;
  C.NumTypes = uint32_t(M.meta().Types.size());
  C.NumFuncs = M.numFuncs();
  C.NumTables = M.numTables();
  C.NumMemories = M.numMemories();
  C.NumGlobals = M.numGlobals();
  C.NumDefinedTables = uint32_t(M.meta().Tables.size());
  C.NumDefinedMemories = uint32_t(M.meta().Memories.size());
  C.NumDefinedGlobals = uint32_t(M.meta().Globals.size());
  return C;
}

template <typename T> T *at(void *Vmctx, uint32_t Offset) {
  return reinterpret_cast<T *>(static_cast<uint8_t *>(Vmctx) + Offset);
}

abi::VMContextHeader &header(void *Vmctx) {
  return *static_cast<abi::VMContextHeader *>(Vmctx);
}

} // namespace

Instance::~Instance() { std::free(Vmctx); }

Instance *Instance::fromVmctx(void *Vmctx) {
  return static_cast<Instance *>(header(Vmctx).Instance);
}

abi::VMFuncRef *Instance::funcRefs() const {
  abi::VMOffsets O(countsOf(*Mod));
  return at<abi::VMFuncRef>(Vmctx, O.FuncRefs);
}

void Instance::setStackLimit(uintptr_t Limit) {
  header(Vmctx).StackLimit = Limit;
}

void Instance::setEpochDeadline(uint64_t Ticks) {
  uint64_t Now = St->engine().currentEpoch();
  header(Vmctx).EpochDeadline = Ticks > UINT64_MAX - Now ? UINT64_MAX : Now + Ticks;
}

/// The vmctx header, type ids, and everything imported.
void Instance::allocate(std::vector<Extern> &Imports) {
  const Module &M = *Mod;
  abi::VMOffsets O(countsOf(M));
  Vmctx = std::aligned_alloc(16, O.Size);
  std::memset(Vmctx, 0, O.Size);
  abi::VMContextHeader &H = header(Vmctx);
  H.Builtins = builtinsTable();
  H.EpochCounter = St->engine().epochCounter();
  H.EpochDeadline = UINT64_MAX;
  if (uint64_t Ticks = St->engine().config().DefaultEpochDeadlineTicks) {
    uint64_t Now = St->engine().currentEpoch();
    H.EpochDeadline = Ticks > UINT64_MAX - Now ? UINT64_MAX : Now + Ticks;
  }
  H.Instance = this;
  for (uint32_t T = 0; T < M.meta().Types.size(); ++T)
    *at<uint32_t>(Vmctx, O.typeId(T)) = M.typeId(T);
  uint32_t Func = 0;
  for (size_t K = 0; K < Imports.size(); ++K) {
    Extern &E = Imports[K];
    const abi::MetaImport &Imp = M.meta().Imports[K];
    switch (E.Kind) {
    case ExternKind::Func: {
      abi::VMFuncRef &R = *at<abi::VMFuncRef>(Vmctx, O.funcRef(Func++));
      if (E.F.funcRef()) {
        R = *E.F.funcRef();
      } else { // a host function: this module's stub for the import's type
        R = {M.hostStub(Imp.TypeIndex), E.F.hostFunc()->context(),
             E.F.hostFunc()->typeId(), 0};
        HostFuncs.push_back(E.F.hostFunc());
      }
      break;
    }
    case ExternKind::Table:
      *at<abi::VMTable *>(Vmctx, O.table(uint32_t(Tables.size()))) = E.Tab->vm();
      Tables.push_back(E.Tab);
      break;
    case ExternKind::Memory:
      *at<abi::VMMemory *>(Vmctx, O.memory(uint32_t(Memories.size()))) = E.Mem->vm();
      Memories.push_back(E.Mem);
      break;
    case ExternKind::Global:
      *at<abi::VMGlobal *>(Vmctx, O.global(uint32_t(Globals.size()))) = E.Glob->cell();
      Globals.push_back(E.Glob);
      break;
    }
  }
  for (uint32_t D = 0; Func < M.numFuncs(); ++D, ++Func)
    *at<abi::VMFuncRef>(Vmctx, O.funcRef(Func)) = {
        M.funcCode(D), Vmctx, M.typeId(M.meta().FuncTypes[Func]), 0};
}

/// Defined tables, memories and globals; their VM records live in the
/// vmctx's defined_* areas, the objects in the Store.
Status Instance::createDefined() {
  const abi::ArtifactMeta &Meta = Mod->meta();
  const Engine &E = St->engine();
  abi::VMOffsets O(countsOf(*Mod));
  for (uint32_t D = 0; D < Meta.Tables.size(); ++D) {
    auto T = Table::make(E, Meta.Tables[D], nullptr,
                         at<abi::VMTable>(Vmctx, O.definedTable(D)));
    if (!T)
      return T.takeError();
    *at<abi::VMTable *>(Vmctx, O.table(uint32_t(Tables.size()))) = (*T)->vm();
    Tables.push_back(St->adopt(std::move(*T)));
  }
  for (uint32_t D = 0; D < Meta.Memories.size(); ++D) {
    auto Mem = Memory::make(E, Meta.Memories[D],
                            at<abi::VMMemory>(Vmctx, O.definedMemory(D)),
                            D == 0 ? Mod->memoryImage() : nullptr);
    if (!Mem)
      return Mem.takeError();
    *at<abi::VMMemory *>(Vmctx, O.memory(uint32_t(Memories.size()))) = (*Mem)->vm();
    Memories.push_back(St->adopt(std::move(*Mem)));
  }
  for (uint32_t D = 0; D < Meta.Globals.size(); ++D) {
    auto G = Global::make(Meta.Globals[D].Type,
                          at<abi::VMGlobal>(Vmctx, O.definedGlobal(D)));
    *at<abi::VMGlobal *>(Vmctx, O.global(uint32_t(Globals.size()))) = G->cell();
    Globals.push_back(St->adopt(std::move(G)));
  }
  abi::VMContextHeader &H = header(Vmctx);
  if (!Memories.empty()) {
    H.Memory0 = Memories[0]->vm();
    H.Memory0Base = Memories[0]->data();
  }
  return {};
}

Val Instance::evalConst(const abi::ConstExpr &E) const {
  switch (E.K) {
  case abi::ConstExpr::I32: return Val::fromI32(int32_t(uint32_t(E.Lo)));
  case abi::ConstExpr::I64: return Val::fromI64(int64_t(E.Lo));
  case abi::ConstExpr::F32: return Val::fromF32Bits(uint32_t(E.Lo));
  case abi::ConstExpr::F64: return Val::fromF64Bits(E.Lo);
  case abi::ConstExpr::V128: {
    V128 V;
    std::memcpy(V.Bytes, &E.Lo, 8);
    std::memcpy(V.Bytes + 8, &E.Hi, 8);
    return Val::fromV128(V);
  }
  case abi::ConstExpr::RefNull: return Val::zero(E.Type);
  case abi::ConstExpr::RefFunc: return Val::fromFuncRef(&funcRefs()[E.Index]);
  case abi::ConstExpr::GlobalGet: return Globals[E.Index]->get();
  case abi::ConstExpr::I32Add:
  case abi::ConstExpr::I32Sub:
  case abi::ConstExpr::I32Mul:
  case abi::ConstExpr::I64Add:
  case abi::ConstExpr::I64Sub:
  case abi::ConstExpr::I64Mul:
    break; // only inside a Program
  case abi::ConstExpr::Program: return evalProgram(E);
  }
  WASMAOT_UNREACHABLE("bad constant expression kind");
}

/// A Wasm 3.0 extended constant expression (the loader checked that it is
/// well typed: Module::checkCrossReferences). Integer arithmetic wraps.
Val Instance::evalProgram(const abi::ConstExpr &E) const {
  std::vector<Val> Stack;
  for (const abi::ConstExpr &Op : E.Ops) {
    if (!abi::ConstExpr::isBinary(Op.K)) {
      Stack.push_back(evalConst(Op));
      continue;
    }
    Val B = Stack.back();
    Stack.pop_back();
    Val &A = Stack.back();
    uint32_t A32 = uint32_t(A.i32()), B32 = uint32_t(B.i32());
    uint64_t A64 = uint64_t(A.i64()), B64 = uint64_t(B.i64());
    switch (Op.K) {
    case abi::ConstExpr::I32Add: A = Val::fromI32(int32_t(A32 + B32)); break;
    case abi::ConstExpr::I32Sub: A = Val::fromI32(int32_t(A32 - B32)); break;
    case abi::ConstExpr::I32Mul: A = Val::fromI32(int32_t(A32 * B32)); break;
    case abi::ConstExpr::I64Add: A = Val::fromI64(int64_t(A64 + B64)); break;
    case abi::ConstExpr::I64Sub: A = Val::fromI64(int64_t(A64 - B64)); break;
    case abi::ConstExpr::I64Mul: A = Val::fromI64(int64_t(A64 * B64)); break;
    default: WASMAOT_UNREACHABLE("not a binary constant instruction");
    }
  }
  return Stack.back();
}

/// Element segments' references and data segments' bytes (spec 4.5.3:
/// evaluated at allocation, before any segment is applied).
void Instance::evalSegments() {
  const abi::ArtifactMeta &Meta = Mod->meta();
  for (size_t G = 0; G < Meta.Globals.size(); ++G)
    Globals[Mod->numImportedGlobals() + G]->init(evalConst(Meta.Globals[G].Init));
  Elems.resize(Meta.Elems.size());
  for (size_t I = 0; I < Meta.Elems.size(); ++I)
    for (const abi::ConstExpr &X : Meta.Elems[I].Items)
      Elems[I].push_back(evalConst(X).ref());
  for (const abi::MetaData &D : Meta.Datas)
    Datas.push_back(D.Size ? std::span<const uint8_t>(
                                 Mod->dataImage() + D.ImageOffset, D.Size)
                           : std::span<const uint8_t>());
}

/// Spec 4.5.4 steps 12-13 (Wasm 2.0): table.init + elem.drop for each active
/// element segment, elem.drop for declarative ones, then memory.init +
/// data.drop for each active data segment. Stops at the first trap.
std::optional<Trap> Instance::initSegments() {
  const abi::ArtifactMeta &Meta = Mod->meta();
  for (uint32_t I = 0; I < Meta.Elems.size(); ++I) {
    const abi::MetaElem &E = Meta.Elems[I];
    if (E.Mode == abi::SegMode::Active) {
      uint32_t Off = uint32_t(evalConst(E.Offset).i32());
      if (!tableInit(*this, E.Table, I, Off, 0, Elems[I].size())) {
        // No data segment was applied: a pooled slot's image goes.
        if (Mod->memoryImage())
          Memories[0]->clearImage();
        return Trap::fromCode(TrapCode::TableOutOfBounds);
      }
    }
    if (E.Mode != abi::SegMode::Passive)
      dropElem(I);
  }
  // Memory 0 is this instance's own, still zero: its image holds exactly
  // what copying every active segment in order would write, and none of
  // them can trap (MemoryImage::build checked).
  bool Mapped = false;
  if (const MemoryImage *Image = Mod->memoryImage())
    Mapped = Memories[0]->mapImage(*Image);
  for (uint32_t I = 0; I < Meta.Datas.size(); ++I) {
    const abi::MetaData &D = Meta.Datas[I];
    if (D.Mode != abi::SegMode::Active)
      continue;
    if (Mapped) {
      dropData(I);
      continue;
    }
    uint32_t Off = uint32_t(evalConst(D.Offset).i32());
    if (!memoryInit(*this, D.Memory, I, Off, 0, Datas[I].size()))
      return Trap::fromCode(TrapCode::MemoryOutOfBounds);
    dropData(I);
  }
  return std::nullopt;
}

Outcome<Instance *> Instance::create(Store &S, std::shared_ptr<const Module> M,
                                     std::vector<Extern> Imports) {
  std::unique_ptr<Instance> Owned(new Instance);
  Owned->Mod = std::move(M);
  Owned->St = &S;
  Owned->allocate(Imports);
  if (Status St = Owned->createDefined(); !St)
    return St.takeError();
  // From here on the Store owns it: segments may put its functions into
  // tables other instances use, even if a later step traps.
  Instance *I = S.adopt(std::move(Owned));
  I->evalSegments();
  if (std::optional<Trap> Tr = I->initSegments())
    return std::move(*Tr);
  if (std::optional<uint32_t> Start = I->Mod->meta().Start) {
    Outcome<std::vector<Val>> R = I->func(*Start).call({});
    if (R.isTrap())
      return R.takeTrap();
    if (R.isError())
      return R.takeError();
  }
  return I;
}

// ---- Exports

Func Instance::func(uint32_t Index) const {
  uint32_t T = Mod->meta().FuncTypes[Index];
  return Func::fromInstance(&funcRefs()[Index], &Mod->meta().Types[T],
                            Mod->typeId(T), Mod->arrayCall(T),
                            const_cast<Instance *>(this));
}

std::optional<Extern> Instance::getExport(std::string_view Name) const {
  for (const abi::MetaExport &E : Mod->meta().Exports) {
    if (E.Name != Name)
      continue;
    switch (E.Kind) {
    case ExternKind::Func: return Extern::func(func(E.Index));
    case ExternKind::Table: return Extern::table(Tables[E.Index]);
    case ExternKind::Memory: return Extern::memory(Memories[E.Index]);
    case ExternKind::Global: return Extern::global(Globals[E.Index]);
    }
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, Extern>> Instance::exports() const {
  std::vector<std::pair<std::string, Extern>> Out;
  for (const abi::MetaExport &E : Mod->meta().Exports)
    Out.emplace_back(E.Name, *getExport(E.Name));
  return Out;
}

std::optional<Func> Instance::getFunc(std::string_view Name) const {
  std::optional<Extern> E = getExport(Name);
  if (!E || E->Kind != ExternKind::Func)
    return std::nullopt;
  return E->F;
}

Memory *Instance::getMemory(std::string_view Name) const {
  std::optional<Extern> E = getExport(Name);
  return E ? E->Mem : nullptr;
}

Table *Instance::getTable(std::string_view Name) const {
  std::optional<Extern> E = getExport(Name);
  return E ? E->Tab : nullptr;
}

Global *Instance::getGlobal(std::string_view Name) const {
  std::optional<Extern> E = getExport(Name);
  return E ? E->Glob : nullptr;
}

} // namespace wasmaot::runtime
