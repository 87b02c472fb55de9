// lld, in process: objects are written to a private temporary directory
// (mkdtemp, 0700, removed afterwards) because lld reads its inputs by path.
// The link refuses undefined symbols, so an artifact can never depend on a
// symbol the loader would have to find elsewhere.
#include "link.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <lld/Common/Driver.h>
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
  // --no-mmap-output-file: lld then writes the output in one go instead of
  // through a temporary file registered with LLVM's RemoveFileOnSignal,
  // which installs process-wide SIGSEGV/SIGBUS handlers; a guard-page fault
  // of wasm running on another thread would then delete the link's output.
  std::vector<const char *> Args{"ld.lld",  "-shared",  "--no-undefined",
                                 "--no-mmap-output-file",
                                 "-z",      "noexecstack", "-z", "relro",
                                 "-z",      "now",      "--hash-style=gnu",
                                 "-soname", "wasmaot-artifact.so",
                                 "-o",      Out.c_str()};
  for (const std::string &P : Paths)
    Args.push_back(P.c_str());

  std::string Diag;
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
