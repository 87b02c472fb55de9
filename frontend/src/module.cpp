// Small Module helpers.
#include "wasmaot/frontend/module.h"

namespace wasmaot::frontend {

const char *sectionName(SectionId Id) {
  switch (Id) {
  case SectionId::Custom: return "custom";
  case SectionId::Type: return "type";
  case SectionId::Import: return "import";
  case SectionId::Function: return "function";
  case SectionId::Table: return "table";
  case SectionId::Memory: return "memory";
  case SectionId::Global: return "global";
  case SectionId::Export: return "export";
  case SectionId::Start: return "start";
  case SectionId::Element: return "element";
  case SectionId::Code: return "code";
  case SectionId::Data: return "data";
  case SectionId::DataCount: return "datacount";
  }
  return "?";
}

std::string_view Module::funcName(FuncIdx F) const {
  auto It = Names.FuncNames.find(*F);
  return It == Names.FuncNames.end() ? std::string_view() : It->second;
}

} // namespace wasmaot::frontend
