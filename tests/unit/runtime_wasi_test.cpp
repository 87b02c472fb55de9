// WASI preview1 host: C guests from tests/wasi/guests/ compiled at test time
// (clang-19 --target=wasm32-wasi) and run through WasiCtx. Covers stdio,
// args, env, exit status, clocks, random, poll, files and directories
// (against the same program built natively), EFAULT on every pointer kind,
// sockets, the capability defaults, and the sandbox-escape suite — under
// openat2 and under the portable component walk.
#include "runtime_wasi_util.h"

#if WASMAOT_HAVE_CODEGEN

#include <sys/socket.h>

using namespace wasmaot::runtime;
using namespace wasmaot::runtime::wasitest;

namespace {

#define NEED_CLANG()                                                           \
  if (!haveWasiClang())                                                        \
  GTEST_SKIP() << "clang-19 with wasm32-wasi sysroot not installed"

WasiConfig withArgs(std::vector<std::string> Args) {
  WasiConfig C;
  C.Args = std::move(Args);
  return C;
}

TEST(RuntimeWasi, StdioArgsEnvAndExitStatus) {
  NEED_CLANG();
  WasiConfig C = withArgs({"stdio", "7", "two words"});
  C.Env = {{"MODE", "prod"}, {"K", "a=b"}};
  RunResult R = run("stdio", C, "abc\nxyz\n");
  EXPECT_FALSE(R.TrapValue) << R.TrapValue->format();
  EXPECT_EQ(R.Status, 7);
  EXPECT_EQ(R.Out, "argc 3\nargv[0] stdio\nargv[1] 7\nargv[2] two words\n"
                   "env MODE=prod\nenv K=a=b\nMODE prod\nABC\nXYZ\n");
  EXPECT_EQ(R.Err, "to stderr\n");
}

TEST(RuntimeWasi, NothingGrantedByDefault) {
  NEED_CLANG();
  // No stdio: writes fail (EBADF) but the program still runs and exits.
  RunResult R = run("stdio", withArgs({"stdio", "3"}), "", /*Stdio=*/false);
  EXPECT_EQ(R.Status, 3);
  // No preopens, no env, no clocks, no random: ENOTCAPABLE (76) / EBADF (8).
  R = run("probe", withArgs({"probe", "clocks", "random", "pollabs", "read",
                             "x", "sock", "3"}));
  EXPECT_EQ(R.Out, "clock0 76 76 0\nclock1 76 76 0\nclock2 76 76 0\n"
                   "clock3 76 76 0\nclock9 28\nrandom 76 76 0\n"
                   "pollabs 0 1 7 76\nread 8\nsock 8 8 8 8 0 \n");
  EXPECT_EQ(R.Status, 0);
}

TEST(RuntimeWasi, ClocksRandomAndPoll) {
  NEED_CLANG();
  WasiConfig C = withArgs(
      {"probe", "clocks", "random", "pollabs", "sleep", "20000000"});
  C.AllowClocks = C.AllowRandom = true;
  auto T0 = std::chrono::steady_clock::now();
  RunResult R = run("probe", C);
  auto Ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - T0)
                .count();
  EXPECT_EQ(R.Out, "clock0 0 0 1\nclock1 0 0 1\nclock2 0 0 1\n"
                   "clock3 0 0 1\nclock9 28\nrandom 0 0 1\n"
                   "pollabs 0 1 7 0\nsleep 0 1 1 0 0\n");
  EXPECT_GE(Ms, 20);
  // libc's view: nanosleep, clock_gettime, clock_getres, getentropy.
  C = withArgs({"stdio", "0", "time"});
  C.AllowClocks = C.AllowRandom = true;
  R = run("stdio", C);
  EXPECT_NE(R.Out.find("slept >= 30ms 1\nrealtime after 2020 1\nres 1\n"
                       "cputime 1\ngetentropy 1\n"),
            std::string::npos)
      << R.Out;
}

TEST(RuntimeWasi, ProcExitAndRaise) {
  NEED_CLANG();
  RunResult R = run("probe", withArgs({"probe", "exit", "42"}));
  EXPECT_EQ(R.Status, 42);
  EXPECT_FALSE(R.TrapValue);
  R = run("probe", withArgs({"probe", "raise"}));
  ASSERT_TRUE(R.TrapValue);
  EXPECT_EQ(R.TrapValue->Code, TrapCode::HostTrap);
  EXPECT_NE(R.TrapValue->Message.find("proc_raise: signal 15"),
            std::string::npos);
  EXPECT_EQ(R.Out, "");
}

TEST(RuntimeWasi, EveryBadPointerIsEfault) {
  NEED_CLANG();
  TempDir D;
  WasiConfig C = withArgs({"probe", "efault"});
  C.Preopens.push_back({D.Path.string(), "/d", false});
  C.AllowClocks = C.AllowRandom = true;
  RunResult R = run("probe", C);
  std::istringstream In(R.Out);
  std::string Line;
  int Lines = 0;
  while (std::getline(In, Line)) {
    ++Lines;
    EXPECT_EQ(Line.substr(Line.rfind(' ') + 1), "21") << Line;
  }
  EXPECT_EQ(Lines, 17) << R.Out;
}

TEST(RuntimeWasi, FilesAndDirectoriesMatchNative) {
  NEED_CLANG();
  TempDir Native, Guest, Bin;
  std::string Exe = (Bin.Path / "files").string();
  std::string Cmd = "cc -O2 " + std::string(WASMAOT_SOURCE_DIR) +
                    "/tests/wasi/guests/files.c -o " + Exe;
  ASSERT_EQ(std::system(Cmd.c_str()), 0);
  std::string Out = (Bin.Path / "out.txt").string();
  ASSERT_EQ(std::system((Exe + " " + Native.Path.string() + " > " + Out).c_str()),
            0);
  std::string Want = readAll(Out);
  ASSERT_NE(Want.find("all names once 1"), std::string::npos);

  WasiConfig C = withArgs({"files", "/work"});
  C.Preopens.push_back({Guest.Path.string(), "/work", false});
  RunResult R = run("files", C);
  EXPECT_EQ(R.Status, 0);
  EXPECT_EQ(R.Out, Want);
  EXPECT_EQ(snapshot(Guest.Path), snapshot(Native.Path));
}

TEST(RuntimeWasi, AdviseAllocateSyncFlagsRightsRenumberYieldAndFdPoll) {
  NEED_CLANG();
  TempDir Dir;
  WasiConfig C = withArgs({"fdops"});
  C.Preopens.push_back({Dir.Path.string(), "/d", false});
  RunResult R = run("fdops", C, "input\n");
  EXPECT_EQ(R.Status, 0);
  // 28 EINVAL, 76 ENOTCAPABLE (adding rights back), 8 EBADF (writing
  // without FD_WRITE, as Wasmtime); poll events: type 1 fd_read,
  // 2 fd_write.
  EXPECT_EQ(R.Out, "open 0\nwrite 0\nadvise 0\nadvise-bad 28\nallocate 0\n"
                   "size 4096\nsync 0 datasync 0\nsetflags 0\n"
                   "append-flag 1\nsize-after-append 4097\nsetrights 0\n"
                   "write-after-drop 8\nregrow 76\nopen 0\nrenumber 0\n"
                   "renumbered-size 4097\nold-fd 8\nrenumber-bad 8\n"
                   "yield 0\npoll 0 n 2 [10 0 1] [11 0 2]\n");
  // data.bin: "hello", allocated to 4096 bytes, then "!" appended.
  std::string Data = readAll((Dir.Path / "data.bin").string());
  ASSERT_EQ(Data.size(), 4097u);
  EXPECT_EQ(Data.substr(0, 5), "hello");
  EXPECT_EQ(Data.back(), '!');
  EXPECT_EQ(fs::file_size(Dir.Path / "other.bin"), 0u);
}

TEST(RuntimeWasi, ReaddirCookiesWithATinyBuffer) {
  NEED_CLANG();
  TempDir D;
  for (int I = 0; I < 50; ++I)
    writeFile(D.Path / ("f" + std::to_string(I)), "x");
  WasiConfig C = withArgs({"probe", "readdir", ".", "readdir", "f1"});
  C.Preopens.push_back({D.Path.string(), "/d", false});
  RunResult R = run("probe", C);
  // 50 files + "." + "..", each exactly once; a file is not a directory.
  EXPECT_EQ(R.Out, "readdir 0 52\nreaddir 54\n");
}

TEST(RuntimeWasi, PreopenedSocketsOnly) {
  NEED_CLANG();
  int Sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, Sv), 0);
  ASSERT_EQ(write(Sv[1], "pong", 4), 4);
  TempDir D;
  WasiConfig C = withArgs({"probe", "sock", "4", "sock", "3", "sock", "9"});
  C.Preopens.push_back({D.Path.string(), "/d", false});
  C.PreopenSockets.push_back(Sv[0]);
  RunResult R = run("probe", C);
  // send, recv, shutdown work; accept on a connected socket is EINVAL (28);
  // a directory is ENOTSOCK (57); a closed fd EBADF (8).
  EXPECT_EQ(R.Out, "sock 0 0 0 28 4 pong\nsock 57 57 57 57 0 \n"
                   "sock 8 8 8 8 0 \n");
  char Buf[8] = {0};
  EXPECT_EQ(read(Sv[1], Buf, sizeof(Buf)), 4);
  EXPECT_STREQ(Buf, "ping");
  close(Sv[0]);
  close(Sv[1]);
}

TEST(RuntimeWasi, AllPreview1FunctionsAreDefined) {
  WasiConfig C;
  auto Ctx = WasiCtx::create(C);
  ASSERT_TRUE(Ctx);
  Linker L(engine());
  defineWasi(L, **Ctx);
  const char *Names[] = {
      "args_get", "args_sizes_get", "environ_get", "environ_sizes_get",
      "clock_res_get", "clock_time_get", "fd_advise", "fd_allocate",
      "fd_close", "fd_datasync", "fd_fdstat_get", "fd_fdstat_set_flags",
      "fd_fdstat_set_rights", "fd_filestat_get", "fd_filestat_set_size",
      "fd_filestat_set_times", "fd_pread", "fd_prestat_get",
      "fd_prestat_dir_name", "fd_pwrite", "fd_read", "fd_readdir",
      "fd_renumber", "fd_seek", "fd_sync", "fd_tell", "fd_write",
      "path_create_directory", "path_filestat_get",
      "path_filestat_set_times", "path_link", "path_open", "path_readlink",
      "path_remove_directory", "path_rename", "path_symlink",
      "path_unlink_file", "poll_oneoff", "proc_exit", "proc_raise",
      "sched_yield", "random_get", "sock_accept", "sock_recv", "sock_send",
      "sock_shutdown"};
  EXPECT_EQ(std::size(Names), 46u);
  for (const char *N : Names)
    EXPECT_TRUE(L.get(kWasiPreview1, N).has_value()) << N;
}

TEST(RuntimeWasi, CliSpecParsers) {
  auto P = parseWasiDirSpec("./data::/data:ro");
  ASSERT_TRUE(P);
  EXPECT_EQ(P->HostPath, "./data");
  EXPECT_EQ(P->GuestPath, "/data");
  EXPECT_TRUE(P->ReadOnly);
  P = parseWasiDirSpec("/tmp");
  ASSERT_TRUE(P);
  EXPECT_EQ(P->GuestPath, "/tmp");
  EXPECT_FALSE(P->ReadOnly);
  EXPECT_FALSE(parseWasiDirSpec("::/x"));
  auto E = parseWasiEnvSpec("K=V=W");
  ASSERT_TRUE(E);
  EXPECT_EQ(E->second, "V=W");
  setenv("WASMAOT_WASI_TEST_VAR", "on", 1);
  E = parseWasiEnvSpec("WASMAOT_WASI_TEST_VAR");
  ASSERT_TRUE(E);
  EXPECT_EQ(E->second, "on");
  EXPECT_FALSE(parseWasiEnvSpec("WASMAOT_WASI_SURELY_UNSET_VAR"));
  WasiConfig Bad;
  Bad.Preopens.push_back({"/nonexistent-dir", "/x", false});
  EXPECT_FALSE(WasiCtx::create(Bad));
}

// ---- Sandbox escapes, under openat2 (false) and the component walk (true).
// Leaving the preopen is EPERM (63), as in Wasmtime; ELOOP (32) for loops.

class RuntimeWasiSandbox : public ::testing::TestWithParam<bool> {
protected:
  void SetUp() override {
    if (!haveWasiClang())
      GTEST_SKIP() << "clang-19 with wasm32-wasi sysroot not installed";
    Outside = T.Path / "outside";
    Box = T.Path / "box";
    Ro = T.Path / "ro";
    fs::create_directories(Outside / "dir");
    writeFile(Outside / "secret.txt", "secret");
    fs::create_directories(Box / "sub/a/b");
    writeFile(Box / "file.txt", "inside");
    fs::create_symlink(Outside / "secret.txt", Box / "esc_abs");
    fs::create_symlink("../outside/secret.txt", Box / "esc_rel");
    fs::create_symlink("../outside", Box / "esc_dir");
    fs::create_symlink("../../../../outside", Box / "sub/a/b/up");
    fs::create_symlink("/proc/self/root", Box / "esc_proc");
    fs::create_symlink("loop2", Box / "loop1");
    fs::create_symlink("loop1", Box / "loop2");
    fs::create_symlink("sub/a/../../file.txt", Box / "ok_link");
    fs::create_directories(Ro / "dir");
    writeFile(Ro / "file.txt", "readonly");
    OutsideBefore = snapshot(Outside);
    RoBefore = snapshot(Ro);
  }
  void TearDown() override {
    if (IsSkipped())
      return;
    EXPECT_EQ(snapshot(Outside), OutsideBefore) << "outside was changed";
    EXPECT_EQ(snapshot(Ro), RoBefore) << "the read-only preopen was changed";
  }

  /// Runs probe with \p Ops on fd 3 = box, fd 4 = ro (read-only).
  std::string probe(std::vector<std::string> Ops,
                    std::vector<WasiConfig::Preopen> Extra = {}) {
    WasiConfig C;
    C.Args = {"probe"};
    C.Args.insert(C.Args.end(), Ops.begin(), Ops.end());
    C.Preopens = {{Box.string(), "/box", false}, {Ro.string(), "/ro", true}};
    C.Preopens.insert(C.Preopens.end(), Extra.begin(), Extra.end());
    C.ForcePathWalk = GetParam();
    RunResult R = run("probe", C);
    EXPECT_EQ(R.Status, 0);
    return R.Out;
  }

  TempDir T;
  fs::path Outside, Box, Ro;
  std::string OutsideBefore, RoBefore;
};

TEST_P(RuntimeWasiSandbox, DotDotAtEveryDepth) {
  EXPECT_EQ(probe({"read", "../outside/secret.txt",
                   "read", "sub/../../outside/secret.txt",
                   "read", "sub/a/../../../outside/secret.txt",
                   "read", "sub/a/b/../../../../outside/secret.txt",
                   "read", "sub/a/b/../../../file.txt",
                   "read", "sub/./a/.././../file.txt",
                   "stat", "..", "1", "stat", "sub/../..", "0",
                   "open", "..", "2", "1", "r", "open", ".", "2", "1", "r",
                   "readdir", "..", "readdir", "sub/.."}),
            "read 63\nread 63\nread 63\nread 63\nread 0 inside\n"
            "read 0 inside\nstat 63 -1 0\nstat 63 -1 0\nopen 63\nopen 0\n"
            "readdir 63\nreaddir 0 11\n");
}

TEST_P(RuntimeWasiSandbox, AbsolutePaths) {
  EXPECT_EQ(probe({"read", "/etc/passwd", "read", (Box / "file.txt").string(),
                   "stat", "/", "1", "mkdir", "/tmp/x", "write", "//x", "y"}),
            "read 63\nread 63\nstat 63 -1 0\nmkdir 63\nwrite 63\n");
}

TEST_P(RuntimeWasiSandbox, SymlinksPointingOut) {
  EXPECT_EQ(probe({"read", "esc_abs", "read", "esc_rel",
                   "read", "esc_dir/secret.txt", "read", "sub/a/b/up/secret.txt",
                   "read", "esc_proc/etc/hostname", "read", "ok_link",
                   "stat", "esc_rel", "1", "stat", "esc_rel", "0",
                   "stat", "esc_dir/", "0", "readlink", "esc_rel",
                   "open", "esc_rel", "0", "0", "r"}),
            "read 63\nread 63\nread 63\nread 63\nread 63\nread 0 inside\n"
            "stat 63 -1 0\nstat 0 7 21\nstat 63 -1 0\n"
            "readlink 0 ../outside/secret.txt\nopen 32\n");
}

TEST_P(RuntimeWasiSandbox, SymlinkLoops) {
  EXPECT_EQ(probe({"read", "loop1", "read", "loop1/x", "stat", "loop2", "1",
                   "write", "loop1", "z", "mkdir", "loop1/d"}),
            "read 32\nread 32\nstat 32 -1 0\nwrite 32\nmkdir 32\n");
  EXPECT_TRUE(fs::is_symlink(Box / "loop1") && fs::is_symlink(Box / "loop2"));
}

TEST_P(RuntimeWasiSandbox, WritesThroughEscapesChangeNothingOutside) {
  EXPECT_EQ(probe({"write", "../outside/new.txt", "x",
                   "write", "esc_dir/new.txt", "x", "write", "esc_abs", "x",
                   "write", "esc_rel", "x", "mkdir", "../outside/nd",
                   "mkdir", "esc_dir/nd", "rmdir", "../outside/dir",
                   "rmdir", "esc_dir/dir", "unlink", "../outside/secret.txt",
                   "unlink", "esc_dir/secret.txt", "utimes", "esc_dir/secret.txt",
                   "utimes", "esc_rel", "symlink", "/etc/passwd", "abs",
                   "symlink", "../outside/secret.txt", "rel", "read", "rel",
                   "unlink", "rel", "unlink", "esc_rel"}),
            "write 63\nwrite 63\nwrite 63\nwrite 63\nmkdir 63\nmkdir 63\n"
            "rmdir 63\nrmdir 63\nunlink 63\nunlink 63\nutimes 63\n"
            "utimes 0\nsymlink 63\nsymlink 0\nread 63\nunlink 0\n"
            "unlink 0\n");
  EXPECT_FALSE(fs::is_symlink(Box / "abs"));
  EXPECT_FALSE(fs::is_symlink(Box / "esc_rel"));
}

TEST_P(RuntimeWasiSandbox, RenameAndHardLinkAcrossTheBoundary) {
  EXPECT_EQ(probe({"rename", "file.txt", "../outside/stolen.txt",
                   "rename", "../outside/secret.txt", "got.txt",
                   "rename", "esc_dir/secret.txt", "got.txt",
                   "rename", "file.txt", "esc_dir/stolen.txt",
                   "link", "../outside/secret.txt", "hl",
                   "link", "esc_dir/secret.txt", "hl",
                   "link", "file.txt", "../outside/hl",
                   "link", "file.txt", "esc_dir/hl",
                   "link", "file.txt", "sub/hl", "rename", "sub/hl", "sub/a/hl",
                   "read", "sub/a/hl"}),
            "rename 63\nrename 63\nrename 63\nrename 63\nlink 63\nlink 63\n"
            "link 63\nlink 63\nlink 0\nrename 0\nread 0 inside\n");
  EXPECT_FALSE(fs::exists(Box / "got.txt"));
  EXPECT_FALSE(fs::exists(Box / "hl"));
}

TEST_P(RuntimeWasiSandbox, ProcSelfMagicLinks) {
  // Even a preopen of /proc/self gives no way out through its magic links.
  std::string Out = probe({"fd", "5", "read", "root/etc/hostname",
                           "read", "cwd/x", "read", "exe", "read", "fd/0",
                           "stat", "root", "1", "read", "task/../root/etc/hostname",
                           "stat", "status", "1"},
                          {{"/proc/self", "/proc", true}});
  EXPECT_EQ(Out, "read 32\nread 32\nread 32\nread 32\nstat 32 -1 0\n"
                 "read 32\nstat 0 4 0\n");
}

TEST_P(RuntimeWasiSandbox, ReadOnlyPreopenRefusesEveryWrite) {
  EXPECT_EQ(probe({"fd", "4", "write", "file.txt", "x", "write", "new.txt", "x",
                   "open", "file.txt", "0", "1", "w",
                   "open", "file.txt", "8", "1", "r",
                   "open", "new.txt", "1", "1", "r", "mkdir", "nd",
                   "rmdir", "dir", "unlink", "file.txt",
                   "rename", "file.txt", "moved", "link", "file.txt", "hl",
                   "symlink", "file.txt", "sl", "utimes", "file.txt",
                   "read", "file.txt", "stat", "file.txt", "0",
                   "readdir", ".", "open", "file.txt", "0", "1", "r"}),
            "write 69\nwrite 69\nopen 69\nopen 69\nopen 69\nmkdir 69\n"
            "rmdir 69\nunlink 69\nrename 69\nlink 69\nsymlink 69\n"
            "utimes 69\nread 0 readonly\nstat 0 4 8\nreaddir 0 4\nopen 0\n");
}

INSTANTIATE_TEST_SUITE_P(Resolver, RuntimeWasiSandbox, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool> &I) {
                           return I.param ? "Walk" : "Openat2";
                         });

} // namespace

#endif // WASMAOT_HAVE_CODEGEN
