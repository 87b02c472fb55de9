// Functions as the host sees them. Func is a handle to a callable function
// (an instance's export, an import it re-exports, or a host function) with
// untyped call(span<const Val>) and typed typed<R(Args...)>() entry points;
// both check argument types before anything runs. HostFunc is a function
// implemented in C++ (Linker::defineFunc) and Caller what it sees of the
// instance that called it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "wasmaot/runtime/trap.h"
#include "wasmaot/runtime/val.h"

namespace wasmaot::runtime {

class Engine;
class Instance;
class Memory;
class Store;

/// What a host function sees of its caller.
class Caller {
public:
  explicit Caller(Instance *I) : I(I) {}
  /// The calling instance; null when the host calls a host function itself.
  Instance *instance() const { return I; }
  /// The caller's memory 0, or null if it has none.
  Memory *memory0() const;
  /// Its bytes (empty without a memory 0). Re-read after anything that may
  /// grow the memory.
  std::span<uint8_t> memory0Bytes() const;

private:
  Instance *I;
};

/// A host function body: read Args, write Results (pre-filled with zeros of
/// the result types), return a Trap to trap.
using HostCallback = std::function<std::optional<Trap>(
    Caller &, std::span<const Val> Args, std::span<Val> Results)>;

class HostFunc {
public:
  HostFunc(Engine &E, FuncType T, HostCallback Fn);
  HostFunc(const HostFunc &) = delete;
  HostFunc &operator=(const HostFunc &) = delete;

  const FuncType &type() const { return Type; }
  uint32_t typeId() const { return TypeId; }
  /// What a funcref to this function carries as its vmctx.
  abi::VMHostContext *context() { return &Ctx; }
  /// Runs the callback with type-checked results.
  std::optional<Trap> invoke(Caller &C, std::span<const Val> Args,
                             std::span<Val> Results) const;

private:
  FuncType Type;
  uint32_t TypeId;
  HostCallback Fn;
  abi::VMHostContext Ctx;
};

template <typename Sig> class TypedFunc;

class Func {
public:
  Func() = default;
  bool valid() const { return Type != nullptr; }
  const FuncType &type() const { return *Type; }
  uint32_t typeId() const { return TypeId; }
  /// The funcref (null for a host function not yet imported anywhere).
  const abi::VMFuncRef *funcRef() const { return Ref; }
  const std::shared_ptr<HostFunc> &hostFunc() const { return Host; }

  /// Calls with \p Args; an Error if they do not match the parameter types.
  Outcome<std::vector<Val>> call(std::span<const Val> Args) const;
  Outcome<std::vector<Val>> call(std::initializer_list<Val> Args) const {
    return call(std::span<const Val>(Args.begin(), Args.size()));
  }

  /// A typed view, e.g. typed<int32_t(int32_t, int32_t)>(); an Error if the
  /// signature does not match. Results: void, one value, or std::tuple.
  template <typename Sig> Expected<TypedFunc<Sig>> typed() const;

  /// An instance's function (runtime-internal).
  static Func fromInstance(const abi::VMFuncRef *Ref, const FuncType *T,
                           uint32_t TypeId, abi::ArrayCallFn Tramp,
                           Instance *Owner);
  static Func fromHost(std::shared_ptr<HostFunc> H);

private:
  const abi::VMFuncRef *Ref = nullptr;
  const FuncType *Type = nullptr;
  uint32_t TypeId = 0;
  abi::ArrayCallFn Tramp = nullptr;
  Instance *Owner = nullptr;
  std::shared_ptr<HostFunc> Host;
};

// ---- Typed calls: host C++ types <-> wasm value types.

template <typename T> struct WasmTypeOf;
#define WASMAOT_TYPE_OF(C, V, To, From)                                        \
  template <> struct WasmTypeOf<C> {                                           \
    static constexpr ValType Type = ValType::V;                                \
    static Val to(C X) { return To; }                                          \
    static C from(const Val &X) { return From; }                               \
  };
WASMAOT_TYPE_OF(int32_t, I32, Val::fromI32(X), X.i32())
WASMAOT_TYPE_OF(uint32_t, I32, Val::fromI32(int32_t(X)), uint32_t(X.i32()))
WASMAOT_TYPE_OF(int64_t, I64, Val::fromI64(X), X.i64())
WASMAOT_TYPE_OF(uint64_t, I64, Val::fromI64(int64_t(X)), uint64_t(X.i64()))
WASMAOT_TYPE_OF(float, F32, Val::fromF32(X), X.f32())
WASMAOT_TYPE_OF(double, F64, Val::fromF64(X), X.f64())
WASMAOT_TYPE_OF(void *, ExternRef, Val::fromExternRef(X), X.ref())
#undef WASMAOT_TYPE_OF

template <typename R> struct WasmResults {
  static std::vector<ValType> types() { return {WasmTypeOf<R>::Type}; }
  static R from(const std::vector<Val> &V) { return WasmTypeOf<R>::from(V[0]); }
  using Type = R;
};
template <> struct WasmResults<void> {
  static std::vector<ValType> types() { return {}; }
  static std::monostate from(const std::vector<Val> &) { return {}; }
  using Type = std::monostate;
};
template <typename... Rs> struct WasmResults<std::tuple<Rs...>> {
  static std::vector<ValType> types() { return {WasmTypeOf<Rs>::Type...}; }
  static std::tuple<Rs...> from(const std::vector<Val> &V) {
    return fromIdx(V, std::index_sequence_for<Rs...>{});
  }
  template <size_t... I>
  static std::tuple<Rs...> fromIdx(const std::vector<Val> &V,
                                   std::index_sequence<I...>) {
    return {WasmTypeOf<Rs>::from(V[I])...};
  }
  using Type = std::tuple<Rs...>;
};

template <typename R, typename... As> class TypedFunc<R(As...)> {
public:
  using Result = typename WasmResults<R>::Type; ///< void -> std::monostate
  explicit TypedFunc(Func F) : F(std::move(F)) {}
  Outcome<Result> call(As... Args) const {
    Val Vals[sizeof...(As) + 1] = {WasmTypeOf<As>::to(Args)...};
    Outcome<std::vector<Val>> O =
        F.call(std::span<const Val>(Vals, sizeof...(As)));
    if (O.isTrap())
      return O.takeTrap();
    if (O.isError())
      return O.takeError();
    return WasmResults<R>::from(*O);
  }
  const Func &func() const { return F; }

private:
  Func F;
};

Error typedSignatureError(const FuncType &Have, const FuncType &Want);

template <typename Sig> Expected<TypedFunc<Sig>> Func::typed() const {
  return [this]<typename R, typename... As>(R (*)(As...))
             -> Expected<TypedFunc<Sig>> {
    FuncType Want{{WasmTypeOf<As>::Type...}, WasmResults<R>::types()};
    if (!Type || Want != *Type)
      return typedSignatureError(Type ? *Type : FuncType{}, Want);
    return TypedFunc<Sig>(*this);
  }(static_cast<Sig *>(nullptr));
}

} // namespace wasmaot::runtime
