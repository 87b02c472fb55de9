// The C API (include/wasmaot/wasmaot.h) over the C++ runtime API: opaque
// handles wrapping Engine, Module, Store, Linker, Func, Trap and Error;
// instances, memories, tables, globals and callers are the C++ objects
// themselves behind incomplete C types (they are owned by their Store).
// Values convert here and nowhere else. No exception leaves this file:
// every entry point that can allocate catches and reports instead.
// WASI configuration lives in capi_wasi.cpp.
#include "capi_internal.h"

#include <cstring>

namespace wasmaot::runtime::capi {

wasmaot_error_t *makeCError(Error E) {
  try {
    return new wasmaot_error{std::move(E)};
  } catch (...) {
    return nullptr; // out of memory: nothing better to report
  }
}

wasmaot_error_t *makeCError(ErrorKind K, std::string Msg) {
  return makeCError(Error{K, Error::kNoOffset, std::move(Msg), {}});
}

wasmaot_error_t *internalError() {
  return makeCError(ErrorKind::Internal, "internal error: out of memory or "
                                         "an exception in the runtime");
}

wasmaot_error_t *nullArg(const char *What) {
  return makeCError(ErrorKind::Invalid, std::string(What) + " is null");
}

bool validKind(wasmaot_valkind_t K) {
  switch (K) {
  case WASMAOT_I32:
  case WASMAOT_I64:
  case WASMAOT_F32:
  case WASMAOT_F64:
  case WASMAOT_V128:
  case WASMAOT_FUNCREF:
  case WASMAOT_EXTERNREF:
    return true;
  }
  return false;
}

Val toVal(const wasmaot_val_t &V) {
  switch (ValType(V.kind)) {
  case ValType::I32: return Val::fromI32(V.of.i32);
  case ValType::I64: return Val::fromI64(V.of.i64);
  case ValType::F32: {
    uint32_t B;
    std::memcpy(&B, &V.of.f32, 4);
    return Val::fromF32Bits(B);
  }
  case ValType::F64: {
    uint64_t B;
    std::memcpy(&B, &V.of.f64, 8);
    return Val::fromF64Bits(B);
  }
  case ValType::V128: {
    V128 X;
    std::memcpy(X.Bytes, V.of.v128, 16);
    return Val::fromV128(X);
  }
  case ValType::FuncRef:
    return Val::fromFuncRef(static_cast<const abi::VMFuncRef *>(V.of.ref));
  case ValType::ExternRef: return Val::fromExternRef(V.of.ref);
  }
  WASMAOT_UNREACHABLE("kind checked by validKind");
}

wasmaot_val_t fromVal(const Val &V) {
  wasmaot_val_t Out;
  std::memset(&Out, 0, sizeof(Out));
  Out.kind = wasmaot_valkind_t(V.type());
  switch (V.type()) {
  case ValType::I32: Out.of.i32 = V.i32(); break;
  case ValType::I64: Out.of.i64 = V.i64(); break;
  case ValType::F32: {
    uint32_t B = V.f32Bits();
    std::memcpy(&Out.of.f32, &B, 4);
    break;
  }
  case ValType::F64: {
    uint64_t B = V.f64Bits();
    std::memcpy(&Out.of.f64, &B, 8);
    break;
  }
  case ValType::V128: std::memcpy(Out.of.v128, V.v128().Bytes, 16); break;
  case ValType::FuncRef:
  case ValType::ExternRef: Out.of.ref = V.ref(); break;
  }
  return Out;
}

wasmaot_trap_t *makeCTrap(Trap T) {
  try {
    return new wasmaot_trap{std::move(T), {}};
  } catch (...) {
    return nullptr;
  }
}

} // namespace wasmaot::runtime::capi

using namespace wasmaot;
using namespace wasmaot::runtime;
using namespace wasmaot::runtime::capi;

// Every trap code of traps.def has the same number on both sides.
#define WASM_TRAP(Name, Msg)                                                   \
  static_assert(uint32_t(WASMAOT_TRAP_##Name) == uint32_t(TrapCode::Name));
#include "wasmaot/abi/traps.def"
static_assert(uint8_t(WASMAOT_I32) == uint8_t(ValType::I32) &&
              uint8_t(WASMAOT_FUNCREF) == uint8_t(ValType::FuncRef) &&
              uint8_t(WASMAOT_EXTERNREF) == uint8_t(ValType::ExternRef));

extern "C" {

// ---- Errors

void wasmaot_error_delete(wasmaot_error_t *E) { delete E; }
const char *wasmaot_error_message(const wasmaot_error_t *E) {
  return E->E.Message.c_str();
}
wasmaot_error_kind_t wasmaot_error_kind(const wasmaot_error_t *E) {
  return wasmaot_error_kind_t(E->E.Kind);
}

// ---- Traps

wasmaot_trap_t *wasmaot_trap_new(const char *Message) {
  try {
    return makeCTrap(Trap::host(Message ? Message : ""));
  } catch (...) {
    return nullptr;
  }
}
void wasmaot_trap_delete(wasmaot_trap_t *T) { delete T; }
wasmaot_trap_code_t wasmaot_trap_code(const wasmaot_trap_t *T) {
  return wasmaot_trap_code_t(T->T.Code);
}
const char *wasmaot_trap_message(const wasmaot_trap_t *T) {
  return T->T.Message.c_str();
}
bool wasmaot_trap_exit_status(const wasmaot_trap_t *T, int32_t *Status) {
  if (T->T.Code != TrapCode::Exit)
    return false;
  if (Status)
    *Status = T->T.ExitStatus;
  return true;
}
size_t wasmaot_trap_frame_count(const wasmaot_trap_t *T) {
  return T->T.Frames.size();
}
uint32_t wasmaot_trap_frame_func_index(const wasmaot_trap_t *T, size_t I) {
  return I < T->T.Frames.size() ? T->T.Frames[I].FuncIndex : 0;
}
const char *wasmaot_trap_frame_func_name(const wasmaot_trap_t *T, size_t I) {
  return I < T->T.Frames.size() ? T->T.Frames[I].FuncName.c_str() : "";
}
const char *wasmaot_trap_frame_module_name(const wasmaot_trap_t *T, size_t I) {
  return I < T->T.Frames.size() ? T->T.Frames[I].ModuleName.c_str() : "";
}
const char *wasmaot_trap_format(const wasmaot_trap_t *T) {
  try {
    if (T->Formatted.empty())
      T->Formatted = T->T.format();
  } catch (...) {
  }
  return T->Formatted.c_str();
}

// ---- Engine and configuration

wasmaot_config_t *wasmaot_config_new(void) {
  try {
    return new wasmaot_config();
  } catch (...) {
    return nullptr;
  }
}
void wasmaot_config_delete(wasmaot_config_t *C) { delete C; }
void wasmaot_config_wasm_stack_size(wasmaot_config_t *C, uint64_t V) {
  C->C.WasmStackSize = V;
}
void wasmaot_config_memory_reservation(wasmaot_config_t *C, uint64_t V) {
  C->C.MemoryReservation = V;
}
void wasmaot_config_max_memory_pages(wasmaot_config_t *C, uint64_t V) {
  C->C.MaxMemoryPages = V;
}
void wasmaot_config_max_table_elements(wasmaot_config_t *C, uint64_t V) {
  C->C.MaxTableElements = V;
}
void wasmaot_config_max_instances_per_store(wasmaot_config_t *C, uint64_t V) {
  C->C.MaxInstancesPerStore = V;
}
void wasmaot_config_epoch_deadline(wasmaot_config_t *C, uint64_t V) {
  C->C.DefaultEpochDeadlineTicks = V;
}
void wasmaot_config_copy_on_write_images(wasmaot_config_t *C, bool Enable) {
  C->C.CopyOnWriteImages = Enable;
}
void wasmaot_config_pooling(wasmaot_config_t *C, uint32_t Slots,
                            uint64_t MaxMemoryBytes) {
  C->C.Pooling.Slots = Slots;
  C->C.Pooling.MaxMemoryBytes = MaxMemoryBytes;
}

wasmaot_engine_t *wasmaot_engine_new(void) {
  return wasmaot_engine_new_with_config(nullptr);
}
wasmaot_engine_t *wasmaot_engine_new_with_config(wasmaot_config_t *C) {
  std::unique_ptr<wasmaot_config> Owned(C);
  try {
    return new wasmaot_engine(C ? C->C : EngineConfig{});
  } catch (...) {
    return nullptr;
  }
}
void wasmaot_engine_delete(wasmaot_engine_t *E) { delete E; }
void wasmaot_engine_increment_epoch(wasmaot_engine_t *E) {
  E->E.incrementEpoch();
}

// ---- Modules

static wasmaot_error_t *
adoptModule(Expected<std::shared_ptr<Module>> M, wasmaot_module_t **Out) {
  if (!M)
    return makeCError(M.takeError());
  *Out = new wasmaot_module{std::move(*M)};
  return nullptr;
}

wasmaot_error_t *wasmaot_module_load_file(wasmaot_engine_t *E,
                                          const char *Path,
                                          wasmaot_module_t **Out) {
  if (!E || !Path || !Out)
    return nullArg(!E ? "engine" : !Path ? "path" : "module_out");
  *Out = nullptr;
  try {
    return adoptModule(Module::load(E->E, Path), Out);
  } catch (...) {
    return internalError();
  }
}

wasmaot_error_t *wasmaot_module_new(wasmaot_engine_t *E, const uint8_t *Bytes,
                                    size_t Len, wasmaot_module_t **Out) {
  if (!E || (!Bytes && Len) || !Out)
    return nullArg(!E ? "engine" : !Out ? "module_out" : "bytes");
  *Out = nullptr;
  try {
    return adoptModule(
        Module::loadBytes(E->E, std::span<const uint8_t>(Bytes, Len)), Out);
  } catch (...) {
    return internalError();
  }
}
void wasmaot_module_delete(wasmaot_module_t *M) { delete M; }

// ---- Stores

wasmaot_store_t *wasmaot_store_new(wasmaot_engine_t *E) {
  try {
    return new wasmaot_store(E->E);
  } catch (...) {
    return nullptr;
  }
}
void wasmaot_store_delete(wasmaot_store_t *S) { delete S; }

// ---- Linker

wasmaot_linker_t *wasmaot_linker_new(wasmaot_engine_t *E) {
  try {
    return new wasmaot_linker{Linker(E->E)};
  } catch (...) {
    return nullptr;
  }
}
void wasmaot_linker_delete(wasmaot_linker_t *L) { delete L; }

namespace {

/// The C callback with its env; the finalizer runs when the last copy of
/// the host function's callback (linker definitions, instances) is gone.
struct CallbackEnv {
  CallbackEnv(wasmaot_func_callback_t Fn, void *Env,
              wasmaot_finalizer_t Finalizer)
      : Fn(Fn), Env(Env), Finalizer(Finalizer) {}
  CallbackEnv(const CallbackEnv &) = delete; // one finalizer call
  CallbackEnv &operator=(const CallbackEnv &) = delete;
  wasmaot_func_callback_t Fn;
  void *Env;
  wasmaot_finalizer_t Finalizer;
  ~CallbackEnv() {
    if (Finalizer)
      Finalizer(Env);
  }
};

std::optional<Trap> callC(const CallbackEnv &CB, Caller &C,
                          std::span<const Val> Args, std::span<Val> Results) {
  std::vector<wasmaot_val_t> In(Args.size()), Out(Results.size());
  for (size_t I = 0; I < Args.size(); ++I)
    In[I] = fromVal(Args[I]);
  for (size_t I = 0; I < Results.size(); ++I)
    Out[I] = fromVal(Results[I]);
  wasmaot_trap_t *T =
      CB.Fn(CB.Env, reinterpret_cast<wasmaot_caller_t *>(&C), In.data(),
            In.size(), Out.data(), Out.size());
  if (T) {
    Trap Tr = std::move(T->T);
    delete T;
    return Tr;
  }
  for (size_t I = 0; I < Results.size(); ++I) {
    if (!validKind(Out[I].kind))
      return Trap::host("host function returned an invalid value kind");
    Results[I] = toVal(Out[I]);
  }
  return std::nullopt;
}

} // namespace

wasmaot_error_t *wasmaot_linker_define_func(
    wasmaot_linker_t *L, const char *Module, const char *Name,
    const wasmaot_valkind_t *Params, size_t NParams,
    const wasmaot_valkind_t *Results, size_t NResults,
    wasmaot_func_callback_t Fn, void *Env, wasmaot_finalizer_t Finalizer) {
  try {
    // Owned from here on, so the finalizer runs even if we refuse.
    auto CB = std::make_shared<CallbackEnv>(Fn, Env, Finalizer);
    if (!L || !Module || !Name || !Fn)
      return nullArg(!L ? "linker" : !Module ? "module" : !Name ? "name"
                                                               : "callback");
    FuncType T;
    for (size_t I = 0; I < NParams + NResults; ++I) {
      wasmaot_valkind_t K = I < NParams ? Params[I] : Results[I - NParams];
      if (!validKind(K))
        return makeCError(ErrorKind::Invalid,
                          fmt::format("host function \"{}\" \"{}\": invalid "
                                      "value kind {:#x}",
                                      Module, Name, unsigned(K)));
      (I < NParams ? T.Params : T.Results).push_back(ValType(K));
    }
    L->L.defineFunc(Module, Name, std::move(T),
                    [CB](Caller &C, std::span<const Val> A,
                         std::span<Val> R) { return callC(*CB, C, A, R); });
    return nullptr;
  } catch (...) {
    return internalError();
  }
}

wasmaot_error_t *wasmaot_linker_define_instance(wasmaot_linker_t *L,
                                                const char *ModuleName,
                                                const wasmaot_instance_t *I) {
  if (!L || !ModuleName || !I)
    return nullArg(!L ? "linker" : !ModuleName ? "module_name" : "instance");
  try {
    L->L.defineInstance(ModuleName, *cInstance(I));
    return nullptr;
  } catch (...) {
    return internalError();
  }
}

wasmaot_error_t *wasmaot_linker_instantiate(const wasmaot_linker_t *L,
                                            wasmaot_store_t *S,
                                            const wasmaot_module_t *M,
                                            wasmaot_instance_t **InstOut,
                                            wasmaot_trap_t **TrapOut) {
  if (InstOut)
    *InstOut = nullptr;
  if (TrapOut)
    *TrapOut = nullptr;
  if (!L || !S || !M || !InstOut || !TrapOut)
    return nullArg(!L ? "linker" : !S ? "store" : !M ? "module"
                                 : !InstOut ? "inst_out" : "trap_out");
  try {
    Outcome<Instance *> R = L->L.instantiate(S->S, *M->M);
    if (R.isError())
      return makeCError(R.takeError());
    if (R.isTrap()) {
      *TrapOut = makeCTrap(R.takeTrap());
      return nullptr;
    }
    *InstOut = reinterpret_cast<wasmaot_instance_t *>(*R);
    return nullptr;
  } catch (...) {
    return internalError();
  }
}

// ---- Caller

wasmaot_memory_t *wasmaot_caller_memory(const wasmaot_caller_t *C,
                                        const char *Name) {
  const Caller *Cl = reinterpret_cast<const Caller *>(C);
  Memory *M = nullptr;
  if (!Name)
    M = Cl->memory0();
  else if (Cl->instance())
    M = Cl->instance()->getMemory(Name);
  return reinterpret_cast<wasmaot_memory_t *>(M);
}

wasmaot_instance_t *wasmaot_caller_instance(const wasmaot_caller_t *C) {
  return reinterpret_cast<wasmaot_instance_t *>(
      reinterpret_cast<const Caller *>(C)->instance());
}

// ---- Instances

wasmaot_func_t *wasmaot_instance_get_func(const wasmaot_instance_t *I,
                                          const char *Name) {
  try {
    std::optional<Func> F = cInstance(I)->getFunc(Name);
    return F ? new wasmaot_func{std::move(*F)} : nullptr;
  } catch (...) {
    return nullptr;
  }
}
wasmaot_memory_t *wasmaot_instance_get_memory(const wasmaot_instance_t *I,
                                              const char *Name) {
  return reinterpret_cast<wasmaot_memory_t *>(cInstance(I)->getMemory(Name));
}
wasmaot_table_t *wasmaot_instance_get_table(const wasmaot_instance_t *I,
                                            const char *Name) {
  return reinterpret_cast<wasmaot_table_t *>(cInstance(I)->getTable(Name));
}
wasmaot_global_t *wasmaot_instance_get_global(const wasmaot_instance_t *I,
                                              const char *Name) {
  return reinterpret_cast<wasmaot_global_t *>(cInstance(I)->getGlobal(Name));
}
size_t wasmaot_instance_export_count(const wasmaot_instance_t *I) {
  return cInstance(I)->module().meta().Exports.size();
}
const char *wasmaot_instance_export_name(const wasmaot_instance_t *I,
                                         size_t Idx) {
  const auto &Exports = cInstance(I)->module().meta().Exports;
  return Idx < Exports.size() ? Exports[Idx].Name.c_str() : nullptr;
}
void wasmaot_instance_set_epoch_deadline(wasmaot_instance_t *I,
                                         uint64_t Ticks) {
  cInstance(I)->setEpochDeadline(Ticks);
}

// ---- Functions

void wasmaot_func_delete(wasmaot_func_t *F) { delete F; }
size_t wasmaot_func_param_count(const wasmaot_func_t *F) {
  return F->F.type().Params.size();
}
size_t wasmaot_func_result_count(const wasmaot_func_t *F) {
  return F->F.type().Results.size();
}
wasmaot_valkind_t wasmaot_func_param_kind(const wasmaot_func_t *F, size_t I) {
  return wasmaot_valkind_t(F->F.type().Params.at(I));
}
wasmaot_valkind_t wasmaot_func_result_kind(const wasmaot_func_t *F, size_t I) {
  return wasmaot_valkind_t(F->F.type().Results.at(I));
}

wasmaot_error_t *wasmaot_func_call(const wasmaot_func_t *F,
                                   const wasmaot_val_t *Args, size_t NArgs,
                                   wasmaot_val_t *Results, size_t NResults,
                                   wasmaot_trap_t **TrapOut) {
  if (TrapOut)
    *TrapOut = nullptr;
  if (!F || !TrapOut || (NArgs && !Args) || (NResults && !Results))
    return nullArg(!F ? "func" : !TrapOut ? "trap_out" : "args or results");
  try {
    const FuncType &T = F->F.type();
    if (NResults != T.Results.size())
      return makeCError(ErrorKind::Invalid,
                        fmt::format("the function has {} results, not {}",
                                    T.Results.size(), NResults));
    std::vector<Val> In(NArgs);
    for (size_t I = 0; I < NArgs; ++I) {
      if (!validKind(Args[I].kind))
        return makeCError(ErrorKind::Invalid,
                          fmt::format("argument {} has an invalid value kind "
                                      "{:#x}",
                                      I, unsigned(Args[I].kind)));
      In[I] = toVal(Args[I]);
    }
    Outcome<std::vector<Val>> R = F->F.call(In); // checks arity and types
    if (R.isError())
      return makeCError(R.takeError());
    if (R.isTrap()) {
      *TrapOut = makeCTrap(R.takeTrap());
      return nullptr;
    }
    for (size_t I = 0; I < NResults; ++I)
      Results[I] = fromVal((*R)[I]);
    return nullptr;
  } catch (...) {
    return internalError();
  }
}

// ---- Memories

uint8_t *wasmaot_memory_data(const wasmaot_memory_t *M) {
  return cMemory(M)->data();
}
size_t wasmaot_memory_data_size(const wasmaot_memory_t *M) {
  return size_t(cMemory(M)->size());
}
uint64_t wasmaot_memory_size(const wasmaot_memory_t *M) {
  return cMemory(M)->pages();
}
bool wasmaot_memory_grow(wasmaot_memory_t *M, uint64_t Delta, uint64_t *Old) {
  int64_t R = cMemory(M)->grow(Delta);
  if (R < 0)
    return false;
  if (Old)
    *Old = uint64_t(R);
  return true;
}

// ---- Tables

uint64_t wasmaot_table_size(const wasmaot_table_t *T) {
  return cTable(T)->size();
}
bool wasmaot_table_get(const wasmaot_table_t *T, uint64_t Index,
                       wasmaot_val_t *Out) {
  std::optional<Val> V = cTable(T)->get(Index);
  if (!V)
    return false;
  *Out = fromVal(*V);
  return true;
}
bool wasmaot_table_set(wasmaot_table_t *T, uint64_t Index,
                       const wasmaot_val_t *V) {
  if (!V || !validKind(V->kind))
    return false;
  return cTable(T)->set(Index, toVal(*V));
}
bool wasmaot_table_grow(wasmaot_table_t *T, uint64_t Delta,
                        const wasmaot_val_t *Init, uint64_t *Old) {
  Val I = Val::zero(cTable(T)->elemType());
  if (Init) {
    if (!validKind(Init->kind) || ValType(Init->kind) != cTable(T)->elemType())
      return false;
    I = toVal(*Init);
  }
  try {
    int64_t R = cTable(T)->grow(Delta, I);
    if (R < 0)
      return false;
    if (Old)
      *Old = uint64_t(R);
    return true;
  } catch (...) {
    return false;
  }
}

// ---- Globals

wasmaot_valkind_t wasmaot_global_kind(const wasmaot_global_t *G) {
  return wasmaot_valkind_t(cGlobal(G)->type().Type);
}
bool wasmaot_global_mutable(const wasmaot_global_t *G) {
  return cGlobal(G)->type().Mutable;
}
void wasmaot_global_get(const wasmaot_global_t *G, wasmaot_val_t *Out) {
  *Out = fromVal(cGlobal(G)->get());
}
wasmaot_error_t *wasmaot_global_set(wasmaot_global_t *G,
                                    const wasmaot_val_t *V) {
  if (!G || !V)
    return nullArg(!G ? "global" : "val");
  if (!validKind(V->kind))
    return makeCError(ErrorKind::Invalid, "invalid value kind");
  try {
    Status S = cGlobal(G)->set(toVal(*V));
    return S ? nullptr : makeCError(S.takeError());
  } catch (...) {
    return internalError();
  }
}

// ---- Version

uint32_t wasmaot_artifact_format_version(void) {
  return artifactFormatVersion();
}

} // extern "C"
