// Canonical ABI adapters in LLVM IR, one per lifted (exported) and one per
// lowered (imported) function type (the contract and the host layout:
// abi/component_adapter.h). Each adapter follows CanonicalABI.md's
// lower_flat/store (host -> guest) and lift_flat/load (guest -> host) for
// exactly its types, unrolled at compile time:
// records become straight-line loads and stores, variants a switch, lists a
// loop (or one bulk copy when their elements are integers, whose host and
// guest layouts are the same bytes). The order of realloc calls, checks and
// traps is the dynamic path's (runtime/src/component/canonical.cpp), so both
// agree on every guest-visible effect and on every trap message.
//
// Not here: the runtime's Value <-> host layout conversion, transcoding of
// UTF-16 and latin1+utf16 strings and the handle tables (runtime
// callbacks), and the call a lower adapter makes (Env->CallHost: a host
// function, or another instance's lift adapter).
#include "component_adapters.h"

#include <fmt/format.h>
#include <functional>
#include <map>

#include "shard.h"
#include "wasmaot/abi/component_adapter.h"
#include "wasmaot/frontend/support/error.h"

namespace wasmaot::codegen {

namespace ac = abi::component;
namespace cabi = frontend::cabi;
using cabi::Kind;
using cabi::Type;

namespace {

constexpr uint32_t kMaxFixedList = 64;

bool typeSupported(const Type &T) {
  switch (T.K) {
  case Kind::List:
    if (T.Length > kMaxFixedList)
      return false;
    break;
  default: break;
  }
  for (const cabi::TypeRef &E : T.Elems)
    if (E && !typeSupported(*E))
      return false;
  return true;
}

/// Does a value of \p T point into memory (string or variable list)?
bool hasPointers(const Type &T) {
  if (T.K == Kind::String || (T.K == Kind::List && T.Length == 0))
    return true;
  for (const cabi::TypeRef &E : T.Elems)
    if (E && hasPointers(*E))
      return true;
  return false;
}

/// Does a value of \p T hold a resource handle?
bool hasHandles(const Type &T) {
  if (T.K == Kind::Own || T.K == Kind::Borrow)
    return true;
  for (const cabi::TypeRef &E : T.Elems)
    if (E && hasHandles(*E))
      return true;
  return false;
}

bool anyPointers(const std::vector<cabi::TypeRef> &Ts) {
  for (const cabi::TypeRef &T : Ts)
    if (hasPointers(*T))
      return true;
  return false;
}

bool isInt(Kind K) { return K >= Kind::S8 && K <= Kind::U64; }

/// Same bytes in host and guest layout, nothing to check and no padding
/// (whose bytes the dynamic path leaves as they were): copied in bulk.
bool bulkCopyable(const Type &T) {
  if (isInt(T.K))
    return true;
  if (T.K == Kind::Record || T.K == Kind::Tuple ||
      (T.K == Kind::List && T.Length)) {
    uint32_t Sum = 0;
    for (const cabi::TypeRef &E : T.Elems) {
      if (!bulkCopyable(*E))
        return false;
      Sum += E->Size;
    }
    return T.K == Kind::List || Sum == T.Size;
  }
  return false;
}

bool isExport(const std::optional<ac::CoreItem> &I) {
  return I && I->K == ac::CoreItem::Export;
}

} // namespace

namespace {

/// Can an adapter of \p FT work with options \p O? Every type must be
/// one the generators handle; memory is needed for strings, lists and
/// spills; realloc when \p Lowered (the values the adapter lowers into the
/// guest) point into memory, or \p SpillNeedsRealloc.
bool adapterFits(const cabi::FuncType &FT, const ac::Options &O,
                 const std::vector<cabi::TypeRef> &Lowered,
                 bool SpillNeedsRealloc) {
  for (const auto *Ts : {&FT.Params, &FT.Results})
    for (const cabi::TypeRef &T : *Ts)
      if (!T || !typeSupported(*T))
        return false;
  bool Strings = anyPointers(FT.Params) || anyPointers(FT.Results);
  bool SpillParams =
      cabi::flattenTypes(FT.Params).size() > cabi::kMaxFlatParams;
  bool SpillResults =
      cabi::flattenTypes(FT.Results).size() > cabi::kMaxFlatResults;
  if ((Strings || SpillParams || SpillResults) && !isExport(O.Memory))
    return false;
  if ((anyPointers(Lowered) || SpillNeedsRealloc) && !isExport(O.Realloc))
    return false;
  return true;
}

} // namespace

bool adapterSupported(const ac::Lift &L) {
  // It lowers the arguments (a spilled tuple is realloc'd) and lifts the
  // results; post-return is a core function it calls.
  bool SpillParams =
      cabi::flattenTypes(L.Type.Params).size() > cabi::kMaxFlatParams;
  return L.Callee.K == ac::CoreItem::Export &&
         adapterFits(L.Type, L.Opts, L.Type.Params, SpillParams) &&
         (!L.Opts.PostReturn || isExport(L.Opts.PostReturn));
}

bool adapterSupported(const ac::Lower &L) {
  // The arguments are lifted out of the guest, the results lowered into it
  // (realloc'd when they point into memory; a spilled result tuple goes to
  // the out-pointer argument, a spilled argument tuple is read in place).
  return adapterFits(L.Type, L.Opts, L.Type.Results, false);
}

uint32_t assignAdapters(ac::ComponentMeta &M) {
  uint32_t N = 0;
  for (ac::Lift &L : M.Lifts)
    L.Adapter = adapterSupported(L) ? int32_t(N++) : -1;
  for (ac::Lower &L : M.Lowers)
    L.Adapter = adapterSupported(L) ? int32_t(N++) : -1;
  return N;
}

namespace {

/// Core values consumed in order (lift_flat's value iterator).
struct FlatIter {
  std::vector<llvm::Value *> Vals;
  size_t I = 0;
  llvm::Value *next() { return Vals.at(I++); }
};

class AdapterGen {
public:
  AdapterGen(Shard &S, const ac::Options &Opts, const cabi::FuncType &FT,
             llvm::Function *Fn)
      : S(S), Opts(Opts), FT(FT), Fn(Fn), B(S.Ctx) {}

  /// A lift adapter: host -> guest arguments, guest -> host results.
  void buildLift(bool HasPostReturn);
  /// A lower adapter: guest -> host arguments, host -> guest results.
  void buildLower();

private:
  Shard &S;
  const ac::Options &Opts;
  const cabi::FuncType &FT;
  llvm::Function *Fn;
  llvm::IRBuilder<> B;
  llvm::Value *Env = nullptr, *Base = nullptr, *Caller = nullptr;
  std::map<std::string, llvm::Constant *> Strings;

  // ---- Basics.
  llvm::Value *envField(uint32_t Off) {
    return B.CreateLoad(S.Ptr, B.CreateConstGEP1_32(S.I8, Env, Off));
  }
  llvm::Value *at(llvm::Value *P, uint64_t Off) {
    return Off ? B.CreateConstGEP1_64(S.I8, P, Off) : P;
  }
  llvm::Value *at(llvm::Value *P, llvm::Value *Off) {
    return B.CreateGEP(S.I8, P, Off);
  }
  llvm::Type *intTy(unsigned Bytes) {
    return llvm::Type::getIntNTy(S.Ctx, Bytes * 8);
  }
  llvm::Value *loadN(llvm::Value *P, unsigned Bytes) {
    return B.CreateAlignedLoad(intTy(Bytes), P, llvm::Align(1));
  }
  void storeV(llvm::Value *V, llvm::Value *P) {
    B.CreateAlignedStore(V, P, llvm::Align(1));
  }
  /// Guest address \p Ptr (i32) as a host pointer.
  llvm::Value *guest(llvm::Value *Ptr) {
    return B.CreateGEP(S.I8, Base, B.CreateZExt(Ptr, S.I64));
  }
  llvm::Value *addI32(llvm::Value *P, uint64_t Off) {
    return Off ? B.CreateAdd(P, B.getInt32(uint32_t(Off))) : P;
  }
  llvm::Constant *str(const std::string &Text) {
    auto It = Strings.find(Text);
    if (It != Strings.end())
      return It->second;
    llvm::Constant *C = B.CreateGlobalStringPtr(Text, "cabi.str");
    Strings[Text] = C;
    return C;
  }
  llvm::Value *memSize() {
    llvm::Value *Mem = envField(ac::kEnvMemory);
    return B.CreateLoad(S.I64, at(Mem, abi::kMemorySizeOffset));
  }

  /// Traps (Env->Trap, never returns) when \p Cond holds.
  void trapIf(llvm::Value *Cond, ac::AdapterTrap K, llvm::Value *A,
              llvm::Value *Bv, const std::string &Text) {
    auto *Trap = llvm::BasicBlock::Create(S.Ctx, "trap", Fn);
    auto *Cont = llvm::BasicBlock::Create(S.Ctx, "ok", Fn);
    llvm::MDBuilder MDB(S.Ctx);
    B.CreateCondBr(Cond, Trap, Cont, MDB.createBranchWeights(1, 1u << 20));
    B.SetInsertPoint(Trap);
    auto *FT = llvm::FunctionType::get(S.Void,
                                       {S.Ptr, S.I32, S.I64, S.I64, S.Ptr},
                                       false);
    llvm::Value *Str = Text.empty()
                           ? llvm::Constant::getNullValue(S.Ptr)
                           : static_cast<llvm::Value *>(str(Text));
    B.CreateCall(FT, envField(ac::kEnvTrap),
                 {Env, B.getInt32(uint32_t(K)), B.CreateZExt(A, S.I64),
                  B.CreateZExt(Bv, S.I64), Str});
    B.CreateUnreachable();
    B.SetInsertPoint(Cont);
  }

  /// CanonicalABI.md's range check of a pointer into guest memory.
  void checkRange(llvm::Value *Ptr, llvm::Value *Len64, uint32_t Align,
                  const char *What) {
    if (Align > 1)
      trapIf(B.CreateICmpNE(B.CreateAnd(Ptr, B.getInt32(Align - 1)),
                            B.getInt32(0)),
             ac::AdapterTrap::Unaligned, Ptr, B.getInt64(Align), What);
    llvm::Value *End = B.CreateAdd(B.CreateZExt(Ptr, S.I64), Len64);
    trapIf(B.CreateICmpUGT(End, memSize()), ac::AdapterTrap::OutOfBounds, Ptr,
           End, What);
  }

  llvm::Value *callRealloc(uint32_t Align, llvm::Value *Size32) {
    auto *FT = llvm::FunctionType::get(
        S.I32, {S.Ptr, S.Ptr, S.I32, S.I32, S.I32, S.I32}, false);
    return B.CreateCall(FT, envField(ac::kEnvReallocCode),
                        {envField(ac::kEnvReallocVmctx), Caller,
                         B.getInt32(0), B.getInt32(0), B.getInt32(Align),
                         Size32});
  }

  llvm::Value *alloc(llvm::Value *Size64, uint32_t Align) {
    auto *FT = llvm::FunctionType::get(S.Ptr, {S.Ptr, S.I64, S.I64}, false);
    return B.CreateCall(FT, envField(ac::kEnvAlloc),
                        {Env, Size64, B.getInt64(Align)});
  }

  /// A copy loop of 8-byte words then bytes (no libcall: the artifact has
  /// no memcpy worth calling).
  void copy(llvm::Value *Dst, llvm::Value *Src, llvm::Value *Len64) {
    llvm::Function *Copy = copyFunction();
    B.CreateCall(Copy, {Dst, Src, Len64});
  }
  llvm::Function *copyFunction();

  /// for (i = 0; i < N; ++i) Body(i), N an i64.
  void forEach(llvm::Value *N, const std::function<void(llvm::Value *)> &Body) {
    auto *Pre = B.GetInsertBlock();
    auto *Loop = llvm::BasicBlock::Create(S.Ctx, "elem", Fn);
    auto *Done = llvm::BasicBlock::Create(S.Ctx, "elems.done", Fn);
    B.CreateCondBr(B.CreateICmpEQ(N, B.getInt64(0)), Done, Loop);
    B.SetInsertPoint(Loop);
    llvm::PHINode *I = B.CreatePHI(S.I64, 2);
    I->addIncoming(B.getInt64(0), Pre);
    Body(I);
    llvm::Value *Next = B.CreateAdd(I, B.getInt64(1));
    I->addIncoming(Next, B.GetInsertBlock());
    B.CreateCondBr(B.CreateICmpEQ(Next, N), Done, Loop);
    B.SetInsertPoint(Done);
  }

  /// switch over the cases of variant-like \p T with discriminant \p Disc
  /// (already checked when from the guest); \p Case emits case I.
  void switchCases(const Type &T, llvm::Value *Disc,
                   const std::function<void(uint32_t)> &Case) {
    auto *Done = llvm::BasicBlock::Create(S.Ctx, "case.done", Fn);
    auto *Bad = llvm::BasicBlock::Create(S.Ctx, "case.bad", Fn);
    llvm::SwitchInst *Sw = B.CreateSwitch(Disc, Bad, T.numCases());
    for (uint32_t I = 0; I < T.numCases(); ++I) {
      auto *BB = llvm::BasicBlock::Create(S.Ctx, "case", Fn);
      Sw->addCase(B.getInt32(I), BB);
      B.SetInsertPoint(BB);
      Case(I);
      B.CreateBr(Done);
    }
    // A discriminant out of range from the host: the runtime's converter
    // never makes one; trap rather than guess.
    B.SetInsertPoint(Bad);
    trapIf(B.getTrue(), ac::AdapterTrap::BadDiscriminant, Disc,
           B.getInt32(T.numCases()), cabi::witName(T));
    B.CreateBr(Done);
    B.SetInsertPoint(Done);
  }

  void checkDisc(const Type &T, llvm::Value *Disc) {
    trapIf(B.CreateICmpUGE(Disc, B.getInt32(T.numCases())),
           ac::AdapterTrap::BadDiscriminant, Disc, B.getInt32(T.numCases()),
           cabi::witName(T));
  }

  llvm::Value *canonF32Bits(llvm::Value *Bits) {
    llvm::Value *IsNan = B.CreateAnd(
        B.CreateICmpEQ(B.CreateAnd(Bits, B.getInt32(0x7f800000u)),
                       B.getInt32(0x7f800000u)),
        B.CreateICmpNE(B.CreateAnd(Bits, B.getInt32(0x7fffffu)),
                       B.getInt32(0)));
    return B.CreateSelect(IsNan, B.getInt32(0x7fc00000u), Bits);
  }
  llvm::Value *canonF64Bits(llvm::Value *Bits) {
    llvm::Value *IsNan = B.CreateAnd(
        B.CreateICmpEQ(B.CreateAnd(Bits, B.getInt64(0x7ff0000000000000ull)),
                       B.getInt64(0x7ff0000000000000ull)),
        B.CreateICmpNE(B.CreateAnd(Bits, B.getInt64(0xfffffffffffffull)),
                       B.getInt64(0)));
    return B.CreateSelect(IsNan, B.getInt64(0x7ff8000000000000ull), Bits);
  }
  void checkChar(llvm::Value *C) {
    llvm::Value *Bad = B.CreateOr(
        B.CreateICmpUGE(C, B.getInt32(0x110000)),
        B.CreateICmpULT(B.CreateSub(C, B.getInt32(0xD800)),
                        B.getInt32(0x800)));
    trapIf(Bad, ac::AdapterTrap::InvalidChar, C, B.getInt32(0), "");
  }
  /// Flags words: bits beyond the labels are dropped when lifting.
  llvm::Value *maskFlagWord(const Type &T, uint32_t W, llvm::Value *V) {
    size_t R = T.Labels.size() % 32;
    if (R && W + 1 == T.flagWords())
      return B.CreateAnd(V, B.getInt32((1u << R) - 1));
    return V;
  }

  /// The runtime's handle tables (Env->LowerHandle / LiftHandle).
  llvm::Value *lowerHandle(const Type &T, llvm::Value *Host64) {
    auto *FT =
        llvm::FunctionType::get(S.I32, {S.Ptr, S.I32, S.I32, S.I64}, false);
    return B.CreateCall(FT, envField(ac::kEnvLowerHandle),
                        {Env, B.getInt32(T.K == Kind::Borrow),
                         B.getInt32(T.Resource), Host64});
  }
  llvm::Value *liftHandle(const Type &T, llvm::Value *Guest32) {
    auto *FT =
        llvm::FunctionType::get(S.I64, {S.Ptr, S.I32, S.I32, S.I32}, false);
    return B.CreateCall(FT, envField(ac::kEnvLiftHandle),
                        {Env, B.getInt32(T.K == Kind::Borrow),
                         B.getInt32(T.Resource), Guest32});
  }

  // ---- Guest -> host (lift).
  void liftString(llvm::Value *Ptr, llvm::Value *Len, llvm::Value *Dst);
  void liftList(llvm::Value *Ptr, llvm::Value *Len, const Type &E,
                llvm::Value *Dst);
  void liftFlat(FlatIter &It, const Type &T, llvm::Value *Dst);
  void loadGuest(llvm::Value *Ptr, const Type &T, llvm::Value *Dst);

  // ---- Host -> guest (lower).
  std::pair<llvm::Value *, llvm::Value *> lowerString(llvm::Value *Src);
  std::pair<llvm::Value *, llvm::Value *> lowerList(llvm::Value *Src,
                                                    const Type &E);
  void lowerFlat(const Type &T, llvm::Value *Src,
                 std::vector<llvm::Value *> &Out);
  void storeGuest(const Type &T, llvm::Value *Src, llvm::Value *Ptr);

  llvm::Value *coerce(llvm::Value *V, frontend::ValType Want);

  void begin();
  void finishCallIfHandles();
  /// A host-layout tuple of \p Ts in this function's frame.
  llvm::Value *hostTuple(const std::vector<cabi::TypeRef> &Ts) {
    ac::HostLayout HL;
    ac::hostTupleOffsets(Ts, &HL);
    llvm::IRBuilder<> EB(&Fn->getEntryBlock(),
                         Fn->getEntryBlock().getFirstInsertionPt());
    llvm::AllocaInst *A = EB.CreateAlloca(
        llvm::ArrayType::get(S.I8, std::max<uint32_t>(HL.Size, 1)));
    A->setAlignment(llvm::Align(std::max<uint32_t>(HL.Align, 8)));
    return A;
  }
};

llvm::Function *AdapterGen::copyFunction() {
  if (llvm::Function *F = S.Mod->getFunction("wasmaot_adapter_copy"))
    return F;
  auto *FT = llvm::FunctionType::get(S.Void, {S.Ptr, S.Ptr, S.I64}, false);
  auto *F = llvm::Function::Create(FT, llvm::GlobalValue::InternalLinkage,
                                   "wasmaot_adapter_copy", S.Mod.get());
  F->addFnAttr("no-builtins");
  setCommonAttributes(F);
  llvm::IRBuilder<> C(S.Ctx);
  auto *Entry = llvm::BasicBlock::Create(S.Ctx, "entry", F);
  auto *Words = llvm::BasicBlock::Create(S.Ctx, "words", F);
  auto *Tail = llvm::BasicBlock::Create(S.Ctx, "tail", F);
  auto *Bytes = llvm::BasicBlock::Create(S.Ctx, "bytes", F);
  auto *Done = llvm::BasicBlock::Create(S.Ctx, "done", F);
  llvm::Value *Dst = F->getArg(0), *Src = F->getArg(1), *N = F->getArg(2);
  C.SetInsertPoint(Entry);
  llvm::Value *NW = C.CreateAnd(N, C.getInt64(~7ull));
  C.CreateCondBr(C.CreateICmpEQ(NW, C.getInt64(0)), Tail, Words);
  C.SetInsertPoint(Words);
  llvm::PHINode *I = C.CreatePHI(S.I64, 2);
  I->addIncoming(C.getInt64(0), Entry);
  C.CreateAlignedStore(
      C.CreateAlignedLoad(S.I64, C.CreateGEP(S.I8, Src, I), llvm::Align(1)),
      C.CreateGEP(S.I8, Dst, I), llvm::Align(1));
  llvm::Value *INext = C.CreateAdd(I, C.getInt64(8));
  I->addIncoming(INext, Words);
  C.CreateCondBr(C.CreateICmpEQ(INext, NW), Tail, Words);
  C.SetInsertPoint(Tail);
  C.CreateCondBr(C.CreateICmpEQ(NW, N), Done, Bytes);
  C.SetInsertPoint(Bytes);
  llvm::PHINode *J = C.CreatePHI(S.I64, 2);
  J->addIncoming(NW, Tail);
  C.CreateStore(C.CreateLoad(S.I8, C.CreateGEP(S.I8, Src, J)),
                C.CreateGEP(S.I8, Dst, J));
  llvm::Value *JNext = C.CreateAdd(J, C.getInt64(1));
  J->addIncoming(JNext, Bytes);
  C.CreateCondBr(C.CreateICmpEQ(JNext, N), Done, Bytes);
  C.SetInsertPoint(Done);
  C.CreateRetVoid();
  return F;
}

// ---- Lift.

void AdapterGen::liftString(llvm::Value *Ptr, llvm::Value *Len,
                            llvm::Value *Dst) {
  if (Opts.Encoding != ac::StringEncoding::Utf8) { // the runtime transcodes
    auto *FT = llvm::FunctionType::get(S.Void, {S.Ptr, S.I32, S.I32, S.Ptr},
                                       false);
    B.CreateCall(FT, envField(ac::kEnvLiftString), {Env, Ptr, Len, Dst});
    return;
  }
  llvm::Value *Len64 = B.CreateZExt(Len, S.I64);
  checkRange(Ptr, Len64, 1, "string");
  llvm::Value *Src = guest(Ptr);
  auto *VT = llvm::FunctionType::get(S.Void, {S.Ptr, S.Ptr, S.I64, S.I32},
                                     false);
  B.CreateCall(VT, envField(ac::kEnvValidateUtf8), {Env, Src, Len64, Ptr});
  llvm::Value *H = alloc(Len64, 1);
  copy(H, Src, Len64);
  storeV(B.CreatePtrToInt(H, S.I64), Dst);
  storeV(Len64, at(Dst, 8));
}

void AdapterGen::liftList(llvm::Value *Ptr, llvm::Value *Len, const Type &E,
                          llvm::Value *Dst) {
  ac::HostLayout HL = ac::hostLayout(E);
  llvm::Value *N = B.CreateZExt(Len, S.I64);
  llvm::Value *Bytes = B.CreateMul(N, B.getInt64(E.Size));
  checkRange(Ptr, Bytes, E.Align, "list");
  llvm::Value *H = alloc(B.CreateMul(N, B.getInt64(HL.Size)), HL.Align);
  if (bulkCopyable(E)) {
    copy(H, guest(Ptr), Bytes);
  } else {
    forEach(N, [&](llvm::Value *I) {
      llvm::Value *GP = B.CreateAdd(
          Ptr, B.CreateMul(B.CreateTrunc(I, S.I32), B.getInt32(E.Size)));
      loadGuest(GP, E, at(H, B.CreateMul(I, B.getInt64(HL.Size))));
    });
  }
  storeV(B.CreatePtrToInt(H, S.I64), Dst);
  storeV(N, at(Dst, 8));
}

/// A joined flat slot (\p V) read back as the payload's own type.
llvm::Value *AdapterGen::coerce(llvm::Value *V, frontend::ValType Want) {
  llvm::Type *WT = S.valType(Want);
  llvm::Type *Have = V->getType();
  if (Have == WT)
    return V;
  if (Have == S.I64) {
    if (Want == frontend::ValType::F64)
      return B.CreateBitCast(V, S.F64);
    llvm::Value *W = B.CreateTrunc(V, S.I32);
    return Want == frontend::ValType::F32 ? B.CreateBitCast(W, S.F32) : W;
  }
  // i32 slot holding an f32
  return B.CreateBitCast(V, WT);
}

void AdapterGen::liftFlat(FlatIter &It, const Type &T, llvm::Value *Dst) {
  switch (T.K) {
  case Kind::Bool:
    storeV(B.CreateZExt(B.CreateICmpNE(It.next(), B.getInt32(0)), S.I8), Dst);
    return;
  case Kind::S8: case Kind::U8: case Kind::S16: case Kind::U16:
  case Kind::S32: case Kind::U32:
    storeV(B.CreateTrunc(It.next(), intTy(T.Size)), Dst);
    return;
  case Kind::S64: case Kind::U64: storeV(It.next(), Dst); return;
  case Kind::F32:
    storeV(canonF32Bits(B.CreateBitCast(It.next(), S.I32)), Dst);
    return;
  case Kind::F64:
    storeV(canonF64Bits(B.CreateBitCast(It.next(), S.I64)), Dst);
    return;
  case Kind::Char: {
    llvm::Value *C = It.next();
    checkChar(C);
    storeV(C, Dst);
    return;
  }
  case Kind::String: {
    llvm::Value *P = It.next();
    llvm::Value *N = It.next();
    liftString(P, N, Dst);
    return;
  }
  case Kind::List: {
    const Type &E = *T.Elems[0];
    if (T.Length) {
      uint32_t HS = ac::hostLayout(E).Size;
      for (uint32_t I = 0; I < T.Length; ++I)
        liftFlat(It, E, at(Dst, uint64_t(I) * HS));
      return;
    }
    llvm::Value *P = It.next();
    llvm::Value *N = It.next();
    liftList(P, N, E, Dst);
    return;
  }
  case Kind::Record: case Kind::Tuple: {
    std::vector<uint32_t> Off = ac::hostTupleOffsets(T.Elems);
    for (size_t I = 0; I < T.Elems.size(); ++I)
      liftFlat(It, *T.Elems[I], at(Dst, Off[I]));
    return;
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    llvm::Value *Disc = It.next();
    checkDisc(T, Disc);
    std::vector<llvm::Value *> Slots;
    for (size_t I = 1; I < T.Flat.size(); ++I)
      Slots.push_back(It.next());
    storeV(B.CreateTrunc(Disc, intTy(T.discSize())), Dst);
    uint32_t PO = ac::hostPayloadOffset(T);
    switchCases(T, Disc, [&](uint32_t C) {
      const Type *P = T.casePayload(C);
      if (!P)
        return;
      FlatIter Sub;
      for (size_t J = 0; J < P->Flat.size(); ++J)
        Sub.Vals.push_back(coerce(Slots[J], P->Flat[J]));
      liftFlat(Sub, *P, at(Dst, PO));
    });
    return;
  }
  case Kind::Flags: {
    for (uint32_t W = 0; W < T.flagWords(); ++W) {
      llvm::Value *V = maskFlagWord(T, W, It.next());
      if (T.Size <= 4)
        storeV(B.CreateTrunc(V, intTy(T.Size)), Dst);
      else
        storeV(V, at(Dst, 4 * W));
    }
    return;
  }
  case Kind::Own: case Kind::Borrow:
    storeV(liftHandle(T, It.next()), Dst);
    return;
  }
  WASMAOT_UNREACHABLE("bad type kind");
}

void AdapterGen::loadGuest(llvm::Value *Ptr, const Type &T, llvm::Value *Dst) {
  switch (T.K) {
  case Kind::Bool:
    storeV(B.CreateZExt(
               B.CreateICmpNE(loadN(guest(Ptr), 1), B.getInt8(0)), S.I8),
           Dst);
    return;
  case Kind::S8: case Kind::U8: case Kind::S16: case Kind::U16:
  case Kind::S32: case Kind::U32: case Kind::S64: case Kind::U64:
    storeV(loadN(guest(Ptr), T.Size), Dst);
    return;
  case Kind::F32: storeV(canonF32Bits(loadN(guest(Ptr), 4)), Dst); return;
  case Kind::F64: storeV(canonF64Bits(loadN(guest(Ptr), 8)), Dst); return;
  case Kind::Char: {
    llvm::Value *C = loadN(guest(Ptr), 4);
    checkChar(C);
    storeV(C, Dst);
    return;
  }
  case Kind::String: case Kind::List: {
    if (T.K == Kind::List && T.Length) {
      const Type &E = *T.Elems[0];
      uint32_t HS = ac::hostLayout(E).Size;
      for (uint32_t I = 0; I < T.Length; ++I)
        loadGuest(addI32(Ptr, uint64_t(I) * E.Size), E,
                  at(Dst, uint64_t(I) * HS));
      return;
    }
    llvm::Value *P = loadN(guest(Ptr), 4);
    llvm::Value *N = loadN(guest(addI32(Ptr, 4)), 4);
    if (T.K == Kind::String)
      liftString(P, N, Dst);
    else
      liftList(P, N, *T.Elems[0], Dst);
    return;
  }
  case Kind::Record: case Kind::Tuple: {
    std::vector<uint32_t> GO = T.fieldOffsets();
    std::vector<uint32_t> HO = ac::hostTupleOffsets(T.Elems);
    for (size_t I = 0; I < T.Elems.size(); ++I)
      loadGuest(addI32(Ptr, GO[I]), *T.Elems[I], at(Dst, HO[I]));
    return;
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    llvm::Value *Disc = B.CreateZExt(loadN(guest(Ptr), T.discSize()), S.I32);
    checkDisc(T, Disc);
    storeV(B.CreateTrunc(Disc, intTy(T.discSize())), Dst);
    uint32_t GPO = T.payloadOffset(), HPO = ac::hostPayloadOffset(T);
    switchCases(T, Disc, [&](uint32_t C) {
      if (const Type *P = T.casePayload(C))
        loadGuest(addI32(Ptr, GPO), *P, at(Dst, HPO));
    });
    return;
  }
  case Kind::Flags:
    if (T.Size == 0)
      return;
    if (T.Size <= 4) {
      llvm::Value *V = B.CreateZExt(loadN(guest(Ptr), T.Size), S.I32);
      storeV(B.CreateTrunc(maskFlagWord(T, 0, V), intTy(T.Size)), Dst);
      return;
    }
    for (uint32_t W = 0; W < T.flagWords(); ++W)
      storeV(maskFlagWord(T, W, loadN(guest(addI32(Ptr, 4 * W)), 4)),
             at(Dst, 4 * W));
    return;
  case Kind::Own: case Kind::Borrow:
    storeV(liftHandle(T, loadN(guest(Ptr), 4)), Dst);
    return;
  }
  WASMAOT_UNREACHABLE("bad type kind");
}

// ---- Lower.

std::pair<llvm::Value *, llvm::Value *>
AdapterGen::lowerString(llvm::Value *Src) {
  if (Opts.Encoding != ac::StringEncoding::Utf8) { // the runtime transcodes
    auto *FT = llvm::FunctionType::get(S.I64, {S.Ptr, S.Ptr}, false);
    llvm::Value *R =
        B.CreateCall(FT, envField(ac::kEnvLowerString), {Env, Src});
    return {B.CreateTrunc(R, S.I32),
            B.CreateTrunc(B.CreateLShr(R, B.getInt64(32)), S.I32)};
  }
  llvm::Value *HP = B.CreateIntToPtr(loadN(Src, 8), S.Ptr);
  llvm::Value *N = loadN(at(Src, 8), 8);
  trapIf(B.CreateICmpUGT(N, B.getInt64(cabi::kMaxStringByteLength)),
         ac::AdapterTrap::StringTooLong, N, B.getInt64(0), "");
  llvm::Value *N32 = B.CreateTrunc(N, S.I32);
  llvm::Value *GP = callRealloc(1, N32);
  checkRange(GP, N, 1, "string");
  copy(guest(GP), HP, N);
  return {GP, N32};
}

std::pair<llvm::Value *, llvm::Value *>
AdapterGen::lowerList(llvm::Value *Src, const Type &E) {
  ac::HostLayout HL = ac::hostLayout(E);
  llvm::Value *HP = B.CreateIntToPtr(loadN(Src, 8), S.Ptr);
  llvm::Value *N = loadN(at(Src, 8), 8);
  if (E.Size)
    trapIf(B.CreateICmpUGT(N, B.getInt64(0xffffffffull / E.Size)),
           ac::AdapterTrap::ListTooLong, N, B.getInt64(0), "");
  llvm::Value *Bytes = B.CreateMul(N, B.getInt64(E.Size));
  llvm::Value *GP = callRealloc(E.Align, B.CreateTrunc(Bytes, S.I32));
  checkRange(GP, Bytes, E.Align, "list");
  if (bulkCopyable(E)) {
    copy(guest(GP), HP, Bytes);
  } else {
    forEach(N, [&](llvm::Value *I) {
      llvm::Value *G = B.CreateAdd(
          GP, B.CreateMul(B.CreateTrunc(I, S.I32), B.getInt32(E.Size)));
      storeGuest(E, at(HP, B.CreateMul(I, B.getInt64(HL.Size))), G);
    });
  }
  return {GP, B.CreateTrunc(N, S.I32)};
}

void AdapterGen::lowerFlat(const Type &T, llvm::Value *Src,
                           std::vector<llvm::Value *> &Out) {
  switch (T.K) {
  case Kind::Bool:
    Out.push_back(
        B.CreateZExt(B.CreateICmpNE(loadN(Src, 1), B.getInt8(0)), S.I32));
    return;
  case Kind::S8: case Kind::S16:
    Out.push_back(B.CreateSExt(loadN(Src, T.Size), S.I32));
    return;
  case Kind::U8: case Kind::U16:
    Out.push_back(B.CreateZExt(loadN(Src, T.Size), S.I32));
    return;
  case Kind::S32: case Kind::U32: case Kind::Char:
  case Kind::S64: case Kind::U64:
    Out.push_back(loadN(Src, T.Size));
    return;
  case Kind::F32:
    Out.push_back(B.CreateBitCast(canonF32Bits(loadN(Src, 4)), S.F32));
    return;
  case Kind::F64:
    Out.push_back(B.CreateBitCast(canonF64Bits(loadN(Src, 8)), S.F64));
    return;
  case Kind::String: case Kind::List: {
    if (T.K == Kind::List && T.Length) {
      uint32_t HS = ac::hostLayout(*T.Elems[0]).Size;
      for (uint32_t I = 0; I < T.Length; ++I)
        lowerFlat(*T.Elems[0], at(Src, uint64_t(I) * HS), Out);
      return;
    }
    auto [P, N] = T.K == Kind::String ? lowerString(Src)
                                      : lowerList(Src, *T.Elems[0]);
    Out.push_back(P);
    Out.push_back(N);
    return;
  }
  case Kind::Record: case Kind::Tuple: {
    std::vector<uint32_t> Off = ac::hostTupleOffsets(T.Elems);
    for (size_t I = 0; I < T.Elems.size(); ++I)
      lowerFlat(*T.Elems[I], at(Src, Off[I]), Out);
    return;
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    llvm::Value *Disc = B.CreateZExt(loadN(Src, T.discSize()), S.I32);
    Out.push_back(Disc);
    // One slot per joined flat type, zero unless the case writes it; SROA
    // turns them into phis.
    std::vector<llvm::AllocaInst *> Slots;
    {
      llvm::IRBuilder<> EB(&Fn->getEntryBlock(),
                           Fn->getEntryBlock().getFirstInsertionPt());
      for (size_t I = 1; I < T.Flat.size(); ++I)
        Slots.push_back(EB.CreateAlloca(S.valType(T.Flat[I])));
    }
    for (size_t I = 1; I < T.Flat.size(); ++I)
      B.CreateStore(S.zeroValue(T.Flat[I]), Slots[I - 1]);
    uint32_t PO = ac::hostPayloadOffset(T);
    switchCases(T, Disc, [&](uint32_t C) {
      const Type *P = T.casePayload(C);
      if (!P)
        return;
      std::vector<llvm::Value *> PV;
      lowerFlat(*P, at(Src, PO), PV);
      for (size_t J = 0; J < PV.size(); ++J) {
        llvm::Value *V = PV[J];
        llvm::Type *Want = Slots[J]->getAllocatedType();
        if (V->getType() != Want) {
          if (V->getType()->isFloatingPointTy())
            V = B.CreateBitCast(V, V->getType() == S.F32 ? S.I32 : S.I64);
          if (V->getType() != Want)
            V = Want == S.I64 ? B.CreateZExt(V, S.I64)
                              : B.CreateBitCast(V, Want);
        }
        B.CreateStore(V, Slots[J]);
      }
    });
    for (size_t I = 1; I < T.Flat.size(); ++I)
      Out.push_back(B.CreateLoad(Slots[I - 1]->getAllocatedType(),
                                 Slots[I - 1]));
    return;
  }
  case Kind::Flags:
    if (T.Size == 0)
      return;
    if (T.Size <= 4) {
      Out.push_back(B.CreateZExt(loadN(Src, T.Size), S.I32));
      return;
    }
    for (uint32_t W = 0; W < T.flagWords(); ++W)
      Out.push_back(loadN(at(Src, 4 * W), 4));
    return;
  case Kind::Own: case Kind::Borrow:
    Out.push_back(lowerHandle(T, loadN(Src, 8)));
    return;
  }
  WASMAOT_UNREACHABLE("bad type kind");
}

void AdapterGen::storeGuest(const Type &T, llvm::Value *Src,
                            llvm::Value *Ptr) {
  switch (T.K) {
  case Kind::Bool:
    storeV(B.CreateZExt(B.CreateICmpNE(loadN(Src, 1), B.getInt8(0)), S.I8),
           guest(Ptr));
    return;
  case Kind::S8: case Kind::U8: case Kind::S16: case Kind::U16:
  case Kind::S32: case Kind::U32: case Kind::S64: case Kind::U64:
  case Kind::Char:
    storeV(loadN(Src, T.Size), guest(Ptr));
    return;
  case Kind::F32: storeV(canonF32Bits(loadN(Src, 4)), guest(Ptr)); return;
  case Kind::F64: storeV(canonF64Bits(loadN(Src, 8)), guest(Ptr)); return;
  case Kind::String: case Kind::List: {
    if (T.K == Kind::List && T.Length) {
      const Type &E = *T.Elems[0];
      uint32_t HS = ac::hostLayout(E).Size;
      for (uint32_t I = 0; I < T.Length; ++I)
        storeGuest(E, at(Src, uint64_t(I) * HS),
                   addI32(Ptr, uint64_t(I) * E.Size));
      return;
    }
    auto [P, N] = T.K == Kind::String ? lowerString(Src)
                                      : lowerList(Src, *T.Elems[0]);
    storeV(P, guest(Ptr));
    storeV(N, guest(addI32(Ptr, 4)));
    return;
  }
  case Kind::Record: case Kind::Tuple: {
    std::vector<uint32_t> GO = T.fieldOffsets();
    std::vector<uint32_t> HO = ac::hostTupleOffsets(T.Elems);
    for (size_t I = 0; I < T.Elems.size(); ++I)
      storeGuest(*T.Elems[I], at(Src, HO[I]), addI32(Ptr, GO[I]));
    return;
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    llvm::Value *D = loadN(Src, T.discSize());
    storeV(D, guest(Ptr));
    uint32_t GPO = T.payloadOffset(), HPO = ac::hostPayloadOffset(T);
    switchCases(T, B.CreateZExt(D, S.I32), [&](uint32_t C) {
      if (const Type *P = T.casePayload(C))
        storeGuest(*P, at(Src, HPO), addI32(Ptr, GPO));
    });
    return;
  }
  case Kind::Flags:
    if (T.Size == 0)
      return;
    if (T.Size <= 4) {
      storeV(loadN(Src, T.Size), guest(Ptr));
      return;
    }
    for (uint32_t W = 0; W < T.flagWords(); ++W)
      storeV(loadN(at(Src, 4 * W), 4), guest(addI32(Ptr, 4 * W)));
    return;
  case Kind::Own: case Kind::Borrow:
    storeV(lowerHandle(T, loadN(Src, 8)), guest(Ptr));
    return;
  }
  WASMAOT_UNREACHABLE("bad type kind");
}

// ---- The adapter.

void AdapterGen::begin() {
  auto *Entry = llvm::BasicBlock::Create(S.Ctx, "entry", Fn);
  B.SetInsertPoint(Entry);
  Env = Fn->getArg(0);
  Caller = envField(ac::kEnvCallerVmctx);
  Base = llvm::ConstantPointerNull::get(llvm::cast<llvm::PointerType>(S.Ptr));
  if (Opts.Memory)
    Base = B.CreateLoad(S.Ptr, at(envField(ac::kEnvMemory),
                                  abi::kMemoryBaseOffset));
}

void AdapterGen::finishCallIfHandles() {
  bool Handles = false;
  for (const auto *Ts : {&FT.Params, &FT.Results})
    for (const cabi::TypeRef &T : *Ts)
      Handles |= hasHandles(*T);
  if (Handles) {
    auto *FinT = llvm::FunctionType::get(S.Void, {S.Ptr}, false);
    B.CreateCall(FinT, envField(ac::kEnvFinishCall), {Env});
  }
}

void AdapterGen::buildLift(bool HasPostReturn) {
  begin();
  llvm::Value *HostArgs = Fn->getArg(1), *HostResults = Fn->getArg(2);
  // Arguments: flat, or spilled into a realloc'd tuple (lower_values).
  std::vector<llvm::Value *> Args;
  std::vector<uint32_t> HA = ac::hostTupleOffsets(FT.Params);
  if (cabi::flattenTypes(FT.Params).size() > cabi::kMaxFlatParams) {
    cabi::TypeRef Tuple = cabi::spillTuple(FT.Params);
    llvm::Value *GP = callRealloc(Tuple->Align, B.getInt32(Tuple->Size));
    checkRange(GP, B.getInt64(Tuple->Size), Tuple->Align, "spilled values");
    std::vector<uint32_t> GO = Tuple->fieldOffsets();
    for (size_t I = 0; I < FT.Params.size(); ++I)
      storeGuest(*FT.Params[I], at(HostArgs, HA[I]), addI32(GP, GO[I]));
    Args.push_back(GP);
  } else {
    for (size_t I = 0; I < FT.Params.size(); ++I)
      lowerFlat(*FT.Params[I], at(HostArgs, HA[I]), Args);
  }

  frontend::FuncType Core =
      cabi::flattenFuncType(FT, cabi::FlattenContext::Lift);
  std::vector<llvm::Value *> CallArgs{envField(ac::kEnvCalleeVmctx), Caller};
  CallArgs.insert(CallArgs.end(), Args.begin(), Args.end());
  llvm::Value *Ret = B.CreateCall(S.funcType(Core),
                                  envField(ac::kEnvCalleeCode), CallArgs);

  // Results: the one flat value, or a tuple at the returned pointer.
  std::vector<uint32_t> HR = ac::hostTupleOffsets(FT.Results);
  if (cabi::flattenTypes(FT.Results).size() > cabi::kMaxFlatResults) {
    cabi::TypeRef Tuple = cabi::spillTuple(FT.Results);
    checkRange(Ret, B.getInt64(Tuple->Size), Tuple->Align, "spilled values");
    std::vector<uint32_t> GO = Tuple->fieldOffsets();
    for (size_t I = 0; I < FT.Results.size(); ++I)
      loadGuest(addI32(Ret, GO[I]), *FT.Results[I], at(HostResults, HR[I]));
  } else {
    FlatIter It;
    if (!Core.Results.empty())
      It.Vals.push_back(Ret);
    for (size_t I = 0; I < FT.Results.size(); ++I)
      liftFlat(It, *FT.Results[I], at(HostResults, HR[I]));
  }

  finishCallIfHandles();

  if (HasPostReturn) {
    frontend::FuncType PT;
    PT.Params = Core.Results;
    std::vector<llvm::Value *> PA{envField(ac::kEnvPostReturnVmctx), Caller};
    if (!Core.Results.empty())
      PA.push_back(Ret);
    B.CreateCall(S.funcType(PT), envField(ac::kEnvPostReturnCode), PA);
  }
  B.CreateRetVoid();
}

void AdapterGen::buildLower() {
  begin();
  llvm::Value *Flat = Fn->getArg(1); // ValRaw[]: arguments in, result out
  frontend::FuncType Core =
      cabi::flattenFuncType(FT, cabi::FlattenContext::Lower);
  auto slot = [&](size_t I) { return at(Flat, uint64_t(I) * sizeof(abi::ValRaw)); };

  // Arguments: lift_values, from the flat core values or the spilled tuple.
  llvm::Value *HostArgs = hostTuple(FT.Params);
  std::vector<uint32_t> HA = ac::hostTupleOffsets(FT.Params);
  size_t NumParams = cabi::flattenTypes(FT.Params).size();
  if (NumParams > cabi::kMaxFlatParams) {
    cabi::TypeRef Tuple = cabi::spillTuple(FT.Params);
    llvm::Value *GP = B.CreateLoad(S.I32, slot(0));
    checkRange(GP, B.getInt64(Tuple->Size), Tuple->Align, "spilled values");
    std::vector<uint32_t> GO = Tuple->fieldOffsets();
    for (size_t I = 0; I < FT.Params.size(); ++I)
      loadGuest(addI32(GP, GO[I]), *FT.Params[I], at(HostArgs, HA[I]));
    NumParams = 1;
  } else {
    FlatIter It;
    for (size_t I = 0; I < NumParams; ++I)
      It.Vals.push_back(B.CreateLoad(S.valType(Core.Params[I]), slot(I)));
    for (size_t I = 0; I < FT.Params.size(); ++I)
      liftFlat(It, *FT.Params[I], at(HostArgs, HA[I]));
  }

  llvm::Value *HostResults = hostTuple(FT.Results);
  auto *CallT = llvm::FunctionType::get(S.Void, {S.Ptr, S.Ptr, S.Ptr}, false);
  B.CreateCall(CallT, envField(ac::kEnvCallHost), {Env, HostArgs, HostResults});

  // Results: lower_values, into the one flat result or at the out-pointer.
  std::vector<uint32_t> HR = ac::hostTupleOffsets(FT.Results);
  if (cabi::flattenTypes(FT.Results).size() > cabi::kMaxFlatResults) {
    cabi::TypeRef Tuple = cabi::spillTuple(FT.Results);
    llvm::Value *GP = B.CreateLoad(S.I32, slot(NumParams));
    checkRange(GP, B.getInt64(Tuple->Size), Tuple->Align, "spilled values");
    std::vector<uint32_t> GO = Tuple->fieldOffsets();
    for (size_t I = 0; I < FT.Results.size(); ++I)
      storeGuest(*FT.Results[I], at(HostResults, HR[I]), addI32(GP, GO[I]));
  } else {
    std::vector<llvm::Value *> Out;
    for (size_t I = 0; I < FT.Results.size(); ++I)
      lowerFlat(*FT.Results[I], at(HostResults, HR[I]), Out);
    if (!Out.empty()) {
      // A zeroed slot, then the value in its low bytes (ValRaw).
      B.CreateStore(llvm::ConstantAggregateZero::get(
                        llvm::FixedVectorType::get(S.I64, 2)),
                    slot(0));
      B.CreateStore(Out[0], slot(0));
    }
  }
  finishCallIfHandles();
  B.CreateRetVoid();
}

} // namespace

void emitAdapters(Shard &S, const ac::ComponentMeta &M) {
  std::vector<llvm::Constant *> Table;
  auto *FT = llvm::FunctionType::get(S.Void, {S.Ptr, S.Ptr, S.Ptr, S.Ptr},
                                     false);
  for (const ac::Lift &L : M.Lifts) {
    if (L.Adapter < 0)
      continue;
    auto *Fn = llvm::Function::Create(
        FT, llvm::GlobalValue::InternalLinkage,
        fmt::format("wasmaot_adapter_{}", L.Adapter), S.Mod.get());
    setCommonAttributes(Fn);
    Fn->addFnAttr("no-builtins");
    AdapterGen(S, L.Opts, L.Type, Fn).buildLift(L.Opts.PostReturn.has_value());
    Table.push_back(Fn);
  }
  for (const ac::Lower &L : M.Lowers) {
    if (L.Adapter < 0)
      continue;
    auto *Fn = llvm::Function::Create(
        FT, llvm::GlobalValue::InternalLinkage,
        fmt::format("wasmaot_lower_adapter_{}", L.Adapter), S.Mod.get());
    setCommonAttributes(Fn);
    Fn->addFnAttr("no-builtins");
    AdapterGen(S, L.Opts, L.Type, Fn).buildLower();
    Table.push_back(Fn);
  }
  if (Table.empty())
    return;
  auto *AT = llvm::ArrayType::get(S.Ptr, Table.size());
  auto *GV = new llvm::GlobalVariable(*S.Mod, AT, true,
                                      llvm::GlobalValue::ExternalLinkage,
                                      llvm::ConstantArray::get(AT, Table),
                                      ac::kSymAdapters);
  GV->setAlignment(llvm::Align(8));
}

} // namespace wasmaot::codegen
