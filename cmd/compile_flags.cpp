// Code-generation options shared by `compile` and `run` (see compile_flags.h).
#include "compile_flags.h"

#include "cli11.h"

#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::cli {

void addCodegenFlags(CLI::App &Cmd, CodegenFlags &F) {
  Cmd.add_option("-O,--opt", F.OptLevel,
                 "Optimisation level 0..3 (-O0 .. -O3, or -O 2)")
      ->check(CLI::Range(0u, 3u))
      ->default_val(2);
  Cmd.add_option("--bounds-checks", F.Bounds,
                 "How memory accesses are kept in bounds: guard (guard pages, "
                 "no checks emitted) or explicit (compare every access)")
      ->check(CLI::IsMember({"guard", "explicit"}))
      ->default_val("guard");
  Cmd.add_flag("--strict-guard-loads", F.StrictGuardLoads,
               "With guard pages, keep every memory load even when its value "
               "is unused, so every out-of-bounds access traps (slower: such "
               "loads are not vectorised)");
  Cmd.add_flag("--epoch-interruption", F.EpochInterruption,
               "Poll an epoch counter at function entries and loop headers, "
               "so `run --timeout` (or a host's epoch deadline) can interrupt "
               "the code with a trap (costs a load and a compare per loop "
               "iteration)");
}

codegen::CompileOptions toCompileOptions(const CodegenFlags &F) {
  codegen::CompileOptions O;
  // Compiled here to run here (run's on-the-fly compiles, the cache).
  O.Cpu = "native";
  O.OptLevel = F.OptLevel;
  O.Bounds = F.Bounds == "explicit" ? codegen::BoundsChecks::Explicit
                                    : codegen::BoundsChecks::Guard;
  O.StrictGuardLoads = F.StrictGuardLoads;
  O.EpochInterruption = F.EpochInterruption;
  O.Jobs = 0;
  return O;
}

Expected<frontend::Module> readValidModule(std::span<const uint8_t> Bytes,
                                           unsigned Jobs) {
  auto M = readCoreModule(Bytes);
  if (!M)
    return M;
  if (auto S = frontend::validateModule(*M, Jobs); !S)
    return S.takeError();
  return M;
}

Expected<std::shared_ptr<runtime::component::Component>>
compileComponentInMemory(runtime::Engine &E, std::span<const uint8_t> Bytes,
                         const CodegenFlags &F, const std::string &File,
                         bool Epochs) {
  auto C = frontend::component::readComponent(Bytes);
  if (!C)
    return C.takeError();
  codegen::CompileOptions CO = toCompileOptions(F);
  CO.SourceName = File;
  CO.EpochInterruption |= Epochs;
  auto Art = codegen::compileComponent(*C, CO);
  if (!Art)
    return Art.takeError();
  return runtime::component::Component::loadBytes(E, *Art, File);
}

} // namespace wasmaot::cli
