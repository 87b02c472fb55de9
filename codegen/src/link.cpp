// lld, in process: objects are written to a private temporary directory
// (mkdtemp, 0700, removed afterwards) because lld reads its inputs by path.
// The link refuses undefined symbols, so an artifact can never depend on a
// symbol the loader would have to find elsewhere.
#include "link.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <signal.h>

#include <lld/Common/Driver.h>
#include <llvm/Support/Signals.h>
#include <llvm/Support/raw_ostream.h>

LLD_HAS_DRIVER(elf)

namespace wasmaot::codegen {

namespace {

std::mutex LinkLock;
bool LldBroken = false;

Error internal(std::string Msg) {
  return Error{ErrorKind::Internal, Error::kNoOffset, std::move(Msg), {}};
}

bool writeFile(const std::filesystem::path &P, const char *Data, size_t N) {
  std::ofstream Out(P, std::ios::binary);
  Out.write(Data, std::streamsize(N));
  return bool(Out);
}

/// lld writes its output through llvm::sys::fs::TempFile, which registers
/// LLVM's process-wide signal handlers (SIGSEGV, SIGBUS, SIGINT, ...) on
/// first use. Those displace the runtime's guard-page handler, and they are
/// installed with SA_RESETHAND: when two threads fault in wasm at once, the
/// second finds SIG_DFL and the process dies. LLVM registers its handlers
/// only once per process, so let it do that here, on a dummy file, and put
/// back every handler it replaced; it never installs them again. The only
/// loss is LLVM deleting a half-written temporary file on a crash.
///
/// Registering also gives the calling thread an alternate signal stack from
/// malloc when its own is smaller than LLVM wants; put that back too. ASan
/// (the asan preset) munmaps whatever alternate stack a thread has when the
/// thread exits, and dies on LLVM's heap block ("failed to deallocate").
void neutraliseLlvmSignalHandlers() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    static struct sigaction Saved[NSIG];
    for (int Sig = 1; Sig < NSIG; ++Sig)
      ::sigaction(Sig, nullptr, &Saved[Sig]);
    stack_t SavedAlt{};
    bool HaveAlt = ::sigaltstack(nullptr, &SavedAlt) == 0;
    const char *Dummy = "/nonexistent/wasmaot-signal-probe";
    llvm::sys::RemoveFileOnSignal(Dummy);
    llvm::sys::DontRemoveFileOnSignal(Dummy);
    if (HaveAlt) // SS_DISABLE in ss_flags disables it again
      ::sigaltstack(&SavedAlt, nullptr);
    for (int Sig = 1; Sig < NSIG; ++Sig) {
      struct sigaction Now{};
      if (::sigaction(Sig, nullptr, &Now) == 0 &&
          Now.sa_handler != Saved[Sig].sa_handler)
        ::sigaction(Sig, &Saved[Sig], nullptr);
    }
  });
}

} // namespace

Expected<std::vector<uint8_t>>
linkSharedObject(const std::vector<std::vector<char>> &Objects) {
  namespace fs = std::filesystem;
  std::error_code EC;
  fs::path Tmp = fs::temp_directory_path(EC);
  std::string Template = (Tmp / "wasmaot-link-XXXXXX").string();
  if (!mkdtemp(Template.data()))
    return Error{ErrorKind::Io, Error::kNoOffset,
                 "cannot create a temporary directory for linking", {}};
  fs::path Dir(Template);
  struct Cleanup {
    fs::path Dir;
    ~Cleanup() {
      std::error_code EC;
      fs::remove_all(Dir, EC);
    }
  } C{Dir};

  std::vector<std::string> Paths;
  for (size_t I = 0; I < Objects.size(); ++I) {
    fs::path P = Dir / ("part" + std::to_string(I) + ".o");
    if (!writeFile(P, Objects[I].data(), Objects[I].size()))
      return Error{ErrorKind::Io, Error::kNoOffset,
                   "cannot write a temporary object file", {}};
    Paths.push_back(P.string());
  }
  std::string Out = (Dir / "artifact.so").string();
  // --no-mmap-output-file: lld writes the output from memory in one go
  // instead of through a shared mapping of it. (It still goes through an
  // LLVM TempFile; see neutraliseLlvmSignalHandlers for what that costs.)
  std::vector<const char *> Args{"ld.lld",  "-shared",  "--no-undefined",
                                 "--no-mmap-output-file",
                                 "-z",      "noexecstack", "-z", "relro",
                                 "-z",      "now",      "--hash-style=gnu",
                                 "-soname", "wasmaot-artifact.so",
                                 "-o",      Out.c_str()};
  for (const std::string &P : Paths)
    Args.push_back(P.c_str());

  std::string Diag;
  neutraliseLlvmSignalHandlers();
  {
    std::lock_guard<std::mutex> G(LinkLock);
    if (LldBroken)
      return internal("lld cannot run again in this process after an "
                      "earlier failure");
    llvm::raw_string_ostream OutS(Diag), ErrS(Diag);
    lld::Result R = lld::lldMain(Args, OutS, ErrS,
                                 {{lld::Gnu, &lld::elf::link}});
    if (!R.canRunAgain)
      LldBroken = true;
    if (R.retCode != 0)
      return internal("linking the artifact failed: " + Diag);
  }
  std::ifstream In(Out, std::ios::binary);
  std::vector<uint8_t> Bytes((std::istreambuf_iterator<char>(In)), {});
  if (Bytes.empty())
    return internal("the linker produced no output");
  return Bytes;
}

} // namespace wasmaot::codegen
