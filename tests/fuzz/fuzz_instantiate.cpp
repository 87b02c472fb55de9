// libFuzzer target (3) of issue #9: compile + instantiate + call every export
// of *valid* modules. Random bytes almost never validate, so the compiler
// and the runtime would only see rejects; instead the input drives binaryen's
// `wasm-opt --translate-to-fuzz` (the generator binaryen fuzzes itself with),
// which turns any bytes into a valid, rich module: loops, calls, indirect
// calls, memory and table ops, SIMD, traps of every kind.
//
//   input  = KNOBS ‖ RANDOM
//   KNOBS  bit 0: -O2 (else -O0)      bit 1: explicit bounds checks (else guard)
//          bit 2: wasm-opt -O2 on the generated module first
//          bits 5-7: which row of the argument tables every export gets
//   RANDOM the bytes translate-to-fuzz consumes (written to a temporary file)
//
// wasm-opt runs as a subprocess (~40 ms; compiling costs more): binaryen has
// no library API for translate-to-fuzz, and a subprocess keeps its own bugs
// out of this process. libFuzzer sees coverage of wasmaot only, so it learns
// which RANDOM bytes steer the generator into new wasmaot code.
// WASMAOT_FUZZ_SAVE=FILE copies each generated module to FILE (to look at
// the module behind a crashing input).
//
// Resource limits (fuzz_support.h): 64 MiB memories, 100,000-element tables,
// 256 KiB of wasm stack, an epoch deadline of ~20 ms per call (and for the
// start function). Traps, link errors and limit errors are expected. A bug
// is: a crash or sanitizer report, a hang, a module binaryen generated that
// wasmaot does not read or validate, or a compile or load error other than
// `unsupported`.
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "fuzz_support.h"
#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"

extern char **environ;

using namespace wasmaot;
using runtime::Val;
using runtime::ValType;

namespace {

// Wasm 2.0 as wasmaot implements it, as in tests/diff/run_diff.py: binaryen
// 108 still types externref as a supertype of funcref, so no reference
// types.
const char *const Features[] = {
    "--disable-threads",        "--disable-exception-handling",
    "--disable-tail-call",      "--disable-gc",
    "--disable-memory64",       "--disable-typed-function-references",
    "--disable-relaxed-simd",   "--disable-extended-const",
    "--disable-reference-types", "--enable-simd",
    "--enable-bulk-memory",     "--enable-multivalue",
    "--enable-sign-ext",        "--enable-nontrapping-float-to-int",
    "--enable-mutable-globals"};

// The fixed arguments: parameter K gets entry (Row + 7 * K) % 8 of its
// type's table (the edge values of tests/diff/diff_driver.cpp).
const uint32_t I32Args[8] = {0,          1,          0xffffffff, 42,
                             0x7fffffff, 0x80000000, 0x10000,    7};
const uint64_t I64Args[8] = {0, 1, ~0ull, 42, 0x7fffffffffffffffull,
                             0x8000000000000000ull, 0x100000000ull, 7};
const double FloatArgs[8] = {0, 1, -1, 0.5, -0.0, 1e10, 1.0 / 0.0, -1.0 / 0.0};

Val argFor(ValType T, unsigned Row, unsigned K) {
  unsigned I = (Row + 7 * K) % 8;
  switch (T) {
  case ValType::I32:
    return Val::fromI32(int32_t(I32Args[I]));
  case ValType::I64:
    return Val::fromI64(int64_t(I64Args[I]));
  case ValType::F32:
    return Val::fromF32(float(FloatArgs[I]));
  case ValType::F64:
    return Val::fromF64(FloatArgs[I]);
  case ValType::V128: {
    runtime::V128 V;
    for (unsigned L = 0; L < 4; ++L)
      std::memcpy(V.Bytes + 4 * L, &I32Args[(I + L) % 8], 4);
    return Val::fromV128(V);
  }
  case ValType::FuncRef:
  case ValType::ExternRef:
    return Val::zero(T);
  }
  return Val::zero(T);
}

const char *wasmOpt() {
  if (const char *P = std::getenv("WASMAOT_WASM_OPT"))
    return P;
  return WASMAOT_FUZZ_WASM_OPT;
}

/// A private directory for the two files wasm-opt reads and writes.
const std::string &workDir() {
  static const std::string Dir = [] {
    const char *Tmp = std::getenv("TMPDIR");
    std::string T = std::string(Tmp && *Tmp ? Tmp : "/tmp") +
                    "/wasmaot-fuzz-XXXXXX";
    if (!mkdtemp(T.data())) {
      std::perror("fuzz: mkdtemp");
      std::abort();
    }
    return T;
  }();
  return Dir;
}

/// Runs wasm-opt -ttf on \p Random; the generated module, or nothing when
/// wasm-opt itself fails (its problem, not ours: reported, not a finding).
std::optional<std::vector<uint8_t>> generate(std::span<const uint8_t> Random,
                                             bool Optimize) {
  std::string In = workDir() + "/in.dat", Out = workDir() + "/out.wasm";
  {
    std::ofstream F(In, std::ios::binary | std::ios::trunc);
    F.write(reinterpret_cast<const char *>(Random.data()),
            std::streamsize(Random.size()));
  }
  ::unlink(Out.c_str());
  std::vector<std::string> Args = {wasmOpt(), In, "-ttf"};
  Args.insert(Args.end(), std::begin(Features), std::end(Features));
  if (Optimize)
    Args.push_back("-O2");
  Args.insert(Args.end(), {"-o", Out});
  std::vector<char *> Argv;
  for (std::string &A : Args)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);

  posix_spawn_file_actions_t Fa;
  posix_spawn_file_actions_init(&Fa);
  posix_spawn_file_actions_addopen(&Fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&Fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t Pid;
  int Rc = posix_spawn(&Pid, Argv[0], &Fa, nullptr, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&Fa);
  if (Rc != 0) {
    std::fprintf(stderr, "fuzz: cannot run %s: %s (set WASMAOT_WASM_OPT)\n",
                 Argv[0], std::strerror(Rc));
    std::exit(2);
  }
  int St = 0;
  while (waitpid(Pid, &St, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(St) || WEXITSTATUS(St) != 0) {
    std::fprintf(stderr, "fuzz: wasm-opt -ttf failed (status %d)\n", St);
    return std::nullopt;
  }
  std::ifstream F(Out, std::ios::binary);
  std::vector<uint8_t> Wasm((std::istreambuf_iterator<char>(F)), {});
  if (const char *Save = std::getenv("WASMAOT_FUZZ_SAVE")) // to reproduce
    std::ofstream(Save, std::ios::binary)
        .write(reinterpret_cast<const char *>(Wasm.data()),
               std::streamsize(Wasm.size()));
  return Wasm;
}

[[noreturn]] void finding(const char *What, const Error &E) {
  std::fprintf(stderr, "fuzz: %s: %s\n", What,
               E.format("generated.wasm").c_str());
  std::abort();
}

bool expectedRefusal(const Error &E) {
  return E.Kind == ErrorKind::Unsupported || E.Kind == ErrorKind::Limit;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  if (Size == 0)
    return 0;
  uint8_t Knobs = Data[0];
  auto Wasm = generate({Data + 1, Size - 1}, Knobs & 4);
  if (!Wasm)
    return 0;
  auto M = frontend::readModule(*Wasm);
  if (!M) {
    if (expectedRefusal(M.error()))
      return 0;
    finding("binaryen's module does not read", M.error());
  }
  if (Status V = frontend::validateModule(*M); !V) {
    if (expectedRefusal(V.error()))
      return 0;
    finding("binaryen's module does not validate", V.error());
  }
  codegen::CompileOptions Opts;
  Opts.OptLevel = Knobs & 1 ? 2 : 0;
  Opts.Bounds = Knobs & 2 ? codegen::BoundsChecks::Explicit
                          : codegen::BoundsChecks::Guard;
  Opts.EpochInterruption = true;
  auto So = codegen::compileModule(*M, Opts);
  if (!So) {
    if (So.error().Kind == ErrorKind::Unsupported)
      return 0;
    finding("compile error", So.error());
  }
  runtime::Engine &E = fuzz::engine();
  auto Mod = runtime::Module::loadBytes(E, *So);
  if (!Mod)
    finding("load error", Mod.error());
  runtime::Store S(E);
  runtime::Linker L(E);
  fuzz::stubImports(L, S, **Mod);
  auto Inst = L.instantiate(S, **Mod);
  if (!Inst)
    return 0; // link errors (the caps) and instantiation traps are fine
  unsigned Row = Knobs >> 5;
  for (const auto &[Name, Ext] : (*Inst)->exports()) {
    if (Ext.Kind != frontend::ExternKind::Func)
      continue;
    std::vector<Val> Args;
    const runtime::FuncType &T = Ext.F.type();
    for (unsigned K = 0; K < T.Params.size(); ++K)
      Args.push_back(argFor(T.Params[K], Row, K));
    (*Inst)->setEpochDeadline(4);
    (void)Ext.F.call(Args);
  }
  return 0;
}
