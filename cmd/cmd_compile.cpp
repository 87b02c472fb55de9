// `wasmaot compile IN.wasm [-o OUT.so]`: decode, validate and compile a core
// module into an artifact (an ELF shared object, see runtime/abi/artifact.h).
// Owns the command line and the output-path rules (never overwrite the
// input, never write into a directory); compiling is codegen's, and codegen
// writes the artifact atomically, so a failed compile leaves nothing behind.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <sys/stat.h>

#include "options.h"
#include <fmt/format.h>

#include "artifact_sign.h"
#include "commands.h"
#include "common.h"
#include "compile_flags.h"
#include "wasmaot/frontend/component.h"

namespace wasmaot::cli {

namespace {

namespace fs = std::filesystem;

Error usage(std::string Message) {
  return Error{ErrorKind::Io, Error::kNoOffset, std::move(Message), {}};
}

/// IN with its extension replaced by .so ("m.wasm" -> "m.so").
std::string defaultOutput(const std::string &Input) {
  return fs::path(Input).replace_extension(".so").string();
}

/// Refuses an output path that would clobber the input or is a directory.
Status checkOutputPath(const std::string &Input, const std::string &Out,
                       std::string_view What) {
  std::error_code EC;
  if (fs::is_directory(Out, EC))
    return usage(fmt::format("{} '{}' is a directory", What, Out));
  if (Input != "-" && sameFile(Input, Out))
    return usage(fmt::format("{} '{}' is the input file; refusing to "
                             "overwrite it",
                             What, Out));
  return {};
}

int compileFile(const CompileCmdOptions &Opts) {
  const std::string &In = Opts.Input;
  std::string Out = Opts.Output.empty() ? defaultOutput(In) : Opts.Output;
  if (In == "-" && Opts.Output.empty()) {
    printError(In, usage("reading standard input needs -o OUT"));
    return kExitUsage;
  }
  for (auto [Path, What] : {std::pair{Out, "output"},
                            std::pair{Opts.EmitLLVM, "--emit-llvm file"}}) {
    if (Path.empty())
      continue;
    if (Status S = checkOutputPath(In, Path, What); !S) {
      printError(In, S.error());
      return kExitUsage;
    }
  }
  if (!Opts.EmitLLVM.empty() && sameFile(Opts.EmitLLVM, Out)) {
    printError(In, usage("--emit-llvm and -o name the same file"));
    return kExitUsage;
  }

  std::vector<uint8_t> Key;
  if (!Opts.SignKey.empty()) {
    auto K = readSigningKey(Opts.SignKey);
    if (!K) {
      printError(Opts.SignKey, K.error());
      return kExitUsage;
    }
    Key = std::move(*K);
  }
  auto Start = std::chrono::steady_clock::now();
  auto Bytes = readFileBytes(In);
  if (!Bytes) {
    printError(In, Bytes.error());
    return exitCodeFor(Bytes.error().Kind);
  }
  codegen::CompileOptions CO = toCompileOptions(Opts.Codegen);
  CO.Jobs = Opts.Jobs;
  CO.Target = Opts.Target;
  // Code for this host uses all of its CPU (the artifact records the
  // features it needs and a host without them refuses it); cross-compiled
  // code gets the portable baseline unless told otherwise.
  CO.Cpu = Opts.Cpu.empty()           ? (Opts.Target.empty() ? "native" : "")
           : Opts.Cpu == "portable" ? ""
                                     : Opts.Cpu;
  CO.EmitLLVMPath = Opts.EmitLLVM;
  CO.SourceName = In;
  Status Compiled;
  if (frontend::component::isComponent(*Bytes)) {
    frontend::component::ComponentReadOptions RO;
    RO.Jobs = Opts.Jobs;
    auto C = frontend::component::readComponent(*Bytes, RO);
    if (!C) {
      printError(In, C.error());
      return exitCodeFor(C.error().Kind);
    }
    Compiled = codegen::compileComponentToFile(*C, CO, Out);
  } else {
    auto M = readValidModule(*Bytes, Opts.Jobs);
    if (!M) {
      printError(In, M.error());
      return exitCodeFor(M.error().Kind);
    }
    Compiled = codegen::compileModuleToFile(*M, CO, Out);
  }
  if (Compiled && !Key.empty()) {
    Compiled = signArtifactFile(Out, Key);
    std::error_code EC;
    if (!Compiled) // no unsigned artifact left behind either
      fs::remove(Out, EC);
  }
  if (!Compiled) {
    printError(In, Compiled.error());
    return exitCodeFor(Compiled.error().Kind);
  }
  if (Opts.Verbose) {
    std::chrono::duration<double> Took =
        std::chrono::steady_clock::now() - Start;
    std::error_code EC;
    uintmax_t Size = fs::file_size(Out, EC);
    fmt::print("{}: compiled to {} ({} bytes) in {:.3f} s\n", In, Out,
               EC ? 0 : Size, Took.count());
  }
  return kExitOk;
}

} // namespace

int compileCommand(const CompileCmdOptions &Opts) { return compileFile(Opts); }

} // namespace wasmaot::cli
