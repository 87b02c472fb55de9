// What `wasmaot compile` and `wasmaot run` (compiling a .wasm on the fly)
// share: the code-generation options (-O, --bounds-checks) and reading a
// module that must decode and validate before it is compiled. Only built
// with the compiler (WASMAOT_HAVE_COMPILER).
#pragma once

#include <memory>
#include <span>
#include <string>

#include "wasmaot/codegen/compile.h"
#include "wasmaot/frontend/module.h"
#include "wasmaot/runtime/component/component.h"

#include "options.h"

namespace CLI {
class App;
} // namespace CLI

namespace wasmaot::cli {

/// Adds `-O LEVEL` (also `-O2`) and `--bounds-checks=guard|explicit`.
void addCodegenFlags(CLI::App &Cmd, CodegenFlags &F);

codegen::CompileOptions toCompileOptions(const CodegenFlags &F);

/// Decodes and validates (on \p Jobs threads, 0: one per CPU) a core module;
/// the error carries the offset and the notes of readCoreModule.
Expected<frontend::Module> readValidModule(std::span<const uint8_t> Bytes,
                                           unsigned Jobs);

/// Compiles a binary component in memory with \p F and loads it: what `run`
/// and `serve` do with a component .wasm. \p Epochs adds epoch checks (their
/// --timeout); \p File names it in errors and backtraces.
Expected<std::shared_ptr<runtime::component::Component>>
compileComponentInMemory(runtime::Engine &E, std::span<const uint8_t> Bytes,
                         const CodegenFlags &F, const std::string &File,
                         bool Epochs);

} // namespace wasmaot::cli
