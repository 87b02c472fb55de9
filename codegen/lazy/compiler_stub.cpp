// The LLVM-free half of the compiler plugin (compiler_api.h): the
// wasmaot::codegen entry points the CLI calls, each loading
// libwasmaot-compiler.so on first use and forwarding to it. Where the plugin
// is looked for, in order:
//   $WASMAOT_COMPILER_LIBRARY                      (an explicit path)
//   <directory of the wasmaot executable>/libwasmaot-compiler.so (build tree)
//   <that directory>/WASMAOT_PLUGIN_RELDIR/libwasmaot-compiler.so (installed)
#include <dlfcn.h>
#include <fstream>
#include <mutex>
#include <unistd.h>

#include <fmt/format.h>

#include "compiler_api.h"
#include "wasmaot/codegen/version.h"

namespace wasmaot::codegen {
namespace {

constexpr const char *kPluginName = "libwasmaot-compiler.so";

struct Loaded {
  const CompilerApi *Api = nullptr;
  std::string Path;  ///< the plugin file, for the build id
  std::string Error; ///< why it could not be loaded
};

std::string exeDir() {
  char Buf[4096];
  ssize_t N = ::readlink("/proc/self/exe", Buf, sizeof(Buf) - 1);
  if (N <= 0)
    return ".";
  std::string P(Buf, size_t(N));
  size_t Slash = P.rfind('/');
  return Slash == std::string::npos ? "." : P.substr(0, Slash);
}

const CompilerApi *tryLoad(const std::string &Path, std::string &Why) {
  void *H = ::dlopen(Path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!H) {
    Why += fmt::format("\n  {}", ::dlerror());
    return nullptr;
  }
  using Fn = const CompilerApi *(*)();
  auto Get = reinterpret_cast<Fn>(::dlsym(H, WASMAOT_COMPILER_API_SYMBOL));
  const CompilerApi *A = Get ? Get() : nullptr;
  if (!A || std::string(A->Key) != WASMAOT_COMPILER_API_KEY ||
      A->SizeofApi != sizeof(CompilerApi) ||
      A->SizeofModule != sizeof(frontend::Module) ||
      A->SizeofOptions != sizeof(CompileOptions) ||
      A->SizeofError != sizeof(Error)) {
    Why += fmt::format("\n  {}: from another wasmaot build", Path);
    ::dlclose(H);
    return nullptr;
  }
  return A; // stays loaded for the life of the process
}

const Loaded &plugin() {
  static Loaded L;
  static std::once_flag Once;
  std::call_once(Once, [] {
    std::vector<std::string> Paths;
    if (const char *Env = std::getenv("WASMAOT_COMPILER_LIBRARY"); Env && *Env)
      Paths.push_back(Env);
    std::string Dir = exeDir();
    Paths.push_back(Dir + "/" + kPluginName);
    Paths.push_back(Dir + "/" WASMAOT_PLUGIN_RELDIR "/" + kPluginName);
    std::string Why;
    for (const std::string &P : Paths)
      if ((L.Api = tryLoad(P, Why))) {
        L.Path = P;
        return;
      }
    L.Error = fmt::format("cannot load the compiler ({}); this wasmaot can "
                          "only run precompiled artifacts:{}",
                          kPluginName, Why);
  });
  return L;
}

Error unavailable() {
  return Error{ErrorKind::Unsupported, Error::kNoOffset, plugin().Error, {}};
}

/// FNV-1a of a file's bytes.
uint64_t hashFile(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  uint64_t H = 0xcbf29ce484222325ull;
  char Buf[1 << 16];
  while (In.read(Buf, sizeof(Buf)) || In.gcount() > 0) {
    for (std::streamsize I = 0; I < In.gcount(); ++I)
      H = (H ^ uint8_t(Buf[I])) * 0x100000001b3ull;
    if (!In)
      break;
  }
  return H;
}

} // namespace

Expected<std::vector<uint8_t>> compileModule(const frontend::Module &M,
                                             const CompileOptions &Opts) {
  if (const CompilerApi *A = plugin().Api)
    return A->CompileModule(M, Opts);
  return unavailable();
}

Status compileModuleToFile(const frontend::Module &M,
                           const CompileOptions &Opts,
                           const std::string &OutPath) {
  if (const CompilerApi *A = plugin().Api)
    return A->CompileModuleToFile(M, Opts, OutPath);
  return unavailable();
}

Expected<std::vector<uint8_t>>
compileComponent(const frontend::component::Component &C,
                 const CompileOptions &Opts) {
  if (const CompilerApi *A = plugin().Api)
    return A->CompileComponent(C, Opts);
  return unavailable();
}

Status compileComponentToFile(const frontend::component::Component &C,
                              const CompileOptions &Opts,
                              const std::string &OutPath) {
  if (const CompilerApi *A = plugin().Api)
    return A->CompileComponentToFile(C, Opts, OutPath);
  return unavailable();
}

std::string compilerVersion() {
  const CompilerApi *A = plugin().Api;
  return A ? A->CompilerVersion() : "unavailable";
}

std::string compilerBuildId() {
  // The plugin's id hashes the running executable (this CLI); the plugin's
  // own bytes are added so a rebuilt plugin never reuses cached artifacts.
  static const std::string Id = [] {
    const Loaded &L = plugin();
    if (!L.Api)
      return std::string("unavailable");
    return fmt::format("{}+{:016x}", L.Api->CompilerBuildId(), hashFile(L.Path));
  }();
  return Id;
}

std::string llvmVersion() {
  const CompilerApi *A = plugin().Api;
  return A ? A->LlvmVersion() : "unavailable";
}

std::string hostTargetTriple() {
  const CompilerApi *A = plugin().Api;
  return A ? A->HostTargetTriple() : "unavailable";
}

} // namespace wasmaot::codegen
