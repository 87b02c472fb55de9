// The C API's WASI half: wasmaot_wasi_config_* build a WasiConfig (which
// grants nothing until told), wasmaot_linker_define_wasi turns it into a
// WasiCtx owned by a store and registers the preview1 imports bound to it,
// and wasmaot_instance_run_wasi_start runs a command.
#include "capi_internal.h"

using namespace wasmaot;
using namespace wasmaot::runtime;
using namespace wasmaot::runtime::capi;

extern "C" {

wasmaot_wasi_config_t *wasmaot_wasi_config_new(void) {
  try {
    return new wasmaot_wasi_config();
  } catch (...) {
    return nullptr;
  }
}
void wasmaot_wasi_config_delete(wasmaot_wasi_config_t *C) { delete C; }

void wasmaot_wasi_config_push_arg(wasmaot_wasi_config_t *C, const char *A) {
  try {
    C->C.Args.emplace_back(A ? A : "");
  } catch (...) {
  }
}
void wasmaot_wasi_config_push_env(wasmaot_wasi_config_t *C, const char *K,
                                  const char *V) {
  try {
    C->C.Env.emplace_back(K ? K : "", V ? V : "");
  } catch (...) {
  }
}
void wasmaot_wasi_config_preopen_dir(wasmaot_wasi_config_t *C,
                                     const char *Host, const char *Guest,
                                     bool ReadOnly) {
  try {
    std::string H = Host ? Host : "";
    C->C.Preopens.push_back({H, Guest ? Guest : H, ReadOnly});
  } catch (...) {
  }
}
void wasmaot_wasi_config_inherit_stdio(wasmaot_wasi_config_t *C) {
  C->C.InheritStdio = true;
}
void wasmaot_wasi_config_stdio_fds(wasmaot_wasi_config_t *C, int In, int Out,
                                   int Err) {
  C->C.StdinFd = In;
  C->C.StdoutFd = Out;
  C->C.StderrFd = Err;
}
void wasmaot_wasi_config_allow_clocks(wasmaot_wasi_config_t *C, bool Allow) {
  C->C.AllowClocks = Allow;
}
void wasmaot_wasi_config_allow_random(wasmaot_wasi_config_t *C, bool Allow) {
  C->C.AllowRandom = Allow;
}

wasmaot_error_t *wasmaot_linker_define_wasi(wasmaot_linker_t *L,
                                            wasmaot_store_t *S,
                                            const wasmaot_wasi_config_t *C) {
  if (!L || !S || !C)
    return nullArg(!L ? "linker" : !S ? "store" : "wasi config");
  try {
    Expected<std::unique_ptr<WasiCtx>> Ctx = WasiCtx::create(C->C);
    if (!Ctx)
      return makeCError(Ctx.takeError());
    defineWasi(L->L, **Ctx);
    S->Wasi.push_back(std::move(*Ctx));
    return nullptr;
  } catch (...) {
    return internalError();
  }
}

wasmaot_error_t *wasmaot_instance_run_wasi_start(wasmaot_instance_t *I,
                                                 int32_t *ExitCode,
                                                 wasmaot_trap_t **TrapOut) {
  if (TrapOut)
    *TrapOut = nullptr;
  if (!I || !ExitCode || !TrapOut)
    return nullArg(!I ? "instance" : !ExitCode ? "exit_code" : "trap_out");
  try {
    Outcome<int32_t> R = runWasiStart(*cInstance(I));
    if (R.isError())
      return makeCError(R.takeError());
    if (R.isTrap()) {
      *TrapOut = makeCTrap(R.takeTrap());
      return nullptr;
    }
    *ExitCode = *R;
    return nullptr;
  } catch (...) {
    return internalError();
  }
}

} // extern "C"
