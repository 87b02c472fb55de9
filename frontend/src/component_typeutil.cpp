// Type utilities over the TypeArena: names, equality and subtyping,
// substitution of resource types, canonical ABI flattening
// (CanonicalABI.md "Flattening"), WIT-like printing, and the extern-name
// grammar (Explainer.md "Import and Export Definitions").
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include "wasmaot/frontend/cabi.h"
#include "component_internal.h"

namespace wasmaot::frontend::component {

using namespace detail;

TypeArena::TypeArena() {
  for (unsigned K = 0; K < kNumPrimTypes; ++K) {
    TypeDef D;
    D.Kind = TypeKind(K);
    Types.push_back(std::move(D));
  }
}

TypeId TypeArena::add(TypeDef T) {
  uint32_t D = 0;
  auto Child = [&](TypeId X) {
    if (X != kNoType && *X < Types.size())
      D = std::max(D, Types[*X].Depth);
  };
  for (const NamedType &F : T.Fields)
    Child(F.Type);
  for (TypeId E : T.Elems)
    Child(E);
  for (TypeId X : {T.Elem, T.Elem2, T.Ok, T.Err, T.FuncResult})
    Child(X);
  for (const auto *Items : {&T.Imports, &T.Exports})
    for (const ExternItem &E : *Items)
      Child(E.Type);
  T.Depth = D + 1;
  Types.push_back(std::move(T));
  return TypeId(uint32_t(Types.size() - 1));
}

const char *sortName(Sort S) {
  switch (S) {
  case Sort::CoreFunc: return "core func";
  case Sort::CoreTable: return "core table";
  case Sort::CoreMemory: return "core memory";
  case Sort::CoreGlobal: return "core global";
  case Sort::CoreType: return "core type";
  case Sort::CoreModule: return "module";
  case Sort::CoreInstance: return "core instance";
  case Sort::Func: return "func";
  case Sort::Value: return "value";
  case Sort::Type: return "type";
  case Sort::Component: return "component";
  case Sort::Instance: return "instance";
  }
  return "?";
}

const char *typeKindName(TypeKind K) {
  static const char *const Names[] = {
      "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32",
      "f64", "char", "string", "error-context", "record", "variant", "list",
      "list", "tuple", "flags", "enum", "option", "result", "own", "borrow",
      "future", "stream", "map", "func", "component", "instance", "resource",
      "core func", "core table", "core memory", "core global", "core module",
      "core instance"};
  return Names[unsigned(K)];
}

const char *stringEncodingName(StringEncoding E) {
  switch (E) {
  case StringEncoding::Utf8: return "utf8";
  case StringEncoding::Utf16: return "utf16";
  case StringEncoding::Latin1Utf16: return "latin1+utf16";
  }
  return "?";
}

const char *defKindName(DefKind K) {
  static const char *const Names[] = {
      "core module", "core instantiate", "core instance exports", "core type",
      "component", "instantiate", "instance exports", "alias export",
      "alias core export", "alias outer", "type", "canon lift", "canon lower",
      "canon resource.new", "canon resource.drop", "canon resource.rep",
      "canon (unsupported)", "start", "import", "export", "value"};
  return Names[unsigned(K)];
}

namespace detail {

namespace {

/// Pairs already shown equal in this comparison: types are DAGs whose
/// paths can number 2^depth (tuple<t, t> nested), so without it one
/// comparison could take as long as the effective type size allows, per
/// instantiation argument.
using EqualPairs = std::set<std::pair<uint32_t, uint32_t>>;

bool typesEqualIn(const TypeArena &A, TypeId X, TypeId Y, EqualPairs &Done);

bool typesEqualUncached(const TypeArena &A, TypeId X, TypeId Y,
                        EqualPairs &Done) {
  const TypeDef &P = A[X], &Q = A[Y];
  if (P.Kind != Q.Kind)
    return false;
  if (isPrimitive(P.Kind))
    return true;
  switch (P.Kind) {
  case TypeKind::Resource:
    return false; // by identity
  case TypeKind::CoreFunc:
    return P.Core == Q.Core;
  default:
    break;
  }
  if (P.Fields.size() != Q.Fields.size() || P.Elems.size() != Q.Elems.size() ||
      P.Labels != Q.Labels || P.Length != Q.Length || P.Async != Q.Async)
    return false;
  for (size_t I = 0; I < P.Fields.size(); ++I)
    if (P.Fields[I].Name != Q.Fields[I].Name ||
        !typesEqualIn(A, P.Fields[I].Type, Q.Fields[I].Type, Done))
      return false;
  for (size_t I = 0; I < P.Elems.size(); ++I)
    if (!typesEqualIn(A, P.Elems[I], Q.Elems[I], Done))
      return false;
  auto Eq = [&](TypeId U, TypeId V) {
    return U == V || (U != kNoType && V != kNoType && typesEqualIn(A, U, V, Done));
  };
  if (!Eq(P.Elem, Q.Elem) || !Eq(P.Elem2, Q.Elem2) || !Eq(P.Ok, Q.Ok) ||
      !Eq(P.Err, Q.Err) || !Eq(P.FuncResult, Q.FuncResult))
    return false;
  if (P.Kind == TypeKind::Instance || P.Kind == TypeKind::Component ||
      P.Kind == TypeKind::CoreModule || P.Kind == TypeKind::CoreInstance) {
    if (P.Imports.size() != Q.Imports.size() ||
        P.Exports.size() != Q.Exports.size())
      return false;
    for (int Pass = 0; Pass < 2; ++Pass) {
      const auto &U = Pass ? P.Exports : P.Imports;
      const auto &V = Pass ? Q.Exports : Q.Imports;
      for (size_t I = 0; I < U.size(); ++I)
        if (U[I].Name != V[I].Name || U[I].Kind != V[I].Kind ||
            !typesEqualIn(A, U[I].Type, V[I].Type, Done))
          return false;
    }
  }
  return true;
}

bool typesEqualIn(const TypeArena &A, TypeId X, TypeId Y, EqualPairs &Done) {
  if (X == Y)
    return true;
  if (X == kNoType || Y == kNoType)
    return false;
  if (Done.count({*X, *Y}))
    return true;
  if (!typesEqualUncached(A, X, Y, Done))
    return false;
  Done.insert({*X, *Y});
  return true;
}

} // namespace

bool typesEqual(const TypeArena &A, TypeId X, TypeId Y) {
  EqualPairs Done;
  return typesEqualIn(A, X, Y, Done);
}

TypeId substitute(TypeArena &A, TypeId T, const Subst &S) {
  Subst Memo;
  return substitute(A, T, S, Memo);
}

TypeId substitute(TypeArena &A, TypeId T, const Subst &S, Subst &Memo) {
  if (T == kNoType || S.empty() || A.full()) // full: define() reports it
    return T;
  if (auto It = S.find(*T); It != S.end())
    return It->second;
  if (auto It = Memo.find(*T); It != Memo.end())
    return It->second;
  TypeDef D = A[T];
  if (isPrimitive(D.Kind) || D.Kind == TypeKind::Resource ||
      D.Kind == TypeKind::CoreFunc || D.Kind == TypeKind::CoreTable ||
      D.Kind == TypeKind::CoreMemory || D.Kind == TypeKind::CoreGlobal)
    return T;
  bool Changed = false;
  auto Sub = [&](TypeId &X) {
    TypeId Y = substitute(A, X, S, Memo);
    Changed |= Y != X;
    X = Y;
  };
  for (NamedType &F : D.Fields)
    Sub(F.Type);
  for (TypeId &E : D.Elems)
    Sub(E);
  for (TypeId *E : {&D.Elem, &D.Elem2, &D.Ok, &D.Err, &D.FuncResult})
    Sub(*E);
  for (auto *V : {&D.Imports, &D.Exports})
    for (ExternItem &E : *V)
      Sub(E.Type);
  TypeId R = Changed ? A.add(std::move(D)) : T;
  Memo[*T] = R;
  return R;
}

namespace {

bool limitsSub(const Limits &Have, const Limits &Want) {
  if (Have.Min < Want.Min || Have.Shared != Want.Shared)
    return false;
  if (Want.Max)
    return Have.Max && *Have.Max <= *Want.Max;
  return true;
}

} // namespace

bool isSubtype(TypeArena &A, Sort K, TypeId Have, TypeId Want,
               std::string &Why) {
  if (Have == Want)
    return true;
  const TypeDef P = A[Have], Q = A[Want];
  switch (K) {
  case Sort::CoreTable:
    if (P.CoreTable.Elem != Q.CoreTable.Elem ||
        !limitsSub(P.CoreTable.Lim, Q.CoreTable.Lim)) {
      Why = "mismatch in table limits";
      return false;
    }
    return true;
  case Sort::CoreMemory:
    if (!limitsSub(P.CoreMemory.Lim, Q.CoreMemory.Lim)) {
      Why = "mismatch in memory limits";
      return false;
    }
    return true;
  case Sort::CoreGlobal:
    if (!(P.CoreGlobal == Q.CoreGlobal)) {
      Why = "global type mismatch";
      return false;
    }
    return true;
  case Sort::CoreFunc:
    if (!(P.Core == Q.Core)) {
      Why = fmt::format("expected {}, found {}", funcTypeString(Q.Core),
                        funcTypeString(P.Core));
      return false;
    }
    return true;
  case Sort::CoreModule: {
    // Contravariant imports, covariant exports.
    for (const ExternItem &I : P.Imports) {
      auto It = std::find_if(Q.Imports.begin(), Q.Imports.end(),
                             [&](const ExternItem &E) { return E.Name == I.Name; });
      if (It == Q.Imports.end() || It->Kind != I.Kind ||
          !isSubtype(A, I.Kind, It->Type, I.Type, Why)) {
        Why = "module import mismatch";
        return false;
      }
    }
    for (const ExternItem &E : Q.Exports) {
      auto It = std::find_if(P.Exports.begin(), P.Exports.end(),
                             [&](const ExternItem &X) { return X.Name == E.Name; });
      if (It == P.Exports.end() || It->Kind != E.Kind ||
          !isSubtype(A, E.Kind, It->Type, E.Type, Why)) {
        Why = fmt::format("module export `{}` missing or mismatched", E.Name);
        return false;
      }
    }
    return true;
  }
  case Sort::Instance:
  case Sort::Component: {
    Subst S;
    if (K == Sort::Component) {
      for (const ExternItem &I : P.Imports) {
        auto It = std::find_if(Q.Imports.begin(), Q.Imports.end(),
                               [&](const ExternItem &E) { return E.Name == I.Name; });
        if (It == Q.Imports.end()) {
          Why = fmt::format("missing import named `{}`", I.Name);
          return false;
        }
        if (It->Kind != I.Kind)
          return Why = "import kind mismatch", false;
        if (I.Kind == Sort::Type && A[I.Type].Kind == TypeKind::Resource &&
            A[I.Type].Abstract) {
          S[*I.Type] = It->Type;
          continue;
        }
        if (!isSubtype(A, I.Kind, It->Type, substitute(A, I.Type, S), Why))
          return false;
      }
    }
    for (const ExternItem &E : Q.Exports) {
      auto It = std::find_if(P.Exports.begin(), P.Exports.end(),
                             [&](const ExternItem &X) { return X.Name == E.Name; });
      if (It == P.Exports.end()) {
        Why = fmt::format("missing expected export `{}`", E.Name);
        return false;
      }
      if (It->Kind != E.Kind) {
        Why = fmt::format("export `{}` is a {}, expected a {}", E.Name,
                          sortName(It->Kind), sortName(E.Kind));
        return false;
      }
      TypeId Have2 = substitute(A, It->Type, S);
      if (E.Kind == Sort::Type && A[E.Type].Kind == TypeKind::Resource &&
          A[E.Type].Abstract && A[Have2].Kind == TypeKind::Resource) {
        S[*E.Type] = Have2;
        continue;
      }
      if (!isSubtype(A, E.Kind, Have2, substitute(A, E.Type, S), Why))
        return false;
    }
    return true;
  }
  case Sort::Type:
    if (P.Kind == TypeKind::Resource || Q.Kind == TypeKind::Resource) {
      Why = "resource types are not the same";
      return false;
    }
    [[fallthrough]];
  case Sort::Func:
  case Sort::Value:
  case Sort::CoreType:
  case Sort::CoreInstance:
    if (!typesEqual(A, Have, Want)) {
      Why = K == Sort::Func ? "type mismatch in function"
                            : "type mismatch";
      if (K == Sort::Func && P.Kind == TypeKind::Func &&
          Q.Kind == TypeKind::Func) {
        std::vector<TypeId> R1, R2;
        for (auto &F : P.Fields) collectResources(A, F.Type, R1);
        for (auto &F : Q.Fields) collectResources(A, F.Type, R2);
        if (R1.size() == R2.size() && R1 != R2)
          Why = "resource types are not the same";
      }
      return false;
    }
    return true;
  }
  return false;
}

bool containsPointer(const TypeArena &A, TypeId T) {
  if (T == kNoType)
    return false;
  const TypeDef &D = A[T];
  switch (D.Kind) {
  case TypeKind::String:
  case TypeKind::List:
  case TypeKind::Map:
    return true;
  default:
    break;
  }
  for (const NamedType &F : D.Fields)
    if (containsPointer(A, F.Type))
      return true;
  for (TypeId E : D.Elems)
    if (containsPointer(A, E))
      return true;
  if (D.Kind == TypeKind::Own || D.Kind == TypeKind::Borrow ||
      D.Kind == TypeKind::Future || D.Kind == TypeKind::Stream)
    return false;
  return containsPointer(A, D.Elem) || containsPointer(A, D.Ok) ||
         containsPointer(A, D.Err);
}

bool containsBorrow(const TypeArena &A, TypeId T) {
  if (T == kNoType)
    return false;
  const TypeDef &D = A[T];
  if (D.Kind == TypeKind::Borrow)
    return true;
  if (D.Kind == TypeKind::Own || D.Kind == TypeKind::Future ||
      D.Kind == TypeKind::Stream)
    return false;
  for (const NamedType &F : D.Fields)
    if (containsBorrow(A, F.Type))
      return true;
  for (TypeId E : D.Elems)
    if (containsBorrow(A, E))
      return true;
  return containsBorrow(A, D.Elem) || containsBorrow(A, D.Elem2) ||
         containsBorrow(A, D.Ok) || containsBorrow(A, D.Err);
}

void exportedResources(const TypeArena &A, TypeId T,
                       std::vector<ExternItem> &Out) {
  for (const ExternItem &E : A[T].Exports) {
    if (E.Kind == Sort::Type && A[E.Type].Kind == TypeKind::Resource)
      Out.push_back(E);
    else if (E.Kind == Sort::Instance)
      exportedResources(A, E.Type, Out);
  }
}

void collectResources(const TypeArena &A, TypeId T, std::vector<TypeId> &Out) {
  if (T == kNoType)
    return;
  const TypeDef &D = A[T];
  if (D.Kind == TypeKind::Resource) {
    Out.push_back(T);
    return;
  }
  if (D.Kind == TypeKind::Func || isValueType(D.Kind)) {
    for (const NamedType &F : D.Fields)
      collectResources(A, F.Type, Out);
    for (TypeId E : D.Elems)
      collectResources(A, E, Out);
    for (TypeId E : {D.Elem, D.Elem2, D.Ok, D.Err, D.FuncResult})
      collectResources(A, E, Out);
  }
}

namespace {

void flattenInto(const TypeArena &A, TypeId T, std::vector<ValType> &Out);

void flattenVariant(const TypeArena &A, const std::vector<TypeId> &Cases,
                    std::vector<ValType> &Out) {
  Out.push_back(ValType::I32); // discriminant
  std::vector<ValType> Joined;
  for (TypeId C : Cases) {
    if (C == kNoType)
      continue;
    std::vector<ValType> F;
    flattenInto(A, C, F);
    for (size_t I = 0; I < F.size(); ++I) {
      if (I < Joined.size())
        Joined[I] = cabi::joinFlat(Joined[I], F[I]);
      else
        Joined.push_back(F[I]);
    }
  }
  Out.insert(Out.end(), Joined.begin(), Joined.end());
}

void flattenInto(const TypeArena &A, TypeId T, std::vector<ValType> &Out) {
  const TypeDef &D = A[T];
  switch (D.Kind) {
  case TypeKind::S64: case TypeKind::U64:
    Out.push_back(ValType::I64);
    return;
  case TypeKind::F32: Out.push_back(ValType::F32); return;
  case TypeKind::F64: Out.push_back(ValType::F64); return;
  case TypeKind::String: case TypeKind::List: case TypeKind::Map:
    Out.push_back(ValType::I32);
    Out.push_back(ValType::I32);
    return;
  case TypeKind::FixedList:
    for (uint32_t I = 0; I < D.Length && Out.size() <= 4096; ++I)
      flattenInto(A, D.Elem, Out);
    return;
  case TypeKind::Record:
    for (const NamedType &F : D.Fields)
      flattenInto(A, F.Type, Out);
    return;
  case TypeKind::Tuple:
    for (TypeId E : D.Elems)
      flattenInto(A, E, Out);
    return;
  case TypeKind::Variant: {
    std::vector<TypeId> Cases;
    for (const NamedType &F : D.Fields)
      Cases.push_back(F.Type);
    flattenVariant(A, Cases, Out);
    return;
  }
  case TypeKind::Option: flattenVariant(A, {kNoType, D.Elem}, Out); return;
  case TypeKind::Result: flattenVariant(A, {D.Ok, D.Err}, Out); return;
  case TypeKind::Flags:
    for (size_t I = 0; I < (D.Labels.size() + 31) / 32; ++I)
      Out.push_back(ValType::I32);
    return;
  default: // bool, small ints, char, enum, handles, future/stream, errctx
    Out.push_back(ValType::I32);
    return;
  }
}

} // namespace

namespace {

constexpr uint64_t kSizeCap = uint64_t(1) << 40;

uint64_t alignTo(uint64_t X, uint32_t A) { return (X + A - 1) / A * A; }

/// Discriminant bytes of a variant with \p Cases cases.
uint32_t discSize(size_t Cases) {
  return Cases <= (1u << 8) ? 1 : Cases <= (1u << 16) ? 2 : 4;
}

} // namespace

ValueLayout LayoutCache::of(const TypeArena &A, TypeId T) {
  if (T == kNoType)
    return {0, 1};
  if (auto It = Memo.find(*T); It != Memo.end())
    return It->second;
  const TypeDef &D = A[T];
  ValueLayout L;
  auto Record = [&](const std::vector<TypeId> &Fields) {
    uint64_t Size = 0;
    uint32_t Align = 1;
    for (TypeId F : Fields) {
      ValueLayout FL = of(A, F);
      Size = std::min(alignTo(Size, FL.Align) + FL.Size, kSizeCap);
      Align = std::max(Align, FL.Align);
    }
    return ValueLayout{alignTo(Size, Align), Align};
  };
  auto Variant = [&](const std::vector<TypeId> &Cases) {
    uint32_t Disc = discSize(Cases.size());
    uint64_t Payload = 0;
    uint32_t Align = Disc;
    for (TypeId C : Cases) {
      ValueLayout CL = of(A, C);
      Payload = std::max(Payload, CL.Size);
      Align = std::max(Align, CL.Align);
    }
    return ValueLayout{alignTo(alignTo(Disc, Align) + Payload, Align), Align};
  };
  switch (D.Kind) {
  case TypeKind::Bool: case TypeKind::S8: case TypeKind::U8: L = {1, 1}; break;
  case TypeKind::S16: case TypeKind::U16: L = {2, 2}; break;
  case TypeKind::S32: case TypeKind::U32: case TypeKind::F32:
  case TypeKind::Char: case TypeKind::ErrorContext: case TypeKind::Own:
  case TypeKind::Borrow: case TypeKind::Future: case TypeKind::Stream:
  case TypeKind::Resource:
    L = {4, 4};
    break;
  case TypeKind::S64: case TypeKind::U64: case TypeKind::F64: L = {8, 8}; break;
  case TypeKind::String: case TypeKind::List: case TypeKind::Map:
    L = {16, 8}; // pointer + length, 64-bit
    break;
  case TypeKind::FixedList: {
    ValueLayout E = of(A, D.Elem);
    bool Over = E.Size && D.Length > kSizeCap / E.Size;
    L = {Over ? kSizeCap : E.Size * D.Length, E.Align};
    break;
  }
  case TypeKind::Record: {
    std::vector<TypeId> Fs;
    for (const NamedType &F : D.Fields)
      Fs.push_back(F.Type);
    L = Record(Fs);
    break;
  }
  case TypeKind::Tuple: L = Record(D.Elems); break;
  case TypeKind::Variant: {
    std::vector<TypeId> Cs;
    for (const NamedType &F : D.Fields)
      Cs.push_back(F.Type);
    L = Variant(Cs);
    break;
  }
  case TypeKind::Enum:
    L = Variant(std::vector<TypeId>(D.Labels.size(), kNoType));
    break;
  case TypeKind::Option: L = Variant({kNoType, D.Elem}); break;
  case TypeKind::Result: L = Variant({D.Ok, D.Err}); break;
  case TypeKind::Flags: {
    size_t N = D.Labels.size();
    L = N == 0 ? ValueLayout{0, 1}
        : N <= 8 ? ValueLayout{1, 1}
        : N <= 16 ? ValueLayout{2, 2}
                  : ValueLayout{4 * ((N + 31) / 32), 4};
    break;
  }
  default: break; // not a value type
  }
  Memo.emplace(*T, L);
  return L;
}

uint64_t LayoutCache::effectiveSize(const TypeArena &A, TypeId T) {
  if (T == kNoType)
    return 0;
  if (auto It = SizeMemo.find(*T); It != SizeMemo.end())
    return It->second;
  const TypeDef &D = A[T];
  uint64_t N = 1;
  auto Add = [&](TypeId X) {
    N = std::min(N + effectiveSize(A, X), kSizeCap);
  };
  for (const NamedType &F : D.Fields)
    Add(F.Type);
  for (TypeId E : D.Elems)
    Add(E);
  for (TypeId E : {D.Elem, D.Elem2, D.Ok, D.Err, D.FuncResult})
    Add(E);
  for (const auto *V : {&D.Imports, &D.Exports})
    for (const ExternItem &E : *V)
      Add(E.Type);
  SizeMemo.emplace(*T, N);
  return N;
}

std::vector<ValType> flattenType(const TypeArena &A, TypeId T) {
  std::vector<ValType> Out;
  flattenInto(A, T, Out);
  return Out;
}

} // namespace detail

FuncType flattenFuncType(const TypeArena &A, TypeId Func, bool Lift) {
  const TypeDef &F = A[Func];
  FuncType R;
  for (const NamedType &P : F.Fields)
    flattenInto(A, P.Type, R.Params);
  if (R.Params.size() > 16)
    R.Params = {ValType::I32};
  if (F.FuncResult != kNoType)
    flattenInto(A, F.FuncResult, R.Results);
  if (R.Results.size() > 1) {
    R.Results.clear();
    if (Lift)
      R.Results.push_back(ValType::I32);
    else
      R.Params.push_back(ValType::I32);
  }
  return R;
}

namespace {

/// typeString with an output budget: types may share subtrees, so their
/// text can be exponential in the size of the binary (an instance type
/// exporting the previous one twice, a hundred times). Once \p Budget
/// characters are produced, everything else is `...` and lists stop.
/// Types nested deeper than kMaxTypeTextDepth print as `...` too: text is made
/// depth first, and a valid type can nest as deep as its binary is long.
constexpr unsigned kMaxTypeTextDepth = 100;

std::string typeText(const TypeArena &A, TypeId T, size_t &Budget,
                     unsigned Depth = 0) {
  if (Budget == 0 || Depth > kMaxTypeTextDepth)
    return "...";
  std::string Out = [&]() -> std::string {
    if (T == kNoType)
      return "_";
    const TypeDef &D = A[T];
    if (isPrimitive(D.Kind))
      return typeKindName(D.Kind);
    auto Join = [&](auto &&Items, auto &&Fn) {
      std::string S;
      for (const auto &I : Items) {
        if (!S.empty())
          S += ", ";
        if (Budget == 0) {
          S += "...";
          break;
        }
        S += Fn(I);
      }
      return S;
    };
    auto Ty = [&](TypeId X) { return typeText(A, X, Budget, Depth + 1); };
    auto Field = [&](const NamedType &F) {
      return F.Type == kNoType ? F.Name : F.Name + ": " + Ty(F.Type);
    };
    auto Case = [&](const NamedType &F) {
      return F.Type == kNoType ? F.Name : F.Name + "(" + Ty(F.Type) + ")";
    };
    auto Str = [](const std::string &S) { return S; };
    auto Item = [&](const ExternItem &E) {
      std::string N = E.Name;
      if (size_t Z = N.find('\0'); Z != std::string::npos)
        N = N.substr(0, Z) + "::" + N.substr(Z + 1);
      // func, instance and component types already say what they are.
      bool SaysKind = E.Kind == Sort::Func || E.Kind == Sort::Instance ||
                      E.Kind == Sort::Component;
      return SaysKind ? fmt::format("\"{}\": {}", N, Ty(E.Type))
                      : fmt::format("\"{}\": {} {}", N, sortName(E.Kind),
                                    Ty(E.Type));
    };
    auto Handle = [&](const char *K, TypeId R) {
      // `own<accumulator>`: a resource is known by its name where it has one.
      if (R != kNoType && A[R].Kind == TypeKind::Resource &&
          !A[R].DebugName.empty())
        return fmt::format("{}<{}>", K, A[R].DebugName);
      return fmt::format("{}<{}>", K, Ty(R));
    };
    switch (D.Kind) {
    case TypeKind::Record: return "record { " + Join(D.Fields, Field) + " }";
    case TypeKind::Variant: return "variant { " + Join(D.Fields, Case) + " }";
    case TypeKind::List: return "list<" + Ty(D.Elem) + ">";
    case TypeKind::FixedList:
      return fmt::format("list<{}, {}>", Ty(D.Elem), D.Length);
    case TypeKind::Map: return "map<" + Ty(D.Elem) + ", " + Ty(D.Elem2) + ">";
    case TypeKind::Tuple: return "tuple<" + Join(D.Elems, Ty) + ">";
    case TypeKind::Flags: return "flags { " + Join(D.Labels, Str) + " }";
    case TypeKind::Enum: return "enum { " + Join(D.Labels, Str) + " }";
    case TypeKind::Option: return "option<" + Ty(D.Elem) + ">";
    case TypeKind::Result:
      if (D.Ok == kNoType && D.Err == kNoType)
        return "result";
      if (D.Err == kNoType)
        return "result<" + Ty(D.Ok) + ">";
      return "result<" + Ty(D.Ok) + ", " + Ty(D.Err) + ">";
    case TypeKind::Own: return Handle("own", D.Elem);
    case TypeKind::Borrow: return Handle("borrow", D.Elem);
    case TypeKind::Future:
      return D.Elem == kNoType ? "future" : "future<" + Ty(D.Elem) + ">";
    case TypeKind::Stream:
      return D.Elem == kNoType ? "stream" : "stream<" + Ty(D.Elem) + ">";
    case TypeKind::Func: {
      std::string S = std::string(D.Async ? "async " : "") + "func(" +
                      Join(D.Fields, Field) + ")";
      if (D.FuncResult != kNoType)
        S += " -> " + Ty(D.FuncResult);
      return S;
    }
    case TypeKind::Resource:
      return D.DebugName.empty() ? fmt::format("resource#{}", *T)
                                 : fmt::format("resource {}", D.DebugName);
    case TypeKind::Component:
    case TypeKind::CoreModule:
      return fmt::format("{} {{ imports: [{}], exports: [{}] }}",
                         D.Kind == TypeKind::Component ? "component" : "module",
                         Join(D.Imports, Item), Join(D.Exports, Item));
    case TypeKind::Instance:
    case TypeKind::CoreInstance:
      return fmt::format("{} {{ {} }}",
                         D.Kind == TypeKind::Instance ? "instance"
                                                      : "core instance",
                         Join(D.Exports, Item));
    case TypeKind::CoreFunc: return funcTypeString(D.Core);
    case TypeKind::CoreTable:
      return fmt::format("table {} {}", D.CoreTable.Lim.Min,
                         valTypeName(D.CoreTable.Elem));
    case TypeKind::CoreMemory:
      return fmt::format("memory {}", D.CoreMemory.Lim.Min);
    case TypeKind::CoreGlobal:
      return fmt::format("global {}{}", D.CoreGlobal.Mutable ? "mut " : "",
                         valTypeName(D.CoreGlobal.Type));
    default: return typeKindName(D.Kind);
    }
  }();
  Budget -= std::min(Budget, Out.size());
  return Out;
}

} // namespace

std::string typeString(const TypeArena &A, TypeId T) {
  size_t Budget = 16384;
  return typeText(A, T, Budget);
}

// ------------------------------------------------------------------- names

namespace detail {

std::string foldCase(std::string_view S) {
  std::string R(S);
  for (char &C : R)
    C = char(std::tolower(static_cast<unsigned char>(C)));
  return R;
}

bool isKebab(std::string_view L) {
  if (L.empty())
    return false;
  size_t I = 0;
  while (I <= L.size()) {
    size_t J = L.find('-', I);
    if (J == std::string_view::npos)
      J = L.size();
    std::string_view F = L.substr(I, J - I);
    if (F.empty())
      return false;
    // The first fragment starts with a letter; later ones may start with
    // a digit (`a-1`). A fragment is all lower or all upper case.
    size_t FirstAlpha = 0;
    while (FirstAlpha < F.size() &&
           std::isdigit(static_cast<unsigned char>(F[FirstAlpha])))
      ++FirstAlpha;
    if (I == 0 && FirstAlpha != 0)
      return false;
    if (FirstAlpha == F.size()) {
      I = J + 1;
      continue;
    }
    bool Lower = std::islower(static_cast<unsigned char>(F[FirstAlpha]));
    bool Upper = std::isupper(static_cast<unsigned char>(F[FirstAlpha]));
    if (!Lower && !Upper)
      return false;
    for (char C : F) {
      unsigned char U = static_cast<unsigned char>(C);
      if (std::isdigit(U))
        continue;
      if (Lower ? !std::islower(U) : !std::isupper(U))
        return false;
    }
    I = J + 1;
  }
  return true;
}

std::string checkExternName(std::string_view Name, bool IsImport,
                            ParsedName &Out) {
  Out = {};
  if (Name.empty())
    return "`` is not in kebab case";
  auto Annot = [&](std::string_view Prefix, NameKind K, bool Dotted)
      -> std::optional<std::string> {
    if (Name.substr(0, Prefix.size()) != Prefix)
      return std::nullopt;
    std::string_view Rest = Name.substr(Prefix.size());
    Out.Kind = K;
    if (Dotted) {
      size_t Dot = Rest.find('.');
      if (Dot == std::string_view::npos)
        return fmt::format("failed to find `.` character in `{}`", Name);
      Out.Resource = std::string(Rest.substr(0, Dot));
      Out.Label = std::string(Rest.substr(Dot + 1));
      if (!isKebab(Out.Resource) || !isKebab(Out.Label))
        return fmt::format("`{}` is not in kebab case", Name);
    } else {
      Out.Resource = Out.Label = std::string(Rest);
      if (!isKebab(Rest))
        return fmt::format("`{}` is not in kebab case", Rest);
    }
    return std::string();
  };
  if (Name[0] == '[') {
    if (auto R = Annot("[constructor]", NameKind::Constructor, false))
      return *R;
    if (auto R = Annot("[method]", NameKind::Method, true))
      return *R;
    if (auto R = Annot("[static]", NameKind::Static, true))
      return *R;
    // `[async]`, `[async method]` and `[async static]` were removed from
    // the spec (an async function is now an `async` function type).
    if (Name.substr(0, 6) == "[async")
      return fmt::format("`{}` is not in kebab case (the `[async...]` "
                         "annotations were removed)",
                         Name);
    return fmt::format("`{}` is not a valid extern name", Name);
  }
  if (Name.find('=') != std::string_view::npos) {
    // url=<...>, integrity=<...>, locked-dep=<...>, unlocked-dep=<...>:
    // imports only (relative-url=<...> was removed from the spec).
    std::string Msg = checkDependencyName(Name);
    if (!IsImport || Msg == "not a dependency name")
      return fmt::format("`{}` is not a valid extern name", Name);
    Out.Kind = NameKind::Dependency;
    return Msg.empty() ? "" : fmt::format("`{}` is not a valid extern name: "
                                          "{}",
                                          Name, Msg);
  }
  if (Name.find(':') != std::string_view::npos) {
    Out.Kind = NameKind::Interface;
    return checkInterfaceExternName(Name);
  }
  Out.Kind = NameKind::Plain;
  Out.Label = std::string(Name);
  if (!isKebab(Name))
    return fmt::format("`{}` is not in kebab case", Name);
  return "";
}

} // namespace detail

} // namespace wasmaot::frontend::component
