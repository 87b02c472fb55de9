// Parsing of wast2json command lists into Script (see command.h). The JSON
// library throws on type mismatches; every exception stops here and becomes
// an Error, so one odd file cannot take the runner down.
#include "command.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace wasmaot::spec {

using nlohmann::json;

std::string_view commandTypeName(CommandType T) {
  switch (T) {
#define WASMAOT_X(Name, Json)                                                  \
  case CommandType::Name:                                                      \
    return Json;
    WASMAOT_SPEC_COMMANDS(WASMAOT_X)
#undef WASMAOT_X
  }
  return "?";
}

std::optional<CommandType> parseCommandType(std::string_view Json) {
#define WASMAOT_X(Name, JsonName)                                              \
  if (Json == JsonName)                                                        \
    return CommandType::Name;
  WASMAOT_SPEC_COMMANDS(WASMAOT_X)
#undef WASMAOT_X
  return std::nullopt;
}

namespace {

Error malformedJson(uint32_t Line, std::string Msg) {
  return Error{ErrorKind::Malformed,
               Error::kNoOffset,
               Line ? fmt::format("command at line {}: {}", Line, Msg)
                    : std::move(Msg),
               {}};
}

Value parseValue(const json &J) {
  Value V;
  V.Type = J.at("type").get<std::string>();
  if (J.contains("lane_type"))
    V.LaneType = J.at("lane_type").get<std::string>();
  if (J.contains("value")) {
    const json &Bits = J.at("value");
    if (Bits.is_array())
      for (const json &Lane : Bits)
        V.Bits.push_back(Lane.get<std::string>());
    else
      V.Bits.push_back(Bits.get<std::string>());
  }
  if (J.contains("values"))
    for (const json &Alt : J.at("values"))
      V.Either.push_back(parseValue(Alt));
  return V;
}

std::vector<Value> parseValues(const json &J, const char *Key) {
  std::vector<Value> Vs;
  if (J.contains(Key))
    for (const json &V : J.at(Key))
      Vs.push_back(parseValue(V));
  return Vs;
}

Action parseAction(const json &J) {
  Action A;
  std::string Kind = J.at("type").get<std::string>();
  if (Kind == "invoke")
    A.K = Action::Kind::Invoke;
  else if (Kind == "get")
    A.K = Action::Kind::Get;
  else
    throw std::runtime_error("unknown action type '" + Kind + "'");
  if (J.contains("module"))
    A.Module = J.at("module").get<std::string>();
  A.Field = J.at("field").get<std::string>();
  A.Args = parseValues(J, "args");
  return A;
}

std::string stringOr(const json &J, const char *Key) {
  return J.contains(Key) ? J.at(Key).get<std::string>() : std::string();
}

Command parseCommand(const json &J) {
  Command C;
  C.Line = J.at("line").get<uint32_t>();
  std::string Type = J.at("type").get<std::string>();
  std::optional<CommandType> T = parseCommandType(Type);
  if (!T)
    throw std::runtime_error("unknown command type '" + Type + "'");
  C.Type = *T;
  C.Filename = stringOr(J, "filename");
  C.ModuleType = stringOr(J, "module_type");
  if (J.contains("name"))
    C.Name = J.at("name").get<std::string>();
  C.As = stringOr(J, "as");
  C.Text = stringOr(J, "text");
  if (J.contains("action"))
    C.Act = parseAction(J.at("action"));
  C.Results = parseValues(J, "expected");
  return C;
}

} // namespace

Expected<Script> parseScript(std::string_view Text) {
  json Doc = json::parse(Text, nullptr, /*allow_exceptions=*/false);
  if (Doc.is_discarded())
    return malformedJson(0, "not a JSON document");
  Script S;
  uint32_t Line = 0;
  try {
    S.SourceFilename = stringOr(Doc, "source_filename");
    for (const json &J : Doc.at("commands")) {
      Line = J.contains("line") && J.at("line").is_number_unsigned()
                 ? J.at("line").get<uint32_t>()
                 : 0;
      S.Commands.push_back(parseCommand(J));
    }
  } catch (const std::exception &E) {
    return malformedJson(Line, E.what());
  }
  return S;
}

} // namespace wasmaot::spec
