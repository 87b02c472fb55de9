// The compile pipeline (DESIGN.md "Compile pipeline"): pick the target,
// split the functions into shards, lower + optimise + emit each shard on its
// own thread with its own LLVMContext and TargetMachine, emit the glue
// object, link everything with lld, and write the result atomically.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/MC/MCSubtargetInfo.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/TargetParser/SubtargetFeature.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Target/TargetMachine.h>
#include <llvm/TargetParser/Host.h>
#include <llvm/TargetParser/Triple.h>

#include "artifact_writer.h"
#include "component_adapters.h"
#include "component_plan.h"
#include "epoch_loops.h"
#include "glue.h"
#include "heap_address.h"
#include "link.h"
#include "lowerer.h"
#include "wasmaot/codegen/compile.h"
#include "wasmaot/codegen/version.h"

namespace wasmaot::codegen {

namespace {

Error internal(std::string Msg) {
  return Error{ErrorKind::Internal, Error::kNoOffset, std::move(Msg), {}};
}

void initTargets() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
  });
}

struct TargetChoice {
  std::string Triple;
  std::string Cpu;
  std::string Features;
};

Expected<TargetChoice> chooseTarget(const CompileOptions &Opts) {
  TargetChoice T;
  llvm::Triple Tr(llvm::Triple::normalize(
      Opts.Target.empty() ? llvm::sys::getDefaultTargetTriple() : Opts.Target));
  if ((Tr.getArch() != llvm::Triple::x86_64 &&
       Tr.getArch() != llvm::Triple::aarch64) ||
      !Tr.isOSLinux())
    return Error{ErrorKind::Unsupported, Error::kNoOffset,
                 fmt::format("unsupported target '{}': wasmaot targets "
                             "x86_64-linux-gnu and aarch64-linux-gnu",
                             Opts.Target),
                 {}};
  T.Triple = Tr.str();
  bool X86 = Tr.getArch() == llvm::Triple::x86_64;
  if (Opts.Cpu == "native") {
    T.Cpu = std::string(llvm::sys::getHostCPUName());
    llvm::SubtargetFeatures F;
    for (const auto &[Name, On] : llvm::sys::getHostCPUFeatures())
      F.AddFeature(Name, On);
    T.Features = F.getString();
  } else if (Opts.Cpu.empty()) {
    // Portable defaults: x86-64-v2 has SSE4.1 (native ceil/floor/nearest).
    T.Cpu = X86 ? "x86-64-v2" : "generic";
  } else {
    T.Cpu = Opts.Cpu;
  }
  return T;
}

Expected<std::unique_ptr<llvm::TargetMachine>>
makeTargetMachine(const TargetChoice &T, unsigned OptLevel) {
  std::string Err;
  const llvm::Target *Target = llvm::TargetRegistry::lookupTarget(T.Triple, Err);
  if (!Target)
    return internal("no LLVM target for " + T.Triple + ": " + Err);
  llvm::TargetOptions TO;
  auto Level = OptLevel == 0   ? llvm::CodeGenOptLevel::None
               : OptLevel >= 3 ? llvm::CodeGenOptLevel::Aggressive
                               : llvm::CodeGenOptLevel::Default;
  std::unique_ptr<llvm::TargetMachine> TM(Target->createTargetMachine(
      T.Triple, T.Cpu, T.Features, TO, llvm::Reloc::PIC_,
      llvm::CodeModel::Small, Level));
  if (!TM)
    return internal("cannot create a target machine for " + T.Triple);
  if (!TM->getMCSubtargetInfo()->isCPUStringValid(T.Cpu))
    return Error{ErrorKind::Unsupported, Error::kNoOffset,
                 fmt::format("unknown CPU '{}' for {}", T.Cpu, T.Triple), {}};
  // Wasm's ceil/floor/trunc/nearest must become instructions: without
  // SSE4.1 LLVM would call libm, which an artifact cannot import.
  if (llvm::Triple(T.Triple).getArch() == llvm::Triple::x86_64 &&
      !TM->getMCSubtargetInfo()->checkFeatures("+sse4.1"))
    return Error{ErrorKind::Unsupported, Error::kNoOffset,
                 fmt::format("CPU '{}' lacks SSE4.1, which wasmaot needs on "
                             "x86-64 (native rounding instructions): use "
                             "--cpu x86-64-v2 or newer",
                             T.Cpu),
                 {}};
  return TM;
}

/// Runs the new-pass-manager pipeline at \p OptLevel. No library function
/// is known to exist, so LLVM never introduces calls (memcpy, sqrtf, ...)
/// that the artifact could not resolve. With guard pages, HeapAddressPass
/// tells the loop vectoriser what wasm addresses cannot do; EpochLoopPass
/// takes epoch checks out of counted innermost loops.
void optimize(llvm::Module &Mod, llvm::TargetMachine &TM, unsigned OptLevel,
              bool GuardPages) {
  llvm::LoopAnalysisManager LAM;
  llvm::FunctionAnalysisManager FAM;
  llvm::CGSCCAnalysisManager CGAM;
  llvm::ModuleAnalysisManager MAM;
  llvm::TargetLibraryInfoImpl TLII(llvm::Triple(Mod.getTargetTriple()));
  TLII.disableAllFunctions();
  FAM.registerPass([&] { return llvm::TargetLibraryAnalysis(TLII); });
  llvm::PassBuilder PB(&TM);
  PB.registerVectorizerStartEPCallback(
      [GuardPages](llvm::FunctionPassManager &FPM, llvm::OptimizationLevel) {
        if (GuardPages)
          FPM.addPass(HeapAddressPass());
        FPM.addPass(EpochLoopPass());
      });
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);
  llvm::OptimizationLevel Level = OptLevel == 0   ? llvm::OptimizationLevel::O0
                                  : OptLevel == 1 ? llvm::OptimizationLevel::O1
                                  : OptLevel == 2 ? llvm::OptimizationLevel::O2
                                                  : llvm::OptimizationLevel::O3;
  llvm::ModulePassManager MPM =
      OptLevel == 0 ? PB.buildO0DefaultPipeline(Level)
                    : PB.buildPerModuleDefaultPipeline(Level);
  MPM.run(Mod, MAM);
}

Expected<std::vector<char>> emitObject(llvm::Module &Mod,
                                       llvm::TargetMachine &TM) {
  llvm::SmallVector<char, 0> Buf;
  llvm::raw_svector_ostream OS(Buf);
  llvm::legacy::PassManager PM;
  llvm::TargetLibraryInfoImpl TLII(llvm::Triple(Mod.getTargetTriple()));
  TLII.disableAllFunctions();
  PM.add(new llvm::TargetLibraryInfoWrapperPass(TLII));
  if (TM.addPassesToEmitFile(PM, OS, nullptr,
                             llvm::CodeGenFileType::ObjectFile))
    return internal("the target cannot emit object files");
  PM.run(Mod);
  return std::vector<char>(Buf.begin(), Buf.end());
}

/// What one shard produces.
struct ShardOutput {
  std::vector<char> Object;
  std::string IR;
  std::optional<Error> Err;
};

using BuildFn = std::function<Status(Shard &)>;

void buildShard(const frontend::Module &M, const CompileOptions &Opts,
                const TargetChoice &T, const BuildFn &Build, ShardOutput &Out) {
  auto TM = makeTargetMachine(T, Opts.OptLevel);
  if (!TM) {
    Out.Err = TM.takeError();
    return;
  }
  llvm::LLVMContext Ctx;
  auto Mod = std::make_unique<llvm::Module>("wasm", Ctx);
  Mod->setTargetTriple(T.Triple);
  Mod->setDataLayout((*TM)->createDataLayout());
  Shard S(Ctx, std::move(Mod), M, Opts);
  if (Status St = Build(S); !St) {
    Out.Err = St.takeError();
    return;
  }
  std::string VerifyMsg;
  llvm::raw_string_ostream VOS(VerifyMsg);
  if (llvm::verifyModule(*S.Mod, &VOS)) {
    Out.Err = internal("generated LLVM IR is invalid (a compiler bug): " +
                       VerifyMsg.substr(0, 2000));
    return;
  }
  optimize(*S.Mod, **TM, Opts.OptLevel, Opts.Bounds == BoundsChecks::Guard);
  if (!Opts.EmitLLVMPath.empty()) {
    llvm::raw_string_ostream IROS(Out.IR);
    S.Mod->print(IROS, nullptr);
  }
  auto Obj = emitObject(*S.Mod, **TM);
  if (!Obj) {
    Out.Err = Obj.takeError();
    return;
  }
  Out.Object = std::move(*Obj);
}

/// Every CPU feature the code may use, "+a,+b,...", from the target CPU and
/// explicit features: the loader refuses the artifact on a host without one.
std::string enabledFeatures(const TargetChoice &T, unsigned OptLevel) {
  auto TM = makeTargetMachine(T, OptLevel);
  if (!TM)
    return T.Features;
  const llvm::MCSubtargetInfo *STI = (*TM)->getMCSubtargetInfo();
  std::string Out;
  for (const llvm::SubtargetFeatureKV &KV : STI->getAllProcessorFeatures())
    if (STI->getFeatureBits()[KV.Value])
      Out += fmt::format("{}+{}", Out.empty() ? "" : ",", KV.Key);
  return Out;
}

/// Functions per shard, largest bodies first onto the lightest shard.
std::vector<std::vector<uint32_t>> planShards(const frontend::Module &M,
                                              unsigned Jobs) {
  uint32_t N = uint32_t(M.Functions.size());
  unsigned Count = std::max(1u, std::min<unsigned>(Jobs, N));
  std::vector<uint32_t> Order(N);
  for (uint32_t I = 0; I < N; ++I)
    Order[I] = I;
  std::stable_sort(Order.begin(), Order.end(), [&](uint32_t A, uint32_t B) {
    return M.Functions[A].Body.Size > M.Functions[B].Body.Size;
  });
  std::vector<std::vector<uint32_t>> Shards(Count);
  std::vector<uint64_t> Load(Count, 0);
  for (uint32_t F : Order) {
    size_t Min = std::min_element(Load.begin(), Load.end()) - Load.begin();
    Shards[Min].push_back(F);
    Load[Min] += M.Functions[F].Body.Size + 16;
  }
  return Shards;
}

} // namespace

std::string compilerVersion() {
  return fmt::format("wasmaot 0.1.0 (LLVM {})", llvmVersion());
}

std::string compilerBuildId() {
  static const std::string Id = [] {
    std::ifstream In("/proc/self/exe", std::ios::binary);
    uint64_t H = 0xcbf29ce484222325ull;
    char Buf[1 << 16];
    while (In.read(Buf, sizeof(Buf)) || In.gcount() > 0) {
      for (std::streamsize I = 0; I < In.gcount(); ++I)
        H = (H ^ uint8_t(Buf[I])) * 0x100000001b3ull;
      if (!In)
        break;
    }
    return fmt::format("{}+{:016x}", compilerVersion(), H);
  }();
  return Id;
}

Expected<std::vector<uint8_t>> compileModule(const frontend::Module &M,
                                             const CompileOptions &Opts) {
  initTargets();
  auto Target = chooseTarget(Opts);
  if (!Target)
    return Target.takeError();
  unsigned Jobs = Opts.Jobs ? Opts.Jobs
                            : std::max(1u, std::thread::hardware_concurrency());
  auto Plan = planShards(M, Jobs);

  std::vector<uint8_t> DataImage;
  abi::ArtifactMeta Meta = buildMeta(M, DataImage);
  Meta.CompilerVersion = compilerVersion();
  Meta.Target = Target->Triple;
  Meta.Cpu = Target->Cpu;
  Meta.CpuFeatures = enabledFeatures(*Target, Opts.OptLevel);
  Meta.Bounds = Opts.Bounds == BoundsChecks::Guard ? abi::BoundsMode::Guard
                                                   : abi::BoundsMode::Explicit;
  Meta.GuardBytes = Opts.Bounds == BoundsChecks::Guard ? abi::kGuardBytes : 0;
  Meta.OptLevel = uint8_t(Opts.OptLevel);
  Meta.EpochInterruption = Opts.EpochInterruption;
  std::vector<uint8_t> MetaBytes = abi::encodeMeta(Meta);

  // Shard K < Plan.size() lowers Plan[K]; the last one is the glue.
  std::vector<ShardOutput> Outs(Plan.size() + 1);
  std::vector<BuildFn> Builds;
  for (const auto &Funcs : Plan)
    Builds.push_back([&Funcs](Shard &S) -> Status {
      for (uint32_t F : Funcs)
        WASMAOT_TRY(FunctionLowerer(S, F).lower());
      return {};
    });
  Builds.push_back([&](Shard &S) -> Status {
    emitGlue(S, MetaBytes, DataImage);
    return {};
  });
  std::atomic<size_t> Next{0};
  auto Worker = [&] {
    for (size_t K; (K = Next.fetch_add(1)) < Builds.size();)
      buildShard(M, Opts, *Target, Builds[K], Outs[K]);
  };
  unsigned Threads = std::min<unsigned>(Jobs, unsigned(Builds.size()));
  std::vector<std::thread> Pool;
  for (unsigned T = 1; T < Threads; ++T)
    Pool.emplace_back(Worker);
  Worker();
  for (std::thread &T : Pool)
    T.join();

  std::vector<std::vector<char>> Objects;
  for (ShardOutput &O : Outs) {
    if (O.Err)
      return std::move(*O.Err);
    Objects.push_back(std::move(O.Object));
  }
  if (!Opts.EmitLLVMPath.empty()) {
    std::ofstream IR(Opts.EmitLLVMPath);
    for (const ShardOutput &O : Outs)
      IR << O.IR;
    if (!IR)
      return Error{ErrorKind::Io, Error::kNoOffset,
                   "cannot write " + Opts.EmitLLVMPath, {}};
  }
  return sealed(linkSharedObject(Objects));
}

namespace {

/// Writes next to the destination, then renames: a reader never sees a
/// half-written artifact and a failure leaves nothing behind.
Status writeArtifactAtomically(const std::vector<uint8_t> &Bytes,
                               const std::string &OutPath) {
  namespace fs = std::filesystem;
  fs::path Dest(OutPath);
  fs::path Tmp = Dest;
  static std::atomic<unsigned> Counter{0};
  Tmp += fmt::format(".tmp{}-{}", ::getpid(), Counter.fetch_add(1));
  {
    std::ofstream Out(Tmp, std::ios::binary | std::ios::trunc);
    Out.write(reinterpret_cast<const char *>(Bytes.data()),
              std::streamsize(Bytes.size()));
    if (!Out) {
      std::error_code EC;
      fs::remove(Tmp, EC);
      return Error{ErrorKind::Io, Error::kNoOffset,
                   fmt::format("cannot write {}", OutPath), {}};
    }
  }
  std::error_code EC;
  fs::permissions(Tmp, fs::perms(0755), EC);
  fs::rename(Tmp, Dest, EC);
  if (EC) {
    fs::remove(Tmp, EC);
    return Error{ErrorKind::Io, Error::kNoOffset,
                 fmt::format("cannot write {}: {}", OutPath, EC.message()), {}};
  }
  return {};
}

} // namespace

Status compileModuleToFile(const frontend::Module &M,
                           const CompileOptions &Opts,
                           const std::string &OutPath) {
  auto Bytes = compileModule(M, Opts);
  if (!Bytes)
    return Bytes.takeError();
  return writeArtifactAtomically(*Bytes, OutPath);
}

Expected<std::vector<uint8_t>>
compileComponent(const frontend::component::Component &C,
                 const CompileOptions &Opts) {
  initTargets();
  auto Target = chooseTarget(Opts);
  if (!Target)
    return Target.takeError();
  auto Plan = planComponent(C);
  if (!Plan)
    return Plan.takeError();
  abi::component::ComponentMeta &Meta = Plan->Meta;
  for (const frontend::component::CoreModuleEntry *E : Plan->Modules) {
    auto Bytes = compileModule(*E->Mod, Opts);
    if (!Bytes)
      return Bytes.takeError();
    Meta.Modules.push_back(std::move(*Bytes));
  }
  Meta.CompilerVersion = compilerVersion();
  Meta.Target = Target->Triple;
  assignAdapters(Meta);
  std::vector<uint8_t> MetaBytes = abi::component::encodeComponentMeta(Meta);

  // The component artifact holds the plan and the Canonical ABI adapters
  // (component_adapters.cpp); its modules are loaded from the plan.
  frontend::Module Empty;
  ShardOutput Out;
  buildShard(Empty, Opts, *Target, [&](Shard &S) -> Status {
    auto *Init = llvm::ConstantDataArray::get(S.Ctx, MetaBytes);
    auto *GV = new llvm::GlobalVariable(
        *S.Mod, Init->getType(), true, llvm::GlobalValue::ExternalLinkage,
        Init, abi::component::kSymComponent);
    GV->setAlignment(llvm::Align(8));
    auto *Size = new llvm::GlobalVariable(
        *S.Mod, S.I64, true, llvm::GlobalValue::ExternalLinkage,
        llvm::ConstantInt::get(S.I64, MetaBytes.size()),
        abi::component::kSymComponentSize);
    Size->setAlignment(llvm::Align(8));
    emitAdapters(S, Meta);
    return {};
  }, Out);
  if (Out.Err)
    return std::move(*Out.Err);
  return sealed(linkSharedObject({std::move(Out.Object)}));
}

Status compileComponentToFile(const frontend::component::Component &C,
                              const CompileOptions &Opts,
                              const std::string &OutPath) {
  auto Bytes = compileComponent(C, Opts);
  if (!Bytes)
    return Bytes.takeError();
  return writeArtifactAtomically(*Bytes, OutPath);
}

} // namespace wasmaot::codegen
