// Views of a decoded module for printing (see module_info.h).
#include "module_info.h"

#include <bit>
#include <cinttypes>

#include <fmt/format.h>

#include "wasmaot/frontend/instr.h"
#include "wasmaot/frontend/opcodes.h"

namespace wasmaot::cli {

using namespace wasmaot::frontend;

ImportedEntities::ImportedEntities(const Module &M) {
  for (const Import &I : M.Imports) {
    switch (I.Kind) {
    case ExternKind::Func:
      Funcs.push_back(&I);
      break;
    case ExternKind::Table:
      Tables.push_back(&I);
      break;
    case ExternKind::Memory:
      Memories.push_back(&I);
      break;
    case ExternKind::Global:
      Globals.push_back(&I);
      break;
    }
  }
}

const Import *ImportedEntities::find(ExternKind Kind, uint32_t Index) const {
  const std::vector<const Import *> *V = nullptr;
  switch (Kind) {
  case ExternKind::Func:
    V = &Funcs;
    break;
  case ExternKind::Table:
    V = &Tables;
    break;
  case ExternKind::Memory:
    V = &Memories;
    break;
  case ExternKind::Global:
    V = &Globals;
    break;
  }
  return Index < V->size() ? (*V)[Index] : nullptr;
}

namespace {

/// One instruction of a constant expression with its immediate.
std::string instrText(const Instr &I) {
  const OpInfo &Info = opInfo(I.Opcode);
  switch (Info.Imm) {
  case ImmKind::I32:
    return fmt::format("{} {}", Info.Text, int32_t(uint32_t(I.Bits)));
  case ImmKind::I64:
    return fmt::format("{} {}", Info.Text, int64_t(I.Bits));
  case ImmKind::F32:
    return fmt::format("{} {}", Info.Text,
                       std::bit_cast<float>(uint32_t(I.Bits)));
  case ImmKind::F64:
    return fmt::format("{} {}", Info.Text, std::bit_cast<double>(I.Bits));
  case ImmKind::V128: {
    std::string S = fmt::format("{} i8x16", Info.Text);
    for (uint8_t B : I.Bytes16)
      S += fmt::format(" {:#04x}", B);
    return S;
  }
  case ImmKind::HeapType:
    return fmt::format("{} {}", Info.Text,
                       I.RefT == ValType::ExternRef ? "extern" : "func");
  case ImmKind::Global:
  case ImmKind::Func:
    return fmt::format("{} {}", Info.Text, I.Idx0);
  default:
    // No other immediate can appear in a constant expression (spec 3.3.10);
    // print the mnemonic alone if a malformed module has one.
    return std::string(Info.Text);
  }
}

} // namespace

std::string constExprText(const Module &M, ByteSpan Expr) {
  if (Expr.Offset > M.Bytes.size() || Expr.Size > M.Bytes.size() - Expr.Offset)
    return "<malformed>";
  InstrReader R(ByteReader(M.bytes(Expr), Expr.Offset), M.Features);
  std::string Text;
  constexpr int kMaxInstrs = 8;
  for (int N = 0; !R.atEnd(); ++N) {
    auto I = R.next();
    if (!I)
      return Text.empty() ? "<malformed>" : Text + " <malformed>";
    if (I->Opcode == Op::End)
      break;
    if (N == kMaxInstrs)
      return Text + " ...";
    if (!Text.empty())
      Text += ' ';
    Text += instrText(*I);
  }
  return Text.empty() ? "<empty>" : Text;
}

std::string limitsText(const Limits &L) {
  std::string S = fmt::format("min {}", L.Min);
  S += L.Max ? fmt::format(", max {}", *L.Max) : std::string(", no max");
  if (L.Shared)
    S += ", shared";
  if (L.Is64)
    S += ", i64";
  return S;
}

uint64_t codeBytes(const Module &M) {
  uint64_t N = 0;
  for (const Function &F : M.Functions)
    N += F.Code.Size;
  return N;
}

std::vector<std::string> customSectionNames(const Module &M) {
  std::vector<std::string> Names;
  for (const SectionInfo &S : M.Sections)
    if (S.Id == SectionId::Custom)
      Names.push_back(S.Name);
  return Names;
}

size_t functionsWithLocalNames(const Module &M) {
  size_t N = 0;
  for (const auto &[Func, Locals] : M.Names.LocalNames)
    N += !Locals.empty();
  return N;
}

} // namespace wasmaot::cli
