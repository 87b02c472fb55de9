// Code-generation options shared by `compile` and `run` (see compile_flags.h).
#include "compile_flags.h"

#include "common.h"
#include "wasmaot/frontend/component.h"
#include "wasmaot/frontend/validator.h"

namespace wasmaot::cli {

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
