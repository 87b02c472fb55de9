// The compiler as a plugin: the table of entry points that
// libwasmaot-compiler.so (compiler_plugin.cpp, codegen + LLVM) hands to the
// wasmaot CLI, which links only the LLVM-free stubs of compiler_stub.cpp.
// So `wasmaot run x.so` never loads libLLVM (about 50 ms of dynamic linking
// and static initialisers); the plugin is dlopened on the first call that
// needs the compiler (compile, run of a .wasm, --version).
//
// Both sides are built from the same sources in one build and pass C++
// objects (frontend::Module, CompileOptions, Expected) across: Key and the
// sizes below refuse a plugin from another build.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "wasmaot/codegen/compile.h"

namespace wasmaot::codegen {

struct CompilerApi {
  const char *Key; ///< WASMAOT_COMPILER_API_KEY of the plugin's build
  size_t SizeofApi, SizeofModule, SizeofOptions, SizeofError;
  Expected<std::vector<uint8_t>> (*CompileModule)(const frontend::Module &,
                                                  const CompileOptions &);
  Status (*CompileModuleToFile)(const frontend::Module &,
                                const CompileOptions &, const std::string &);
  Expected<std::vector<uint8_t>> (*CompileComponent)(
      const frontend::component::Component &, const CompileOptions &);
  Status (*CompileComponentToFile)(const frontend::component::Component &,
                                   const CompileOptions &, const std::string &);
  std::string (*CompilerVersion)();
  std::string (*CompilerBuildId)();
  std::string (*LlvmVersion)();
  std::string (*HostTargetTriple)();
};

} // namespace wasmaot::codegen

/// The plugin's one exported symbol.
#define WASMAOT_COMPILER_API_SYMBOL "wasmaot_compiler_api"
