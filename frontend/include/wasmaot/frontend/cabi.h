// Component Model value types, resolved into trees, and their Canonical ABI
// layout (design/mvp/CanonicalABI.md: despecialize, alignment, size,
// flatten_type, flatten_functype). The component reader produces index-based
// types; whoever needs layouts (the validator checking canon lift/lower
// signatures, codegen generating lift/lower code, the runtime lifting and
// lowering values dynamically) resolves them into these trees.
//
// Header-only so the runtime can use it without linking the frontend. A Type
// is immutable once made; make* compute its layout (size, alignment, flat
// core types) once, bottom-up, so every query is O(1).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "wasmaot/frontend/types.h"

namespace wasmaot::frontend::cabi {

enum class Kind : uint8_t {
  Bool, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, Char, String,
  List,      ///< Elems[0]; Length > 0: fixed-size list<T, N>
  Record,    ///< Labels[i]: Elems[i]
  Tuple,     ///< Elems
  Variant,   ///< Labels[i]: Elems[i] (null: no payload)
  Enum,      ///< Labels
  Option,    ///< Elems[0]
  Result,    ///< Elems[0] ok, Elems[1] error (each may be null)
  Flags,     ///< Labels
  Own,       ///< Resource
  Borrow,    ///< Resource
};

struct Type;
using TypeRef = std::shared_ptr<const Type>;

/// The flat core types a value occupies (flatten_type).
using FlatTypes = std::vector<ValType>;

inline constexpr unsigned kMaxFlatParams = 16;
inline constexpr unsigned kMaxFlatResults = 1;
inline constexpr uint32_t kUtf16Tag = 1u << 31;
inline constexpr uint32_t kMaxStringByteLength = (1u << 31) - 1;

struct Type {
  Kind K = Kind::Bool;
  std::vector<std::string> Labels;
  std::vector<TypeRef> Elems;
  uint32_t Length = 0;   ///< fixed-size list length (0: variable)
  uint32_t Resource = 0; ///< resource type id (own/borrow), component-local
  std::string Name;      ///< optional: the name it was declared under

  // Layout, filled by finish().
  uint32_t Size = 0;
  uint32_t Align = 1;
  FlatTypes Flat;

  bool isCaseLike() const {
    return K == Kind::Variant || K == Kind::Enum || K == Kind::Option ||
           K == Kind::Result;
  }
  /// Number of cases of a variant-like type (despecialized).
  uint32_t numCases() const {
    switch (K) {
    case Kind::Variant: case Kind::Enum: return uint32_t(Labels.size());
    case Kind::Option: case Kind::Result: return 2;
    default: return 0;
    }
  }
  /// Payload type of case \p I (null: none).
  const Type *casePayload(uint32_t I) const {
    switch (K) {
    case Kind::Variant: return Elems[I].get();
    case Kind::Option: return I == 1 ? Elems[0].get() : nullptr;
    case Kind::Result: return Elems[I].get();
    default: return nullptr;
    }
  }
  /// Size in bytes of the discriminant (1, 2 or 4).
  uint32_t discSize() const {
    uint32_t N = numCases();
    return N <= 256 ? 1 : N <= 65536 ? 2 : 4;
  }
  /// Byte offset of the payload in a stored variant-like value.
  uint32_t payloadOffset() const {
    uint32_t A = 1;
    for (uint32_t I = 0, N = numCases(); I < N; ++I)
      if (const Type *P = casePayload(I))
        A = std::max(A, P->Align);
    return alignTo(discSize(), A);
  }
  /// Number of i32 words of a flags value.
  uint32_t flagWords() const { return uint32_t((Labels.size() + 31) / 32); }
  /// Record/tuple field offsets.
  std::vector<uint32_t> fieldOffsets() const {
    std::vector<uint32_t> Off;
    uint32_t S = 0;
    for (const TypeRef &E : Elems) {
      S = alignTo(S, E->Align);
      Off.push_back(S);
      S += E->Size;
    }
    return Off;
  }

  static uint32_t alignTo(uint32_t P, uint32_t A) { return (P + A - 1) / A * A; }
};

/// Joins two flat types of variant cases (CanonicalABI.md `join`).
inline ValType joinFlat(ValType A, ValType B) {
  if (A == B)
    return A;
  if ((A == ValType::I32 && B == ValType::F32) ||
      (A == ValType::F32 && B == ValType::I32))
    return ValType::I32;
  return ValType::I64;
}

/// Computes Size, Align and Flat of \p T from its parts.
inline void finish(Type &T) {
  auto Prim = [&T](uint32_t S, ValType F) {
    T.Size = T.Align = S;
    T.Flat = {F};
  };
  switch (T.K) {
  case Kind::Bool: case Kind::S8: case Kind::U8: Prim(1, ValType::I32); break;
  case Kind::S16: case Kind::U16: Prim(2, ValType::I32); break;
  case Kind::S32: case Kind::U32: case Kind::Char: Prim(4, ValType::I32); break;
  case Kind::S64: case Kind::U64: Prim(8, ValType::I64); break;
  case Kind::F32: Prim(4, ValType::F32); break;
  case Kind::F64: Prim(8, ValType::F64); break;
  case Kind::Own: case Kind::Borrow: Prim(4, ValType::I32); break;
  case Kind::String:
    T.Size = 8, T.Align = 4, T.Flat = {ValType::I32, ValType::I32};
    break;
  case Kind::List:
    if (T.Length == 0) {
      T.Size = 8, T.Align = 4, T.Flat = {ValType::I32, ValType::I32};
    } else {
      const Type &E = *T.Elems[0];
      T.Align = E.Align;
      T.Size = E.Size * T.Length;
      T.Flat.clear();
      for (uint32_t I = 0; I < T.Length; ++I)
        T.Flat.insert(T.Flat.end(), E.Flat.begin(), E.Flat.end());
    }
    break;
  case Kind::Record: case Kind::Tuple: {
    uint32_t S = 0, A = 1;
    T.Flat.clear();
    for (const TypeRef &E : T.Elems) {
      S = Type::alignTo(S, E->Align) + E->Size;
      A = std::max(A, E->Align);
      T.Flat.insert(T.Flat.end(), E->Flat.begin(), E->Flat.end());
    }
    T.Align = A;
    T.Size = Type::alignTo(S, A);
    break;
  }
  case Kind::Flags: {
    size_t N = T.Labels.size();
    T.Align = N <= 8 ? 1 : N <= 16 ? 2 : 4;
    T.Size = N == 0 ? 0 : N <= 8 ? 1 : N <= 16 ? 2 : 4 * T.flagWords();
    T.Flat.assign(T.flagWords(), ValType::I32);
    break;
  }
  case Kind::Variant: case Kind::Enum: case Kind::Option: case Kind::Result: {
    uint32_t D = T.discSize(), CaseAlign = 1, CaseSize = 0;
    FlatTypes Payload;
    for (uint32_t I = 0, N = T.numCases(); I < N; ++I) {
      const Type *P = T.casePayload(I);
      if (!P)
        continue;
      CaseAlign = std::max(CaseAlign, P->Align);
      CaseSize = std::max(CaseSize, P->Size);
      for (size_t J = 0; J < P->Flat.size(); ++J) {
        if (J < Payload.size())
          Payload[J] = joinFlat(Payload[J], P->Flat[J]);
        else
          Payload.push_back(P->Flat[J]);
      }
    }
    T.Align = std::max(D, CaseAlign);
    T.Size = Type::alignTo(Type::alignTo(D, CaseAlign) + CaseSize, T.Align);
    T.Flat = {ValType::I32};
    T.Flat.insert(T.Flat.end(), Payload.begin(), Payload.end());
    break;
  }
  }
}

// ---- Constructors.

inline TypeRef makeType(Type T) {
  finish(T);
  return std::make_shared<const Type>(std::move(T));
}
inline TypeRef makePrim(Kind K) {
  Type T;
  T.K = K;
  return makeType(std::move(T));
}
inline TypeRef makeList(TypeRef Elem, uint32_t Length = 0) {
  Type T;
  T.K = Kind::List;
  T.Elems = {std::move(Elem)};
  T.Length = Length;
  return makeType(std::move(T));
}
inline TypeRef makeRecord(std::vector<std::string> Labels,
                          std::vector<TypeRef> Fields) {
  Type T;
  T.K = Kind::Record;
  T.Labels = std::move(Labels);
  T.Elems = std::move(Fields);
  return makeType(std::move(T));
}
inline TypeRef makeTuple(std::vector<TypeRef> Elems) {
  Type T;
  T.K = Kind::Tuple;
  T.Elems = std::move(Elems);
  return makeType(std::move(T));
}
inline TypeRef makeVariant(std::vector<std::string> Labels,
                           std::vector<TypeRef> Payloads) {
  Type T;
  T.K = Kind::Variant;
  T.Labels = std::move(Labels);
  T.Elems = std::move(Payloads);
  return makeType(std::move(T));
}
inline TypeRef makeEnum(std::vector<std::string> Labels) {
  Type T;
  T.K = Kind::Enum;
  T.Labels = std::move(Labels);
  return makeType(std::move(T));
}
inline TypeRef makeFlags(std::vector<std::string> Labels) {
  Type T;
  T.K = Kind::Flags;
  T.Labels = std::move(Labels);
  return makeType(std::move(T));
}
inline TypeRef makeOption(TypeRef Payload) {
  Type T;
  T.K = Kind::Option;
  T.Elems = {std::move(Payload)};
  return makeType(std::move(T));
}
inline TypeRef makeResult(TypeRef Ok, TypeRef Err) {
  Type T;
  T.K = Kind::Result;
  T.Elems = {std::move(Ok), std::move(Err)};
  return makeType(std::move(T));
}
inline TypeRef makeHandle(Kind OwnOrBorrow, uint32_t Resource) {
  Type T;
  T.K = OwnOrBorrow;
  T.Resource = Resource;
  return makeType(std::move(T));
}

// ---- Function types.

/// A component-level function type, resolved.
struct FuncType {
  std::vector<std::string> ParamNames;
  std::vector<TypeRef> Params;
  std::vector<TypeRef> Results; ///< 0 or 1 (named results are legacy)
  std::vector<std::string> ResultNames;
};

/// Flat types of a list of values (flatten_types).
inline FlatTypes flattenTypes(const std::vector<TypeRef> &Ts) {
  FlatTypes F;
  for (const TypeRef &T : Ts)
    F.insert(F.end(), T->Flat.begin(), T->Flat.end());
  return F;
}

/// The tuple the values spill to when they do not fit in flat values.
inline TypeRef spillTuple(const std::vector<TypeRef> &Ts) {
  return makeTuple(Ts);
}

enum class FlattenContext : uint8_t { Lift, Lower };

/// The core function type of a lifted (callee) or lowered (caller) function
/// (flatten_functype): params beyond 16 flat values go through a pointer,
/// results beyond one through a returned pointer (lift) or an out-pointer
/// parameter (lower).
inline frontend::FuncType flattenFuncType(const FuncType &F, FlattenContext C) {
  frontend::FuncType Core;
  Core.Params = flattenTypes(F.Params);
  if (Core.Params.size() > kMaxFlatParams)
    Core.Params = {ValType::I32};
  Core.Results = flattenTypes(F.Results);
  if (Core.Results.size() > kMaxFlatResults) {
    if (C == FlattenContext::Lift) {
      Core.Results = {ValType::I32};
    } else {
      Core.Params.push_back(ValType::I32);
      Core.Results.clear();
    }
  }
  return Core;
}

/// The WIT name of a primitive kind (bool .. string), or null.
inline const char *primName(Kind K) {
  switch (K) {
  case Kind::Bool: return "bool";
  case Kind::S8: return "s8";
  case Kind::U8: return "u8";
  case Kind::S16: return "s16";
  case Kind::U16: return "u16";
  case Kind::S32: return "s32";
  case Kind::U32: return "u32";
  case Kind::S64: return "s64";
  case Kind::U64: return "u64";
  case Kind::F32: return "f32";
  case Kind::F64: return "f64";
  case Kind::Char: return "char";
  case Kind::String: return "string";
  default: return nullptr;
  }
}

/// A type's name as WIT writes it (for messages and printing).
inline std::string witName(const Type &T) {
  auto Join = [](const std::vector<TypeRef> &Es) {
    std::string S;
    for (size_t I = 0; I < Es.size(); ++I)
      S += (I ? ", " : "") + (Es[I] ? witName(*Es[I]) : std::string("_"));
    return S;
  };
  if (!T.Name.empty())
    return T.Name;
  if (const char *P = primName(T.K))
    return P;
  switch (T.K) {
  case Kind::List:
    return "list<" + witName(*T.Elems[0]) +
           (T.Length ? ", " + std::to_string(T.Length) : "") + ">";
  case Kind::Tuple: return "tuple<" + Join(T.Elems) + ">";
  case Kind::Option: return "option<" + witName(*T.Elems[0]) + ">";
  case Kind::Result:
    if (!T.Elems[0] && !T.Elems[1])
      return "result";
    if (!T.Elems[1])
      return "result<" + witName(*T.Elems[0]) + ">";
    return "result<" + Join(T.Elems) + ">";
  case Kind::Own: return "own<resource-" + std::to_string(T.Resource) + ">";
  case Kind::Borrow:
    return "borrow<resource-" + std::to_string(T.Resource) + ">";
  case Kind::Record: case Kind::Variant: case Kind::Enum: case Kind::Flags: {
    static const char *Kw[] = {"record", "variant", "enum", "flags"};
    int K = T.K == Kind::Record ? 0 : T.K == Kind::Variant ? 1
                                    : T.K == Kind::Enum    ? 2 : 3;
    std::string S = std::string(Kw[K]) + " { ";
    for (size_t I = 0; I < T.Labels.size(); ++I) {
      S += (I ? ", " : "") + T.Labels[I];
      if ((T.K == Kind::Record || T.K == Kind::Variant) && T.Elems[I])
        S += (T.K == Kind::Record ? ": " : "(") + witName(*T.Elems[I]) +
             (T.K == Kind::Variant ? ")" : "");
    }
    return S + " }";
  }
  default: break;
  }
  return "?";
}

} // namespace wasmaot::frontend::cabi
