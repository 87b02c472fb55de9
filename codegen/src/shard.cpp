// Shard: LLVM types for the wasm vocabulary, TBAA tags, declarations.
#include "shard.h"

#include <fmt/format.h>

namespace wasmaot::codegen {

std::string wasmFuncSymbol(uint32_t F) { return fmt::format("wasm_f{}", F); }

void setCommonAttributes(llvm::Function *Fn) {
  Fn->addFnAttr("frame-pointer", "all");
  Fn->addFnAttr("probe-stack", "inline-asm");
  Fn->addFnAttr(llvm::Attribute::NoUnwind);
}

abi::VMCounts vmCounts(const frontend::Module &M) {
  abi::VMCounts C;
  C.NumTypes = uint32_t(M.Types.size());
  C.NumFuncs = uint32_t(M.FuncSpace.size());
  C.NumTables = uint32_t(M.TableSpace.size());
  C.NumMemories = uint32_t(M.MemorySpace.size());
  C.NumGlobals = uint32_t(M.GlobalSpace.size());
  C.NumDefinedTables = uint32_t(M.Tables.size());
  C.NumDefinedMemories = uint32_t(M.Memories.size());
  C.NumDefinedGlobals = uint32_t(M.Globals.size());
  return C;
}

Shard::Shard(llvm::LLVMContext &Ctx, std::unique_ptr<llvm::Module> Mod,
             const frontend::Module &Wasm, const CompileOptions &Opts)
    : Ctx(Ctx), Mod(std::move(Mod)), Wasm(Wasm), Opts(Opts),
      Offsets(vmCounts(Wasm)) {
  I8 = llvm::Type::getInt8Ty(Ctx);
  I32 = llvm::Type::getInt32Ty(Ctx);
  I64 = llvm::Type::getInt64Ty(Ctx);
  F32 = llvm::Type::getFloatTy(Ctx);
  F64 = llvm::Type::getDoubleTy(Ctx);
  V128 = llvm::FixedVectorType::get(I64, 2);
  Ptr = llvm::PointerType::get(Ctx, 0);
  Void = llvm::Type::getVoidTy(Ctx);
  // Distinct TBAA roots' children: heap, vmctx fields, global cells and
  // table slots never alias each other, so LLVM may keep vmctx values in
  // registers across wasm loads and stores.
  llvm::MDBuilder MDB(Ctx);
  llvm::MDNode *Root = MDB.createTBAARoot("wasmaot");
  auto Tag = [&](const char *Name) {
    llvm::MDNode *Scalar = MDB.createTBAAScalarTypeNode(Name, Root);
    return MDB.createTBAAStructTagNode(Scalar, Scalar, 0);
  };
  TbaaHeap = Tag("heap");
  TbaaVmctx = Tag("vmctx");
  TbaaGlobal = Tag("global");
  TbaaTable = Tag("table");
}

llvm::Type *Shard::valType(ValType T) const {
  switch (T) {
  case ValType::I32: return I32;
  case ValType::I64: return I64;
  case ValType::F32: return F32;
  case ValType::F64: return F64;
  case ValType::V128: return V128;
  case ValType::FuncRef:
  case ValType::ExternRef: return Ptr;
  }
  return I32;
}

llvm::Type *Shard::resultType(const std::vector<ValType> &Results) const {
  if (Results.empty())
    return Void;
  if (Results.size() == 1)
    return valType(Results[0]);
  std::vector<llvm::Type *> Elems;
  for (ValType T : Results)
    Elems.push_back(resultSlotType(T));
  return llvm::StructType::get(Ctx, Elems);
}

llvm::Type *Shard::resultSlotType(ValType T) const {
  switch (T) {
  case ValType::F32: return I32;
  case ValType::F64: return I64;
  default: return valType(T);
  }
}

llvm::Value *Shard::packResults(llvm::IRBuilderBase &B,
                                const std::vector<ValType> &Types,
                                llvm::ArrayRef<llvm::Value *> Values) const {
  if (Types.size() == 1)
    return Values[0];
  llvm::Value *Agg = llvm::PoisonValue::get(resultType(Types));
  for (unsigned K = 0; K < Types.size(); ++K)
    Agg = B.CreateInsertValue(
        Agg, B.CreateBitCast(Values[K], resultSlotType(Types[K])), K);
  return Agg;
}

llvm::Value *Shard::unpackResult(llvm::IRBuilderBase &B, llvm::Value *Ret,
                                 const std::vector<ValType> &Types,
                                 unsigned K) const {
  if (Types.size() == 1)
    return Ret;
  return B.CreateBitCast(B.CreateExtractValue(Ret, K), valType(Types[K]));
}

llvm::FunctionType *Shard::funcType(const FuncType &T) const {
  std::vector<llvm::Type *> Params{Ptr, Ptr};
  for (ValType P : T.Params)
    Params.push_back(valType(P));
  return llvm::FunctionType::get(resultType(T.Results), Params, false);
}

llvm::FunctionType *Shard::builtinType(abi::Builtin B) const {
  std::string_view Sig = abi::kBuiltinSigs[unsigned(B)];
  auto Letter = [&](char C) -> llvm::Type * {
    switch (C) {
    case 'i': return I32;
    case 'l': return I64;
    case 'p': return Ptr;
    default: return Void;
    }
  };
  std::vector<llvm::Type *> Params;
  for (char C : Sig.substr(2))
    Params.push_back(Letter(C));
  return llvm::FunctionType::get(Letter(Sig[0]), Params, false);
}

llvm::Function *Shard::wasmFunction(uint32_t F) {
  std::string Name = wasmFuncSymbol(F);
  if (llvm::Function *Fn = Mod->getFunction(Name))
    return Fn;
  auto *Fn = llvm::Function::Create(funcType(Wasm.funcType(frontend::FuncIdx(F))),
                                    llvm::GlobalValue::ExternalLinkage, Name,
                                    Mod.get());
  Fn->setVisibility(llvm::GlobalValue::HiddenVisibility);
  Fn->setDSOLocal(true);
  setCommonAttributes(Fn);
  return Fn;
}

llvm::Constant *Shard::zeroValue(ValType T) const {
  return llvm::Constant::getNullValue(valType(T));
}

} // namespace wasmaot::codegen
