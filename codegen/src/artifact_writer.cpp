// Builds the ArtifactMeta (runtime/abi/artifact.h) for a module: the types,
// imports, exports, segments and constant expressions the runtime needs to
// instantiate without ever decoding wasm. Also lays out the data image, and
// seals the linked file with its checksum.
#include "artifact_writer.h"

#include <cstring>

#include "wasmaot/abi/checksum.h"

#include "wasmaot/frontend/instr.h"

namespace wasmaot::codegen {

using abi::ConstExpr;
using frontend::Op;
using frontend::ValType;

namespace {

/// One instruction of a validated constant expression.
ConstExpr convertInstr(const frontend::Module &M, const frontend::Instr &I) {
  ConstExpr E;
  switch (I.Opcode) {
  case Op::I32Const: E.K = ConstExpr::I32; E.Lo = uint32_t(I.Bits); E.Type = ValType::I32; break;
  case Op::I64Const: E.K = ConstExpr::I64; E.Lo = I.Bits; E.Type = ValType::I64; break;
  case Op::F32Const: E.K = ConstExpr::F32; E.Lo = uint32_t(I.Bits); E.Type = ValType::F32; break;
  case Op::F64Const: E.K = ConstExpr::F64; E.Lo = I.Bits; E.Type = ValType::F64; break;
  case Op::V128Const:
    E.K = ConstExpr::V128;
    std::memcpy(&E.Lo, I.Bytes16.data(), 8);
    std::memcpy(&E.Hi, I.Bytes16.data() + 8, 8);
    E.Type = ValType::V128;
    break;
  case Op::RefNull: E.K = ConstExpr::RefNull; E.Type = I.RefT; break;
  case Op::RefFunc: E.K = ConstExpr::RefFunc; E.Index = I.Idx0; E.Type = ValType::FuncRef; break;
  case Op::GlobalGet:
    E.K = ConstExpr::GlobalGet;
    E.Index = I.Idx0;
    E.Type = M.GlobalSpace[I.Idx0].Type;
    break;
  case Op::I32Add: E.K = ConstExpr::I32Add; E.Type = ValType::I32; break;
  case Op::I32Sub: E.K = ConstExpr::I32Sub; E.Type = ValType::I32; break;
  case Op::I32Mul: E.K = ConstExpr::I32Mul; E.Type = ValType::I32; break;
  case Op::I64Add: E.K = ConstExpr::I64Add; E.Type = ValType::I64; break;
  case Op::I64Sub: E.K = ConstExpr::I64Sub; E.Type = ValType::I64; break;
  case Op::I64Mul: E.K = ConstExpr::I64Mul; E.Type = ValType::I64; break;
  default: break; // the validator allows nothing else
  }
  return E;
}

/// Integer arithmetic of a folded extended constant expression (wraps).
uint64_t foldBinary(ConstExpr::Kind K, uint64_t A, uint64_t B) {
  switch (K) {
  case ConstExpr::I32Add: return uint32_t(A + B);
  case ConstExpr::I32Sub: return uint32_t(A - B);
  case ConstExpr::I32Mul: return uint32_t(A * B);
  case ConstExpr::I64Add: return A + B;
  case ConstExpr::I64Sub: return A - B;
  case ConstExpr::I64Mul: return A * B;
  default: return 0;
  }
}

/// A constant expression for the runtime. Wasm 2.0's are one instruction
/// and `end`. A Wasm 3.0 extended one (i32/i64 add/sub/mul, global.get of
/// defined globals) is folded here to one constant when it reads only
/// constants and defined globals with constant initializers (\p Defined:
/// those converted so far, all a global's initializer may read); one that
/// reads an imported global stays a ConstExpr::Program.
ConstExpr convertConstExpr(const frontend::Module &M, frontend::ByteSpan Span,
                           const std::vector<abi::MetaGlobal> &Defined) {
  frontend::InstrReader IR(ByteReader(M.bytes(Span), Span.Offset), M.Features);
  std::vector<ConstExpr> Ops;
  while (!IR.atEnd()) {
    auto I = IR.next();
    if (!I || I->Opcode == Op::End) // !I cannot happen once validated
      break;
    ConstExpr E = convertInstr(M, *I);
    // An immutable defined global with a constant initializer is that
    // constant (M.NumImportedGlobals come first in the global space).
    if (E.K == ConstExpr::GlobalGet && E.Index >= M.NumImportedGlobals &&
        E.Index - M.NumImportedGlobals < Defined.size()) {
      const ConstExpr &Init = Defined[E.Index - M.NumImportedGlobals].Init;
      if (Init.K != ConstExpr::GlobalGet && Init.K != ConstExpr::Program)
        E = Init;
    }
    Ops.push_back(std::move(E));
  }
  if (Ops.size() == 1)
    return Ops[0];
  // Fold when every operand is a constant.
  std::vector<ConstExpr> Stack;
  bool Folds = true;
  for (const ConstExpr &Op : Ops) {
    if (!ConstExpr::isBinary(Op.K)) {
      Folds = Folds && (Op.K == ConstExpr::I32 || Op.K == ConstExpr::I64);
      Stack.push_back(Op);
    } else if (Folds && Stack.size() >= 2) {
      uint64_t B = Stack.back().Lo;
      Stack.pop_back();
      Stack.back().Lo = foldBinary(Op.K, Stack.back().Lo, B);
    }
  }
  if (Folds && Stack.size() == 1)
    return Stack[0];
  ConstExpr P;
  P.K = ConstExpr::Program;
  P.Type = Ops.empty() ? ValType::I32 : Ops.back().Type;
  P.Ops = std::move(Ops);
  return P;
}

abi::SegMode segMode(frontend::SegmentMode Mode) {
  switch (Mode) {
  case frontend::SegmentMode::Active: return abi::SegMode::Active;
  case frontend::SegmentMode::Passive: return abi::SegMode::Passive;
  case frontend::SegmentMode::Declarative: return abi::SegMode::Declarative;
  }
  return abi::SegMode::Active;
}

} // namespace

abi::ArtifactMeta buildMeta(const frontend::Module &M,
                            std::vector<uint8_t> &DataImage) {
  abi::ArtifactMeta Meta;
  Meta.WasmFeatures = M.Features.bits();
  Meta.Name = M.Names.ModuleName;
  Meta.Types = M.Types;
  for (const frontend::Import &I : M.Imports) {
    abi::MetaImport MI;
    MI.Module = I.Module;
    MI.Name = I.Name;
    MI.Kind = I.Kind;
    MI.TypeIndex = *I.FuncType;
    MI.Table = I.Table;
    MI.Memory = I.Memory;
    MI.Global = I.Global;
    Meta.Imports.push_back(std::move(MI));
  }
  for (size_t F = 0; F < M.FuncSpace.size(); ++F) {
    Meta.FuncTypes.push_back(*M.FuncSpace[F]);
    Meta.FuncNames.push_back(std::string(M.funcName(frontend::FuncIdx(F))));
  }
  Meta.Tables = M.Tables;
  Meta.Memories = M.Memories;
  for (const frontend::Global &G : M.Globals)
    Meta.Globals.push_back({G.Type, convertConstExpr(M, G.Init, Meta.Globals)});
  for (const frontend::Export &E : M.Exports)
    Meta.Exports.push_back({E.Name, E.Kind, E.Index});
  for (const frontend::ElemSegment &E : M.Elems) {
    abi::MetaElem ME;
    ME.Mode = segMode(E.Mode);
    ME.Type = E.Type;
    ME.Table = *E.Table;
    if (E.Mode == frontend::SegmentMode::Active)
      ME.Offset = convertConstExpr(M, E.OffsetExpr, Meta.Globals);
    for (uint32_t F : E.FuncIndices) {
      ConstExpr X;
      X.K = ConstExpr::RefFunc;
      X.Index = F;
      X.Type = ValType::FuncRef;
      ME.Items.push_back(X);
    }
    for (frontend::ByteSpan X : E.Exprs)
      ME.Items.push_back(convertConstExpr(M, X, Meta.Globals));
    Meta.Elems.push_back(std::move(ME));
  }
  for (const frontend::DataSegment &D : M.Datas) {
    abi::MetaData MD;
    MD.Mode = segMode(D.Mode);
    MD.Memory = *D.Memory;
    if (D.Mode == frontend::SegmentMode::Active)
      MD.Offset = convertConstExpr(M, D.OffsetExpr, Meta.Globals);
    MD.ImageOffset = DataImage.size();
    MD.Size = D.Init.Size;
    auto Bytes = M.bytes(D.Init);
    DataImage.insert(DataImage.end(), Bytes.begin(), Bytes.end());
    Meta.Datas.push_back(MD);
  }
  if (M.Start)
    Meta.Start = **M.Start;
  Meta.DataImageSize = DataImage.size();
  return Meta;
}

Expected<std::vector<uint8_t>> sealed(Expected<std::vector<uint8_t>> Linked) {
  if (Linked)
    abi::sealArtifact(*Linked);
  return Linked;
}

} // namespace wasmaot::codegen
