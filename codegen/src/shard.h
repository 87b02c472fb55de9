// Per-shard translation state: one LLVMContext + llvm::Module holding a
// subset of the wasm functions, the LLVM types of the wasm vocabulary, the
// TBAA tags, and declarations of functions defined in other shards. Shards
// are independent, so each can be built on its own thread.
#pragma once

#include <optional>
#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/MDBuilder.h>
#include <llvm/IR/Module.h>

#include "wasmaot/abi/builtins.h"
#include "wasmaot/abi/vmctx.h"
#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/module.h"

namespace wasmaot::codegen {

using frontend::FuncType;
using frontend::ValType;

/// The symbol of defined function \p F (index in the function space). Hidden
/// visibility: linkable across shards, never exported from the artifact.
std::string wasmFuncSymbol(uint32_t F);

/// Attributes every generated function carries (frame pointers for
/// backtraces, stack probes so a huge frame cannot jump the guard page).
void setCommonAttributes(llvm::Function *Fn);

class Shard {
public:
  Shard(llvm::LLVMContext &Ctx, std::unique_ptr<llvm::Module> Mod,
        const frontend::Module &Wasm, const CompileOptions &Opts);

  llvm::LLVMContext &Ctx;
  std::unique_ptr<llvm::Module> Mod;
  const frontend::Module &Wasm;
  const CompileOptions &Opts;
  abi::VMOffsets Offsets;

  llvm::Type *I8, *I32, *I64, *F32, *F64, *V128, *Ptr, *Void;
  llvm::MDNode *TbaaHeap, *TbaaVmctx, *TbaaGlobal, *TbaaTable;

  llvm::Type *valType(ValType T) const;
  /// `results (ptr callee_vmctx, ptr caller_vmctx, params...)`.
  llvm::FunctionType *funcType(const FuncType &T) const;
  llvm::Type *resultType(const std::vector<ValType> &Results) const;
  /// Several results travel as a struct whose float members are carried as
  /// same-width integers: x86-64 returns a third floating-point value in an
  /// x87 register, and loading a signalling NaN there quiets it.
  llvm::Type *resultSlotType(ValType T) const;
  /// Builds the return value of a function with results \p Types.
  llvm::Value *packResults(llvm::IRBuilderBase &B,
                           const std::vector<ValType> &Types,
                           llvm::ArrayRef<llvm::Value *> Values) const;
  /// Result \p K of a call returning \p Types.
  llvm::Value *unpackResult(llvm::IRBuilderBase &B, llvm::Value *Ret,
                            const std::vector<ValType> &Types,
                            unsigned K) const;
  llvm::FunctionType *builtinType(abi::Builtin B) const;
  /// The declaration (or definition) of defined function \p F in this shard.
  llvm::Function *wasmFunction(uint32_t F);
  /// A zero value of type \p T (locals' initial value).
  llvm::Constant *zeroValue(ValType T) const;

  /// lower_table.cpp's cache: per table, its elements if nothing can change
  /// them after instantiation (defined function index or -1 for null).
  std::optional<std::vector<std::optional<std::vector<int64_t>>>>
      StaticTables;
};

abi::VMCounts vmCounts(const frontend::Module &M);

} // namespace wasmaot::codegen
