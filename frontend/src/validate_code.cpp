// Function body validation (spec 3.3 and the algorithm of appendix 7.3): an
// operand stack of types with an "unknown" type for stack-polymorphic code,
// and a control stack of frames. Instructions whose typing is fixed come from
// the Sig column of opcodes.def; the rest are typed here by hand.
#include "wasmaot/frontend/validator.h"

#include <array>
#include <span>

#include "wasmaot/frontend/instr.h"
#include "wasmaot/frontend/limits.h"

namespace wasmaot::frontend {

namespace {

/// Operand-stack entries: a ValType code, or kUnknown for the bottom type
/// produced by popping from an unreachable frame (spec 7.3.1).
constexpr uint8_t kUnknown = kBottomTypeCode;

/// One-element type sequences for every value type code, so a block type
/// `(result t)` is a span into static storage.
constexpr std::array<ValType, 256> makeSingles() {
  std::array<ValType, 256> A{};
  for (unsigned I = 0; I < 256; ++I)
    A[I] = ValType(I);
  return A;
}
constexpr std::array<ValType, 256> kSingles = makeSingles();

/// The Sig column decoded once per opcode.
struct FixedSig {
  bool Special = true;
  uint8_t NumIn = 0, NumOut = 0;
  std::array<ValType, 3> In{};
  std::array<ValType, 1> Out{};
};

constexpr ValType sigLetter(char C) {
  switch (C) {
  case 'i': return ValType::I32;
  case 'l': return ValType::I64;
  case 'f': return ValType::F32;
  case 'd': return ValType::F64;
  default: return ValType::V128;
  }
}

constexpr std::array<FixedSig, kNumOps> makeSigs() {
  std::array<FixedSig, kNumOps> Sigs{};
  for (unsigned Op = 0; Op < kNumOps; ++Op) {
    std::string_view S = kOpInfo[Op].Sig;
    FixedSig &F = Sigs[Op];
    if (S == "*")
      continue;
    F.Special = false;
    bool Out = false;
    for (char C : S) {
      if (C == ':')
        Out = true;
      else if (Out)
        F.Out[F.NumOut++] = sigLetter(C);
      else
        F.In[F.NumIn++] = sigLetter(C);
    }
  }
  return Sigs;
}
constexpr std::array<FixedSig, kNumOps> kSigs = makeSigs();

struct Frame {
  Op Opcode;                       ///< Block, Loop, If, Else, or End (func)
  std::span<const ValType> Params; ///< start types
  std::span<const ValType> Results;
  size_t Height;
  bool Unreachable = false;
  /// Loop labels carry the start types; every other label the end types.
  std::span<const ValType> labelTypes() const {
    return Opcode == Op::Loop ? Params : Results;
  }
};

const char *typeCodeName(uint8_t T) {
  return T == kUnknown ? "_" : valTypeName(ValType(T));
}

class FuncValidator {
public:
  FuncValidator(const Module &M, const ValidationContext &Ctx,
                uint32_t Defined)
      : M(M), Ctx(Ctx), F(M.Functions[Defined]),
        Type(M.Types[*F.Type]) {}

  Status run();

private:
  Status step(const Instr &I);
  Status stepSpecial(const Instr &I);
  Status stepMemory(const Instr &I, const OpInfo &Info);

  // Operand stack (spec 7.3.2).
  void push(ValType T) { Vals.push_back(uint8_t(T)); }
  void pushUnknown() { Vals.push_back(kUnknown); }
  void pushAll(std::span<const ValType> Ts) {
    for (ValType T : Ts)
      push(T);
  }
  Expected<uint8_t> pop(const Instr &I);
  Status popExpect(const Instr &I, ValType Want);
  Status popAll(const Instr &I, std::span<const ValType> Want);
  Status pushFrame(const Instr &I, Op Opcode, std::span<const ValType> In,
                   std::span<const ValType> Out);
  Expected<Frame> popFrame(const Instr &I);
  void markUnreachable() {
    Vals.resize(Ctrls.back().Height);
    Ctrls.back().Unreachable = true;
  }

  Status blockTypes(const Instr &I, std::span<const ValType> &In,
                    std::span<const ValType> &Out);
  Expected<const Frame *> label(const Instr &I, uint32_t Depth);
  Expected<ValType> localType(const Instr &I);
  Expected<const TableType *> table(const Instr &I, uint32_t Idx);
  Status checkMemory(const Instr &I, uint32_t Idx);
  Status checkDataIdx(const Instr &I, uint32_t Idx);
  Status checkElemIdx(const Instr &I, uint32_t Idx);

  Error invalid(const Instr &I, std::string Msg) const {
    return Error{ErrorKind::Invalid, I.Offset, std::move(Msg), {}};
  }
  Error mismatch(const Instr &I, std::span<const ValType> Want,
                 size_t Available) const;

  const Module &M;
  const ValidationContext &Ctx;
  const Function &F;
  const FuncType &Type;
  std::vector<ValType> Locals;
  std::vector<uint8_t> Vals;
  std::vector<Frame> Ctrls;
};

Status FuncValidator::run() {
  Locals.reserve(Type.Params.size() + F.NumLocals);
  Locals.assign(Type.Params.begin(), Type.Params.end());
  for (const LocalDecl &D : F.Locals)
    Locals.insert(Locals.end(), D.Count, D.Type);
  Ctrls.push_back({Op::End, {}, Type.Results, 0, false});

  InstrReader IR(ByteReader(M.bytes(F.Body), F.Body.Offset), M.Features);
  while (!Ctrls.empty()) {
    if (IR.atEnd())
      return IR.bytes().malformed("unexpected end of function body");
    auto I = IR.next();
    if (!I)
      return I.takeError();
    WASMAOT_TRY(step(*I));
  }
  return {};
}

Error FuncValidator::mismatch(const Instr &I, std::span<const ValType> Want,
                              size_t Available) const {
  // Show what the instruction wanted and what the top of the stack holds.
  size_t Height = Ctrls.back().Height;
  size_t Have = std::min(Want.size(), Vals.size() - Height);
  std::string Got = "[";
  for (size_t K = Vals.size() - Have; K < Vals.size(); ++K) {
    if (K != Vals.size() - Have)
      Got += ' ';
    Got += typeCodeName(Vals[K]);
  }
  Got += ']';
  (void)Available;
  std::vector<ValType> W(Want.begin(), Want.end());
  return invalid(I, fmt::format("type mismatch in {}: expected {} but got {}",
                                opName(I.Opcode), valTypesString(W), Got));
}

Expected<uint8_t> FuncValidator::pop(const Instr &I) {
  const Frame &Top = Ctrls.back();
  if (Vals.size() == Top.Height) {
    if (Top.Unreachable)
      return kUnknown;
    return invalid(I, fmt::format("type mismatch in {}: expected an operand "
                                  "but the stack is empty",
                                  opName(I.Opcode)));
  }
  uint8_t T = Vals.back();
  Vals.pop_back();
  return T;
}

Status FuncValidator::popAll(const Instr &I, std::span<const ValType> Want) {
  // Check the whole sequence before popping, for a complete message.
  const Frame &Top = Ctrls.back();
  size_t Avail = Vals.size() - Top.Height;
  for (size_t K = 0; K < Want.size(); ++K) {
    ValType W = Want[Want.size() - 1 - K];
    if (K >= Avail) {
      if (!Top.Unreachable)
        return mismatch(I, Want, Avail);
      continue;
    }
    uint8_t Have = Vals[Vals.size() - 1 - K];
    if (Have != kUnknown && Have != uint8_t(W))
      return mismatch(I, Want, Avail);
  }
  Vals.resize(Vals.size() - std::min(Avail, Want.size()));
  return {};
}

Status FuncValidator::popExpect(const Instr &I, ValType Want) {
  return popAll(I, std::span<const ValType>(&kSingles[uint8_t(Want)], 1));
}

Status FuncValidator::pushFrame(const Instr &I, Op Opcode,
                                std::span<const ValType> In,
                                std::span<const ValType> Out) {
  if (Ctrls.size() > limits::kMaxBlockDepth)
    return Error{ErrorKind::Limit, I.Offset,
                 fmt::format("blocks nest deeper than {}",
                             limits::kMaxBlockDepth),
                 {}};
  Ctrls.push_back({Opcode, In, Out, Vals.size(), false});
  pushAll(In);
  return {};
}

Expected<Frame> FuncValidator::popFrame(const Instr &I) {
  const Frame &Top = Ctrls.back();
  WASMAOT_TRY(popAll(I, Top.Results));
  if (Vals.size() != Top.Height) {
    return invalid(I, fmt::format("type mismatch in {}: {} value(s) left on "
                                  "the stack at the end of the block, which "
                                  "returns {}",
                                  opName(I.Opcode), Vals.size() - Top.Height,
                                  valTypesString(std::vector<ValType>(
                                      Top.Results.begin(),
                                      Top.Results.end()))));
  }
  Frame Fr = Top;
  Ctrls.pop_back();
  return Fr;
}

Status FuncValidator::blockTypes(const Instr &I, std::span<const ValType> &In,
                                 std::span<const ValType> &Out) {
  switch (I.Block.K) {
  case BlockType::Empty:
    In = Out = {};
    return {};
  case BlockType::Value:
    In = {};
    Out = std::span<const ValType>(&kSingles[uint8_t(I.Block.Val)], 1);
    return {};
  case BlockType::Func: {
    if (*I.Block.Type >= M.Types.size())
      return invalid(I, fmt::format("unknown type {} in block type",
                                    *I.Block.Type));
    const FuncType &T = M.Types[*I.Block.Type];
    In = T.Params;
    Out = T.Results;
    return {};
  }
  }
  WASMAOT_UNREACHABLE("bad block type");
}

Expected<const Frame *> FuncValidator::label(const Instr &I, uint32_t Depth) {
  if (Depth >= Ctrls.size())
    return invalid(I, fmt::format("unknown label {}: only {} enclosing "
                                  "block(s)",
                                  Depth, Ctrls.size()));
  return &Ctrls[Ctrls.size() - 1 - Depth];
}

Expected<ValType> FuncValidator::localType(const Instr &I) {
  if (I.Idx0 >= Locals.size())
    return invalid(I, fmt::format("unknown local {}: the function has {} "
                                  "locals including parameters",
                                  I.Idx0, Locals.size()));
  return Locals[I.Idx0];
}

Expected<const TableType *> FuncValidator::table(const Instr &I,
                                                 uint32_t Idx) {
  if (Idx >= M.TableSpace.size())
    return invalid(I, fmt::format("unknown table {}", Idx));
  return &M.TableSpace[Idx];
}

Status FuncValidator::checkMemory(const Instr &I, uint32_t Idx) {
  if (Idx >= M.MemorySpace.size())
    return invalid(I, fmt::format("unknown memory {} in {}", Idx,
                                  opName(I.Opcode)));
  return {};
}

Status FuncValidator::checkDataIdx(const Instr &I, uint32_t Idx) {
  uint32_t N = M.DataCount ? *M.DataCount : uint32_t(M.Datas.size());
  if (Idx >= N)
    return invalid(I, fmt::format("unknown data segment {}", Idx));
  // The binary format requires the data count section for these (spec
  // 5.5.13). It is checked here rather than in the reader because wabt and
  // the spec testsuite report a missing segment as invalid first.
  if (!M.DataCount)
    return Error{ErrorKind::Malformed, I.Offset,
                 fmt::format("data count section required by {}",
                             opName(I.Opcode)),
                 {}};
  return {};
}

Status FuncValidator::checkElemIdx(const Instr &I, uint32_t Idx) {
  if (Idx >= M.Elems.size())
    return invalid(I, fmt::format("unknown elem segment {}", Idx));
  return {};
}

Status FuncValidator::step(const Instr &I) {
  const OpInfo &Info = opInfo(I.Opcode);
  const FixedSig &Sig = kSigs[unsigned(I.Opcode)];
  if (Sig.Special)
    return stepSpecial(I);
  if (Info.MemBytes)
    WASMAOT_TRY(stepMemory(I, Info));
  if (Info.Lanes && I.Lane >= Info.Lanes)
    return invalid(I, fmt::format("invalid lane index {} in {}: must be below "
                                  "{}",
                                  I.Lane, Info.Text, Info.Lanes));
  if (I.Opcode == Op::I8x16Shuffle)
    for (uint8_t L : I.Bytes16)
      if (L >= 32)
        return invalid(I, fmt::format("invalid lane index {} in "
                                      "i8x16.shuffle: must be below 32",
                                      L));
  WASMAOT_TRY(popAll(I, std::span<const ValType>(Sig.In.data(), Sig.NumIn)));
  for (unsigned K = 0; K < Sig.NumOut; ++K)
    push(Sig.Out[K]);
  return {};
}

Status FuncValidator::stepMemory(const Instr &I, const OpInfo &Info) {
  WASMAOT_TRY(checkMemory(I, *I.Mem.Mem));
  if (I.Mem.Align >= 32 || (uint64_t(1) << I.Mem.Align) > Info.MemBytes)
    return invalid(I, fmt::format("alignment must not be larger than "
                                  "natural: 2^{} > {} in {}",
                                  I.Mem.Align, Info.MemBytes, Info.Text));
  return {};
}

Status FuncValidator::stepSpecial(const Instr &I) {
  constexpr ValType I32 = ValType::I32;
  switch (I.Opcode) {
  case Op::Unreachable:
    markUnreachable();
    return {};
  case Op::Block:
  case Op::Loop:
  case Op::If: {
    std::span<const ValType> In, Out;
    WASMAOT_TRY(blockTypes(I, In, Out));
    if (I.Opcode == Op::If)
      WASMAOT_TRY(popExpect(I, I32));
    WASMAOT_TRY(popAll(I, In));
    return pushFrame(I, I.Opcode, In, Out);
  }
  case Op::Else: {
    if (Ctrls.back().Opcode != Op::If)
      return invalid(I, "else without a matching if");
    auto Fr = popFrame(I);
    if (!Fr)
      return Fr.takeError();
    return pushFrame(I, Op::Else, Fr->Params, Fr->Results);
  }
  case Op::End: {
    auto Fr = popFrame(I);
    if (!Fr)
      return Fr.takeError();
    // An `if` without `else` behaves as if the else branch were empty: its
    // parameters pass straight through, so they must equal the results.
    if (Fr->Opcode == Op::If &&
        !std::equal(Fr->Params.begin(), Fr->Params.end(), Fr->Results.begin(),
                    Fr->Results.end()))
      return invalid(I, fmt::format("type mismatch in if: no else branch, so "
                                    "the block's parameters {} must equal "
                                    "its results {}",
                                    valTypesString({Fr->Params.begin(),
                                                    Fr->Params.end()}),
                                    valTypesString({Fr->Results.begin(),
                                                    Fr->Results.end()})));
    if (!Ctrls.empty())
      pushAll(Fr->Results);
    return {};
  }
  case Op::Br: {
    auto L = label(I, I.Idx0);
    if (!L)
      return L.takeError();
    WASMAOT_TRY(popAll(I, (*L)->labelTypes()));
    markUnreachable();
    return {};
  }
  case Op::BrIf: {
    auto L = label(I, I.Idx0);
    if (!L)
      return L.takeError();
    WASMAOT_TRY(popExpect(I, I32));
    auto Types = (*L)->labelTypes();
    WASMAOT_TRY(popAll(I, Types));
    pushAll(Types);
    return {};
  }
  case Op::BrTable: {
    WASMAOT_TRY(popExpect(I, I32));
    auto Default = label(I, I.Idx0);
    if (!Default)
      return Default.takeError();
    size_t Arity = (*Default)->labelTypes().size();
    for (uint32_t T : I.Targets) {
      auto L = label(I, T);
      if (!L)
        return L.takeError();
      auto Types = (*L)->labelTypes();
      if (Types.size() != Arity)
        return invalid(I, fmt::format("type mismatch in br_table: label {} "
                                      "takes {} value(s) but the default "
                                      "label takes {}",
                                      T, Types.size(), Arity));
      // Check against the stack without consuming it (spec 7.3.3).
      size_t Save = Vals.size();
      std::vector<uint8_t> Top(Vals.end() - std::min(Save - Ctrls.back().Height,
                                                      Types.size()),
                               Vals.end());
      WASMAOT_TRY(popAll(I, Types));
      Vals.insert(Vals.end(), Top.begin(), Top.end());
    }
    WASMAOT_TRY(popAll(I, (*Default)->labelTypes()));
    markUnreachable();
    return {};
  }
  case Op::Return:
    WASMAOT_TRY(popAll(I, Ctrls.front().Results));
    markUnreachable();
    return {};
  case Op::Call: {
    if (I.Idx0 >= M.FuncSpace.size())
      return invalid(I, fmt::format("unknown function {}", I.Idx0));
    const FuncType &T = M.funcType(FuncIdx(I.Idx0));
    WASMAOT_TRY(popAll(I, T.Params));
    pushAll(T.Results);
    return {};
  }
  case Op::CallIndirect: {
    auto Tab = table(I, I.Idx1);
    if (!Tab)
      return Tab.takeError();
    if ((*Tab)->Elem != ValType::FuncRef)
      return invalid(I, fmt::format("type mismatch in call_indirect: table "
                                    "{} holds {}, not funcref",
                                    I.Idx1, valTypeName((*Tab)->Elem)));
    if (I.Idx0 >= M.Types.size())
      return invalid(I, fmt::format("unknown type {}", I.Idx0));
    const FuncType &T = M.Types[I.Idx0];
    WASMAOT_TRY(popExpect(I, I32));
    WASMAOT_TRY(popAll(I, T.Params));
    pushAll(T.Results);
    return {};
  }
  case Op::Drop: {
    auto T = pop(I);
    return T ? Status() : Status(T.takeError());
  }
  case Op::Select:
  case Op::SelectT: {
    if (I.Opcode == Op::SelectT) {
      if (I.SelectArity != 1)
        return invalid(I, fmt::format("invalid result arity: select takes "
                                      "exactly one type, got {}",
                                      I.SelectArity));
      WASMAOT_TRY(popExpect(I, I32));
      WASMAOT_TRY(popExpect(I, I.RefT));
      WASMAOT_TRY(popExpect(I, I.RefT));
      push(I.RefT);
      return {};
    }
    WASMAOT_TRY(popExpect(I, I32));
    auto A = pop(I);
    if (!A)
      return A.takeError();
    auto B = pop(I);
    if (!B)
      return B.takeError();
    auto IsRef = [](uint8_t T) {
      return T != kUnknown && isRefType(ValType(T));
    };
    if (IsRef(*A) || IsRef(*B))
      return invalid(I, "type mismatch in select: operands of reference type "
                        "need select with an explicit type");
    if (*A != kUnknown && *B != kUnknown && *A != *B)
      return invalid(I, fmt::format("type mismatch in select: operands are "
                                    "{} and {}",
                                    typeCodeName(*B), typeCodeName(*A)));
    Vals.push_back(*A == kUnknown ? *B : *A);
    return {};
  }
  case Op::LocalGet:
  case Op::LocalSet:
  case Op::LocalTee: {
    auto T = localType(I);
    if (!T)
      return T.takeError();
    if (I.Opcode != Op::LocalGet)
      WASMAOT_TRY(popExpect(I, *T));
    if (I.Opcode != Op::LocalSet)
      push(*T);
    return {};
  }
  case Op::GlobalGet:
  case Op::GlobalSet: {
    if (I.Idx0 >= M.GlobalSpace.size())
      return invalid(I, fmt::format("unknown global {}", I.Idx0));
    const GlobalType &G = M.GlobalSpace[I.Idx0];
    if (I.Opcode == Op::GlobalGet) {
      push(G.Type);
      return {};
    }
    if (!G.Mutable)
      return invalid(I, fmt::format("global is immutable: global.set {}",
                                    I.Idx0));
    return popExpect(I, G.Type);
  }
  case Op::TableGet:
  case Op::TableSet:
  case Op::TableSize:
  case Op::TableGrow:
  case Op::TableFill: {
    auto Tab = table(I, I.Idx0);
    if (!Tab)
      return Tab.takeError();
    ValType E = (*Tab)->Elem;
    switch (I.Opcode) {
    case Op::TableGet:
      WASMAOT_TRY(popExpect(I, I32));
      push(E);
      return {};
    case Op::TableSet:
      WASMAOT_TRY(popExpect(I, E));
      return popExpect(I, I32);
    case Op::TableSize:
      push(I32);
      return {};
    case Op::TableGrow:
      WASMAOT_TRY(popExpect(I, I32));
      WASMAOT_TRY(popExpect(I, E));
      push(I32);
      return {};
    default: // TableFill
      WASMAOT_TRY(popExpect(I, I32));
      WASMAOT_TRY(popExpect(I, E));
      return popExpect(I, I32);
    }
  }
  case Op::TableCopy: {
    auto Dst = table(I, I.Idx0);
    if (!Dst)
      return Dst.takeError();
    auto Src = table(I, I.Idx1);
    if (!Src)
      return Src.takeError();
    if ((*Dst)->Elem != (*Src)->Elem)
      return invalid(I, fmt::format("type mismatch in table.copy: {} into {}",
                                    valTypeName((*Src)->Elem),
                                    valTypeName((*Dst)->Elem)));
    static constexpr ValType Args[] = {I32, I32, I32};
    return popAll(I, Args);
  }
  case Op::TableInit: {
    auto Tab = table(I, I.Idx1);
    if (!Tab)
      return Tab.takeError();
    WASMAOT_TRY(checkElemIdx(I, I.Idx0));
    if (M.Elems[I.Idx0].Type != (*Tab)->Elem)
      return invalid(I, fmt::format("type mismatch in table.init: segment of "
                                    "{} into a table of {}",
                                    valTypeName(M.Elems[I.Idx0].Type),
                                    valTypeName((*Tab)->Elem)));
    static constexpr ValType Args[] = {I32, I32, I32};
    return popAll(I, Args);
  }
  case Op::ElemDrop:
    return checkElemIdx(I, I.Idx0);
  case Op::MemorySize:
    WASMAOT_TRY(checkMemory(I, I.Idx0));
    push(I32);
    return {};
  case Op::MemoryGrow:
    WASMAOT_TRY(checkMemory(I, I.Idx0));
    WASMAOT_TRY(popExpect(I, I32));
    push(I32);
    return {};
  case Op::MemoryInit: {
    WASMAOT_TRY(checkMemory(I, I.Idx1));
    WASMAOT_TRY(checkDataIdx(I, I.Idx0));
    static constexpr ValType Args[] = {I32, I32, I32};
    return popAll(I, Args);
  }
  case Op::DataDrop:
    return checkDataIdx(I, I.Idx0);
  case Op::MemoryCopy:
  case Op::MemoryFill: {
    WASMAOT_TRY(checkMemory(I, I.Idx0));
    WASMAOT_TRY(checkMemory(I, I.Idx1));
    static constexpr ValType Copy[] = {I32, I32, I32};
    static constexpr ValType Fill[] = {I32, I32, I32};
    return popAll(I, I.Opcode == Op::MemoryCopy ? Copy : Fill);
  }
  case Op::RefNull:
    push(I.RefT);
    return {};
  case Op::RefIsNull: {
    auto T = pop(I);
    if (!T)
      return T.takeError();
    if (*T != kUnknown && !isRefType(ValType(*T)))
      return invalid(I, fmt::format("type mismatch in ref.is_null: expected "
                                    "a reference but got {}",
                                    typeCodeName(*T)));
    push(I32);
    return {};
  }
  case Op::RefFunc:
    if (I.Idx0 >= M.FuncSpace.size())
      return invalid(I, fmt::format("unknown function {}", I.Idx0));
    if (!Ctx.isDeclaredFunc(I.Idx0))
      return invalid(I, fmt::format("undeclared function reference: function "
                                    "{} must appear in an element segment, "
                                    "export or global initializer",
                                    I.Idx0));
    push(ValType::FuncRef);
    return {};
  default:
    WASMAOT_UNREACHABLE("instruction with Sig \"*\" not typed by hand");
  }
}

} // namespace

Status validateFunction(const Module &M, const ValidationContext &Ctx,
                        uint32_t Defined) {
  return FuncValidator(M, Ctx, Defined).run();
}

} // namespace wasmaot::frontend
