// The C API (wasmaot.h) on real artifacts: loading (file and bytes) and its
// errors, host functions with env and finalizer that read the caller's
// memory and trap, link errors naming the import, calls with argument and
// result checks, traps with code, message and frames, memories, globals,
// tables, exports, limits, epoch interruption from another thread, and a
// WASI command writing into a preopened directory.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "wasmaot/wasmaot.h"
#include "wat_compile.h"

using wasmaot::test::compileWat;

namespace {

/// Fails the test with the error's message, and frees it.
::testing::AssertionResult noError(wasmaot_error_t *E) {
  if (!E)
    return ::testing::AssertionSuccess();
  std::string M = wasmaot_error_message(E);
  wasmaot_error_delete(E);
  return ::testing::AssertionFailure() << M;
}

wasmaot_val_t i32(int32_t X) {
  wasmaot_val_t V{};
  V.kind = WASMAOT_I32;
  V.of.i32 = X;
  return V;
}

const char *kWat = R"((module $capi
  (import "env" "peek" (func $peek (param i32) (result i32)))
  (memory (export "memory") 1 4)
  (global (export "counter") (mut i64) (i64.const 5))
  (global (export "fixed") f32 (f32.const 1.5))
  (table (export "table") 2 funcref)
  (data (i32.const 100) "\07")
  (func $inner (param i32) (result i32)
    (i32.div_s (i32.const 1) (local.get 0)))
  (func (export "div") (param i32) (result i32) (call $inner (local.get 0)))
  (func (export "peek") (param i32) (result i32) (call $peek (local.get 0)))
  (func (export "bump") (result i64)
    (global.set 0 (i64.add (global.get 0) (i64.const 1))) (global.get 0)))
)";

struct PeekEnv {
  int Calls = 0;
  int *Finalized = nullptr;
};

wasmaot_trap_t *peek(void *Env, wasmaot_caller_t *Caller,
                     const wasmaot_val_t *Args, size_t NArgs,
                     wasmaot_val_t *Results, size_t NResults) {
  auto *P = static_cast<PeekEnv *>(Env);
  ++P->Calls;
  EXPECT_EQ(NArgs, 1u);
  EXPECT_EQ(NResults, 1u);
  EXPECT_EQ(Results[0].kind, WASMAOT_I32); // pre-set to a zero i32
  wasmaot_memory_t *M = wasmaot_caller_memory(Caller, "memory");
  EXPECT_EQ(M, wasmaot_caller_memory(Caller, nullptr));
  uint32_t Addr = uint32_t(Args[0].of.i32);
  if (!M || Addr >= wasmaot_memory_data_size(M))
    return wasmaot_trap_new("peek: out of bounds");
  Results[0] = i32(wasmaot_memory_data(M)[Addr]);
  return nullptr;
}

void finalize(void *Env) { ++*static_cast<PeekEnv *>(Env)->Finalized; }

TEST(CodegenCApi, ModulesErrorsCallsTrapsAndObjects) {
  NEED_WAT2WASM();
  wasmaot::codegen::CompileOptions O;
  O.OptLevel = 0; // keep $inner a frame of its own
  std::vector<uint8_t> So = compileWat(kWat, O);
  int Finalized = 0;
  PeekEnv Env{0, &Finalized};
  {
    wasmaot_config_t *C = wasmaot_config_new();
    wasmaot_config_max_memory_pages(C, 3);
    wasmaot_engine_t *E = wasmaot_engine_new_with_config(C);
    ASSERT_NE(E, nullptr);

    wasmaot_module_t *M = nullptr;
    wasmaot_error_t *Err =
        wasmaot_module_load_file(E, "/nonexistent/x.so", &M);
    ASSERT_NE(Err, nullptr);
    EXPECT_EQ(wasmaot_error_kind(Err), WASMAOT_ERROR_IO);
    EXPECT_NE(std::strlen(wasmaot_error_message(Err)), 0u);
    wasmaot_error_delete(Err);
    const uint8_t Junk[] = {1, 2, 3};
    Err = wasmaot_module_new(E, Junk, sizeof(Junk), &M);
    ASSERT_NE(Err, nullptr);
    EXPECT_EQ(M, nullptr);
    wasmaot_error_delete(Err);
    ASSERT_TRUE(noError(wasmaot_module_new(E, So.data(), So.size(), &M)));

    wasmaot_store_t *S = wasmaot_store_new(E);
    wasmaot_linker_t *L = wasmaot_linker_new(E);
    wasmaot_instance_t *I = nullptr;
    wasmaot_trap_t *T = nullptr;
    // Unlinkable: the import is missing, then mistyped.
    Err = wasmaot_linker_instantiate(L, S, M, &I, &T);
    ASSERT_NE(Err, nullptr);
    EXPECT_EQ(wasmaot_error_kind(Err), WASMAOT_ERROR_LINK);
    EXPECT_STREQ(wasmaot_error_message(Err),
                 "import \"env\" \"peek\": unknown import");
    wasmaot_error_delete(Err);
    const wasmaot_valkind_t I32 = WASMAOT_I32, I64 = WASMAOT_I64;
    ASSERT_TRUE(noError(wasmaot_linker_define_func(
        L, "env", "peek", &I64, 1, &I32, 1, peek, &Env, finalize)));
    Err = wasmaot_linker_instantiate(L, S, M, &I, &T);
    ASSERT_NE(Err, nullptr);
    EXPECT_NE(std::string(wasmaot_error_message(Err))
                  .find("import \"env\" \"peek\": function type mismatch"),
              std::string::npos);
    wasmaot_error_delete(Err);
    EXPECT_EQ(Finalized, 0);
    ASSERT_TRUE(noError(wasmaot_linker_define_func(
        L, "env", "peek", &I32, 1, &I32, 1, peek, &Env, finalize)));
    EXPECT_EQ(Finalized, 1); // the replaced definition is gone
    ASSERT_TRUE(noError(wasmaot_linker_instantiate(L, S, M, &I, &T)));
    ASSERT_EQ(T, nullptr);
    ASSERT_NE(I, nullptr);

    // Exports.
    ASSERT_EQ(wasmaot_instance_export_count(I), 7u);
    EXPECT_STREQ(wasmaot_instance_export_name(I, 0), "memory");
    EXPECT_EQ(wasmaot_instance_get_func(I, "nope"), nullptr);
    EXPECT_EQ(wasmaot_instance_get_memory(I, "div"), nullptr);

    // A host function reading the caller's memory, and trapping.
    wasmaot_func_t *Peek = wasmaot_instance_get_func(I, "peek");
    ASSERT_NE(Peek, nullptr);
    wasmaot_val_t Arg = i32(100), Res;
    ASSERT_TRUE(noError(wasmaot_func_call(Peek, &Arg, 1, &Res, 1, &T)));
    ASSERT_EQ(T, nullptr);
    EXPECT_EQ(Res.kind, WASMAOT_I32);
    EXPECT_EQ(Res.of.i32, 7);
    Arg = i32(1 << 20);
    ASSERT_TRUE(noError(wasmaot_func_call(Peek, &Arg, 1, &Res, 1, &T)));
    ASSERT_NE(T, nullptr);
    EXPECT_EQ(wasmaot_trap_code(T), WASMAOT_TRAP_HostTrap);
    EXPECT_STREQ(wasmaot_trap_message(T), "peek: out of bounds");
    wasmaot_trap_delete(T);
    EXPECT_EQ(Env.Calls, 2);

    // A wasm trap: code, spec message, frames innermost first with names.
    wasmaot_func_t *Div = wasmaot_instance_get_func(I, "div");
    EXPECT_EQ(wasmaot_func_param_count(Div), 1u);
    EXPECT_EQ(wasmaot_func_result_kind(Div, 0), WASMAOT_I32);
    Arg = i32(0);
    ASSERT_TRUE(noError(wasmaot_func_call(Div, &Arg, 1, &Res, 1, &T)));
    ASSERT_NE(T, nullptr);
    EXPECT_EQ(wasmaot_trap_code(T), WASMAOT_TRAP_IntDivByZero);
    EXPECT_STREQ(wasmaot_trap_message(T), "integer divide by zero");
    ASSERT_GE(wasmaot_trap_frame_count(T), 1u);
    EXPECT_STREQ(wasmaot_trap_frame_func_name(T, 0), "inner");
    EXPECT_EQ(wasmaot_trap_frame_func_index(T, 0), 1u);
    EXPECT_NE(std::string(wasmaot_trap_format(T)).find("integer divide"),
              std::string::npos);
    int32_t Status;
    EXPECT_FALSE(wasmaot_trap_exit_status(T, &Status));
    wasmaot_trap_delete(T);
    Arg = i32(-1);
    ASSERT_TRUE(noError(wasmaot_func_call(Div, &Arg, 1, &Res, 1, &T)));
    EXPECT_EQ(Res.of.i32, -1);

    // Argument and result checks: nothing runs.
    wasmaot_val_t Bad{};
    Bad.kind = WASMAOT_I64;
    Err = wasmaot_func_call(Div, &Bad, 1, &Res, 1, &T);
    EXPECT_NE(Err, nullptr);
    wasmaot_error_delete(Err);
    Err = wasmaot_func_call(Div, &Arg, 1, nullptr, 0, &T);
    EXPECT_NE(Err, nullptr);
    wasmaot_error_delete(Err);
    Bad.kind = 0x42;
    Err = wasmaot_func_call(Div, &Bad, 1, &Res, 1, &T);
    EXPECT_NE(Err, nullptr);
    wasmaot_error_delete(Err);

    // Memory: grow up to the engine's cap (3 pages), not beyond.
    wasmaot_memory_t *Mem = wasmaot_instance_get_memory(I, "memory");
    ASSERT_NE(Mem, nullptr);
    EXPECT_EQ(wasmaot_memory_size(Mem), 1u);
    uint64_t Old = 0;
    EXPECT_TRUE(wasmaot_memory_grow(Mem, 2, &Old));
    EXPECT_EQ(Old, 1u);
    EXPECT_EQ(wasmaot_memory_data_size(Mem), 3u * 65536);
    EXPECT_FALSE(wasmaot_memory_grow(Mem, 1, &Old));
    wasmaot_memory_data(Mem)[3 * 65536 - 1] = 9;
    Arg = i32(3 * 65536 - 1);
    ASSERT_TRUE(noError(wasmaot_func_call(Peek, &Arg, 1, &Res, 1, &T)));
    EXPECT_EQ(Res.of.i32, 9);

    // Globals: wasm and host see one cell; immutables refuse writes.
    wasmaot_global_t *G = wasmaot_instance_get_global(I, "counter");
    ASSERT_NE(G, nullptr);
    EXPECT_EQ(wasmaot_global_kind(G), WASMAOT_I64);
    EXPECT_TRUE(wasmaot_global_mutable(G));
    wasmaot_val_t V;
    wasmaot_global_get(G, &V);
    EXPECT_EQ(V.of.i64, 5);
    V.of.i64 = 41;
    ASSERT_TRUE(noError(wasmaot_global_set(G, &V)));
    wasmaot_func_t *Bump = wasmaot_instance_get_func(I, "bump");
    ASSERT_TRUE(noError(wasmaot_func_call(Bump, nullptr, 0, &Res, 1, &T)));
    EXPECT_EQ(Res.of.i64, 42);
    wasmaot_global_t *F = wasmaot_instance_get_global(I, "fixed");
    wasmaot_global_get(F, &V);
    EXPECT_EQ(V.kind, WASMAOT_F32);
    EXPECT_EQ(V.of.f32, 1.5f);
    Err = wasmaot_global_set(F, &V);
    EXPECT_NE(Err, nullptr);
    wasmaot_error_delete(Err);

    // Tables: a function reference round-trips through the C value.
    wasmaot_table_t *Tab = wasmaot_instance_get_table(I, "table");
    ASSERT_NE(Tab, nullptr);
    EXPECT_EQ(wasmaot_table_size(Tab), 2u);
    ASSERT_TRUE(wasmaot_table_get(Tab, 0, &V));
    EXPECT_EQ(V.kind, WASMAOT_FUNCREF);
    EXPECT_EQ(V.of.ref, nullptr);
    EXPECT_FALSE(wasmaot_table_get(Tab, 2, &V));
    EXPECT_TRUE(wasmaot_table_grow(Tab, 1, nullptr, &Old));
    EXPECT_EQ(Old, 2u);
    EXPECT_FALSE(wasmaot_table_set(Tab, 0, &Arg)); // an i32 is no funcref

    // A second instance through the same linker shares nothing but code.
    wasmaot_instance_t *I2;
    ASSERT_TRUE(noError(wasmaot_linker_instantiate(L, S, M, &I2, &T)));
    EXPECT_NE(wasmaot_instance_get_memory(I2, "memory"), Mem);

    for (wasmaot_func_t *Fn : {Peek, Div, Bump})
      wasmaot_func_delete(Fn);
    wasmaot_linker_delete(L);
    EXPECT_EQ(Finalized, 1); // the instances still hold the host function
    wasmaot_store_delete(S);
    wasmaot_module_delete(M);
    wasmaot_engine_delete(E);
  }
  EXPECT_EQ(Finalized, 2);
}

TEST(CodegenCApi, InstanceLimitAndEpochInterruption) {
  NEED_WAT2WASM();
  wasmaot::codegen::CompileOptions O;
  O.EpochInterruption = true;
  std::vector<uint8_t> So = compileWat(R"((module
    (func (export "spin") (loop $l (br $l)))))",
                                       O);
  wasmaot_config_t *C = wasmaot_config_new();
  wasmaot_config_max_instances_per_store(C, 1);
  wasmaot_engine_t *E = wasmaot_engine_new_with_config(C);
  wasmaot_module_t *M;
  ASSERT_TRUE(noError(wasmaot_module_new(E, So.data(), So.size(), &M)));
  wasmaot_store_t *S = wasmaot_store_new(E);
  wasmaot_linker_t *L = wasmaot_linker_new(E);
  wasmaot_instance_t *I;
  wasmaot_trap_t *T;
  ASSERT_TRUE(noError(wasmaot_linker_instantiate(L, S, M, &I, &T)));
  wasmaot_instance_t *I2 = nullptr;
  wasmaot_error_t *Err = wasmaot_linker_instantiate(L, S, M, &I2, &T);
  ASSERT_NE(Err, nullptr);
  EXPECT_EQ(wasmaot_error_kind(Err), WASMAOT_ERROR_LIMIT);
  wasmaot_error_delete(Err);
  EXPECT_EQ(I2, nullptr);

  // A timer thread ticks the epoch; the runaway loop traps.
  std::atomic<bool> Done{false};
  std::thread Ticker([&] {
    while (!Done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      wasmaot_engine_increment_epoch(E);
    }
  });
  wasmaot_instance_set_epoch_deadline(I, 3);
  wasmaot_func_t *Spin = wasmaot_instance_get_func(I, "spin");
  Err = wasmaot_func_call(Spin, nullptr, 0, nullptr, 0, &T);
  Done = true;
  Ticker.join();
  ASSERT_TRUE(noError(Err));
  ASSERT_NE(T, nullptr);
  EXPECT_EQ(wasmaot_trap_code(T), WASMAOT_TRAP_Interrupted);
  wasmaot_trap_delete(T);
  wasmaot_func_delete(Spin);
  wasmaot_linker_delete(L);
  wasmaot_store_delete(S);
  wasmaot_module_delete(M);
  wasmaot_engine_delete(E);
}

TEST(CodegenCApi, PoolingSlotsAreReusedAndRunOut) {
  NEED_WAT2WASM();
  std::vector<uint8_t> So = compileWat(R"((module (memory 1)
    (data (i32.const 0) "\2a")
    (func (export "f") (result i32) (i32.load (i32.const 0)))))");
  wasmaot_config_t *C = wasmaot_config_new();
  wasmaot_config_pooling(C, 1, 1 << 20);
  wasmaot_engine_t *E = wasmaot_engine_new_with_config(C);
  wasmaot_module_t *M;
  ASSERT_TRUE(noError(wasmaot_module_new(E, So.data(), So.size(), &M)));
  wasmaot_linker_t *L = wasmaot_linker_new(E);
  for (int Round = 0; Round < 3; ++Round) { // the one slot is reused
    wasmaot_store_t *S = wasmaot_store_new(E);
    wasmaot_instance_t *I;
    wasmaot_trap_t *T;
    ASSERT_TRUE(noError(wasmaot_linker_instantiate(L, S, M, &I, &T)));
    wasmaot_func_t *F = wasmaot_instance_get_func(I, "f");
    wasmaot_val_t R;
    ASSERT_TRUE(noError(wasmaot_func_call(F, nullptr, 0, &R, 1, &T)));
    EXPECT_EQ(R.of.i32, 42);
    wasmaot_store_t *S2 = wasmaot_store_new(E); // no slot left
    wasmaot_instance_t *I2 = nullptr;
    wasmaot_error_t *Err = wasmaot_linker_instantiate(L, S2, M, &I2, &T);
    ASSERT_NE(Err, nullptr);
    EXPECT_EQ(wasmaot_error_kind(Err), WASMAOT_ERROR_LIMIT);
    wasmaot_error_delete(Err);
    wasmaot_store_delete(S2);
    wasmaot_func_delete(F);
    wasmaot_store_delete(S);
  }
  wasmaot_linker_delete(L);
  wasmaot_module_delete(M);
  wasmaot_engine_delete(E);
}

TEST(CodegenCApi, WasiCommandWithPreopenedDirectory) {
  NEED_WAT2WASM();
  namespace fs = std::filesystem;
  std::ifstream Src(std::string(WASMAOT_SOURCE_DIR) +
                    "/examples/guests/greet.wat");
  std::string Wat((std::istreambuf_iterator<char>(Src)), {});
  std::vector<uint8_t> So = compileWat(Wat);
  fs::path Dir = fs::temp_directory_path() /
                 ("wasmaot-capi-wasi-" + std::to_string(::getpid()));
  fs::create_directories(Dir / "root");
  std::string OutPath = (Dir / "stdout").string();
  int OutFd = ::open(OutPath.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  ASSERT_GE(OutFd, 0);

  wasmaot_engine_t *E = wasmaot_engine_new();
  wasmaot_module_t *M;
  ASSERT_TRUE(noError(wasmaot_module_new(E, So.data(), So.size(), &M)));
  wasmaot_store_t *S = wasmaot_store_new(E);
  wasmaot_linker_t *L = wasmaot_linker_new(E);
  wasmaot_wasi_config_t *W = wasmaot_wasi_config_new();
  wasmaot_wasi_config_push_arg(W, "greet");
  wasmaot_wasi_config_preopen_dir(W, (Dir / "missing").c_str(), "/", false);
  wasmaot_error_t *Err = wasmaot_linker_define_wasi(L, S, W);
  ASSERT_NE(Err, nullptr); // a directory that cannot be opened
  EXPECT_EQ(wasmaot_error_kind(Err), WASMAOT_ERROR_IO);
  wasmaot_error_delete(Err);
  wasmaot_wasi_config_delete(W);

  W = wasmaot_wasi_config_new();
  wasmaot_wasi_config_push_arg(W, "greet");
  wasmaot_wasi_config_preopen_dir(W, (Dir / "root").c_str(), "/", false);
  wasmaot_wasi_config_stdio_fds(W, -1, OutFd, -1);
  ASSERT_TRUE(noError(wasmaot_linker_define_wasi(L, S, W)));
  wasmaot_wasi_config_delete(W);
  ::close(OutFd); // the context holds its own dup
  wasmaot_instance_t *I;
  wasmaot_trap_t *T;
  ASSERT_TRUE(noError(wasmaot_linker_instantiate(L, S, M, &I, &T)));
  ASSERT_EQ(T, nullptr);
  wasmaot_linker_delete(L); // the store keeps the WASI context
  int32_t Status = -1;
  ASSERT_TRUE(noError(wasmaot_instance_run_wasi_start(I, &Status, &T)));
  ASSERT_EQ(T, nullptr);
  EXPECT_EQ(Status, 0);
  wasmaot_store_delete(S);
  wasmaot_module_delete(M);
  wasmaot_engine_delete(E);

  auto Slurp = [](const fs::path &P) {
    std::ifstream In(P);
    return std::string((std::istreambuf_iterator<char>(In)), {});
  };
  EXPECT_EQ(Slurp(Dir / "stdout"), "hello from wasi\n");
  EXPECT_EQ(Slurp(Dir / "root" / "greeting.txt"), "hello from wasi\n");
  fs::remove_all(Dir);
}

} // namespace
