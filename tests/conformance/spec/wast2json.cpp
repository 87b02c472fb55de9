// wast2json as a child process, temporary directories and summary.csv
// (see wast2json.h). The child is started with posix_spawn, not a shell, so
// no path is ever re-parsed; its output goes to a log file in the private
// directory and comes back only when it fails.
#include "wast2json.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace wasmaot::spec {

namespace fs = std::filesystem;

namespace {

Error ioError(std::string Msg) {
  return Error{ErrorKind::Io, Error::kNoOffset, std::move(Msg), {}};
}

std::string readText(const fs::path &P, size_t MaxBytes) {
  std::ifstream In(P, std::ios::binary);
  std::string S(MaxBytes, '\0');
  In.read(S.data(), std::streamsize(MaxBytes));
  S.resize(size_t(In.gcount()));
  while (!S.empty() && (S.back() == '\n' || S.back() == '\r'))
    S.pop_back();
  return S;
}

/// RFC 4180 records: quoted fields may hold commas, quotes ("") and
/// newlines.
std::vector<std::vector<std::string>> parseCsv(std::istream &In) {
  std::vector<std::vector<std::string>> Records(1);
  std::string Field;
  bool Quoted = false;
  char C;
  auto EndField = [&] {
    Records.back().push_back(std::move(Field));
    Field.clear();
  };
  while (In.get(C)) {
    if (Quoted) {
      if (C == '"' && In.peek() == '"')
        Field += char(In.get());
      else if (C == '"')
        Quoted = false;
      else
        Field += C;
    } else if (C == '"') {
      Quoted = true;
    } else if (C == ',') {
      EndField();
    } else if (C == '\n') {
      EndField();
      Records.emplace_back();
    } else if (C != '\r') {
      Field += C;
    }
  }
  if (!Field.empty() || !Records.back().empty())
    EndField();
  else
    Records.pop_back();
  return Records;
}

std::vector<std::string> splitFlags(const std::string &S) {
  std::vector<std::string> Flags;
  std::istringstream In(S);
  for (std::string F; In >> F;)
    Flags.push_back(F);
  return Flags;
}

/// "wasm-3.0/core/x.wast" -> {"wasm-3.0", "core/x.wast"}
std::pair<std::string, std::string> splitFirst(const std::string &Rel) {
  size_t Slash = Rel.find('/');
  if (Slash == std::string::npos)
    return {"", Rel};
  return {Rel.substr(0, Slash), Rel.substr(Slash + 1)};
}

} // namespace

//===-- TempDir -----------------------------------------------------------===//

Expected<TempDir> TempDir::create(std::string_view Prefix) {
  std::error_code EC;
  fs::path Base = fs::temp_directory_path(EC);
  if (EC)
    Base = "/tmp";
  std::string Template = (Base / (std::string(Prefix) + "-XXXXXX")).string();
  if (!::mkdtemp(Template.data()))
    return ioError(fmt::format("cannot create a temporary directory in {}: {}",
                               Base.string(), std::strerror(errno)));
  return TempDir(fs::path(Template));
}

TempDir::~TempDir() {
  if (Path.empty())
    return;
  std::error_code EC;
  fs::remove_all(Path, EC);
}

//===-- ConversionTable ---------------------------------------------------===//

ConversionTable::Table ConversionTable::load(const fs::path &Csv) {
  Table T;
  T.Root = Csv.parent_path();
  std::ifstream In(Csv, std::ios::binary);
  auto Records = parseCsv(In);
  if (Records.empty())
    return T;
  std::map<std::string, size_t> Col;
  for (size_t I = 0; I < Records[0].size(); ++I)
    Col[Records[0][I]] = I;
  for (const char *Needed : {"file", "dir", "converts", "wast2json_flags"})
    if (!Col.count(Needed))
      return T; // not the table we know: use default flags everywhere
  auto Get = [&](const std::vector<std::string> &R, const char *Name) {
    auto It = Col.find(Name);
    return It != Col.end() && It->second < R.size() ? R[It->second]
                                                    : std::string();
  };
  for (size_t I = 1; I < Records.size(); ++I) {
    const auto &R = Records[I];
    ConversionInfo Info;
    Info.Converts = Get(R, "converts") != "no";
    std::string Flags = Get(R, "wast2json_flags");
    if (Flags != "(default)")
      Info.Flags = splitFlags(Flags);
    Info.KnownError = Get(R, "wast2json_error");
    std::string Key =
        Get(R, "dir") + "/" + fs::path(Get(R, "file")).filename().string();
    T.Rows.emplace(std::move(Key), std::move(Info));
  }
  return T;
}

const ConversionTable::Table *ConversionTable::tableFor(const fs::path &Dir) {
  for (fs::path P = Dir; !P.empty(); P = P.parent_path()) {
    std::error_code EC;
    fs::path Csv = P / "summary.csv";
    if (fs::is_regular_file(Csv, EC)) {
      std::lock_guard<std::mutex> G(Lock);
      auto It = Cache.find(P);
      if (It == Cache.end())
        It = Cache.emplace(P, load(Csv)).first;
      return &*It->second;
    }
    if (P == P.parent_path())
      break;
  }
  return nullptr;
}

std::optional<ConversionInfo> ConversionTable::lookup(const fs::path &Wast) {
  std::error_code EC;
  fs::path Abs = fs::weakly_canonical(fs::absolute(Wast, EC), EC);
  const Table *T = tableFor(Abs.parent_path());
  if (!T)
    return std::nullopt;
  std::string Rel = Abs.lexically_relative(T->Root).generic_string();
  if (auto It = T->Rows.find(Rel); It != T->Rows.end())
    return It->second;
  // The CSV may name a set's folder with a suffix ("wasm-3.0-main/core" for
  // the folder wasm-3.0/core): accept the one row that differs only so.
  auto [First, Rest] = splitFirst(Rel);
  const ConversionInfo *Match = nullptr;
  for (const auto &[Key, Info] : T->Rows) {
    auto [KFirst, KRest] = splitFirst(Key);
    if (KRest == Rest && !First.empty() && KFirst.starts_with(First)) {
      if (Match)
        return std::nullopt; // ambiguous
      Match = &Info;
    }
  }
  return Match ? std::optional<ConversionInfo>(*Match) : std::nullopt;
}

//===-- Wast2Json ---------------------------------------------------------===//

Expected<Wast2Json> Wast2Json::find() {
  const char *Path = std::getenv("PATH");
  std::istringstream Dirs(Path ? Path : "/usr/bin:/bin");
  for (std::string Dir; std::getline(Dirs, Dir, ':');) {
    fs::path Exe = fs::path(Dir.empty() ? "." : Dir) / "wast2json";
    std::error_code EC;
    if (fs::is_regular_file(Exe, EC) && ::access(Exe.c_str(), X_OK) == 0)
      return Wast2Json(Exe);
  }
  return Error{ErrorKind::Io,
               Error::kNoOffset,
               "wast2json not found on PATH",
               {"install the Debian package 'wabt' (or run "
                "scripts/install-deps.sh)"}};
}

Expected<fs::path>
Wast2Json::convert(const fs::path &Wast, const fs::path &OutDir,
                   const std::vector<std::string> &Flags) const {
  fs::path Json = OutDir / (Wast.stem().string() + ".json");
  fs::path Log = OutDir / "wast2json.log";
  std::vector<std::string> Args = {Exe.string(), Wast.string(), "-o",
                                   Json.string()};
  Args.insert(Args.end(), Flags.begin(), Flags.end());
  std::vector<char *> Argv;
  for (std::string &A : Args)
    Argv.push_back(A.data());
  Argv.push_back(nullptr);

  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_addopen(&Actions, STDIN_FILENO, "/dev/null",
                                   O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&Actions, STDOUT_FILENO, Log.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&Actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t Pid;
  int Err =
      posix_spawn(&Pid, Exe.c_str(), &Actions, nullptr, Argv.data(), environ);
  posix_spawn_file_actions_destroy(&Actions);
  if (Err != 0)
    return ioError(
        fmt::format("cannot run {}: {}", Exe.string(), std::strerror(Err)));
  int WaitStatus = 0;
  while (::waitpid(Pid, &WaitStatus, 0) < 0)
    if (errno != EINTR)
      return ioError(fmt::format("waitpid: {}", std::strerror(errno)));

  bool Ok = WIFEXITED(WaitStatus) && WEXITSTATUS(WaitStatus) == 0;
  if (Ok && fs::is_regular_file(Json))
    return Json;
  std::string How =
      WIFEXITED(WaitStatus)
          ? fmt::format("exited with status {}", WEXITSTATUS(WaitStatus))
      : WIFSIGNALED(WaitStatus)
          ? fmt::format("was killed by signal {}", WTERMSIG(WaitStatus))
          : std::string("failed");
  Error E = ioError(fmt::format("wast2json {}", How));
  if (std::string Output = readText(Log, 2000); !Output.empty())
    E.Notes.push_back("wast2json said: " + Output);
  return E;
}

} // namespace wasmaot::spec
