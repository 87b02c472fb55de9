// Tables and references (spec 4.4.2, 4.4.6). table.size reads the VMTable
// directly; the other table instructions call runtime builtins, which do
// the bounds checks and may reallocate the element buffer.
//
// Static tables (for call_indirect, lower_call.cpp): a table that is
// defined here, not exported, and that no instruction can change
// (table.set/grow/fill, table.copy or table.init into it) holds, for the
// instance's whole life, what its active element segments put there. That
// is what clang emits for C function pointers. For such a table and a
// call_indirect type T, the shard holds a constant array of N i32s (N = the
// table's size): entry i is the address of element i's code relative to
// the array when its type is T, else of a stub that traps with the code the
// spec asks for (null: uninitialized element; another type: indirect call
// type mismatch). The call is then one bounds compare, one load and one
// indirect call, with this instance's vmctx (the elements are functions
// defined here). Relative entries need no load-time relocations.
#include "lowerer.h"

#include <fmt/format.h>
#include <llvm/IR/Intrinsics.h>

namespace wasmaot::codegen {

namespace {

/// Tables above this size keep the general path (the arrays are per type
/// and per shard).
constexpr uint64_t kMaxStaticTable = 16384;

/// The value of a constant expression `i32.const k end`, else nullopt.
std::optional<uint32_t> constI32(const frontend::Module &M,
                                 frontend::ByteSpan Expr) {
  ByteReader R(M.bytes(Expr), Expr.Offset);
  auto Op = R.u8();
  if (!Op || *Op != 0x41)
    return std::nullopt;
  auto V = R.varS32();
  auto End = R.u8();
  if (!V || !End || *End != 0x0b || !R.atEnd())
    return std::nullopt;
  return uint32_t(*V);
}

/// The function of an element expression `ref.func f end` (f >= 0) or
/// `ref.null t end` (-1), else nullopt.
std::optional<int64_t> constFuncRef(const frontend::Module &M,
                                    frontend::ByteSpan Expr) {
  ByteReader R(M.bytes(Expr), Expr.Offset);
  auto Op = R.u8();
  if (!Op)
    return std::nullopt;
  int64_t F = -1;
  if (*Op == 0xd2) {
    auto Idx = R.varU32();
    if (!Idx)
      return std::nullopt;
    F = *Idx;
  } else if (*Op == 0xd0) {
    if (!R.u8())
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  auto End = R.u8();
  if (!End || *End != 0x0b || !R.atEnd())
    return std::nullopt;
  return F;
}

/// Tables some instruction may change (bits by table index).
std::vector<bool> mutatedTables(const frontend::Module &M) {
  std::vector<bool> Mut(M.TableSpace.size(), false);
  auto Mark = [&](uint32_t T) {
    if (T < Mut.size())
      Mut[T] = true;
  };
  for (const frontend::Function &F : M.Functions) {
    frontend::InstrReader IR(ByteReader(M.bytes(F.Body), F.Body.Offset),
                             M.Features);
    while (!IR.atEnd()) {
      auto I = IR.next();
      if (!I)
        return std::vector<bool>(Mut.size(), true);
      switch (I->Opcode) {
      case Op::TableSet:
      case Op::TableGrow:
      case Op::TableFill:
      case Op::TableCopy: // Idx0 is the destination
        Mark(I->Idx0);
        break;
      case Op::TableInit: // Idx1 is the table
        Mark(I->Idx1);
        break;
      default:
        break;
      }
    }
  }
  return Mut;
}

/// Table \p T's elements if they are fixed at compile time (see the top
/// of this file).
std::optional<std::vector<int64_t>>
staticTable(const frontend::Module &M, uint32_t T, bool Mutated) {
  const frontend::TableType &TT = M.TableSpace[T];
  if (Mutated || T < M.NumImportedTables || TT.Elem != ValType::FuncRef ||
      TT.Lim.Is64 || TT.Lim.Min == 0 || TT.Lim.Min > kMaxStaticTable)
    return std::nullopt;
  for (const frontend::Export &E : M.Exports)
    if (E.Kind == frontend::ExternKind::Table && E.Index == T)
      return std::nullopt;
  std::vector<int64_t> Elems(TT.Lim.Min, -1);
  for (const frontend::ElemSegment &E : M.Elems) {
    if (E.Mode != frontend::SegmentMode::Active || *E.Table != T)
      continue;
    std::optional<uint32_t> Off = constI32(M, E.OffsetExpr);
    if (!Off || uint64_t(*Off) + E.size() > Elems.size())
      return std::nullopt; // not constant, or instantiation fails anyway
    for (size_t K = 0; K < E.size(); ++K) {
      std::optional<int64_t> F =
          E.UsesExprs ? constFuncRef(M, E.Exprs[K]) : E.FuncIndices[K];
      // Imported functions run with another vmctx: keep the general path.
      if (!F || (*F >= 0 && *F < M.NumImportedFuncs))
        return std::nullopt;
      Elems[*Off + K] = *F;
    }
  }
  return Elems;
}

/// A function of type \p FT that traps with \p Code: what a static call
/// table holds where the element is null or of another type.
llvm::Function *trapStub(Shard &S, llvm::FunctionType *FT, uint32_t TypeIdx,
                         abi::TrapCode Code) {
  std::string Name = fmt::format("wasmaot_citrap_{}_{}", TypeIdx,
                                 unsigned(Code));
  if (llvm::Function *Fn = S.Mod->getFunction(Name))
    return Fn;
  auto *Fn = llvm::Function::Create(FT, llvm::GlobalValue::InternalLinkage,
                                    Name, S.Mod.get());
  setCommonAttributes(Fn);
  Fn->addFnAttr(llvm::Attribute::Cold);
  Fn->addFnAttr(llvm::Attribute::NoInline);
  // No frame of its own in backtraces (see the tail call below).
  Fn->addFnAttr("frame-pointer", "none");
  llvm::IRBuilder<> B(llvm::BasicBlock::Create(S.Ctx, "entry", Fn));
  llvm::Value *Vmctx = Fn->getArg(0);
  auto Load = [&](llvm::Value *P) {
    llvm::LoadInst *L = B.CreateAlignedLoad(S.Ptr, P, llvm::Align(8));
    L->setMetadata(llvm::LLVMContext::MD_tbaa, S.TbaaVmctx);
    return L;
  };
  llvm::Value *Table = Load(
      B.CreateConstInBoundsGEP1_64(S.I8, Vmctx, abi::VMOffsets::Builtins));
  llvm::Value *Trap = Load(B.CreateConstInBoundsGEP1_64(
      S.Ptr, Table, unsigned(abi::Builtin::Trap)));
  // A tail call (not marked noreturn, so it stays one): the builtin finds
  // the caller's return address on top of the stack, and the trap's first
  // frame is the function that did the call_indirect, as on the general
  // path. A frame of the stub would be attributed to whichever wasm
  // function precedes it in the code (runtime: Module::funcIndexForPc).
  llvm::CallInst *Call =
      B.CreateCall(S.builtinType(abi::Builtin::Trap), Trap,
                   {Vmctx, llvm::ConstantInt::get(S.I32, unsigned(Code))});
  Call->setTailCallKind(llvm::CallInst::TCK_Tail);
  if (FT->getReturnType()->isVoidTy())
    B.CreateRetVoid();
  else
    B.CreateRet(llvm::PoisonValue::get(FT->getReturnType()));
  return Fn;
}

} // namespace

llvm::GlobalVariable *FunctionLowerer::staticCallTable(uint32_t Table,
                                                       uint32_t TypeIdx) {
  if (S.Opts.OptLevel == 0)
    return nullptr;
  if (!S.StaticTables) {
    std::vector<bool> Mut = mutatedTables(M);
    S.StaticTables.emplace();
    for (uint32_t T = 0; T < M.TableSpace.size(); ++T)
      S.StaticTables->push_back(staticTable(M, T, Mut[T]));
  }
  const auto &Elems = (*S.StaticTables)[Table];
  if (!Elems)
    return nullptr;
  std::string Name = fmt::format("wasmaot_citable_{}_{}", Table, TypeIdx);
  if (llvm::GlobalVariable *G = S.Mod->getNamedGlobal(Name))
    return G;
  auto *ArrTy = llvm::ArrayType::get(S.I32, Elems->size());
  auto *G = new llvm::GlobalVariable(*S.Mod, ArrTy, /*isConstant=*/true,
                                     llvm::GlobalValue::PrivateLinkage,
                                     nullptr, Name);
  G->setAlignment(llvm::Align(4));
  G->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
  const FuncType &T = M.Types[TypeIdx];
  llvm::FunctionType *FT = S.funcType(T);
  llvm::Constant *Base = llvm::ConstantExpr::getPtrToInt(G, S.I64);
  std::vector<llvm::Constant *> Entries;
  for (int64_t F : *Elems) {
    llvm::Function *Target =
        F < 0 ? trapStub(S, FT, TypeIdx, abi::TrapCode::UninitializedElement)
        : M.funcType(frontend::FuncIdx(uint32_t(F))) == T
            ? S.wasmFunction(uint32_t(F))
            : trapStub(S, FT, TypeIdx, abi::TrapCode::IndirectCallType);
    llvm::Constant *Rel = llvm::ConstantExpr::getSub(
        llvm::ConstantExpr::getPtrToInt(Target, S.I64), Base);
    Entries.push_back(llvm::ConstantExpr::getTrunc(Rel, S.I32));
  }
  G->setInitializer(llvm::ConstantArray::get(ArrTy, Entries));
  return G;
}

llvm::Value *FunctionLowerer::tablePtr(uint32_t Table) {
  return loadVmctx(S.Offsets.table(Table), S.Ptr, true);
}

Status FunctionLowerer::lowerTableOrRef(const Instr &I) {
  using abi::Builtin;
  auto *NullPtr =
      llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(S.Ptr));
  switch (I.Opcode) {
  case Op::RefNull:
    push(NullPtr);
    return {};
  case Op::RefIsNull:
    push(B.CreateZExt(B.CreateICmpEQ(pop(), NullPtr), S.I32));
    return {};
  case Op::RefFunc:
    push(vmctxAddr(S.Offsets.funcRef(I.Idx0)));
    return {};
  case Op::TableGet: {
    llvm::Value *Idx = pop();
    push(callBuiltin(Builtin::TableGet, {Vmctx, i32(I.Idx0), Idx}));
    return {};
  }
  case Op::TableSet: {
    llvm::Value *Ref = pop();
    llvm::Value *Idx = pop();
    callBuiltin(Builtin::TableSet, {Vmctx, i32(I.Idx0), Idx, Ref});
    return {};
  }
  case Op::TableSize: {
    llvm::Value *Size =
        loadField(tablePtr(I.Idx0), abi::kTableSizeOffset, S.I64);
    push(B.CreateTrunc(Size, S.I32));
    return {};
  }
  case Op::TableGrow: {
    llvm::Value *Delta = pop();
    llvm::Value *Init = pop();
    push(callBuiltin(Builtin::TableGrow, {Vmctx, i32(I.Idx0), Init, Delta}));
    return {};
  }
  case Op::TableFill: {
    llvm::Value *Len = pop();
    llvm::Value *Ref = pop();
    llvm::Value *Dst = pop();
    callBuiltin(Builtin::TableFill, {Vmctx, i32(I.Idx0), Dst, Ref, Len});
    return {};
  }
  case Op::TableCopy: {
    llvm::Value *Len = pop();
    llvm::Value *Src = pop();
    llvm::Value *Dst = pop();
    callBuiltin(Builtin::TableCopy,
                {Vmctx, i32(I.Idx0), i32(I.Idx1), Dst, Src, Len});
    return {};
  }
  case Op::TableInit: {
    llvm::Value *Len = pop();
    llvm::Value *Src = pop();
    llvm::Value *Dst = pop();
    callBuiltin(Builtin::TableInit,
                {Vmctx, i32(I.Idx1), i32(I.Idx0), Dst, Src, Len});
    return {};
  }
  case Op::ElemDrop:
    callBuiltin(Builtin::ElemDrop, {Vmctx, i32(I.Idx0)});
    return {};
  default:
    WASMAOT_UNREACHABLE("not a table or reference instruction");
  }
}

} // namespace wasmaot::codegen
