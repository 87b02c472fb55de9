// The in-memory form of a decoded core module (spec 2.5). Function bodies and
// constant expressions stay byte spans into Module::Bytes: they are decoded
// again, independently, by the validator and by codegen.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <optional>
#include <string>
#include <vector>

#include "wasmaot/frontend/features.h"
#include "wasmaot/frontend/types.h"

namespace wasmaot::frontend {

/// A byte range of Module::Bytes (absolute offsets).
struct ByteSpan {
  uint64_t Offset = 0;
  uint64_t Size = 0;
};

enum class SectionId : uint8_t {
  Custom = 0, Type = 1, Import = 2, Function = 3, Table = 4, Memory = 5,
  Global = 6, Export = 7, Start = 8, Element = 9, Code = 10, Data = 11,
  DataCount = 12,
};
const char *sectionName(SectionId Id);

struct SectionInfo {
  SectionId Id;
  uint64_t HeaderOffset; ///< offset of the id byte
  ByteSpan Contents;
  std::string Name; ///< custom sections only
};

struct Import {
  std::string Module;
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  TypeIdx FuncType;   ///< Kind == Func
  TableType Table;    ///< Kind == Table
  MemoryType Memory;  ///< Kind == Memory
  GlobalType Global;  ///< Kind == Global
  uint64_t Offset = 0;
};

struct Export {
  std::string Name;
  ExternKind Kind = ExternKind::Func;
  uint32_t Index = 0;
  uint64_t Offset = 0;
};

struct LocalDecl {
  uint32_t Count = 0;
  ValType Type = ValType::I32;
};

/// A function defined in the module (not imported).
struct Function {
  TypeIdx Type;
  std::vector<LocalDecl> Locals;
  uint32_t NumLocals = 0; ///< sum of Locals[].Count (params excluded)
  ByteSpan Code;          ///< the whole code entry after its size field
  ByteSpan Body;          ///< the instruction sequence, final `end` included
};

struct Global {
  GlobalType Type;
  ByteSpan Init; ///< constant expression, final `end` included
};

enum class SegmentMode : uint8_t { Active, Passive, Declarative };

struct ElemSegment {
  SegmentMode Mode = SegmentMode::Active;
  ValType Type = ValType::FuncRef;
  TableIdx Table;
  ByteSpan OffsetExpr;
  /// Either function indices (flags 0-3) or constant expressions (4-7).
  bool UsesExprs = false;
  std::vector<uint32_t> FuncIndices;
  std::vector<ByteSpan> Exprs;
  uint64_t Offset = 0; ///< offset of the segment in the section
  size_t size() const { return UsesExprs ? Exprs.size() : FuncIndices.size(); }
};

struct DataSegment {
  SegmentMode Mode = SegmentMode::Active;
  MemIdx Memory;
  ByteSpan OffsetExpr;
  ByteSpan Init;
  uint64_t Offset = 0;
};

struct NameSection {
  std::string ModuleName;
  std::map<uint32_t, std::string> FuncNames;
  std::map<uint32_t, std::map<uint32_t, std::string>> LocalNames;
};

struct Module {
  std::vector<uint8_t> Bytes; ///< the whole binary; spans point into it
  FeatureSet Features;

  std::vector<SectionInfo> Sections;
  std::vector<FuncType> Types;
  std::vector<Import> Imports;
  std::vector<Function> Functions; ///< defined functions only
  std::vector<TableType> Tables;   ///< defined tables only
  std::vector<MemoryType> Memories;
  std::vector<Global> Globals;
  std::vector<Export> Exports;
  std::optional<FuncIdx> Start;
  uint64_t StartOffset = 0;
  std::vector<ElemSegment> Elems;
  std::optional<uint32_t> DataCount;
  std::vector<DataSegment> Datas;
  NameSection Names;

  // Index spaces, imports first (spec 2.5.1), filled in by the reader.
  std::vector<TypeIdx> FuncSpace;
  std::vector<TableType> TableSpace;
  std::vector<MemoryType> MemorySpace;
  std::vector<GlobalType> GlobalSpace;
  uint32_t NumImportedFuncs = 0;
  uint32_t NumImportedTables = 0;
  uint32_t NumImportedMemories = 0;
  uint32_t NumImportedGlobals = 0;

  const FuncType &funcType(FuncIdx F) const { return Types[*FuncSpace[*F]]; }
  /// The defined function with this index; F must not be an import.
  const Function &function(FuncIdx F) const {
    return Functions[*F - NumImportedFuncs];
  }
  std::span<const uint8_t> bytes(ByteSpan S) const {
    return {Bytes.data() + S.Offset, size_t(S.Size)};
  }
  /// The name-section name of a function, or "" if none.
  std::string_view funcName(FuncIdx F) const;
};

} // namespace wasmaot::frontend
