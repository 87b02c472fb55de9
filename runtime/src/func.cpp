// Calls across the host/wasm boundary: Func::call (host → wasm through the
// array-call trampoline, or straight to a host function), the host-function
// callback that artifacts' host stubs reach through VMHostContext (wasm →
// host), and Caller.
#include "wasmaot/runtime/func.h"

#include <algorithm>

#include "trap_internal.h"
#include "wasmaot/runtime/engine.h"
#include "wasmaot/runtime/instance.h"
#include "wasmaot/runtime/memory.h"

namespace wasmaot::runtime {

namespace {

/// VMHostContext::Callback for every host function: the stub spilled the
/// arguments to \p Values; results go back there. Non-zero = trapped.
int32_t hostCallback(abi::VMHostContext *Self, void *CallerVmctx,
                     abi::ValRaw *Values) {
  const auto *H = static_cast<const HostFunc *>(Self->Data);
  const FuncType &T = H->type();
  // Arguments and results side by side; on the stack for the usual counts
  // (this is every host call: WASI's, components' lowered imports).
  size_t NP = T.Params.size(), NR = T.Results.size();
  Val Small[12];
  std::vector<Val> Big;
  Val *Buf = Small;
  if (NP + NR > std::size(Small)) {
    Big.resize(NP + NR);
    Buf = Big.data();
  }
  for (size_t I = 0; I < NP; ++I)
    Buf[I] = Val::load(T.Params[I], &Values[I]);
  std::span<const Val> Args(Buf, NP);
  std::span<Val> Results(Buf + NP, NR);
  Caller C(Instance::fromVmctx(CallerVmctx));
  std::optional<Trap> Tr = H->invoke(C, Args, Results);
  if (Tr) {
    setPendingHostTrap(std::move(*Tr));
    return 1;
  }
  for (size_t I = 0; I < Results.size(); ++I)
    Results[I].store(&Values[I]);
  return 0;
}

Error argError(std::string Msg) {
  return Error{ErrorKind::Invalid, Error::kNoOffset, std::move(Msg), {}};
}

} // namespace

// ---- Caller

Memory *Caller::memory0() const {
  return I && I->numMemories() ? I->memory(0) : nullptr;
}

std::span<uint8_t> Caller::memory0Bytes() const {
  Memory *M = memory0();
  return M ? M->bytes() : std::span<uint8_t>();
}

// ---- HostFunc

HostFunc::HostFunc(Engine &E, FuncType T, HostCallback Fn)
    : Type(std::move(T)), TypeId(E.types().intern(Type)), Fn(std::move(Fn)) {
  Ctx.Callback = hostCallback;
  Ctx.Data = this;
}

std::optional<Trap> HostFunc::invoke(Caller &C, std::span<const Val> Args,
                                     std::span<Val> Results) const {
  for (size_t I = 0; I < Results.size(); ++I)
    Results[I] = Val::zero(Type.Results[I]);
  std::optional<Trap> Tr;
  try {
    Tr = Fn(C, Args, Results);
  } catch (...) {
    // An exception must not unwind through compiled wasm frames.
    return Trap::host("host function threw an exception");
  }
  if (Tr)
    return Tr;
  for (size_t I = 0; I < Results.size(); ++I)
    if (Results[I].type() != Type.Results[I])
      return Trap::host(fmt::format(
          "host function returned a {} as result {}, expected {}",
          frontend::valTypeName(Results[I].type()), I,
          frontend::valTypeName(Type.Results[I])));
  return std::nullopt;
}

// ---- Func

Func Func::fromInstance(const abi::VMFuncRef *Ref, const FuncType *T,
                        uint32_t TypeId, abi::ArrayCallFn Tramp,
                        Instance *Owner) {
  Func F;
  F.Ref = Ref;
  F.Type = T;
  F.TypeId = TypeId;
  F.Tramp = Tramp;
  F.Owner = Owner;
  return F;
}

Func Func::fromHost(std::shared_ptr<HostFunc> H) {
  Func F;
  F.Type = &H->type();
  F.TypeId = H->typeId();
  F.Host = std::move(H);
  return F;
}

Outcome<std::vector<Val>> Func::call(std::span<const Val> Args) const {
  if (!Type)
    return argError("call of an empty function handle");
  if (Args.size() != Type->Params.size())
    return argError(fmt::format("expected {} arguments, got {}",
                                Type->Params.size(), Args.size()));
  for (size_t I = 0; I < Args.size(); ++I)
    if (Args[I].type() != Type->Params[I])
      return argError(fmt::format("argument {}: expected {}, got {}", I,
                                  frontend::valTypeName(Type->Params[I]),
                                  frontend::valTypeName(Args[I].type())));
  std::vector<Val> Results(Type->Results.size());
  if (!Ref) { // a host function called by the host
    Caller C(nullptr);
    if (std::optional<Trap> Tr = Host->invoke(C, Args, Results))
      return std::move(*Tr);
    return Results;
  }
  if (!Tramp)
    return argError(fmt::format("the artifact has no entry for calling "
                                "functions of type {} from the host",
                                frontend::funcTypeString(*Type)));
  abi::ValRaw Small[8];
  std::vector<abi::ValRaw> Big;
  size_t N = std::max(Args.size(), Results.size());
  abi::ValRaw *Raw = Small;
  if (N > 8) {
    Big.resize(N);
    Raw = Big.data();
  }
  for (size_t I = 0; I < Args.size(); ++I)
    Args[I].store(&Raw[I]);
  std::optional<Trap> Tr = invokeWasm(Owner->store(), Tramp, Ref->Code,
                                      Ref->Vmctx, Owner->vmctx(), Raw);
  if (Tr)
    return std::move(*Tr);
  for (size_t I = 0; I < Results.size(); ++I)
    Results[I] = Val::load(Type->Results[I], &Raw[I]);
  return Results;
}

Error typedSignatureError(const FuncType &Have, const FuncType &Want) {
  return argError(fmt::format("function has type {}, not {}",
                              frontend::funcTypeString(Have),
                              frontend::funcTypeString(Want)));
}

} // namespace wasmaot::runtime
