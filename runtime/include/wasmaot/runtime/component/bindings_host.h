// Typed bindings without Values: each C++ type of the generated bindings
// (bindings.h) written into and read from the HOST LAYOUT of the compiled
// Canonical ABI adapters (abi/component_adapter.h), so a call through
// generated bindings goes C++ value -> host layout -> adapter -> guest and
// back with no Value and no walk over type descriptors: the C++ compiler
// specialises HostCodec<T> per type, as codegen specialises the adapter.
//
// HostCodec<T> has Size and Align (T's host layout; they must equal
// abi::component::hostLayout of T's WIT type, which ComponentInstance::
// hostLayoutMatches checks before a call) and
//   put(const T &, uint8_t *Dst, HostScratch &)  C++ -> host layout
//   get(const uint8_t *Src, T &)                 host layout -> C++
// Strings and lists of integers are passed by pointer into the C++ object;
// other lists are laid out in HostScratch for the call. Lifted strings and
// lists come from the call's HostScratch too and are copied into the C++
// results. Included at the end of bindings.h, whose types it uses.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace wasmaot::runtime::component {

namespace hostlayout {
constexpr uint32_t alignTo(uint32_t P, uint32_t A) { return (P + A - 1) / A * A; }
/// Bytes of the discriminant of a variant-like type with \p N cases.
constexpr uint32_t discSize(size_t N) { return N <= 256 ? 1 : N <= 65536 ? 2 : 4; }
} // namespace hostlayout

/// Host memory for one call: arrays of list elements the host lays out,
/// and the strings and lists the adapter lifts (ComponentInstance::
/// callHostLayout's allocator).
class HostScratch {
public:
  HostScratch() = default;
  /// Memory from \p External, which outlives the C++ values put: strings
  /// and integer lists are then copied into it rather than pointed at (a
  /// host-layout import's results, lowered after the host returns).
  explicit HostScratch(const HostAllocFn &External) : External(&External) {}

  void *alloc(uint64_t Size, uint64_t Align) {
    if (External)
      return (*External)(Size, Align);
    Chunks.push_back(std::make_unique<uint8_t[]>(Size + Align));
    uintptr_t P = uintptr_t(Chunks.back().get());
    return reinterpret_cast<void *>((P + Align - 1) / Align * Align);
  }
  /// \p N bytes at \p P as host-layout memory that stays valid as long as
  /// this scratch's memory does.
  const void *keep(const void *P, uint64_t N) {
    if (!External || N == 0)
      return P;
    void *Copy = alloc(N, 8);
    std::memcpy(Copy, P, N);
    return Copy;
  }

private:
  std::vector<std::unique_ptr<uint8_t[]>> Chunks;
  const HostAllocFn *External = nullptr;
};

template <typename T> struct HostCodec;

namespace detail {
inline void putPtrLen(uint8_t *D, const void *P, uint64_t N) {
  uint64_t A = uintptr_t(P);
  std::memcpy(D, &A, 8);
  std::memcpy(D + 8, &N, 8);
}
inline std::pair<const uint8_t *, uint64_t> getPtrLen(const uint8_t *S) {
  uint64_t A, N;
  std::memcpy(&A, S, 8);
  std::memcpy(&N, S + 8, 8);
  return {reinterpret_cast<const uint8_t *>(uintptr_t(A)), N};
}

/// Integers and floats: the same bytes in C++ and host layout.
template <typename T> struct HostScalar {
  static constexpr uint32_t Size = sizeof(T), Align = sizeof(T);
  static constexpr bool Bytes = true; ///< host layout == C++ object bytes
  static void put(const T &X, uint8_t *D, HostScratch &) {
    std::memcpy(D, &X, sizeof(T));
  }
  static void get(const uint8_t *S, T &X) { std::memcpy(&X, S, sizeof(T)); }
};

template <typename T> constexpr bool hostBytes() {
  if constexpr (requires { HostCodec<T>::Bytes; })
    return HostCodec<T>::Bytes;
  else
    return false;
}

/// Offsets of a host-layout tuple of \p Ts (records, tuples, parameters).
template <typename... Ts> struct HostTuple {
  static constexpr size_t N = sizeof...(Ts);
  static constexpr std::array<uint32_t, N + 2> layout() {
    std::array<uint32_t, N + 2> R{};
    uint32_t S = 0, A = 1, I = 0;
    ((S = hostlayout::alignTo(S, HostCodec<Ts>::Align), R[I++] = S,
      S += HostCodec<Ts>::Size, A = std::max(A, HostCodec<Ts>::Align)),
     ...);
    R[N] = hostlayout::alignTo(S, A);
    R[N + 1] = A;
    return R;
  }
  static constexpr std::array<uint32_t, N + 2> L = layout();
  static constexpr uint32_t Size = L[N], Align = L[N + 1];
  static constexpr uint32_t offset(size_t I) { return L[I]; }
};

/// A variant-like layout whose cases carry \p Ps (Unit: no payload).
template <typename... Ps> struct HostCases {
  static constexpr uint32_t D = hostlayout::discSize(sizeof...(Ps));
  template <typename P> static constexpr uint32_t alignOf() {
    if constexpr (std::is_same_v<P, Unit>)
      return 1;
    else
      return HostCodec<P>::Align;
  }
  template <typename P> static constexpr uint32_t sizeOf() {
    if constexpr (std::is_same_v<P, Unit>)
      return 0;
    else
      return HostCodec<P>::Size;
  }
  static constexpr uint32_t CaseAlign = std::max({1u, alignOf<Ps>()...});
  static constexpr uint32_t CaseSize = std::max({0u, sizeOf<Ps>()...});
  static constexpr uint32_t Align = std::max(D, CaseAlign);
  static constexpr uint32_t PayloadOffset = hostlayout::alignTo(D, CaseAlign);
  static constexpr uint32_t Size =
      hostlayout::alignTo(PayloadOffset + CaseSize, Align);
  static void putDisc(uint8_t *Dst, uint32_t C) { std::memcpy(Dst, &C, D); }
  static uint32_t getDisc(const uint8_t *Src) {
    uint32_t C = 0;
    std::memcpy(&C, Src, D);
    return C;
  }
  template <typename P>
  static void putPayload(const P &X, uint8_t *Dst, HostScratch &S) {
    if constexpr (!std::is_same_v<P, Unit>)
      HostCodec<P>::put(X, Dst + PayloadOffset, S);
  }
  template <typename P> static void getPayload(const uint8_t *Src, P &X) {
    if constexpr (!std::is_same_v<P, Unit>)
      HostCodec<P>::get(Src + PayloadOffset, X);
  }
};
} // namespace detail

/// No value: no bytes (a function without result, a case without payload).
template <> struct HostCodec<Unit> {
  static constexpr uint32_t Size = 0, Align = 1;
  static void put(const Unit &, uint8_t *, HostScratch &) {}
  static void get(const uint8_t *, Unit &) {}
};
template <> struct HostCodec<bool> {
  static constexpr uint32_t Size = 1, Align = 1;
  static void put(bool X, uint8_t *D, HostScratch &) { D[0] = X; }
  static void get(const uint8_t *S, bool &X) { X = S[0] != 0; }
};
template <> struct HostCodec<int8_t> : detail::HostScalar<int8_t> {};
template <> struct HostCodec<uint8_t> : detail::HostScalar<uint8_t> {};
template <> struct HostCodec<int16_t> : detail::HostScalar<int16_t> {};
template <> struct HostCodec<uint16_t> : detail::HostScalar<uint16_t> {};
template <> struct HostCodec<int32_t> : detail::HostScalar<int32_t> {};
template <> struct HostCodec<uint32_t> : detail::HostScalar<uint32_t> {};
template <> struct HostCodec<int64_t> : detail::HostScalar<int64_t> {};
template <> struct HostCodec<uint64_t> : detail::HostScalar<uint64_t> {};
template <> struct HostCodec<float> : detail::HostScalar<float> {};
template <> struct HostCodec<double> : detail::HostScalar<double> {};
template <> struct HostCodec<char32_t> : detail::HostScalar<char32_t> {};

template <> struct HostCodec<std::string> {
  static constexpr uint32_t Size = 16, Align = 8;
  static void put(const std::string &X, uint8_t *D, HostScratch &S) {
    detail::putPtrLen(D, S.keep(X.data(), X.size()), X.size());
  }
  static void get(const uint8_t *S, std::string &X) {
    auto [P, N] = detail::getPtrLen(S);
    X.assign(reinterpret_cast<const char *>(P), N);
  }
};

template <typename T> struct HostCodec<std::vector<T>> {
  static constexpr uint32_t Size = 16, Align = 8;
  static void put(const std::vector<T> &X, uint8_t *D, HostScratch &S) {
    if constexpr (detail::hostBytes<T>()) {
      detail::putPtrLen(D, S.keep(X.data(), X.size() * sizeof(T)), X.size());
    } else {
      auto *A = static_cast<uint8_t *>(
          S.alloc(uint64_t(HostCodec<T>::Size) * X.size(), 16));
      for (size_t I = 0; I < X.size(); ++I)
        HostCodec<T>::put(X[I], A + I * HostCodec<T>::Size, S);
      detail::putPtrLen(D, A, X.size());
    }
  }
  static void get(const uint8_t *S, std::vector<T> &X) {
    auto [P, N] = detail::getPtrLen(S);
    if constexpr (detail::hostBytes<T>()) {
      X.resize(N);
      if (N)
        std::memcpy(X.data(), P, N * sizeof(T));
    } else {
      X.assign(N, T());
      for (uint64_t I = 0; I < N; ++I) {
        T E{}; // not X[I]: std::vector<bool> hands out proxies
        HostCodec<T>::get(P + I * HostCodec<T>::Size, E);
        X[I] = std::move(E);
      }
    }
  }
};

template <typename T, size_t N> struct HostCodec<std::array<T, N>> {
  static constexpr uint32_t Size = HostCodec<T>::Size * N;
  static constexpr uint32_t Align = HostCodec<T>::Align;
  static void put(const std::array<T, N> &X, uint8_t *D, HostScratch &S) {
    for (size_t I = 0; I < N; ++I)
      HostCodec<T>::put(X[I], D + I * HostCodec<T>::Size, S);
  }
  static void get(const uint8_t *Src, std::array<T, N> &X) {
    for (size_t I = 0; I < N; ++I)
      HostCodec<T>::get(Src + I * HostCodec<T>::Size, X[I]);
  }
};

template <typename T> struct HostCodec<std::optional<T>> {
  using C = detail::HostCases<Unit, T>;
  static constexpr uint32_t Size = C::Size, Align = C::Align;
  static void put(const std::optional<T> &X, uint8_t *D, HostScratch &S) {
    C::putDisc(D, X ? 1 : 0);
    if (X)
      C::putPayload(*X, D, S);
  }
  static void get(const uint8_t *Src, std::optional<T> &X) {
    if (C::getDisc(Src) == 0)
      X.reset();
    else
      C::getPayload(Src, X.emplace());
  }
};

template <typename T, typename E> struct HostCodec<Result<T, E>> {
  using C = detail::HostCases<T, E>;
  static constexpr uint32_t Size = C::Size, Align = C::Align;
  static void put(const Result<T, E> &X, uint8_t *D, HostScratch &S) {
    C::putDisc(D, X.isOk() ? 0 : 1);
    if (X.isOk())
      C::putPayload(X.value(), D, S);
    else
      C::putPayload(X.error(), D, S);
  }
  static void get(const uint8_t *Src, Result<T, E> &X) {
    if (C::getDisc(Src) == 0) {
      X = Result<T, E>::ok();
      C::getPayload(Src, X.value());
    } else {
      X = Result<T, E>::err();
      C::getPayload(Src, X.error());
    }
  }
};

template <typename... Ts> struct HostCodec<std::tuple<Ts...>> {
  using L = detail::HostTuple<Ts...>;
  static constexpr uint32_t Size = L::Size, Align = L::Align;
  static void put(const std::tuple<Ts...> &X, uint8_t *D, HostScratch &S) {
    putAll(X, D, S, std::index_sequence_for<Ts...>());
  }
  static void get(const uint8_t *Src, std::tuple<Ts...> &X) {
    getAll(Src, X, std::index_sequence_for<Ts...>());
  }

private:
  template <size_t... I>
  static void putAll(const std::tuple<Ts...> &X, uint8_t *D, HostScratch &S,
                     std::index_sequence<I...>) {
    (HostCodec<Ts>::put(std::get<I>(X), D + L::offset(I), S), ...);
  }
  template <size_t... I>
  static void getAll(const uint8_t *Src, std::tuple<Ts...> &X,
                     std::index_sequence<I...>) {
    (HostCodec<Ts>::get(Src + L::offset(I), std::get<I>(X)), ...);
  }
};

/// Handles: the host's u64 (bindings.h's Borrow<R>, generated classes R).
template <typename R> struct HostHandleCodec {
  static constexpr uint32_t Size = 8, Align = 8;
  static void put(const R &X, uint8_t *D, HostScratch &) {
    std::memcpy(D, &X.Handle, 8);
  }
  static void get(const uint8_t *S, R &X) { std::memcpy(&X.Handle, S, 8); }
};
template <typename R>
struct HostCodec<Borrow<R>> : HostHandleCodec<Borrow<R>> {};

/// A generated record: its fields, in order, as member pointers.
template <typename Rec, auto... Fields> struct HostRecordCodec {
  using L = detail::HostTuple<
      std::remove_cvref_t<decltype(std::declval<Rec>().*Fields)>...>;
  static constexpr uint32_t Size = L::Size, Align = L::Align;
  static void put(const Rec &X, uint8_t *D, HostScratch &S) {
    size_t I = 0;
    ((putField(X.*Fields, D + L::offset(I++), S)), ...);
  }
  static void get(const uint8_t *Src, Rec &X) {
    size_t I = 0;
    ((getField(Src + L::offset(I++), X.*Fields)), ...);
  }

private:
  template <typename F>
  static void putField(const F &V, uint8_t *D, HostScratch &S) {
    HostCodec<F>::put(V, D, S);
  }
  template <typename F> static void getField(const uint8_t *Src, F &V) {
    HostCodec<F>::get(Src, V);
  }
};

/// A generated variant: a struct whose member V is a std::variant of the
/// case payloads (Unit: none), case I at index I.
template <typename Var, typename Std> struct HostVariantCodec;
template <typename Var, typename... Ps>
struct HostVariantCodec<Var, std::variant<Ps...>> {
  using C = detail::HostCases<Ps...>;
  static constexpr uint32_t Size = C::Size, Align = C::Align;
  static void put(const Var &X, uint8_t *D, HostScratch &S) {
    C::putDisc(D, uint32_t(X.V.index()));
    std::visit([&](const auto &P) { C::putPayload(P, D, S); }, X.V);
  }
  static void get(const uint8_t *Src, Var &X) {
    getCase(Src, X, C::getDisc(Src), std::index_sequence_for<Ps...>());
  }

private:
  template <size_t... I>
  static void getCase(const uint8_t *Src, Var &X, uint32_t Case,
                      std::index_sequence<I...>) {
    ((Case == I ? (C::getPayload(Src, X.V.template emplace<I>()), 0) : 0),
     ...);
  }
};

/// A generated enum class with \p N cases (0..N-1).
template <typename Enum, size_t N> struct HostEnumCodec {
  static constexpr uint32_t Size = hostlayout::discSize(N), Align = Size;
  static void put(Enum X, uint8_t *D, HostScratch &) {
    uint32_t C = uint32_t(X);
    std::memcpy(D, &C, Size);
  }
  static void get(const uint8_t *S, Enum &X) {
    uint32_t C = 0;
    std::memcpy(&C, S, Size);
    X = Enum(C);
  }
};

/// A generated flags struct of \p N labels; the generated HostCodec<F>
/// that derives from this adds toWords(X) and fromWords(W, X), the i32
/// words of the Canonical ABI.
template <typename F, size_t N> struct HostFlagsCodec {
  static constexpr uint32_t Words = uint32_t((N + 31) / 32);
  static constexpr uint32_t Size =
      N == 0 ? 0 : N <= 8 ? 1 : N <= 16 ? 2 : 4 * Words;
  static constexpr uint32_t Align = N <= 8 ? 1 : N <= 16 ? 2 : 4;
  static void put(const F &X, uint8_t *D, HostScratch &) {
    std::array<uint32_t, Words> W = HostCodec<F>::toWords(X);
    if constexpr (Size != 0)
      std::memcpy(D, W.data(), Size); // little-endian: 1 or 2 low bytes
  }
  static void get(const uint8_t *S, F &X) {
    std::array<uint32_t, Words> W{};
    if constexpr (Size != 0)
      std::memcpy(W.data(), S, Size);
    HostCodec<F>::fromWords(W, X);
  }
};

/// Calls export \p Name through its compiled adapter with the arguments
/// and result in host layout (ComponentInstance::callHostLayout): no
/// Values. Falls back to callExport (Values) when the export has no usable
/// adapter here or its host layout is not the one these types make.
template <typename R, typename... Ps>
Outcome<R> callExportHost(ComponentInstance &I, std::string_view Name,
                          const Ps &...Args) {
  using PL = detail::HostTuple<Ps...>;
  constexpr bool NoResult = std::is_same_v<R, Unit>;
  constexpr uint32_t RS = HostCodec<R>::Size, RA = HostCodec<R>::Align;
  if (!I.hostLayoutMatches(Name, PL::Size, PL::Align, RS, RA))
    return callExport<R>(I, Name, {Codec<Ps>::lower(Args)...});
  HostScratch S;
  alignas(16) uint8_t ArgBuf[PL::Size ? PL::Size : 1];
  alignas(16) uint8_t ResBuf[RS ? RS : 1];
  [[maybe_unused]] size_t K = 0;
  (HostCodec<Ps>::put(Args, ArgBuf + PL::offset(K++), S), ...);
  ComponentInstance::HostAlloc Alloc = [&S](uint64_t Size, uint64_t Align) {
    return S.alloc(Size, Align);
  };
  Outcome<std::monostate> O = I.callHostLayout(Name, ArgBuf, ResBuf, Alloc);
  if (O.isTrap())
    return O.takeTrap();
  if (O.isError())
    return O.takeError();
  if constexpr (NoResult) {
    return Unit{};
  } else {
    R X{};
    HostCodec<R>::get(ResBuf, X);
    return X;
  }
}

/// Defines import \p Name of \p L in host layout
/// (ComponentLinker::defineFuncHostLayout): the arguments are read into
/// C++ values of types \p Ps, \p Fn runs with them and returns void, a
/// value convertible to \p R (Unit: no result), or an Outcome of one; the
/// result is written back in host layout. Generated bindings define each
/// import this way as well as with Values (serveImport).
template <typename R, typename... Ps, typename F>
void defineImportHost(ComponentLinker &L, std::string Name, F Fn) {
  using PL = detail::HostTuple<Ps...>;
  ComponentHostLayoutFunc H;
  H.ArgsSize = PL::Size;
  H.ArgsAlign = PL::Align;
  H.ResultsSize = HostCodec<R>::Size;
  H.ResultsAlign = HostCodec<R>::Align;
  H.Fn = [Fn = std::move(Fn)](const uint8_t *Args, uint8_t *Results,
                              const HostAllocFn &Alloc)
      -> Outcome<std::monostate> {
    std::tuple<Ps...> A;
    [&]<size_t... I>(std::index_sequence<I...>) {
      (HostCodec<Ps>::get(Args + PL::offset(I), std::get<I>(A)), ...);
    }(std::index_sequence_for<Ps...>{});
    auto Call = [&] { return std::apply(Fn, std::move(A)); };
    using Ret = decltype(Call());
    HostScratch S(Alloc);
    if constexpr (std::is_void_v<Ret>) {
      static_assert(std::is_same_v<R, Unit>,
                    "the host function must return the import's result");
      Call();
    } else if constexpr (IsOutcome<Ret>::value) {
      Ret O = Call();
      if (O.isTrap())
        return O.takeTrap();
      if (O.isError())
        return O.takeError();
      if constexpr (!std::is_same_v<R, Unit>)
        HostCodec<R>::put(R(std::move(*O)), Results, S);
    } else if constexpr (std::is_same_v<R, Unit>) {
      Call();
    } else {
      HostCodec<R>::put(R(Call()), Results, S);
    }
    return std::monostate{};
  };
  L.defineFuncHostLayout(std::move(Name), std::move(H));
}

} // namespace wasmaot::runtime::component
