// FunctionLowerer: translates one wasm function body into LLVM IR (spec 4.4
// semantics). The operand stack is a compile-time stack of llvm::Value*;
// control frames become basic blocks with PHIs for block results and loop
// parameters; locals are allocas that mem2reg promotes. Code after an
// unconditional branch is skipped, not emitted.
//
// The methods live in one file per instruction family: lower_control.cpp,
// lower_numeric.cpp, lower_memory.cpp, lower_call.cpp, lower_table.cpp
// (tables and references), simd/*.cpp (0xfd instructions), lowerer.cpp
// (driver, helpers, variables).
#pragma once

#include <array>
#include <vector>

#include "shard.h"
#include "wasmaot/abi/traps.h"
#include "wasmaot/frontend/instr.h"

namespace wasmaot::codegen {

using frontend::Instr;
using frontend::Op;

namespace simd {
enum class Shape : uint8_t; // simd/simd.h
}

struct Frame {
  Op Kind; ///< Block, Loop, If, Else, or End for the function itself
  llvm::BasicBlock *Cont = nullptr;   ///< after `end`; non-loop br target
  llvm::BasicBlock *Header = nullptr; ///< loop header: loop br target
  llvm::BasicBlock *ElseBB = nullptr; ///< `if`: entry of the else arm
  std::vector<llvm::PHINode *> ResultPhis;
  std::vector<llvm::PHINode *> ParamPhis;
  std::vector<llvm::Value *> IfParams; ///< `if`: params for the else arm
  size_t Height = 0; ///< operand stack height below the block's params
};

class FunctionLowerer {
public:
  FunctionLowerer(Shard &S, uint32_t Defined);
  Status lower();

private:
  Status lowerInstr(const Instr &I);

  // lower_control.cpp
  Status lowerControl(const Instr &I);
  void blockSignature(const Instr &I, std::vector<ValType> &Params,
                      std::vector<ValType> &Results) const;
  Frame &pushFrame(Op Kind, const std::vector<ValType> &Params,
                   const std::vector<ValType> &Results);
  void branchTo(Frame &Target);
  /// Branches to \p F's continuation with the block's results (the normal
  /// exit of a block, loop or `if` arm; loops exit forward too).
  void fallThrough(Frame &F);
  void endFrame();
  void skipDeadInstr(const Instr &I);
  void emitReturn();
  void keepTrapsOfDropped(llvm::Value *V, unsigned Depth = 0);

  // lower_numeric.cpp
  Status lowerNumeric(const Instr &I);
  llvm::Value *lowerUnary(Op O, llvm::Value *X);
  llvm::Value *lowerBinary(Op O, llvm::Value *L, llvm::Value *R);
  llvm::Value *lowerCompare(Op O, llvm::Value *L, llvm::Value *R);
  llvm::Value *lowerConvert(Op O, llvm::Value *X);
  llvm::Value *truncChecked(llvm::Value *X, llvm::Type *To, bool Signed);
  llvm::Value *divRem(Op O, llvm::Value *L, llvm::Value *R);
  llvm::Value *quietNaN(llvm::Value *V);

  // lower_memory.cpp
  Status lowerMemory(const Instr &I);
  llvm::Value *heapAddress(const Instr &I, llvm::Value *Index, unsigned Bytes);
  /// Loads \p Ty (\p Bytes wide) from linear memory at \p Index.
  llvm::Value *heapLoad(const Instr &I, llvm::Type *Ty, llvm::Value *Index,
                        unsigned Bytes);
  llvm::Value *memorySizeBytes();

  // lower_call.cpp
  Status lowerCall(const Instr &I);
  void emitCall(llvm::FunctionType *FT, llvm::Value *Callee,
                llvm::Value *CalleeVmctx, const FuncType &T);

  // simd/*.cpp: every 0xfd instruction, one file per family
  Status lowerSimd(const Instr &I);
  void lowerSimdMemory(const Instr &I);  // simd_memory.cpp
  void lowerSimdLanes(const Instr &I);   // simd_lanes.cpp
  void lowerSimdArith(const Instr &I);   // simd_arith.cpp
  void lowerSimdConvert(const Instr &I); // simd_convert.cpp
  llvm::Value *simdSwizzle(llvm::Value *Src, llvm::Value *Idx);
  llvm::Value *simdQ15MulrSat(llvm::Value *L, llvm::Value *R);
  /// Pops a v128 and reinterprets it as \p Sh (a bitcast).
  llvm::Value *popVec(simd::Shape Sh);
  /// Pushes any 128-bit vector as the ABI type S.V128.
  void pushVec(llvm::Value *V) { push(B.CreateBitCast(V, S.V128)); }

  // lower_table.cpp
  Status lowerTableOrRef(const Instr &I);
  llvm::Value *tablePtr(uint32_t Table);
  /// For call_indirect of type \p TypeIdx through table \p Table when the
  /// table's contents are fixed at compile time: a constant [N x i32] of
  /// code addresses relative to the array (llvm.load.relative), a trap stub
  /// where the element is null or of another type; else null.
  llvm::GlobalVariable *staticCallTable(uint32_t Table, uint32_t TypeIdx);

  // lowerer.cpp: stack, locals, vmctx access, traps, builtins
  Status lowerVariable(const Instr &I);
  void push(llvm::Value *V) { Stack.push_back(V); }
  llvm::Value *pop() {
    llvm::Value *V = Stack.back();
    Stack.pop_back();
    return V;
  }
  std::vector<llvm::Value *> popN(size_t N);
  /// A pointer-sized or scalar field of the vmctx at byte offset \p Off.
  llvm::Value *loadVmctx(uint32_t Off, llvm::Type *Ty, bool Invariant);
  llvm::Value *vmctxAddr(uint32_t Off);
  /// A field of a runtime record (VMTable, VMFuncRef, VMMemory) at
  /// \p Base + \p Off, tagged as vmctx data for TBAA.
  llvm::Value *loadField(llvm::Value *Base, uint32_t Off, llvm::Type *Ty);
  void trapIf(llvm::Value *Cond, abi::TrapCode Code);
  llvm::BasicBlock *trapBlock(abi::TrapCode Code);
  llvm::Value *callBuiltin(abi::Builtin Bi, llvm::ArrayRef<llvm::Value *> Args);
  llvm::Value *globalCell(uint32_t G);
  llvm::BasicBlock *newBlock(const char *Name);
  llvm::Constant *i32(uint64_t V) { return llvm::ConstantInt::get(S.I32, V); }
  llvm::Constant *i64(uint64_t V) { return llvm::ConstantInt::get(S.I64, V); }
  void emitPrologue();
  void emitEpochCheck();

  Shard &S;
  const frontend::Module &M;
  uint32_t FuncIndex;
  const frontend::Function &Def;
  const FuncType &Type;
  llvm::Function *Fn;
  llvm::IRBuilder<> B;
  llvm::Value *Vmctx = nullptr;
  llvm::Value *MemBase = nullptr; ///< memory 0's base, loaded once
  std::vector<llvm::AllocaInst *> Locals;
  std::vector<ValType> LocalTypes;
  std::vector<llvm::Value *> Stack;
  std::vector<Frame> Frames;
  std::array<llvm::BasicBlock *, 16> TrapBlocks{};
  bool Dead = false;      ///< after br/return/unreachable until frame end
  unsigned DeadDepth = 0; ///< blocks opened inside dead code
};

} // namespace wasmaot::codegen
