// Builds the ArtifactMeta (runtime/abi/artifact.h) for a module: the types,
// imports, exports, segments and constant expressions the runtime needs to
// instantiate without ever decoding wasm. Also lays out the data image.
#include "artifact_writer.h"

#include <cstring>

#include "wasmaot/frontend/instr.h"

namespace wasmaot::codegen {

using abi::ConstExpr;
using frontend::Op;
using frontend::ValType;

namespace {

/// Wasm 2.0 constant expressions are one instruction and `end`.
ConstExpr convertConstExpr(const frontend::Module &M, frontend::ByteSpan Span) {
  frontend::InstrReader IR(ByteReader(M.bytes(Span), Span.Offset), M.Features);
  auto I = IR.next();
  ConstExpr E;
  if (!I) // cannot happen for a validated module
    return E;
  switch (I->Opcode) {
  case Op::I32Const: E.K = ConstExpr::I32; E.Lo = uint32_t(I->Bits); E.Type = ValType::I32; break;
  case Op::I64Const: E.K = ConstExpr::I64; E.Lo = I->Bits; E.Type = ValType::I64; break;
  case Op::F32Const: E.K = ConstExpr::F32; E.Lo = uint32_t(I->Bits); E.Type = ValType::F32; break;
  case Op::F64Const: E.K = ConstExpr::F64; E.Lo = I->Bits; E.Type = ValType::F64; break;
  case Op::V128Const:
    E.K = ConstExpr::V128;
    std::memcpy(&E.Lo, I->Bytes16.data(), 8);
    std::memcpy(&E.Hi, I->Bytes16.data() + 8, 8);
    E.Type = ValType::V128;
    break;
  case Op::RefNull: E.K = ConstExpr::RefNull; E.Type = I->RefT; break;
  case Op::RefFunc: E.K = ConstExpr::RefFunc; E.Index = I->Idx0; E.Type = ValType::FuncRef; break;
  case Op::GlobalGet:
    E.K = ConstExpr::GlobalGet;
    E.Index = I->Idx0;
    E.Type = M.GlobalSpace[I->Idx0].Type;
    break;
  default:
    break;
  }
  return E;
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
    Meta.Globals.push_back({G.Type, convertConstExpr(M, G.Init)});
  for (const frontend::Export &E : M.Exports)
    Meta.Exports.push_back({E.Name, E.Kind, E.Index});
  for (const frontend::ElemSegment &E : M.Elems) {
    abi::MetaElem ME;
    ME.Mode = segMode(E.Mode);
    ME.Type = E.Type;
    ME.Table = *E.Table;
    if (E.Mode == frontend::SegmentMode::Active)
      ME.Offset = convertConstExpr(M, E.OffsetExpr);
    for (uint32_t F : E.FuncIndices) {
      ConstExpr X;
      X.K = ConstExpr::RefFunc;
      X.Index = F;
      X.Type = ValType::FuncRef;
      ME.Items.push_back(X);
    }
    for (frontend::ByteSpan X : E.Exprs)
      ME.Items.push_back(convertConstExpr(M, X));
    Meta.Elems.push_back(std::move(ME));
  }
  for (const frontend::DataSegment &D : M.Datas) {
    abi::MetaData MD;
    MD.Mode = segMode(D.Mode);
    MD.Memory = *D.Memory;
    if (D.Mode == frontend::SegmentMode::Active)
      MD.Offset = convertConstExpr(M, D.OffsetExpr);
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

} // namespace wasmaot::codegen
