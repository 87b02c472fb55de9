// Support code for the typed C++ bindings that `wasmaot bindgen --cpp`
// generates from a WIT world (wit/src/bindgen_cpp.cpp). A generated header
// includes this file and adds, per WIT type, a C++ type and a Codec
// specialisation; its wrappers call exports and serve imports through
// ComponentInstance::call and ComponentLinker::defineFunc with the Values
// the codecs make. Owns: Unit, Result<T, E>, Borrow<R>, the Codecs of the
// WIT types that map to standard C++ types, the type-shape text used to
// check a component against the bindings at instantiation, and the glue of
// export calls and host imports. Not the generator, not the Canonical ABI.
//
//   WIT                C++
//   bool s8..u64       bool, int8_t..uint64_t
//   f32 f64 char       float, double, char32_t
//   string             std::string
//   list<T> list<T,N>  std::vector<T>, std::array<T, N>
//   option<T>          std::optional<T>
//   result<T, E>       Result<T, E> (Unit for a missing side)
//   tuple<..>          std::tuple<..>
//   own<r> borrow<r>   the generated handle class R, Borrow<R>
//   record/enum/flags/variant: generated (struct, enum class, struct of
//   bools, struct around a std::variant)
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "wasmaot/runtime/component/component.h"
#include "wasmaot/runtime/component/value.h"
#include "wasmaot/runtime/trap.h"

namespace wasmaot::runtime::component {

/// No value: a function without result, a case without payload, a side of
/// `result` without type.
struct Unit {
  friend bool operator==(Unit, Unit) = default;
};

/// `result<T, E>`: ok(T) or err(E).
template <typename T, typename E> class Result {
public:
  Result() : S(std::in_place_index<0>) {}
  static Result ok(T V = T()) { return Result(std::in_place_index<0>, std::move(V)); }
  static Result err(E V = E()) { return Result(std::in_place_index<1>, std::move(V)); }

  bool isOk() const { return S.index() == 0; }
  bool isErr() const { return S.index() == 1; }
  explicit operator bool() const { return isOk(); }
  T &value() { return std::get<0>(S); }
  const T &value() const { return std::get<0>(S); }
  E &error() { return std::get<1>(S); }
  const E &error() const { return std::get<1>(S); }

  friend bool operator==(const Result &, const Result &) = default;

private:
  template <size_t I, typename V>
  Result(std::in_place_index_t<I> Tag, V &&X) : S(Tag, std::forward<V>(X)) {}
  std::variant<T, E> S;
};

/// A borrowed handle of resource class \p R (`borrow<r>`). \p R is a
/// generated handle class: it holds the handle (`Handle`).
template <typename R> struct Borrow {
  uint64_t Handle = 0;
  Borrow() = default;
  Borrow(const R &Owner) : Handle(Owner.Handle) {}
  explicit Borrow(uint64_t H) : Handle(H) {}
  friend bool operator==(const Borrow &, const Borrow &) = default;
};

/// Converts a C++ value of a WIT type to a Value (lower) and back (lift).
/// lift returns false if the Value does not have the type's shape.
template <typename T> struct Codec;

namespace detail {
template <Kind K, typename T> struct IntCodec {
  static Value lower(T X) {
    if constexpr (std::is_signed_v<T>)
      return Value::s(K, int64_t(X));
    else
      return Value::u(K, uint64_t(X));
  }
  static bool lift(const Value &V, T &X) {
    if (V.K != K)
      return false;
    X = T(V.Bits);
    return true;
  }
};
} // namespace detail

template <> struct Codec<bool> {
  static Value lower(bool X) { return Value::boolean(X); }
  static bool lift(const Value &V, bool &X) {
    return V.K == Kind::Bool && ((X = V.Bits != 0), true);
  }
};
template <> struct Codec<int8_t> : detail::IntCodec<Kind::S8, int8_t> {};
template <> struct Codec<uint8_t> : detail::IntCodec<Kind::U8, uint8_t> {};
template <> struct Codec<int16_t> : detail::IntCodec<Kind::S16, int16_t> {};
template <> struct Codec<uint16_t> : detail::IntCodec<Kind::U16, uint16_t> {};
template <> struct Codec<int32_t> : detail::IntCodec<Kind::S32, int32_t> {};
template <> struct Codec<uint32_t> : detail::IntCodec<Kind::U32, uint32_t> {};
template <> struct Codec<int64_t> : detail::IntCodec<Kind::S64, int64_t> {};
template <> struct Codec<uint64_t> : detail::IntCodec<Kind::U64, uint64_t> {};
template <> struct Codec<char32_t> : detail::IntCodec<Kind::Char, char32_t> {};
template <> struct Codec<float> {
  static Value lower(float X) { return Value::f32(X); }
  static bool lift(const Value &V, float &X) {
    return V.K == Kind::F32 && ((X = V.asF32()), true);
  }
};
template <> struct Codec<double> {
  static Value lower(double X) { return Value::f64(X); }
  static bool lift(const Value &V, double &X) {
    return V.K == Kind::F64 && ((X = V.asF64()), true);
  }
};
template <> struct Codec<std::string> {
  static Value lower(const std::string &X) { return Value::string(X); }
  static bool lift(const Value &V, std::string &X) {
    return V.K == Kind::String && ((X = V.Str), true);
  }
};

namespace detail {
/// The Kind of a C++ integer type whose lists are packed (value.h), or
/// Bool for any other type.
template <typename T> constexpr Kind packedKind() {
  if constexpr (std::is_same_v<T, int8_t>) return Kind::S8;
  else if constexpr (std::is_same_v<T, uint8_t>) return Kind::U8;
  else if constexpr (std::is_same_v<T, int16_t>) return Kind::S16;
  else if constexpr (std::is_same_v<T, uint16_t>) return Kind::U16;
  else if constexpr (std::is_same_v<T, int32_t>) return Kind::S32;
  else if constexpr (std::is_same_v<T, uint32_t>) return Kind::U32;
  else if constexpr (std::is_same_v<T, int64_t>) return Kind::S64;
  else if constexpr (std::is_same_v<T, uint64_t>) return Kind::U64;
  else return Kind::Bool;
}
} // namespace detail

template <typename T> struct Codec<std::vector<T>> {
  static constexpr Kind Packed = detail::packedKind<T>();
  static Value lower(const std::vector<T> &X) {
    if constexpr (Packed != Kind::Bool) // little-endian host
      return Value::packedList(
          Packed, std::string(reinterpret_cast<const char *>(X.data()),
                              X.size() * sizeof(T)));
    std::vector<Value> Items;
    Items.reserve(X.size());
    for (const T &E : X)
      Items.push_back(Codec<T>::lower(E));
    return Value::list(std::move(Items));
  }
  static bool lift(const Value &V, std::vector<T> &X) {
    if (V.K != Kind::List)
      return false;
    if constexpr (Packed != Kind::Bool)
      if (V.packed()) {
        if (V.PackedElem != Packed)
          return false;
        X.resize(V.listSize());
        if (!X.empty())
          std::memcpy(X.data(), V.Str.data(), X.size() * sizeof(T));
        return true;
      }
    X.assign(V.listSize(), T());
    for (size_t I = 0; I < X.size(); ++I)
      if (!(V.packed() ? Codec<T>::lift(V.elem(I), X[I])
                       : Codec<T>::lift(V.Items[I], X[I])))
        return false;
    return true;
  }
};

template <typename T, size_t N> struct Codec<std::array<T, N>> {
  static Value lower(const std::array<T, N> &X) {
    std::vector<Value> Items;
    for (const T &E : X)
      Items.push_back(Codec<T>::lower(E));
    return Value::list(std::move(Items));
  }
  static bool lift(const Value &V, std::array<T, N> &X) {
    if (V.K != Kind::List || V.listSize() != N)
      return false;
    for (size_t I = 0; I < N; ++I)
      if (!(V.packed() ? Codec<T>::lift(V.elem(I), X[I])
                       : Codec<T>::lift(V.Items[I], X[I])))
        return false;
    return true;
  }
};

/// A case of a variant-like value with payload \p P (none if Unit).
template <typename P>
Value lowerCase(Kind K, uint32_t Case, const P &Payload) {
  if constexpr (std::is_same_v<P, Unit>)
    return Value::caseOf(K, Case);
  else
    return Value::caseOf(K, Case, {Codec<P>::lower(Payload)});
}
/// The payload of a variant-like value \p V (none if \p P is Unit).
template <typename P> bool liftPayload(const Value &V, P &Payload) {
  if constexpr (std::is_same_v<P, Unit>)
    return V.Items.empty();
  else
    return V.Items.size() == 1 && Codec<P>::lift(V.Items[0], Payload);
}

template <typename T> struct Codec<std::optional<T>> {
  static Value lower(const std::optional<T> &X) {
    return X ? lowerCase(Kind::Option, 1, *X) : Value::caseOf(Kind::Option, 0);
  }
  static bool lift(const Value &V, std::optional<T> &X) {
    if (V.K != Kind::Option || V.Case > 1)
      return false;
    if (V.Case == 0) {
      X.reset();
      return V.Items.empty();
    }
    return liftPayload(V, X.emplace());
  }
};

template <typename T, typename E> struct Codec<Result<T, E>> {
  static Value lower(const Result<T, E> &X) {
    return X.isOk() ? lowerCase(Kind::Result, 0, X.value())
                    : lowerCase(Kind::Result, 1, X.error());
  }
  static bool lift(const Value &V, Result<T, E> &X) {
    if (V.K != Kind::Result || V.Case > 1)
      return false;
    if (V.Case == 0) {
      X = Result<T, E>::ok();
      return liftPayload(V, X.value());
    }
    X = Result<T, E>::err();
    return liftPayload(V, X.error());
  }
};

template <typename... Ts> struct Codec<std::tuple<Ts...>> {
  static Value lower(const std::tuple<Ts...> &X) {
    return std::apply(
        [](const Ts &...E) { return Value::tuple({Codec<Ts>::lower(E)...}); },
        X);
  }
  static bool lift(const Value &V, std::tuple<Ts...> &X) {
    if (V.K != Kind::Tuple || V.Items.size() != sizeof...(Ts))
      return false;
    return liftAll(V, X, std::index_sequence_for<Ts...>());
  }

private:
  template <size_t... I>
  static bool liftAll(const Value &V, std::tuple<Ts...> &X,
                      std::index_sequence<I...>) {
    return (Codec<Ts>::lift(V.Items[I], std::get<I>(X)) && ...);
  }
};

template <typename R> struct Codec<Borrow<R>> {
  static Value lower(const Borrow<R> &X) {
    return Value::handle(Kind::Borrow, X.Handle);
  }
  static bool lift(const Value &V, Borrow<R> &X) {
    return V.K == Kind::Borrow && ((X.Handle = V.Bits), true);
  }
};

/// Codec of a generated resource handle class (`own<r>`).
template <typename R> struct OwnCodec {
  static Value lower(const R &X) { return Value::handle(Kind::Own, X.Handle); }
  static bool lift(const Value &V, R &X) {
    return V.K == Kind::Own && ((X.Handle = V.Bits), true);
  }
};

// ---- Checking a component against the bindings.

/// The shape of a type as text, for comparing the type a component gives
/// an export or import with the one the bindings were generated for:
/// `u32`, `list<string>`, `record{a:u32,b:s8}`, `variant{a(u32),b}`,
/// `enum{a,b}`, `flags{a,b}`, `option<T>`, `result<T,_>`, `tuple<..>`,
/// `own`, `borrow` (resource identity is not compared).
inline std::string typeShape(const cabi::Type &T) {
  auto Sub = [](const cabi::TypeRef &E) {
    return E ? typeShape(*E) : std::string("_");
  };
  auto Labelled = [&](const char *Head, bool Payloads) {
    std::string S = std::string(Head) + "{";
    for (size_t I = 0; I < T.Labels.size(); ++I) {
      S += (I ? "," : "") + T.Labels[I];
      if (Payloads && T.K == Kind::Record)
        S += ":" + Sub(T.Elems[I]);
      else if (Payloads && T.Elems[I])
        S += "(" + Sub(T.Elems[I]) + ")";
    }
    return S + "}";
  };
  if (const char *P = cabi::primName(T.K))
    return P;
  switch (T.K) {
  case Kind::List:
    return "list<" + Sub(T.Elems[0]) +
           (T.Length ? "," + std::to_string(T.Length) : "") + ">";
  case Kind::Record: return Labelled("record", true);
  case Kind::Variant: return Labelled("variant", true);
  case Kind::Enum: return Labelled("enum", false);
  case Kind::Flags: return Labelled("flags", false);
  case Kind::Tuple: {
    std::string S = "tuple<";
    for (size_t I = 0; I < T.Elems.size(); ++I)
      S += (I ? "," : "") + Sub(T.Elems[I]);
    return S + ">";
  }
  case Kind::Option: return "option<" + Sub(T.Elems[0]) + ">";
  case Kind::Result:
    return "result<" + Sub(T.Elems[0]) + "," + Sub(T.Elems[1]) + ">";
  case Kind::Own: return "own";
  case Kind::Borrow: return "borrow";
  default: break;
  }
  return "?";
}

/// `(P1,P2)->R` (R `_` without result) for a function type.
inline std::string funcShape(const cabi::FuncType &F) {
  std::string S = "(";
  for (size_t I = 0; I < F.Params.size(); ++I)
    S += (I ? "," : "") + typeShape(*F.Params[I]);
  S += ")->";
  return S + (F.Results.empty() ? std::string("_") : typeShape(*F.Results[0]));
}

/// An Error unless \p C exports \p Name with the shape \p Shape.
inline std::optional<Error> checkExport(const Component &C,
                                        std::string_view Name,
                                        std::string_view Shape) {
  const cabi::FuncType *F = C.exportType(Name);
  if (!F)
    return Error{ErrorKind::Link, Error::kNoOffset,
                 "component `" + C.displayName() + "` has no export `" +
                     std::string(Name) + "` that the bindings call",
                 {}};
  std::string Have = funcShape(*F);
  if (Have != Shape)
    return Error{ErrorKind::Link, Error::kNoOffset,
                 "export `" + std::string(Name) + "` of `" + C.displayName() +
                     "` has type " + Have + ", the bindings expect " +
                     std::string(Shape),
                 {}};
  return std::nullopt;
}

// ---- Calls.

inline Error bindingError(std::string_view Name, std::string_view What) {
  return Error{ErrorKind::Internal, Error::kNoOffset,
               std::string(What) + " of `" + std::string(Name) +
                   "` does not match the bindings",
               {}};
}

/// Calls export \p Name with \p Args and lifts its result as \p R (Unit:
/// none).
template <typename R>
Outcome<R> callExport(ComponentInstance &I, std::string_view Name,
                      std::vector<Value> Args) {
  Outcome<std::vector<Value>> O = I.call(Name, Args);
  if (O.isTrap())
    return O.takeTrap();
  if (O.isError())
    return O.takeError();
  if constexpr (std::is_same_v<R, Unit>) {
    if (!O->empty())
      return bindingError(Name, "the result");
    return Unit{};
  } else {
    R X{};
    if (O->size() != 1 || !Codec<R>::lift((*O)[0], X))
      return bindingError(Name, "the result");
    return X;
  }
}

template <typename T> struct IsOutcome : std::false_type {};
template <typename T> struct IsOutcome<Outcome<T>> : std::true_type {};

/// Runs a host implementation \p Fn of an import whose WIT result is \p R
/// (Unit: none) and lowers what it returns: void, a value convertible to
/// R, or an Outcome of one (a Trap or Error from it traps the caller).
template <typename R, typename F>
Outcome<std::vector<Value>> serveImport(F &&Fn) {
  using Ret = decltype(Fn());
  if constexpr (std::is_void_v<Ret>) {
    Fn();
    static_assert(std::is_same_v<R, Unit>,
                  "the host function must return the import's result");
    return std::vector<Value>{};
  } else if constexpr (IsOutcome<Ret>::value) {
    Ret O = Fn();
    if (O.isTrap())
      return O.takeTrap();
    if (O.isError())
      return O.takeError();
    if constexpr (std::is_same_v<R, Unit>)
      return std::vector<Value>{};
    else
      return std::vector<Value>{Codec<R>::lower(R(std::move(*O)))};
  } else if constexpr (std::is_same_v<R, Unit>) {
    Fn();
    return std::vector<Value>{};
  } else {
    return std::vector<Value>{Codec<R>::lower(R(Fn()))};
  }
}

/// Lifts argument \p I of import \p Name; false (and a Trap in \p Out) if
/// the Value does not match.
template <typename T>
bool liftArg(std::span<const Value> Args, size_t I, T &X) {
  return I < Args.size() && Codec<T>::lift(Args[I], X);
}

inline Trap importArgTrap(std::string_view Name) {
  return Trap::host("the arguments of import `" + std::string(Name) +
                    "` do not match the bindings");
}

} // namespace wasmaot::runtime::component

#include "wasmaot/runtime/component/bindings_host.h"
