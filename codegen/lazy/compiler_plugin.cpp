// libwasmaot-compiler.so: codegen and LLVM behind one C symbol, loaded by
// the CLI only when it compiles (see compiler_api.h). Linked -Bsymbolic, so
// its calls never bind to the CLI's same-named stubs.
#include "compiler_api.h"

#include "wasmaot/codegen/version.h"

namespace wasmaot::codegen {
namespace {

const CompilerApi Api = {
    WASMAOT_COMPILER_API_KEY,
    sizeof(CompilerApi),
    sizeof(frontend::Module),
    sizeof(CompileOptions),
    sizeof(Error),
    [](const frontend::Module &M, const CompileOptions &O) {
      return compileModule(M, O);
    },
    [](const frontend::Module &M, const CompileOptions &O,
       const std::string &Out) { return compileModuleToFile(M, O, Out); },
    [](const frontend::component::Component &C, const CompileOptions &O) {
      return compileComponent(C, O);
    },
    [](const frontend::component::Component &C, const CompileOptions &O,
       const std::string &Out) { return compileComponentToFile(C, O, Out); },
    [] { return compilerVersion(); },
    [] { return compilerBuildId(); },
    [] { return llvmVersion(); },
    [] { return hostTargetTriple(); },
};

} // namespace
} // namespace wasmaot::codegen

extern "C" __attribute__((visibility("default"))) const
    wasmaot::codegen::CompilerApi *
    wasmaot_compiler_api() {
  return &wasmaot::codegen::Api;
}
