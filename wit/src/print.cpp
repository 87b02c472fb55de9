// The canonical WIT printer: a resolved package (or one world) back to text
// that resolves to the same model. Canonical means: 2-space indentation,
// `use`s first in an interface, then types (resources with their methods),
// then functions; worlds fully elaborated (includes already merged);
// keywords used as names escaped with `%`. Works on any Resolve, including
// one built from a component binary's types.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "wasmaot/wit/syntax.h"
#include "wasmaot/wit/wit.h"

namespace wasmaot::wit {

namespace {

std::string escapeName(std::string_view N) {
  return isKeyword(N) ? "%" + std::string(N) : std::string(N);
}

/// `ns:name@ver` with keyword parts escaped.
std::string packageName(const PackageName &N) {
  std::string S = escapeName(N.Ns) + ":" + escapeName(N.Name);
  return N.Version.empty() ? S : S + "@" + N.Version;
}

std::string quote(std::string_view S) {
  std::string Out = "\"";
  for (char C : S) {
    switch (C) {
    case '"': Out += "\\\""; break;
    case '\\': Out += "\\\\"; break;
    case '\n': Out += "\\n"; break;
    case '\t': Out += "\\t"; break;
    case '\r': Out += "\\r"; break;
    default:
      if (static_cast<unsigned char>(C) < 0x20)
        Out += fmt::format("\\u{{{:x}}}", unsigned(C));
      else
        Out += C;
    }
  }
  return Out + "\"";
}

class Printer {
public:
  Printer(const Resolve &R, const PrintOptions &O) : R(R), O(O) {}

  std::string take() { return std::move(Out); }

  void package(PackageId P, bool Nested) {
    Cur = P;
    const Package &Pk = R.package(P);
    docs(Pk.Docs);
    if (Nested) {
      line(fmt::format("package {} {{", packageName(Pk.Name)));
      ++Depth;
    } else {
      line(fmt::format("package {};", packageName(Pk.Name)));
    }
    for (const auto &[Name, Id] : Pk.Interfaces) {
      blank();
      const Interface &I = R.iface(Id);
      docs(I.Docs);
      stab(I.Stab);
      line(fmt::format("interface {} {{", escapeName(Name)));
      ++Depth;
      interfaceBody(Id);
      --Depth;
      line("}");
    }
    for (const auto &[Name, Id] : Pk.Worlds) {
      blank();
      world(Id);
    }
    if (Nested) {
      --Depth;
      line("}");
    }
  }

  void world(WorldId Id) {
    const World &W = R.world(Id);
    if (!Cur.valid())
      Cur = W.Pkg;
    docs(W.Docs);
    stab(W.Stab);
    line(fmt::format("world {} {{", escapeName(W.Name)));
    ++Depth;
    TypeOwner Owner{TypeOwner::InWorld, {}, Id};
    worldItems(W.Imports, "import", Owner);
    worldItems(W.Exports, "export", Owner);
    --Depth;
    line("}");
  }

private:
  // ---- output -------------------------------------------------------------
  void line(std::string_view S) {
    Out.append(size_t(Depth) * 2, ' ');
    Out += S;
    Out += '\n';
  }
  void blank() {
    if (!Out.empty() && Out.compare(Out.size() - 2, 2, "\n\n") != 0)
      Out += '\n';
  }
  void docs(const std::string &D) {
    if (!O.Docs || D.empty())
      return;
    size_t B = 0;
    while (B <= D.size()) {
      size_t E = D.find('\n', B);
      if (E == std::string::npos)
        E = D.size();
      std::string_view L(D.data() + B, E - B);
      line(L.empty() ? std::string("///") : "/// " + std::string(L));
      B = E + 1;
    }
  }
  void stab(const Stability &S) {
    if (!S.Since.empty())
      line(fmt::format("@since(version = {})", S.Since));
    if (!S.Feature.empty())
      line(fmt::format("@unstable(feature = {})", S.Feature));
    if (!S.Deprecated.empty())
      line(fmt::format("@deprecated(version = {})", S.Deprecated));
    if (!S.ExternalId.empty())
      line(fmt::format("@external-id({})", quote(S.ExternalId)));
  }

  // ---- types --------------------------------------------------------------
  std::string ty(const Type &T) const {
    if (!T.IsId)
      return primName(T.P);
    const TypeDef &D = R.type(T.Id);
    if (!D.Name.empty())
      return escapeName(D.Name);
    return structure(D);
  }
  std::string opt(const std::optional<Type> &T) const {
    return T ? ty(*T) : std::string("_");
  }

  /// The text of an anonymous type (or the right side of `type x = ...`).
  std::string structure(const TypeDef &D) const {
    switch (D.Kind) {
    case TypeDefKind::Alias:
      return D.Elem ? ty(*D.Elem) : "_";
    case TypeDefKind::List:
      return fmt::format("list<{}>", opt(D.Elem));
    case TypeDefKind::FixedList:
      return fmt::format("list<{}, {}>", opt(D.Elem), D.Size);
    case TypeDefKind::Map:
      return fmt::format("map<{}, {}>", opt(D.Elem), opt(D.Value));
    case TypeDefKind::Option:
      return fmt::format("option<{}>", opt(D.Elem));
    case TypeDefKind::Tuple: {
      std::string S = "tuple<";
      for (size_t I = 0; I < D.Types.size(); ++I)
        S += (I ? ", " : "") + ty(D.Types[I]);
      return S + ">";
    }
    case TypeDefKind::Result:
      if (!D.Elem && !D.Err)
        return "result";
      if (!D.Err)
        return fmt::format("result<{}>", ty(*D.Elem));
      return fmt::format("result<{}, {}>", opt(D.Elem), ty(*D.Err));
    case TypeDefKind::Own:
      return fmt::format("own<{}>", ty(Type::id(D.Resource)));
    case TypeDefKind::Borrow:
      return fmt::format("borrow<{}>", ty(Type::id(D.Resource)));
    case TypeDefKind::Future:
      return D.Elem ? fmt::format("future<{}>", ty(*D.Elem)) : "future";
    case TypeDefKind::Stream:
      return D.Elem ? fmt::format("stream<{}>", ty(*D.Elem)) : "stream";
    case TypeDefKind::Record:
    case TypeDefKind::Variant:
    case TypeDefKind::Enum:
    case TypeDefKind::Flags:
    case TypeDefKind::Resource:
      // Only named types can be these; a hand-built model that forgot the
      // name still prints something a reader can recognise.
      return "/* anonymous type */ _";
    }
    return "_";
  }

  /// `name` in the current package, else `ns:pkg/name@ver`, escaped.
  std::string path(InterfaceId I) const {
    const Interface &If = R.iface(I);
    if (If.Pkg == Cur || !If.Pkg.valid())
      return escapeName(If.Name);
    const PackageName &N = R.package(If.Pkg).Name;
    std::string S = escapeName(N.Ns) + ":" + escapeName(N.Name) + "/" +
                    escapeName(If.Name);
    return N.Version.empty() ? S : S + "@" + N.Version;
  }

  bool sameOwner(const TypeOwner &A, const TypeOwner &B) const {
    if (A.K != B.K)
      return false;
    return A.K == TypeOwner::InInterface ? A.Iface == B.Iface
           : A.K == TypeOwner::InWorld   ? A.World == B.World
                                       : true;
  }

  /// The typedef a `use` would bring in, if \p T is one.
  const TypeDef *useTarget(TypeId T, const TypeOwner &Owner) const {
    const TypeDef &D = R.type(T);
    if (D.Kind != TypeDefKind::Alias || !D.Elem || !D.Elem->IsId)
      return nullptr;
    const TypeDef &Target = R.type(D.Elem->Id);
    if (Target.Name.empty() || Target.Owner.K != TypeOwner::InInterface ||
        sameOwner(Target.Owner, Owner) ||
        R.iface(Target.Owner.Iface).Name.empty())
      return nullptr;
    return &Target;
  }

  /// Consecutive `use`d types from one interface with the same gate and
  /// docs become one `use path.{a, b as c};`.
  void uses(const std::vector<TypeId> &Ts, const TypeOwner &Owner) {
    for (size_t I = 0; I < Ts.size();) {
      const TypeDef &First = R.type(Ts[I]);
      InterfaceId From = useTarget(Ts[I], Owner)->Owner.Iface;
      std::vector<std::string> Names;
      size_t J = I;
      for (; J < Ts.size(); ++J) {
        const TypeDef &D = R.type(Ts[J]);
        const TypeDef *Tg = useTarget(Ts[J], Owner);
        if (Tg->Owner.Iface != From || !(D.Stab == First.Stab) ||
            D.Docs != First.Docs)
          break;
        Names.push_back(Tg->Name == D.Name
                            ? escapeName(D.Name)
                            : fmt::format("{} as {}", escapeName(Tg->Name),
                                          escapeName(D.Name)));
      }
      docs(First.Docs);
      stab(First.Stab);
      std::string L = fmt::format("use {}.{{", path(From));
      for (size_t K = 0; K < Names.size(); ++K)
        L += (K ? ", " : "") + Names[K];
      line(L + "};");
      I = J;
    }
  }

  void typeDef(TypeId T, const std::vector<const Function *> &Methods) {
    const TypeDef &D = R.type(T);
    docs(D.Docs);
    stab(D.Stab);
    std::string N = escapeName(D.Name);
    auto Body = [&](const char *Kw, bool Typed) {
      line(fmt::format("{} {} {{", Kw, N));
      ++Depth;
      for (const Case &C : D.Cases) {
        docs(C.Docs);
        if (!C.Ty)
          line(escapeName(C.Name) + ",");
        else if (D.Kind == TypeDefKind::Record)
          line(fmt::format("{}: {},", escapeName(C.Name), ty(*C.Ty)));
        else
          line(fmt::format("{}({}),", escapeName(C.Name), ty(*C.Ty)));
      }
      (void)Typed;
      --Depth;
      line("}");
    };
    switch (D.Kind) {
    case TypeDefKind::Record: return Body("record", true);
    case TypeDefKind::Variant: return Body("variant", true);
    case TypeDefKind::Enum: return Body("enum", false);
    case TypeDefKind::Flags: return Body("flags", false);
    case TypeDefKind::Resource:
      if (Methods.empty())
        return line(fmt::format("resource {};", N));
      line(fmt::format("resource {} {{", N));
      ++Depth;
      for (const Function *F : Methods)
        function(*F);
      --Depth;
      line("}");
      return;
    default:
      line(fmt::format("type {} = {};", N, structure(D)));
    }
  }

  void types(const std::vector<TypeId> &Ts, const TypeOwner &Owner,
             const std::vector<Function> *Funcs) {
    std::vector<TypeId> Uses, Defs;
    for (TypeId T : Ts)
      (useTarget(T, Owner) ? Uses : Defs).push_back(T);
    uses(Uses, Owner);
    for (TypeId T : Defs) {
      std::vector<const Function *> Methods;
      if (Funcs)
        for (const Function &F : *Funcs)
          if (F.Kind != FuncKind::Freestanding && F.Resource == T)
            Methods.push_back(&F);
      typeDef(T, Methods);
    }
  }

  // ---- functions ----------------------------------------------------------
  std::string signature(const Function &F) const {
    std::string S = F.Async ? "async func(" : "func(";
    if (F.Kind == FuncKind::Constructor)
      S = "constructor(";
    size_t First = F.Kind == FuncKind::Method && !F.Params.empty() ? 1 : 0;
    for (size_t I = First; I < F.Params.size(); ++I)
      S += fmt::format("{}{}: {}", I > First ? ", " : "",
                       escapeName(F.Params[I].Name), ty(F.Params[I].Ty));
    S += ")";
    bool Implicit = F.Kind == FuncKind::Constructor && F.Result &&
                    *F.Result == Type::id(F.Resource);
    if (F.Result && !Implicit)
      S += " -> " + ty(*F.Result);
    return S;
  }

  void function(const Function &F) {
    docs(F.Docs);
    stab(F.Stab);
    switch (F.Kind) {
    case FuncKind::Constructor:
      line(signature(F) + ";");
      return;
    case FuncKind::Static:
      line(fmt::format("{}: static {};", escapeName(F.itemName()),
                       signature(F)));
      return;
    case FuncKind::Method:
    case FuncKind::Freestanding:
      line(fmt::format("{}: {};", escapeName(F.itemName()), signature(F)));
      return;
    }
  }

  void interfaceBody(InterfaceId Id) {
    const Interface &I = R.iface(Id);
    std::vector<TypeId> Ts;
    for (const auto &[N, T] : I.Types)
      Ts.push_back(T);
    types(Ts, TypeOwner{TypeOwner::InInterface, Id, {}}, &I.Funcs);
    for (const Function &F : I.Funcs)
      if (F.Kind == FuncKind::Freestanding)
        function(F);
  }

  // ---- worlds -------------------------------------------------------------
  void worldItems(const std::vector<WorldItem> &Items, const char *Kw,
                  const TypeOwner &Owner) {
    for (size_t I = 0; I < Items.size(); ++I) {
      const WorldItem &It = Items[I];
      if (It.K == WorldItem::TypeItem) {
        // A run of type items prints like an interface's types.
        std::vector<TypeId> Ts;
        for (; I < Items.size() && Items[I].K == WorldItem::TypeItem; ++I)
          Ts.push_back(Items[I].Ty);
        --I;
        types(Ts, Owner, nullptr);
        continue;
      }
      docs(It.Docs);
      stab(It.Stab);
      if (It.K == WorldItem::FunctionItem) {
        line(fmt::format("{} {}: {};", Kw, escapeName(It.Name),
                         signature(It.Func)));
        continue;
      }
      const Interface &If = R.iface(It.Iface);
      if (It.namedByInterface()) {
        line(fmt::format("{} {};", Kw, path(It.Iface)));
      } else if (!If.Name.empty()) {
        line(fmt::format("{} {}: {};", Kw, escapeName(It.Name),
                         path(It.Iface)));
      } else {
        line(fmt::format("{} {}: interface {{", Kw, escapeName(It.Name)));
        ++Depth;
        interfaceBody(It.Iface);
        --Depth;
        line("}");
      }
    }
  }

  const Resolve &R;
  PrintOptions O;
  std::string Out;
  PackageId Cur;
  unsigned Depth = 0;
};

} // namespace

std::string printPackage(const Resolve &R, PackageId P,
                         const PrintOptions &Opts) {
  Printer Pr(R, Opts);
  Pr.package(P, false);
  return Pr.take();
}

std::string printWithDeps(const Resolve &R, PackageId Root,
                          const PrintOptions &Opts) {
  Printer Pr(R, Opts);
  Pr.package(Root, false);
  std::string Out = Pr.take();
  // By name, so the text does not depend on the order packages were read.
  std::vector<std::pair<std::string, PackageId>> Deps;
  for (size_t I = 0; I < R.Packages.size(); ++I)
    if (I != Root.V)
      Deps.emplace_back(R.Packages[I].Name.str(), PackageId{uint32_t(I)});
  std::sort(Deps.begin(), Deps.end(),
            [](const auto &A, const auto &B) { return A.first < B.first; });
  for (const auto &[Name, Id] : Deps) {
    Printer Dep(R, Opts);
    Dep.package(Id, true);
    Out += "\n" + Dep.take();
  }
  return Out;
}

std::string printWorld(const Resolve &R, WorldId W, const PrintOptions &Opts) {
  Printer Pr(R, Opts);
  Pr.world(W);
  return Pr.take();
}

} // namespace wasmaot::wit
