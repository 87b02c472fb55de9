// ExecBackend (see exec_backend.h): compile, cache, load, link, run.
#include "exec_backend.h"

#include <charconv>
#include <filesystem>
#include <fstream>

#include "wasmaot/abi/artifact.h"
#if WASMAOT_SPEC_CODEGEN
#include "wasmaot/codegen/compile.h"
#endif
#include "wasmaot/frontend/reader.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::spec {

namespace fs = std::filesystem;
using runtime::Val;
using frontend::ValType;

namespace {

uint64_t fnv1a(std::span<const uint8_t> Bytes, uint64_t H) {
  for (uint8_t B : Bytes)
    H = (H ^ B) * 0x100000001b3ull;
  return H;
}

Error harness(std::string Msg) {
  return Error{ErrorKind::Internal, Error::kNoOffset, std::move(Msg), {}};
}

Expected<uint64_t> parseBits(const std::string &S) {
  uint64_t V = 0;
  auto [P, Ec] = std::from_chars(S.data(), S.data() + S.size(), V);
  if (Ec != std::errc() || P != S.data() + S.size())
    return harness("bad numeric value '" + S + "'");
  return V;
}

Expected<ValType> parseType(const std::string &T) {
  if (T == "i32") return ValType::I32;
  if (T == "i64") return ValType::I64;
  if (T == "f32") return ValType::F32;
  if (T == "f64") return ValType::F64;
  if (T == "v128") return ValType::V128;
  if (T == "funcref") return ValType::FuncRef;
  if (T == "externref") return ValType::ExternRef;
  return harness("unknown value type '" + T + "'");
}

} // namespace

Expected<Val> toVal(const Value &V) {
  auto T = parseType(V.Type);
  if (!T)
    return T.takeError();
  if (*T == ValType::V128) {
    unsigned LaneBits = V.LaneType == "i8" ? 8 : V.LaneType == "i16" ? 16
                       : V.LaneType == "i32" || V.LaneType == "f32" ? 32 : 64;
    runtime::V128 Out{};
    uint8_t Bytes[16] = {};
    for (size_t K = 0; K < V.Bits.size() && K * LaneBits < 128; ++K) {
      auto B = parseBits(V.Bits[K]);
      if (!B)
        return B.takeError();
      std::memcpy(Bytes + K * LaneBits / 8, &*B, LaneBits / 8);
    }
    std::memcpy(&Out, Bytes, 16);
    return Val::fromV128(Out);
  }
  if (V.Bits.empty())
    return harness("value without bits");
  if (*T == ValType::FuncRef || *T == ValType::ExternRef) {
    if (V.Bits[0] == "null")
      return *T == ValType::FuncRef ? Val::fromFuncRef(nullptr)
                                    : Val::fromExternRef(nullptr);
    auto B = parseBits(V.Bits[0]);
    if (!B)
      return B.takeError();
    if (*T == ValType::FuncRef)
      return harness("a non-null funcref argument cannot be written");
    return Val::fromExternRef(reinterpret_cast<void *>(uintptr_t(*B + 1)));
  }
  auto B = parseBits(V.Bits[0]);
  if (!B)
    return B.takeError();
  switch (*T) {
  case ValType::I32: return Val::fromI32(int32_t(uint32_t(*B)));
  case ValType::I64: return Val::fromI64(int64_t(*B));
  case ValType::F32: return Val::fromF32Bits(uint32_t(*B));
  case ValType::F64: return Val::fromF64Bits(*B);
  default: return harness("unexpected value type");
  }
}

RuntimeValue fromVal(const Val &V) {
  RuntimeValue R;
  R.Type = V.type();
  switch (V.type()) {
  case ValType::I32: R.Bits[0] = uint32_t(V.i32()); break;
  case ValType::I64: R.Bits[0] = uint64_t(V.i64()); break;
  case ValType::F32: R.Bits[0] = V.f32Bits(); break;
  case ValType::F64: R.Bits[0] = V.f64Bits(); break;
  case ValType::V128: {
    runtime::V128 X = V.v128();
    std::memcpy(R.Bits.data(), &X, 16);
    break;
  }
  case ValType::FuncRef:
  case ValType::ExternRef:
    R.IsNullRef = V.ref() == nullptr;
    if (!R.IsNullRef)
      R.Bits[0] = V.type() == ValType::ExternRef
                      ? uint64_t(reinterpret_cast<uintptr_t>(V.ref())) - 1
                      : 0;
    break;
  }
  return R;
}

ExecBackend::ExecBackend(runtime::Engine &E, const ExecOptions &O)
    : Eng(E), Opts(O), St(std::make_unique<runtime::Store>(E)), Link(E) {
  Name = fmt::format("O{}-{}", O.OptLevel,
                     O.ExplicitBounds ? "explicit" : "guard");
  defineSpectest();
}

ExecBackend::~ExecBackend() = default;

/// The host module every spec script imports from (testsuite README).
void ExecBackend::defineSpectest() {
  using frontend::FuncType;
  auto Print = [this](const char *N, std::vector<ValType> Params) {
    Link.defineFunc("spectest", N, FuncType{std::move(Params), {}},
                    [](runtime::Caller &, std::span<const Val>,
                       std::span<Val>) -> std::optional<runtime::Trap> {
                      return std::nullopt;
                    });
  };
  Print("print", {});
  Print("print_i32", {ValType::I32});
  Print("print_i64", {ValType::I64});
  Print("print_f32", {ValType::F32});
  Print("print_f64", {ValType::F64});
  Print("print_i32_f32", {ValType::I32, ValType::F32});
  Print("print_f64_f64", {ValType::F64, ValType::F64});
  auto Glob = [this](const char *N, ValType T, Val V) {
    auto G = runtime::Global::create(*St, {T, false}, V);
    if (G)
      Link.define("spectest", N, runtime::Extern::global(*G));
  };
  Glob("global_i32", ValType::I32, Val::fromI32(666));
  Glob("global_i64", ValType::I64, Val::fromI64(666));
  Glob("global_f32", ValType::F32, Val::fromF32(666.6f));
  Glob("global_f64", ValType::F64, Val::fromF64(666.6));
  frontend::TableType TT;
  TT.Elem = ValType::FuncRef;
  TT.Lim.Min = 10;
  TT.Lim.Max = 20;
  if (auto T = runtime::Table::create(*St, TT, Val::fromFuncRef(nullptr)))
    Link.define("spectest", "table", runtime::Extern::table(*T));
  frontend::MemoryType MT;
  MT.Lim.Min = 1;
  MT.Lim.Max = 2;
  if (auto M = runtime::Memory::create(*St, MT))
    Link.define("spectest", "memory", runtime::Extern::memory(*M));
}

Status ExecBackend::validate(std::span<const uint8_t> Bytes) {
  auto M = frontend::readModule(Bytes, readOptions());
  if (!M)
    return M.takeError();
  WASMAOT_TRY(frontend::validateModule(*M));
  if (Opts.Mode == ExecMode::CompileOnly)
    return compileToCache(Bytes);
  return {};
}

/// The cached artifact of \p Bytes. A cache shared between hosts (the two
/// halves of a cross run) keys on the target instead of the compiler build,
/// and is made fresh by the compiling run.
std::string ExecBackend::cachePath(std::span<const uint8_t> Bytes) const {
  uint64_t H = fnv1a(Bytes, 0xcbf29ce484222325ull);
  std::string Build;
#if WASMAOT_SPEC_CODEGEN
  if (Opts.Mode == ExecMode::Run)
    Build = codegen::compilerBuildId();
#endif
  std::string Key = fmt::format("{}|{}|{}|{}|{}|{}", Build, abi::abiHash(),
                                Opts.OptLevel, int(Opts.ExplicitBounds),
                                Opts.Target, Opts.Features.bits());
  H = fnv1a({reinterpret_cast<const uint8_t *>(Key.data()), Key.size()}, H);
  return (fs::path(Opts.CacheDir) / fmt::format("{:016x}.so", H)).string();
}

/// CompileOnly: compiles a valid module for the target into the cache; a
/// module the compiler does not support leaves a `.unsupported` marker so
/// the Precompiled run can skip it rather than fail.
Status ExecBackend::compileToCache(std::span<const uint8_t> Bytes) {
#if WASMAOT_SPEC_CODEGEN
  auto M = frontend::readModule(Bytes, readOptions());
  if (!M)
    return M.takeError();
  std::string Path = cachePath(Bytes);
  std::error_code EC;
  fs::create_directories(Opts.CacheDir, EC);
  codegen::CompileOptions CO;
  CO.OptLevel = Opts.OptLevel;
  CO.Bounds = Opts.ExplicitBounds ? codegen::BoundsChecks::Explicit
                                  : codegen::BoundsChecks::Guard;
  CO.Target = Opts.Target;
  Status S = codegen::compileModuleToFile(*M, CO, Path);
  if (!S && S.error().Kind == ErrorKind::Unsupported) {
    std::ofstream(Path + ".unsupported") << S.error().Message << "\n";
    return {};
  }
  return S;
#else
  (void)Bytes;
  return harness("this build has no compiler: --mode compile is unavailable");
#endif
}

Expected<std::shared_ptr<runtime::Module>>
ExecBackend::compile(std::span<const uint8_t> Bytes) {
  auto M = frontend::readModule(Bytes, readOptions());
  if (!M)
    return M.takeError();
  WASMAOT_TRY(frontend::validateModule(*M));
  if (Opts.Mode == ExecMode::Precompiled) {
    std::string Path = cachePath(Bytes);
    std::error_code EC;
    if (fs::exists(Path + ".unsupported", EC))
      return Error{ErrorKind::Unsupported, Error::kNoOffset,
                   "the compiler does not support this module", {}};
    if (!fs::exists(Path, EC))
      return harness("no precompiled artifact " + Path +
                     " (run --mode compile first)");
    return runtime::Module::load(Eng, Path);
  }
#if WASMAOT_SPEC_CODEGEN
  if (!Opts.CacheDir.empty()) {
    std::string Path = cachePath(Bytes);
    std::error_code EC;
    if (fs::exists(Path, EC)) {
      auto Loaded = runtime::Module::load(Eng, Path);
      if (Loaded)
        return Loaded;
    }
    WASMAOT_TRY(compileToCache(Bytes));
    if (fs::exists(Path + ".unsupported", EC))
      return Error{ErrorKind::Unsupported, Error::kNoOffset,
                   "the compiler does not support this module", {}};
    return runtime::Module::load(Eng, Path);
  }
  codegen::CompileOptions CO;
  CO.OptLevel = Opts.OptLevel;
  CO.Bounds = Opts.ExplicitBounds ? codegen::BoundsChecks::Explicit
                                  : codegen::BoundsChecks::Guard;
  CO.Target = Opts.Target;
  auto So = codegen::compileModule(*M, CO);
  if (!So)
    return So.takeError();
  return runtime::Module::loadBytes(Eng, *So);
#else
  return harness("this build has no compiler: use --precompiled");
#endif
}

Status ExecBackend::instantiate(std::span<const uint8_t> Bytes,
                                const std::optional<std::string> &N,
                                std::optional<ActionResult> &Trap) {
  auto Mod = compile(Bytes);
  if (!Mod)
    return Mod.takeError();
  auto Inst = Link.instantiate(*St, **Mod);
  if (Inst.isError())
    return Inst.takeError();
  if (Inst.isTrap()) {
    ActionResult R;
    R.K = ActionResult::Kind::Trapped;
    R.Message = Inst.trap().Message;
    Trap = std::move(R);
    return {};
  }
  Current = *Inst;
  if (N)
    Named[*N] = Current;
  return {};
}

Expected<runtime::Instance *>
ExecBackend::instanceFor(const std::optional<std::string> &N) {
  if (!N) {
    if (!Current)
      return harness("no module has been instantiated");
    return Current;
  }
  auto It = Named.find(*N);
  if (It == Named.end())
    return harness("unknown module " + *N);
  return It->second;
}

Status ExecBackend::registerAs(const std::optional<std::string> &N,
                               const std::string &As) {
  auto I = instanceFor(N);
  if (!I)
    return I.takeError();
  Link.defineInstance(As, **I);
  return {};
}

Expected<ActionResult> ExecBackend::perform(const Action &A) {
  auto I = instanceFor(A.Module);
  if (!I)
    return I.takeError();
  ActionResult R;
  if (A.K == Action::Kind::Get) {
    runtime::Global *G = (*I)->getGlobal(A.Field);
    if (!G)
      return harness("no exported global '" + A.Field + "'");
    R.Values.push_back(fromVal(G->get()));
    return R;
  }
  auto F = (*I)->getFunc(A.Field);
  if (!F)
    return harness("no exported function '" + A.Field + "'");
  std::vector<Val> Args;
  for (const Value &V : A.Args) {
    auto X = toVal(V);
    if (!X)
      return X.takeError();
    Args.push_back(*X);
  }
  auto Out = F->call(Args);
  if (Out.isError())
    return Out.takeError();
  if (Out.isTrap()) {
    R.K = Out.trap().Code == abi::TrapCode::StackExhausted
              ? ActionResult::Kind::Exhausted
              : ActionResult::Kind::Trapped;
    R.Message = Out.trap().Message;
    return R;
  }
  for (const Val &V : *Out)
    R.Values.push_back(fromVal(V));
  return R;
}

} // namespace wasmaot::spec
