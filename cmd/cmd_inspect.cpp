// `wasmaot inspect FILE`: what a core module holds — its sections with offsets
// and sizes, types, imports, exports, memories, tables, globals, functions,
// code size, segments, custom sections and names — as a human-readable
// summary or as JSON (--json). Owns the layout of that output only; decoding
// and validation are the frontend's. Compiled artifacts (.so) are shown by
// inspect_artifact.cpp.
#include <cstdio>
#include <memory>
#include <string>

#include "options.h"
#include <fmt/format.h>

#include "commands.h"
#include "common.h"
#include "inspect_artifact.h"
#include "inspect_component.h"
#include "json_writer.h"
#include "module_info.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::cli {

using namespace wasmaot::frontend;

namespace {

/// What we learnt about the input, shared by both output formats.
struct Inspected {
  const InspectOptions &Opts;
  const Module &M;
  const ImportedEntities Imported;
  std::optional<Error> ValidationError; ///< unset: valid or not checked
  Inspected(const InspectOptions &Opts, const Module &M)
      : Opts(Opts), M(M), Imported(M) {}
};

std::string importText(const Import *I) {
  return I ? fmt::format("imported {}.{}", quoteName(I->Module),
                         quoteName(I->Name))
           : std::string();
}

std::string funcNameText(const Module &M, uint32_t Index) {
  std::string_view Name = M.funcName(FuncIdx(Index));
  return Name.empty() ? std::string() : "$" + std::string(Name);
}

std::string segmentModeName(SegmentMode Mode) {
  switch (Mode) {
  case SegmentMode::Active:
    return "active";
  case SegmentMode::Passive:
    return "passive";
  case SegmentMode::Declarative:
    return "declarative";
  }
  return "?";
}

/// Entries in a known section, or -1 for custom sections.
int64_t sectionCount(const Module &M, SectionId Id) {
  switch (Id) {
  case SectionId::Custom:
    return -1;
  case SectionId::Type:
    return int64_t(M.Types.size());
  case SectionId::Import:
    return int64_t(M.Imports.size());
  case SectionId::Function:
    return int64_t(M.Functions.size());
  case SectionId::Table:
    return int64_t(M.Tables.size());
  case SectionId::Memory:
    return int64_t(M.Memories.size());
  case SectionId::Global:
    return int64_t(M.Globals.size());
  case SectionId::Export:
    return int64_t(M.Exports.size());
  case SectionId::Start:
    return M.Start ? 1 : 0;
  case SectionId::Element:
    return int64_t(M.Elems.size());
  case SectionId::Code:
    return int64_t(M.Functions.size());
  case SectionId::Data:
    return int64_t(M.Datas.size());
  case SectionId::DataCount:
    return M.DataCount ? int64_t(*M.DataCount) : 0;
  }
  return -1;
}

//===-- Text output -------------------------------------------------------===//

/// Prints one line of the text report, without trailing blanks.
template <typename... Args>
void line(fmt::format_string<Args...> Format, Args &&...A) {
  std::string S = fmt::format(Format, std::forward<Args>(A)...);
  while (!S.empty() && S.back() == ' ')
    S.pop_back();
  S += '\n';
  std::fwrite(S.data(), 1, S.size(), stdout);
}

void printSections(const Module &M) {
  line("\nSections ({})", M.Sections.size());
  line("  {:>2}  {:<9}  {:>10}  {:>10}  {:>8}  {:>7}", "id", "name", "start",
       "end", "size", "count");
  for (const SectionInfo &S : M.Sections) {
    int64_t Count = sectionCount(M, S.Id);
    line("  {:>2}  {:<9}  {:#010x}  {:#010x}  {:>8}  {:>7}{}", unsigned(S.Id),
         sectionName(S.Id), S.Contents.Offset,
         S.Contents.Offset + S.Contents.Size, S.Contents.Size,
         Count < 0 ? std::string() : fmt::format("{}", Count),
         S.Id == SectionId::Custom ? "  " + quoteName(S.Name) : "");
  }
}

void printTypesAndImports(const Module &M) {
  line("\nTypes ({})", M.Types.size());
  for (size_t I = 0; I < M.Types.size(); ++I)
    line("  {:>4}  {}", I, funcTypeString(M.Types[I]));

  line("\nImports ({})", M.Imports.size());
  for (size_t I = 0; I < M.Imports.size(); ++I) {
    const Import &Im = M.Imports[I];
    std::string Desc;
    switch (Im.Kind) {
    case ExternKind::Func:
      Desc = fmt::format("type {}", *Im.FuncType);
      if (*Im.FuncType < M.Types.size())
        Desc += " " + funcTypeString(M.Types[*Im.FuncType]);
      break;
    case ExternKind::Table:
      Desc = fmt::format("{} {}", valTypeName(Im.Table.Elem),
                         limitsText(Im.Table.Lim));
      break;
    case ExternKind::Memory:
      Desc = limitsText(Im.Memory.Lim);
      break;
    case ExternKind::Global:
      Desc = fmt::format("{} {}", Im.Global.Mutable ? "mut" : "const",
                         valTypeName(Im.Global.Type));
      break;
    }
    line("  {:>4}  {:<6}  {}.{}  {}", I, externKindName(Im.Kind),
         quoteName(Im.Module), quoteName(Im.Name), Desc);
  }
}

void printFunctions(const Inspected &In) {
  const Module &M = In.M;
  line("\nFunctions: {} ({} imported, {} defined); code: {} bytes",
       M.FuncSpace.size(), M.NumImportedFuncs, M.Functions.size(),
       codeBytes(M));
  if (!In.Opts.ListFunctions)
    return;
  for (size_t D = 0; D < M.Functions.size(); ++D) {
    const Function &F = M.Functions[D];
    uint32_t Index = M.NumImportedFuncs + uint32_t(D);
    line("  {:>4}  type {}  {} locals  body {:#x}, {} bytes  {}", Index,
         *F.Type, F.NumLocals, F.Body.Offset, F.Body.Size,
         funcNameText(M, Index));
  }
}

void printTablesMemoriesGlobals(const Inspected &In) {
  const Module &M = In.M;
  line("\nTables ({})", M.TableSpace.size());
  for (size_t I = 0; I < M.TableSpace.size(); ++I)
    line("  {:>4}  {} {}  {}", I, valTypeName(M.TableSpace[I].Elem),
         limitsText(M.TableSpace[I].Lim),
         importText(In.Imported.find(ExternKind::Table, uint32_t(I))));

  line("\nMemories ({}; sizes in 64 KiB pages)", M.MemorySpace.size());
  for (size_t I = 0; I < M.MemorySpace.size(); ++I)
    line("  {:>4}  {}  {}", I, limitsText(M.MemorySpace[I].Lim),
         importText(In.Imported.find(ExternKind::Memory, uint32_t(I))));

  line("\nGlobals ({})", M.GlobalSpace.size());
  for (size_t I = 0; I < M.GlobalSpace.size(); ++I) {
    const GlobalType &G = M.GlobalSpace[I];
    std::string Where;
    if (const Import *Im = In.Imported.find(ExternKind::Global, uint32_t(I)))
      Where = importText(Im);
    else if (I - M.NumImportedGlobals < M.Globals.size())
      Where = "= " + constExprText(M, M.Globals[I - M.NumImportedGlobals].Init);
    line("  {:>4}  {} {}  {}", I, G.Mutable ? "mut" : "const",
         valTypeName(G.Type), Where);
  }
}

void printExportsAndStart(const Module &M) {
  line("\nExports ({})", M.Exports.size());
  for (const Export &E : M.Exports)
    line("  {}  {} {}  {}", quoteName(E.Name), externKindName(E.Kind), E.Index,
         E.Kind == ExternKind::Func ? funcNameText(M, E.Index) : "");
  if (M.Start)
    line("\nStart: func {}  {}", **M.Start, funcNameText(M, **M.Start));
  else
    line("\nStart: none");
}

void printSegments(const Module &M) {
  line("\nElement segments ({})", M.Elems.size());
  for (size_t I = 0; I < M.Elems.size(); ++I) {
    const ElemSegment &E = M.Elems[I];
    std::string Where;
    if (E.Mode == SegmentMode::Active)
      Where = fmt::format(" table {} at ({})", *E.Table,
                          constExprText(M, E.OffsetExpr));
    line("  {:>4}  {}{}: {} {}", I, segmentModeName(E.Mode), Where, E.size(),
         valTypeName(E.Type));
  }

  uint64_t Total = 0;
  for (const DataSegment &D : M.Datas)
    Total += D.Init.Size;
  line("\nData segments ({}; {} bytes)", M.Datas.size(), Total);
  for (size_t I = 0; I < M.Datas.size(); ++I) {
    const DataSegment &D = M.Datas[I];
    std::string Where;
    if (D.Mode == SegmentMode::Active)
      Where = fmt::format(" memory {} at ({})", *D.Memory,
                          constExprText(M, D.OffsetExpr));
    line("  {:>4}  {}{}: {} bytes", I, segmentModeName(D.Mode), Where,
         D.Init.Size);
  }
  if (M.DataCount)
    line("Data count section: {}", *M.DataCount);
}

void printCustomAndNames(const Module &M) {
  std::vector<std::string> Custom = customSectionNames(M);
  std::string List;
  for (const std::string &Name : Custom)
    List += (List.empty() ? "" : ", ") + quoteName(Name);
  line("\nCustom sections ({}){}{}", Custom.size(), Custom.empty() ? "" : ": ",
       List);
  const NameSection &N = M.Names;
  if (N.ModuleName.empty() && N.FuncNames.empty() && N.LocalNames.empty())
    return;
  line("Names: module {}; {} function names; local names in {} functions",
       N.ModuleName.empty() ? "(none)" : quoteName(N.ModuleName),
       N.FuncNames.size(), functionsWithLocalNames(M));
}

void printText(const Inspected &In) {
  const Module &M = In.M;
  std::string Validity = In.Opts.NoValidate   ? "not validated"
                         : In.ValidationError ? "invalid"
                                              : "valid";
  line("{}: WebAssembly core module (binary version 1), {} bytes, {}",
       In.Opts.File, M.Bytes.size(), Validity);
  printSections(M);
  printTypesAndImports(M);
  printFunctions(In);
  printTablesMemoriesGlobals(In);
  printExportsAndStart(M);
  printSegments(M);
  printCustomAndNames(M);
}

//===-- JSON output -------------------------------------------------------===//

void jsonImportOf(JsonWriter &J, const Import *I) {
  J.key("import");
  if (!I)
    return J.null();
  J.beginObject();
  J.key("module").value(I->Module);
  J.key("name").value(I->Name);
  J.endObject();
}

void jsonValTypes(JsonWriter &J, const std::vector<ValType> &Ts) {
  J.beginArray();
  for (ValType T : Ts)
    J.value(valTypeName(T));
  J.endArray();
}

void jsonSectionsAndTypes(JsonWriter &J, const Module &M) {
  J.key("sections").beginArray();
  for (const SectionInfo &S : M.Sections) {
    J.beginObject();
    J.key("id").value(unsigned(S.Id));
    J.key("name").value(S.Id == SectionId::Custom ? S.Name : sectionName(S.Id));
    J.key("custom").value(S.Id == SectionId::Custom);
    J.key("header_offset").value(S.HeaderOffset);
    J.key("offset").value(S.Contents.Offset);
    J.key("size").value(S.Contents.Size);
    if (int64_t Count = sectionCount(M, S.Id); Count >= 0)
      J.key("count").value(Count);
    J.endObject();
  }
  J.endArray();
  J.key("types").beginArray();
  for (const FuncType &T : M.Types) {
    J.beginObject();
    J.key("params");
    jsonValTypes(J, T.Params);
    J.key("results");
    jsonValTypes(J, T.Results);
    J.endObject();
  }
  J.endArray();
}

void jsonImportsExports(JsonWriter &J, const Module &M) {
  J.key("imports").beginArray();
  for (const Import &I : M.Imports) {
    J.beginObject();
    J.key("module").value(I.Module);
    J.key("name").value(I.Name);
    J.key("kind").value(externKindName(I.Kind));
    J.key("offset").value(I.Offset);
    if (I.Kind == ExternKind::Func)
      J.key("type").value(*I.FuncType);
    J.endObject();
  }
  J.endArray();
  J.key("exports").beginArray();
  for (const Export &E : M.Exports) {
    J.beginObject();
    J.key("name").value(E.Name);
    J.key("kind").value(externKindName(E.Kind));
    J.key("index").value(E.Index);
    J.endObject();
  }
  J.endArray();
  J.key("start");
  if (M.Start)
    J.value(**M.Start);
  else
    J.null();
}

void jsonFunctions(JsonWriter &J, const Inspected &In) {
  const Module &M = In.M;
  J.key("functions").beginObject();
  J.key("total").value(uint64_t(M.FuncSpace.size()));
  J.key("imported").value(M.NumImportedFuncs);
  J.key("defined").value(uint64_t(M.Functions.size()));
  J.key("code_size").value(codeBytes(M));
  if (In.Opts.ListFunctions) {
    J.key("list").beginArray();
    for (size_t D = 0; D < M.Functions.size(); ++D) {
      const Function &F = M.Functions[D];
      uint32_t Index = M.NumImportedFuncs + uint32_t(D);
      J.beginObject();
      J.key("index").value(Index);
      J.key("name").value(M.funcName(FuncIdx(Index)));
      J.key("type").value(*F.Type);
      J.key("locals").value(F.NumLocals);
      J.key("body_offset").value(F.Body.Offset);
      J.key("body_size").value(F.Body.Size);
      J.endObject();
    }
    J.endArray();
  }
  J.endObject();
}

void jsonTablesMemoriesGlobals(JsonWriter &J, const Inspected &In) {
  const Module &M = In.M;
  J.key("tables").beginArray();
  for (size_t I = 0; I < M.TableSpace.size(); ++I) {
    J.beginObject();
    J.key("element").value(valTypeName(M.TableSpace[I].Elem));
    jsonLimits(J, M.TableSpace[I].Lim);
    jsonImportOf(J, In.Imported.find(ExternKind::Table, uint32_t(I)));
    J.endObject();
  }
  J.endArray();
  J.key("memories").beginArray();
  for (size_t I = 0; I < M.MemorySpace.size(); ++I) {
    J.beginObject();
    jsonLimits(J, M.MemorySpace[I].Lim);
    jsonImportOf(J, In.Imported.find(ExternKind::Memory, uint32_t(I)));
    J.endObject();
  }
  J.endArray();
  J.key("globals").beginArray();
  for (size_t I = 0; I < M.GlobalSpace.size(); ++I) {
    const Import *Im = In.Imported.find(ExternKind::Global, uint32_t(I));
    J.beginObject();
    J.key("type").value(valTypeName(M.GlobalSpace[I].Type));
    J.key("mutable").value(M.GlobalSpace[I].Mutable);
    jsonImportOf(J, Im);
    if (!Im && I - M.NumImportedGlobals < M.Globals.size())
      J.key("init").value(
          constExprText(M, M.Globals[I - M.NumImportedGlobals].Init));
    J.endObject();
  }
  J.endArray();
}

void jsonSegments(JsonWriter &J, const Module &M) {
  J.key("elements").beginArray();
  for (const ElemSegment &E : M.Elems) {
    J.beginObject();
    J.key("mode").value(segmentModeName(E.Mode));
    J.key("type").value(valTypeName(E.Type));
    J.key("count").value(uint64_t(E.size()));
    if (E.Mode == SegmentMode::Active) {
      J.key("table").value(*E.Table);
      J.key("offset_expr").value(constExprText(M, E.OffsetExpr));
    }
    J.endObject();
  }
  J.endArray();
  J.key("data").beginArray();
  for (const DataSegment &D : M.Datas) {
    J.beginObject();
    J.key("mode").value(segmentModeName(D.Mode));
    J.key("size").value(D.Init.Size);
    if (D.Mode == SegmentMode::Active) {
      J.key("memory").value(*D.Memory);
      J.key("offset_expr").value(constExprText(M, D.OffsetExpr));
    }
    J.endObject();
  }
  J.endArray();
  J.key("data_count");
  if (M.DataCount)
    J.value(*M.DataCount);
  else
    J.null();
}

void jsonNames(JsonWriter &J, const Module &M) {
  J.key("custom_sections").beginArray();
  for (const std::string &Name : customSectionNames(M))
    J.value(Name);
  J.endArray();
  J.key("names").beginObject();
  J.key("module");
  if (M.Names.ModuleName.empty())
    J.null();
  else
    J.value(M.Names.ModuleName);
  J.key("functions").value(uint64_t(M.Names.FuncNames.size()));
  J.key("functions_with_local_names")
      .value(uint64_t(functionsWithLocalNames(M)));
  J.endObject();
}

void printJson(const Inspected &In) {
  JsonWriter J;
  J.beginObject();
  J.key("file").value(In.Opts.File);
  J.key("kind").value("core-module");
  J.key("version").value(1);
  J.key("size").value(uint64_t(In.M.Bytes.size()));
  J.key("valid");
  if (In.Opts.NoValidate)
    J.null();
  else
    J.value(!In.ValidationError);
  if (In.ValidationError)
    J.key("error").value(In.ValidationError->format(In.Opts.File));
  jsonSectionsAndTypes(J, In.M);
  jsonImportsExports(J, In.M);
  jsonFunctions(J, In);
  jsonTablesMemoriesGlobals(J, In);
  jsonSegments(J, In.M);
  jsonNames(J, In.M);
  J.endObject();
  fmt::print("{}\n", J.str());
}

int inspectFile(const InspectOptions &Opts) {
  auto Bytes = readFileBytes(Opts.File);
  if (!Bytes) {
    printError(Opts.File, Bytes.error());
    return exitCodeFor(Bytes.error().Kind);
  }
  if (sniffFileKind(*Bytes) == FileKind::Elf)
    return inspectArtifact(Opts.File, *Bytes, Opts.Json);
  if (sniffFileKind(*Bytes) == FileKind::Component)
    return inspectComponent(Opts.File, *Bytes, Opts.Json);
  auto M = readCoreModule(*Bytes);
  if (!M) {
    printError(Opts.File, M.error());
    return exitCodeFor(M.error().Kind);
  }
  Inspected In(Opts, *M);
  if (!Opts.NoValidate)
    if (auto S = validateModule(*M, 0); !S)
      In.ValidationError = S.takeError();
  if (Opts.Json)
    printJson(In);
  else
    printText(In);
  std::fflush(stdout);
  if (In.ValidationError) {
    printError(Opts.File, *In.ValidationError);
    return exitCodeFor(In.ValidationError->Kind);
  }
  return kExitOk;
}

} // namespace

int inspectCommand(const InspectOptions &Opts) { return inspectFile(Opts); }

} // namespace wasmaot::cli
