// The C++ bindings generator (bindgen_cpp.h): walks one world of a Resolve
// and prints a header. Named types are emitted in dependency order (WIT has
// no recursive types, so a post-order walk suffices) in their interface's
// namespace, then their Codecs in one block, then one defineImports per
// imported interface, then the world class. Each type's shape text (see
// typeShape in runtime/component/bindings.h) is computed here from the WIT
// model so `instantiate` can compare it with the component's export types.
#include "wasmaot/wit/bindgen_cpp.h"

#include <map>
#include <set>

#include <fmt/format.h>

namespace wasmaot::wit {

namespace {

const char *const kRt = "::wasmaot::runtime::component::";
const char *const kOutcome = "::wasmaot::runtime::Outcome";

bool isCppKeyword(std::string_view N) {
  static const std::set<std::string_view> K = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand",
      "bitor", "bool", "break", "case", "catch", "char", "char8_t",
      "char16_t", "char32_t", "class", "compl", "concept", "const",
      "consteval", "constexpr", "constinit", "const_cast", "continue",
      "co_await", "co_return", "co_yield", "decltype", "default", "delete",
      "do", "double", "dynamic_cast", "else", "enum", "explicit", "export",
      "extern", "false", "float", "for", "friend", "goto", "if", "inline",
      "int", "long", "mutable", "namespace", "new", "noexcept", "not",
      "not_eq", "nullptr", "operator", "or", "or_eq", "private", "protected",
      "public", "register", "reinterpret_cast", "requires", "return",
      "short", "signed", "sizeof", "static", "static_assert", "static_cast",
      "struct", "switch", "template", "this", "thread_local", "throw",
      "true", "try", "typedef", "typeid", "typename", "union", "unsigned",
      "using", "virtual", "void", "volatile", "wchar_t", "while", "xor",
      "xor_eq", "std", "wasmaot", "errno", "assert", "NULL", "EOF"};
  return K.count(N) != 0;
}

std::string words(std::string_view Kebab, bool UpperFirst, char Sep) {
  std::string S;
  bool Up = UpperFirst;
  for (char C : Kebab) {
    if (C == '-') {
      if (Sep)
        S += Sep;
      Up = !Sep;
      continue;
    }
    S += Up && C >= 'a' && C <= 'z' ? char(C - 'a' + 'A') : C;
    Up = false;
  }
  return S;
}

std::string snake(std::string_view Kebab) {
  std::string S = words(Kebab, false, '_');
  return isCppKeyword(S) ? S + "_" : S;
}

/// \p S with every line indented by two more spaces.
std::string indent(const std::string &S) {
  std::string Out;
  bool Start = true;
  for (char C : S) {
    if (Start && C != '\n')
      Out += "  ";
    Out += C;
    Start = C == '\n';
  }
  return Out;
}

std::string quoted(std::string_view S) { return fmt::format("\"{}\"", S); }

class Gen {
public:
  Gen(const Resolve &R, WorldId W) : R(R), W(R.world(W)) {}
  Expected<std::string> run(const CppBindgenOptions &Opts);

private:
  const Resolve &R;
  const World &W;
  std::optional<Error> Err;
  std::string Types, Codecs, Imports, Cls;
  std::string CurNs; ///< namespace open in Types
  std::map<uint32_t, std::string> IfaceNs;
  std::set<uint32_t> Visited;

  void fail(std::string Msg) {
    if (!Err)
      Err = Error{ErrorKind::Unsupported, Error::kNoOffset, std::move(Msg), {}};
  }
  std::string pkgNs(PackageId P) const {
    const Package &Pk = R.package(P);
    return snake(Pk.Name.Ns) + "::" + snake(Pk.Name.Name);
  }
  std::string worldNs() const { return pkgNs(W.Pkg) + "::" + snake(W.Name); }
  std::string ifaceNs(InterfaceId I) const {
    auto It = IfaceNs.find(I.V);
    if (It != IfaceNs.end())
      return It->second;
    return pkgNs(R.iface(I).Pkg) + "::" + snake(R.iface(I).Name);
  }
  /// `ns:pkg/iface@ver` for an interface-named item, else its plain name.
  std::string itemPath(const WorldItem &It) const {
    if (!It.namedByInterface())
      return It.Name;
    const Interface &I = R.iface(It.Iface);
    const PackageName &P = R.package(I.Pkg).Name;
    std::string S = P.Ns + ":" + P.Name + "/" + I.Name;
    return P.Version.empty() ? S : S + "@" + P.Version;
  }
  std::string itemName(const WorldItem &It) const {
    return It.namedByInterface() ? R.iface(It.Iface).Name : It.Name;
  }
  std::string qualName(const TypeDef &D) const {
    std::string Ns = D.Owner.K == TypeOwner::InInterface ? ifaceNs(D.Owner.Iface)
                                                          : worldNs();
    return "::" + Ns + "::" + cppPascalName(D.Name);
  }

  std::string cppType(const Type &T);
  std::string cppTypeOpt(const std::optional<Type> &T) {
    return T ? cppType(*T) : std::string(kRt) + "Unit";
  }
  std::string anonType(const TypeDef &D);
  std::string shape(const Type &T);
  std::string shapeOpt(const std::optional<Type> &T) {
    return T ? shape(*T) : "_";
  }
  void visit(const Type &T);
  void visitDef(TypeId Id);
  void emitNamed(const TypeDef &D);
  void emitRecord(const TypeDef &D, const std::string &N, const std::string &Q);
  void emitFlags(const TypeDef &D, const std::string &N, const std::string &Q);
  void emitEnum(const TypeDef &D, const std::string &N, const std::string &Q);
  void emitVariant(const TypeDef &D, const std::string &N,
                   const std::string &Q);
  void openNs(const std::string &Ns) {
    if (CurNs == Ns)
      return;
    if (!CurNs.empty())
      Types += fmt::format("}} // namespace {}\n\n", CurNs);
    Types += fmt::format("namespace {} {{\n\n", Ns);
    CurNs = Ns;
  }
  std::string methodName(const Function &F) const;
  std::string params(const Function &F);
  std::string funcShape(const Function &F);
  void checkFunc(const Function &F) {
    if (F.Async)
      fail(fmt::format("async function `{}` is not supported by the C++ "
                       "bindings yet",
                       F.Name));
  }
  std::string exportMethod(const Function &F, const std::string &FullName);
  std::string importDef(const Function &F, const std::string &FullName,
                        const std::string &Target);
  void emitImportIface(const WorldItem &It);
  void emitWorldClass(const std::string &Source);
};

std::string Gen::cppType(const Type &T) {
  if (!T.IsId) {
    switch (T.P) {
    case Prim::Bool: return "bool";
    case Prim::U8: return "uint8_t";
    case Prim::U16: return "uint16_t";
    case Prim::U32: return "uint32_t";
    case Prim::U64: return "uint64_t";
    case Prim::S8: return "int8_t";
    case Prim::S16: return "int16_t";
    case Prim::S32: return "int32_t";
    case Prim::S64: return "int64_t";
    case Prim::F32: return "float";
    case Prim::F64: return "double";
    case Prim::Char: return "char32_t";
    case Prim::String: return "std::string";
    }
  }
  const TypeDef &D = R.type(T.Id);
  if (!D.Name.empty())
    return qualName(D);
  return anonType(D);
}

std::string Gen::anonType(const TypeDef &D) {
  switch (D.Kind) {
  case TypeDefKind::Alias: return cppType(*D.Elem);
  case TypeDefKind::List: return "std::vector<" + cppType(*D.Elem) + ">";
  case TypeDefKind::FixedList:
    return fmt::format("std::array<{}, {}>", cppType(*D.Elem), D.Size);
  case TypeDefKind::Option: return "std::optional<" + cppType(*D.Elem) + ">";
  case TypeDefKind::Result:
    return fmt::format("{}Result<{}, {}>", kRt, cppTypeOpt(D.Elem),
                       cppTypeOpt(D.Err));
  case TypeDefKind::Tuple: {
    std::string S = "std::tuple<";
    for (size_t I = 0; I < D.Types.size(); ++I)
      S += (I ? ", " : "") + cppType(D.Types[I]);
    return S + ">";
  }
  case TypeDefKind::Own: return cppType(Type::id(D.Resource));
  case TypeDefKind::Borrow:
    return fmt::format("{}Borrow<{}>", kRt, cppType(Type::id(D.Resource)));
  case TypeDefKind::Map:
  case TypeDefKind::Future:
  case TypeDefKind::Stream:
    fail("map, future and stream types are not supported by the C++ "
         "bindings yet");
    return "void";
  case TypeDefKind::Record:
  case TypeDefKind::Variant:
  case TypeDefKind::Enum:
  case TypeDefKind::Flags:
  case TypeDefKind::Resource:
    fail("an unnamed record, variant, enum, flags or resource type cannot "
         "be expressed in C++ bindings");
    return "void";
  }
  return "void";
}

std::string Gen::shape(const Type &T) {
  if (!T.IsId)
    return primName(T.P);
  const TypeDef &D = R.type(T.Id);
  auto Labelled = [&](const char *Head) {
    std::string S = std::string(Head) + "{";
    for (size_t I = 0; I < D.Cases.size(); ++I) {
      const Case &C = D.Cases[I];
      S += (I ? "," : "") + C.Name;
      if (D.Kind == TypeDefKind::Record)
        S += ":" + shape(*C.Ty);
      else if (C.Ty)
        S += "(" + shape(*C.Ty) + ")";
    }
    return S + "}";
  };
  switch (D.Kind) {
  case TypeDefKind::Alias: return shape(*D.Elem);
  case TypeDefKind::Record: return Labelled("record");
  case TypeDefKind::Variant: return Labelled("variant");
  case TypeDefKind::Enum: return Labelled("enum");
  case TypeDefKind::Flags: return Labelled("flags");
  case TypeDefKind::Resource:
  case TypeDefKind::Own: return "own";
  case TypeDefKind::Borrow: return "borrow";
  case TypeDefKind::Tuple: {
    std::string S = "tuple<";
    for (size_t I = 0; I < D.Types.size(); ++I)
      S += (I ? "," : "") + shape(D.Types[I]);
    return S + ">";
  }
  case TypeDefKind::List: return "list<" + shape(*D.Elem) + ">";
  case TypeDefKind::FixedList:
    return fmt::format("list<{},{}>", shape(*D.Elem), D.Size);
  case TypeDefKind::Option: return "option<" + shape(*D.Elem) + ">";
  case TypeDefKind::Result:
    return "result<" + shapeOpt(D.Elem) + "," + shapeOpt(D.Err) + ">";
  case TypeDefKind::Map:
  case TypeDefKind::Future:
  case TypeDefKind::Stream: return "?";
  }
  return "?";
}

void Gen::visit(const Type &T) {
  if (T.IsId)
    visitDef(T.Id);
}

void Gen::visitDef(TypeId Id) {
  if (!Visited.insert(Id.V).second)
    return;
  const TypeDef &D = R.type(Id);
  for (const Case &C : D.Cases)
    if (C.Ty)
      visit(*C.Ty);
  for (const Type &T : D.Types)
    visit(T);
  for (const std::optional<Type> *T : {&D.Elem, &D.Err, &D.Value})
    if (*T)
      visit(**T);
  if (D.Resource.valid())
    visitDef(D.Resource);
  if (!D.Name.empty())
    emitNamed(D);
}

void Gen::emitNamed(const TypeDef &D) {
  std::string Name = cppPascalName(D.Name);
  std::string Q = qualName(D);
  openNs(Q.substr(2, Q.size() - 2 - Name.size() - 2));
  switch (D.Kind) {
  case TypeDefKind::Record: return emitRecord(D, Name, Q);
  case TypeDefKind::Flags: return emitFlags(D, Name, Q);
  case TypeDefKind::Enum: return emitEnum(D, Name, Q);
  case TypeDefKind::Variant: return emitVariant(D, Name, Q);
  case TypeDefKind::Resource:
    Types += fmt::format(
        "/// A handle of resource `{0}`: the host's handle (a key of the "
        "instance's\n/// host handle table) for a resource the component "
        "implements, the host's\n/// rep for one the host implements.\n"
        "struct {1} {{\n  uint64_t Handle = 0;\n"
        "  friend bool operator==(const {1} &, const {1} &) = default;\n}};\n\n",
        D.Name, Name);
    Codecs += fmt::format(
        "template <> struct Codec<{0}> : OwnCodec<{0}> {{}};\n"
        "template <> struct HostCodec<{0}> : HostHandleCodec<{0}> {{}};\n",
        Q);
    return;
  default:
    // `type x = ...`, a `use`d type, or a named list/option/...: an alias.
    Types += fmt::format("using {} = {};\n\n", Name, anonType(D));
    return;
  }
}

void Gen::emitRecord(const TypeDef &D, const std::string &N,
                     const std::string &Q) {
  std::string Lower, Lift, Fields;
  Types += fmt::format("struct {} {{\n", N);
  for (size_t I = 0; I < D.Cases.size(); ++I) {
    const Case &C = D.Cases[I];
    std::string T = cppType(*C.Ty), F = cppCamelName(C.Name);
    Types += fmt::format("  {} {}{{}};\n", T, F);
    Fields += fmt::format(", &{}::{}", Q, F);
    Lower += fmt::format("{}Codec<{}>::lower(X.{})", I ? ", " : "", T, F);
    Lift += fmt::format(" &&\n           Codec<{}>::lift(V.Items[{}], X.{})",
                        T, I, F);
  }
  Types += fmt::format(
      "  friend bool operator==(const {0} &, const {0} &) = default;\n}};\n\n",
      N);
  Codecs += fmt::format(
      "template <> struct Codec<{0}> {{\n"
      "  static Value lower(const {0} &X) {{ return Value::record({{{1}}}); }}\n"
      "  static bool lift(const Value &V, {0} &X) {{\n"
      "    return V.K == Kind::Record && V.Items.size() == {2}{3};\n  }}\n}};\n"
      "template <> struct HostCodec<{0}> : HostRecordCodec<{0}{4}> {{}};\n",
      Q, Lower, D.Cases.size(), Lift, Fields);
}

void Gen::emitFlags(const TypeDef &D, const std::string &N,
                    const std::string &Q) {
  std::string Lower, Lift, FromWords;
  Types += fmt::format("struct {} {{\n", N);
  for (size_t I = 0; I < D.Cases.size(); ++I) {
    std::string F = cppCamelName(D.Cases[I].Name);
    Types += fmt::format("  bool {} = false;\n", F);
    FromWords += fmt::format("    X.{} = (W[{}] >> {}) & 1;\n", F, I / 32,
                             I % 32);
    Lower += fmt::format("    W[{}] |= uint32_t(X.{}) << {};\n", I / 32, F,
                         I % 32);
    Lift += fmt::format("    X.{} = V.flag({});\n", F, I);
  }
  Types += fmt::format(
      "  friend bool operator==(const {0} &, const {0} &) = default;\n}};\n\n",
      N);
  Codecs += fmt::format(
      "template <> struct Codec<{0}> {{\n"
      "  static Value lower([[maybe_unused]] const {0} &X) {{\n"
      "    std::vector<uint32_t> W({1});\n{2}    return Value::flags(std::move(W));\n  }}\n"
      "  static bool lift(const Value &V, [[maybe_unused]] {0} &X) {{\n"
      "    if (V.K != Kind::Flags)\n      return false;\n{3}    return true;\n  }}\n}};\n"
      "template <> struct HostCodec<{0}> : HostFlagsCodec<{0}, {4}> {{\n"
      "  static std::array<uint32_t, {1}> toWords([[maybe_unused]] const {0} &X) {{\n"
      "    std::array<uint32_t, {1}> W{{}};\n{2}    return W;\n  }}\n"
      "  static void fromWords([[maybe_unused]] const std::array<uint32_t, {1}> &W,\n"
      "                        [[maybe_unused]] {0} &X) {{\n{5}  }}\n}};\n",
      Q, (D.Cases.size() + 31) / 32, Lower, Lift, D.Cases.size(), FromWords);
}

void Gen::emitEnum(const TypeDef &D, const std::string &N,
                   const std::string &Q) {
  Types += fmt::format("enum class {} : uint32_t {{\n", N);
  for (const Case &C : D.Cases)
    Types += fmt::format("  {},\n", cppPascalName(C.Name));
  Types += "};\n\n";
  Codecs += fmt::format(
      "template <> struct Codec<{0}> {{\n"
      "  static Value lower({0} X) {{ return Value::caseOf(Kind::Enum, uint32_t(X)); }}\n"
      "  static bool lift(const Value &V, {0} &X) {{\n"
      "    if (V.K != Kind::Enum || V.Case >= {1} || !V.Items.empty())\n"
      "      return false;\n    X = {0}(V.Case);\n    return true;\n  }}\n}};\n"
      "template <> struct HostCodec<{0}> : HostEnumCodec<{0}, {1}> {{}};\n",
      Q, D.Cases.size());
}

void Gen::emitVariant(const TypeDef &D, const std::string &N,
                      const std::string &Q) {
  std::string Alts, Members, Tags, Lower, Lift;
  for (size_t I = 0; I < D.Cases.size(); ++I) {
    const Case &C = D.Cases[I];
    std::string T = cppTypeOpt(C.Ty), F = cppCamelName(C.Name);
    std::string P = cppPascalName(C.Name);
    if (F == "tag")
      F = "tag_";
    Alts += (I ? ", " : "") + T;
    Tags += "    " + P + ",\n";
    if (C.Ty)
      Members += fmt::format(
          "  static {0} {1}({2} P) {{\n    {0} X;\n"
          "    X.V.emplace<{3}>(std::move(P));\n    return X;\n  }}\n",
          N, F, T, I);
    else
      Members += fmt::format("  static {0} {1}() {{\n    {0} X;\n"
                             "    X.V.emplace<{2}>();\n    return X;\n  }}\n",
                             N, F, I);
    Members += fmt::format("  bool is{}() const {{ return V.index() == {}; }}\n",
                           P, I);
    if (C.Ty)
      Members += fmt::format(
          "  const {0} &as{1}() const {{ return std::get<{2}>(V); }}\n"
          "  {0} &as{1}() {{ return std::get<{2}>(V); }}\n",
          T, P, I);
    Lower += fmt::format(
        "    case {0}: return lowerCase(Kind::Variant, {0}, std::get<{0}>(X.V));\n",
        I);
    Lift += fmt::format(
        "    case {0}: return liftPayload(V, X.V.emplace<{0}>());\n", I);
  }
  Types += fmt::format(
      "struct {0} {{\n  enum class Tag : uint32_t {{\n{1}  }};\n"
      "  std::variant<{2}> V;\n"
      "  Tag tag() const {{ return Tag(V.index()); }}\n{3}"
      "  friend bool operator==(const {0} &, const {0} &) = default;\n}};\n\n",
      N, Tags, Alts, Members);
  Codecs += fmt::format(
      "template <> struct Codec<{0}> {{\n"
      "  static Value lower(const {0} &X) {{\n    switch (X.V.index()) {{\n{1}"
      "    }}\n    return Value();\n  }}\n"
      "  static bool lift(const Value &V, {0} &X) {{\n"
      "    if (V.K != Kind::Variant)\n      return false;\n"
      "    switch (V.Case) {{\n{2}    }}\n    return false;\n  }}\n}};\n"
      "template <> struct HostCodec<{0}> : HostVariantCodec<{0}, "
      "decltype({0}::V)> {{}};\n",
      Q, Lower, Lift);
}

std::string Gen::methodName(const Function &F) const {
  std::string Res =
      F.Resource.valid() ? R.type(F.Resource).Name : std::string();
  switch (F.Kind) {
  case FuncKind::Freestanding: return cppCamelName(F.Name);
  case FuncKind::Constructor: return "new" + cppPascalName(Res);
  case FuncKind::Method:
  case FuncKind::Static:
    return cppCamelName(Res) + cppPascalName(F.itemName());
  }
  return cppCamelName(F.Name);
}

std::string Gen::params(const Function &F) {
  std::string S;
  for (size_t I = 0; I < F.Params.size(); ++I) {
    const Param &P = F.Params[I];
    std::string T = cppType(P.Ty);
    bool Scalar = !P.Ty.IsId ? P.Ty.P != Prim::String
                             : R.type(R.unalias(P.Ty.Id)).Kind ==
                                   TypeDefKind::Enum;
    S += fmt::format("{}{}{} {}", I ? ", " : "", Scalar ? "" : "const ", T,
                     Scalar ? "" : "&");
    S += cppCamelName(P.Name);
  }
  return S;
}

std::string Gen::funcShape(const Function &F) {
  std::string S = "(";
  for (size_t I = 0; I < F.Params.size(); ++I)
    S += (I ? "," : "") + shape(F.Params[I].Ty);
  return S + ")->" + shapeOpt(F.Result);
}

std::string Gen::exportMethod(const Function &F, const std::string &FullName) {
  checkFunc(F);
  std::string Types, Args;
  for (size_t I = 0; I < F.Params.size(); ++I) {
    Types += ", " + cppType(F.Params[I].Ty);
    Args += ", " + cppCamelName(F.Params[I].Name);
  }
  std::string Ret = cppTypeOpt(F.Result);
  std::string Doc;
  if (!F.Docs.empty())
    Doc = "  /// " + F.Docs.substr(0, F.Docs.find('\n')) + "\n";
  // Host layout through the compiled adapter (bindings_host.h), Values
  // when the export has none.
  return fmt::format("{0}  /// `{1}`\n  {2}<{3}> {4}({5}) {{\n"
                     "    return {6}callExportHost<{3}{8}>(*I, {7}{9});\n  }}\n",
                     Doc, F.Name, kOutcome, Ret, methodName(F), params(F),
                     kRt, quoted(FullName), Types, Args);
}

std::string Gen::importDef(const Function &F, const std::string &FullName,
                           const std::string &Target) {
  checkFunc(F);
  std::string Decls, Checks, Args, Params, Types;
  for (size_t I = 0; I < F.Params.size(); ++I) {
    std::string T = cppType(F.Params[I].Ty);
    Decls += fmt::format("        {} A{}{{}};\n", T, I);
    Checks += fmt::format(" ||\n            !{}liftArg(Args, {}, A{})", kRt, I, I);
    Args += fmt::format("{}std::move(A{})", I ? ", " : "", I);
    Params += fmt::format("{}{} A{}", I ? ", " : "", T, I);
    Types += ", " + T;
  }
  // Values for the dynamic path, host layout for the compiled lower
  // adapters (bindings_host.h).
  return fmt::format(
      "  L.defineFunc({0}, [&Im]([[maybe_unused]] std::span<const {1}Value> Args)\n"
      "                   -> {2}<std::vector<{1}Value>> {{\n"
      "{3}        if (Args.size() != {4}{5})\n"
      "          return {1}importArgTrap({0});\n"
      "        return {1}serveImport<{6}>([&] {{ return {7}({8}); }});\n"
      "      }});\n"
      "  {1}defineImportHost<{6}{9}>(L, {0}, [&Im]({10}) {{\n"
      "    return {7}({8});\n  }});\n",
      quoted(FullName), kRt, kOutcome, Decls, F.Params.size(), Checks,
      cppTypeOpt(F.Result), Target, Args, Types, Params);
}

void Gen::emitImportIface(const WorldItem &It) {
  const Interface &I = R.iface(It.Iface);
  std::string Path = itemPath(It);
  std::string Body;
  for (const auto &[Name, Id] : I.Types)
    if (R.type(Id).Kind == TypeDefKind::Resource)
      Body += fmt::format(
          "  L.defineResource({0}, [&Im]([[maybe_unused]] uint32_t Rep) {{\n"
          "    if constexpr (requires {{ Im.drop{1}(Rep); }})\n"
          "      Im.drop{1}(Rep);\n  }});\n",
          quoted(Path + "#" + Name), cppPascalName(Name));
  for (const Function &F : I.Funcs)
    Body += importDef(F, Path + "#" + F.Name, "Im." + methodName(F));
  Imports += fmt::format(
      "namespace {} {{\n\n/// Defines the functions of import `{}` in \\p L: "
      "each calls the method\n/// of \\p Im named like it (camelCase; "
      "resource functions as `resourceMethod`,\n/// `newResource`), which "
      "returns the result, convertible to it, or an\n/// Outcome of it. "
      "\\p Im must outlive the instances.\n"
      "template <class Impl>\nvoid defineImports({}ComponentLinker &L, "
      "[[maybe_unused]] Impl &Im) {{\n{}}}\n\n}} // namespace\n\n",
      ifaceNs(It.Iface), Path, kRt, Body);
}

void Gen::emitWorldClass(const std::string &Source) {
  (void)Source;
  std::string N = cppPascalName(W.Name);
  std::string Nested, Accessors, Shapes, Imps, Methods;
  std::set<std::string> Reserved = {"instantiate", "instance", "defineImports",
                                    "exportShapes"};
  auto Esc = [&](std::string S) { return Reserved.count(S) ? S + "_" : S; };
  for (const WorldItem &It : W.Exports) {
    if (It.K == WorldItem::FunctionItem) {
      std::string M = exportMethod(It.Func, It.Func.Name);
      Methods += M;
      Shapes += fmt::format("        {{{}, {}}},\n", quoted(It.Func.Name),
                            quoted(funcShape(It.Func)));
      continue;
    }
    if (It.K != WorldItem::InterfaceItem)
      continue;
    const Interface &I = R.iface(It.Iface);
    std::string Path = itemPath(It), Cls = cppPascalName(itemName(It));
    std::string Body;
    for (const auto &[Name, Id] : I.Types)
      if (R.type(Id).Kind == TypeDefKind::Resource)
        Body += fmt::format(
            "  /// Drops the host's own handle \\p X of `{0}`: the "
            "component's\n  /// destructor runs "
            "(ComponentInstance::dropResource).\n"
            "  {1}<std::monostate> drop{2}(const {3} &X) {{\n"
            "    return I->dropResource({4}Value::handle({4}cabi::Kind::Own, "
            "X.Handle));\n  }}\n",
            Name, kOutcome, cppPascalName(Name), cppType(Type::id(Id)), kRt);
    for (const Function &F : I.Funcs) {
      Body += exportMethod(F, Path + "#" + F.Name);
      Shapes += fmt::format("        {{{}, {}}},\n", quoted(Path + "#" + F.Name),
                            quoted(funcShape(F)));
    }
    Nested += fmt::format(
        "  /// The functions of export `{0}`.\n  class {1} {{\n  public:\n"
        "    explicit {1}({2}ComponentInstance &I) : I(&I) {{}}\n\n{3}"
        "  private:\n    {2}ComponentInstance *I;\n  }};\n\n",
        Path, Cls, kRt, indent(Body));
    Accessors += fmt::format("  {0} {1}() {{ return {0}(*I); }}\n", Cls,
                             Esc(cppCamelName(itemName(It))));
  }
  for (const WorldItem &It : W.Imports) {
    if (It.K == WorldItem::FunctionItem)
      Imps += importDef(It.Func, It.Func.Name,
                        "Im." + Esc(cppCamelName(It.Func.Name)));
    else if (It.K == WorldItem::InterfaceItem)
      // An interface of types only (resources to drop) needs no object.
      Imps += fmt::format(
          "  {}::defineImports(L, Im{});\n", "::" + ifaceNs(It.Iface),
          R.iface(It.Iface).Funcs.empty()
              ? std::string()
              : "." + Esc(cppCamelName(itemName(It))) + "()");
  }
  Cls += fmt::format(
      "namespace {0} {{\n\n"
      "/// World `{1}`: an instance of a component that implements it.\n"
      "class {2} {{\npublic:\n{3}"
      "  /// Checks that \\p C exports what the world exports, with the same "
      "types,\n  /// then instantiates it with the imports of \\p L.\n"
      "  static {4}<{2}> instantiate(::wasmaot::runtime::Store &S,\n"
      "      std::shared_ptr<const {5}Component> C, const {5}ComponentLinker &L) {{\n"
      "    for (const auto &[Name, Shape] : exportShapes())\n"
      "      if (auto E = {5}checkExport(*C, Name, Shape))\n"
      "        return std::move(*E);\n"
      "    auto I = {5}ComponentInstance::instantiate(S, std::move(C), L);\n"
      "    if (I.isTrap())\n      return I.takeTrap();\n"
      "    if (I.isError())\n      return I.takeError();\n"
      "    return {2}(std::move(*I));\n  }}\n\n"
      "  /// Defines the world's imports in \\p L, served by \\p Im: a "
      "world-level\n  /// function `f` calls `Im.f(..)`; an imported interface "
      "`i` calls the\n  /// methods of `Im.i()` (see that interface's "
      "defineImports).\n"
      "  template <class Impl>\n"
      "  static void defineImports({5}ComponentLinker &L, [[maybe_unused]] "
      "Impl &Im) {{\n{6}  }}\n\n"
      "  /// (export name, type shape) of every function the bindings call.\n"
      "  static const std::vector<std::pair<std::string_view, "
      "std::string_view>> &exportShapes() {{\n"
      "    static const std::vector<std::pair<std::string_view, "
      "std::string_view>> S = {{\n{7}    }};\n    return S;\n  }}\n\n"
      "{8}{9}"
      "  {5}ComponentInstance &instance() {{ return *I; }}\n\n"
      "private:\n  explicit {2}(std::unique_ptr<{5}ComponentInstance> I) : "
      "I(std::move(I)) {{}}\n"
      "  std::unique_ptr<{5}ComponentInstance> I;\n}};\n\n"
      "}} // namespace {0}\n",
      pkgNs(W.Pkg), W.Name, N, Nested, kOutcome, kRt, indent(Imps), Shapes,
      Accessors,
      Methods);
}

Expected<std::string> Gen::run(const CppBindgenOptions &Opts) {
  // Namespaces of the interfaces: their package's, or the world's for a
  // plain-named (inline) one.
  for (const auto *Items : {&W.Imports, &W.Exports})
    for (const WorldItem &It : *Items)
      if (It.K == WorldItem::InterfaceItem && !It.namedByInterface())
        IfaceNs[It.Iface.V] = worldNs() + "::" + snake(It.Name);
  for (const auto *Items : {&W.Imports, &W.Exports})
    for (const WorldItem &It : *Items) {
      if (It.K == WorldItem::TypeItem)
        visitDef(It.Ty);
      else if (It.K == WorldItem::FunctionItem) {
        for (const Param &P : It.Func.Params)
          visit(P.Ty);
        if (It.Func.Result)
          visit(*It.Func.Result);
      } else {
        const Interface &I = R.iface(It.Iface);
        for (const auto &[Name, Id] : I.Types)
          visitDef(Id);
        for (const Function &F : I.Funcs) {
          for (const Param &P : F.Params)
            visit(P.Ty);
          if (F.Result)
            visit(*F.Result);
        }
      }
    }
  if (!CurNs.empty())
    Types += fmt::format("}} // namespace {}\n\n", CurNs);
  for (const WorldItem &It : W.Imports)
    if (It.K == WorldItem::InterfaceItem)
      emitImportIface(It);
  emitWorldClass(Opts.Source);
  if (Err)
    return *Err;
  const PackageName &P = R.package(W.Pkg).Name;
  std::string Head = fmt::format(
      "// Generated by `wasmaot bindgen --cpp` from {} (world {}/{}).\n"
      "// Do not edit: regenerate. Typed host-side bindings; see\n"
      "// wasmaot/runtime/component/bindings.h for the type mapping.\n"
      "#pragma once\n\n"
      "#include <array>\n#include <cstdint>\n#include <memory>\n"
      "#include <optional>\n#include <span>\n#include <string>\n"
      "#include <string_view>\n#include <tuple>\n#include <utility>\n"
      "#include <variant>\n#include <vector>\n\n"
      "#include \"wasmaot/runtime/component/bindings.h\"\n\n",
      Opts.Source.empty() ? "WIT" : Opts.Source, P.str(), W.Name);
  std::string CodecBlock =
      Codecs.empty() ? ""
                     : "namespace wasmaot::runtime::component {\n\n" + Codecs +
                           "\n} // namespace wasmaot::runtime::component\n\n";
  return Head + Types + CodecBlock + Imports + Cls;
}

} // namespace

std::string cppCamelName(std::string_view Kebab) {
  std::string S = words(Kebab, false, 0);
  return isCppKeyword(S) ? S + "_" : S;
}

std::string cppPascalName(std::string_view Kebab) {
  return words(Kebab, true, 0);
}

Expected<std::string> generateCppBindings(const Resolve &R, WorldId W,
                                          const CppBindgenOptions &Opts) {
  return Gen(R, W).run(Opts);
}

} // namespace wasmaot::wit
