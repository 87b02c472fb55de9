// Typed host functions: a plain C++ callable becomes a host function whose
// wasm type is deduced from its signature, so a host never spells a
// FuncType by hand. Used by Linker::defineFunc(module, name, callable) and
// wrapFunc(engine, callable). The deduced type is checked against the
// importing module's type at link time like any other definition (a Link
// error names the import and both types).
//
//   Parameters: int32_t/uint32_t → i32, int64_t/uint64_t → i64, float → f32,
//   double → f64, void* → externref; optionally a leading `Caller &` to
//   reach the calling instance (its memory, its exports).
//   Result: void, one of those types, std::tuple<...> of them (multi-value),
//   std::optional<Trap> (no results; a Trap to trap), or
//   std::variant<R, Trap> (R or a Trap).
//
//   L.defineFunc("env", "add", [](int32_t A, int32_t B) { return A + B; });
//   L.defineFunc("env", "peek", [](Caller &C, uint32_t Addr)
//                    -> std::variant<int32_t, Trap> {
//     auto Mem = C.memory0Bytes();
//     if (Addr >= Mem.size()) return Trap::host("peek out of bounds");
//     return int32_t(Mem[Addr]);
//   });
//
// An exception thrown by the callable becomes a host trap (it never unwinds
// through wasm frames).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "wasmaot/runtime/func.h"

namespace wasmaot::runtime {

namespace detail {

/// How a host callable's return type maps to wasm results.
template <typename T> struct HostRet {
  static std::vector<ValType> types() { return {WasmTypeOf<T>::Type}; }
  static std::optional<Trap> put(T V, std::span<Val> R) {
    R[0] = WasmTypeOf<T>::to(V);
    return std::nullopt;
  }
};
template <> struct HostRet<void> {
  static std::vector<ValType> types() { return {}; }
};
template <> struct HostRet<std::optional<Trap>> {
  static std::vector<ValType> types() { return {}; }
  static std::optional<Trap> put(std::optional<Trap> T, std::span<Val>) {
    return T;
  }
};
template <typename... Ts> struct HostRet<std::tuple<Ts...>> {
  static std::vector<ValType> types() { return {WasmTypeOf<Ts>::Type...}; }
  static std::optional<Trap> put(std::tuple<Ts...> V, std::span<Val> R) {
    putIdx(V, R, std::index_sequence_for<Ts...>{});
    return std::nullopt;
  }
  template <size_t... I>
  static void putIdx(const std::tuple<Ts...> &V, std::span<Val> R,
                     std::index_sequence<I...>) {
    ((R[I] = WasmTypeOf<Ts>::to(std::get<I>(V))), ...);
  }
};
template <typename T> struct HostRet<std::variant<T, Trap>> {
  static std::vector<ValType> types() { return HostRet<T>::types(); }
  static std::optional<Trap> put(std::variant<T, Trap> V, std::span<Val> R) {
    if (V.index() == 1)
      return std::move(std::get<1>(V));
    return HostRet<T>::put(std::move(std::get<0>(V)), R);
  }
};

template <bool WithCaller, typename Ret, typename... As> struct HostWrap {
  template <typename F>
  static std::pair<FuncType, HostCallback> make(F &&Fn) {
    FuncType T{{WasmTypeOf<std::decay_t<As>>::Type...}, HostRet<Ret>::types()};
    HostCallback CB = [Fn = std::forward<F>(Fn)](
                          Caller &C, std::span<const Val> Args,
                          std::span<Val> Res) mutable -> std::optional<Trap> {
      return call(Fn, C, Args, Res, std::index_sequence_for<As...>{});
    };
    return {std::move(T), std::move(CB)};
  }

  template <typename F, size_t... I>
  static std::optional<Trap> call(F &Fn, Caller &C, std::span<const Val> A,
                                  std::span<Val> R, std::index_sequence<I...>) {
    auto Invoke = [&]() -> decltype(auto) {
      if constexpr (WithCaller)
        return Fn(C, WasmTypeOf<std::decay_t<As>>::from(A[I])...);
      else
        return Fn(WasmTypeOf<std::decay_t<As>>::from(A[I])...);
    };
    if constexpr (std::is_void_v<Ret>) {
      Invoke();
      return std::nullopt;
    } else {
      return HostRet<Ret>::put(Invoke(), R);
    }
  }
};

template <typename Sig> struct HostSig;
template <typename Ret, typename... As>
struct HostSig<std::function<Ret(As...)>> : HostWrap<false, Ret, As...> {};
template <typename Ret, typename... As>
struct HostSig<std::function<Ret(Caller &, As...)>>
    : HostWrap<true, Ret, As...> {};

} // namespace detail

/// The wasm type deduced from \p Fn and the untyped callback running it.
template <typename F>
std::pair<FuncType, HostCallback> hostCallbackFrom(F &&Fn) {
  using Std = decltype(std::function{Fn});
  return detail::HostSig<Std>::make(std::forward<F>(Fn));
}

/// A host function made from a C++ callable, not yet bound to any import
/// (e.g. to put in a table or pass to Linker::define).
template <typename F> Func wrapFunc(Engine &E, F &&Fn) {
  auto [T, CB] = hostCallbackFrom(std::forward<F>(Fn));
  return Func::fromHost(
      std::make_shared<HostFunc>(E, std::move(T), std::move(CB)));
}

} // namespace wasmaot::runtime
