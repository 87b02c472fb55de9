// Unit tests for the CLI helpers in cmd/ (common.h, json_writer.h,
// module_info.h): file reading and its errors, file-kind sniffing, exit
// codes, escaping, and the text forms `wasmaot inspect` prints.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <gtest/gtest.h>

#include "common.h"
#include "json_writer.h"
#include "module_info.h"

namespace wasmaot::cli {
namespace {

namespace fs = std::filesystem;

/// A scratch directory removed after each test.
class CliHelpers : public ::testing::Test {
protected:
  void SetUp() override {
    std::string Template =
        (fs::temp_directory_path() / "wasmaot-unit-XXXXXX").string();
    ASSERT_NE(::mkdtemp(Template.data()), nullptr);
    Dir = Template;
  }
  void TearDown() override { fs::remove_all(Dir); }

  fs::path write(const std::string &Name, const std::string &Bytes) {
    fs::path P = Dir / Name;
    std::ofstream(P, std::ios::binary) << Bytes;
    return P;
  }

  fs::path Dir;
};

TEST_F(CliHelpers, ReadFileBytesReturnsTheContents) {
  std::string Bytes("\0asm\x01\0\0\0", 8);
  auto R = readFileBytes(write("m.wasm", Bytes).string());
  ASSERT_TRUE(R);
  EXPECT_EQ(std::string(R->begin(), R->end()), Bytes);
}

TEST_F(CliHelpers, ReadFileBytesReportsAMissingFileAsIo) {
  auto R = readFileBytes((Dir / "nope.wasm").string());
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().Kind, ErrorKind::Io);
  EXPECT_FALSE(R.error().hasOffset());
  EXPECT_EQ(R.error().Message, "cannot open: No such file or directory");
  EXPECT_EQ(R.error().format("nope.wasm"),
            "nope.wasm: error: cannot open: No such file or directory");
}

TEST_F(CliHelpers, ReadFileBytesRefusesADirectory) {
  auto R = readFileBytes(Dir.string());
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().Kind, ErrorKind::Io);
  EXPECT_EQ(R.error().Message, "cannot read: is a directory");
}

TEST_F(CliHelpers, ReadFileBytesEnforcesTheSizeLimit) {
  auto R = readFileBytes(write("big", std::string(100, 'x')).string(), 99);
  ASSERT_FALSE(R);
  EXPECT_EQ(R.error().Kind, ErrorKind::Limit);
  EXPECT_NE(R.error().Message.find("100 bytes"), std::string::npos);
  EXPECT_TRUE(readFileBytes((Dir / "big").string(), 100));
}

TEST(CliExitCodes, IoIsAUsageErrorEverythingElseFails) {
  EXPECT_EQ(exitCodeFor(ErrorKind::Io), kExitUsage);
  for (ErrorKind K :
       {ErrorKind::Malformed, ErrorKind::Invalid, ErrorKind::Unsupported,
        ErrorKind::Limit, ErrorKind::Link, ErrorKind::Internal})
    EXPECT_EQ(exitCodeFor(K), kExitFailed) << errorKindName(K);
}

std::span<const uint8_t> bytesOf(std::string_view S) {
  return {reinterpret_cast<const uint8_t *>(S.data()), S.size()};
}

TEST(CliSniff, RecognisesWhatUsersHandUs) {
  using namespace std::string_view_literals;
  EXPECT_EQ(sniffFileKind(bytesOf("\0asm\x01\0\0\0"sv)), FileKind::CoreModule);
  EXPECT_EQ(sniffFileKind(bytesOf("\0asm\x0d\0\x01\0"sv)), FileKind::Component);
  EXPECT_EQ(sniffFileKind(bytesOf("\x7f"
                                  "ELF\x02\x01"sv)),
            FileKind::Elf);
  EXPECT_EQ(sniffFileKind(bytesOf("\n  (module)"sv)), FileKind::WasmText);
  EXPECT_EQ(sniffFileKind(bytesOf(";; comment\n(module)"sv)),
            FileKind::WasmText);
  EXPECT_EQ(sniffFileKind(bytesOf("\0asm\x02\0\0\0"sv)), FileKind::Unknown);
  EXPECT_EQ(sniffFileKind(bytesOf("\0as"sv)), FileKind::Unknown);
  EXPECT_EQ(sniffFileKind({}), FileKind::Unknown);
}

TEST(CliReadCoreModule, ExplainsFilesThatAreNotCoreModules) {
  using namespace std::string_view_literals;
  auto Text = readCoreModule(bytesOf("(module)"sv));
  ASSERT_FALSE(Text);
  EXPECT_EQ(Text.error().Kind, ErrorKind::Malformed);
  ASSERT_EQ(Text.error().Notes.size(), 1u);
  EXPECT_NE(Text.error().Notes[0].find("wat2wasm"), std::string::npos);

  auto Component = readCoreModule(bytesOf("\0asm\x0d\0\x01\0"sv));
  ASSERT_FALSE(Component);
  EXPECT_EQ(Component.error().Kind, ErrorKind::Unsupported);

  EXPECT_TRUE(readCoreModule(bytesOf("\0asm\x01\0\0\0"sv)));
}

TEST(CliQuoteName, EscapesWhatATerminalWouldInterpret) {
  EXPECT_EQ(quoteName("add"), "\"add\"");
  EXPECT_EQ(quoteName("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(quoteName(std::string("\x1b[2J\n\0", 6)), "\"\\x1b[2J\\n\\x00\"");
  EXPECT_EQ(quoteName("\xe2\x82\xac"), "\"\xe2\x82\xac\""); // UTF-8 stays
}

TEST(CliJsonWriter, WritesNestedPrettyJson) {
  JsonWriter J;
  J.beginObject();
  J.key("name").value("a\"b\n\x01");
  J.key("n").value(uint64_t(42));
  J.key("neg").value(int64_t(-1));
  J.key("none").null();
  J.key("list").beginArray();
  J.value(true);
  J.beginObject();
  J.endObject();
  J.endArray();
  J.key("empty").beginArray();
  J.endArray();
  J.endObject();
  EXPECT_EQ(J.str(), "{\n"
                     "  \"name\": \"a\\\"b\\n\\u0001\",\n"
                     "  \"n\": 42,\n"
                     "  \"neg\": -1,\n"
                     "  \"none\": null,\n"
                     "  \"list\": [\n"
                     "    true,\n"
                     "    {}\n"
                     "  ],\n"
                     "  \"empty\": []\n"
                     "}");
}

/// A Module holding only \p Expr as its bytes, for constExprText.
frontend::Module moduleWithBytes(std::vector<uint8_t> Expr) {
  frontend::Module M;
  M.Bytes = std::move(Expr);
  M.Features = frontend::FeatureSet::wasm2();
  return M;
}

TEST(CliModuleInfo, PrintsConstantExpressions) {
  auto Text = [](std::vector<uint8_t> B) {
    frontend::Module M = moduleWithBytes(std::move(B));
    return constExprText(M, {0, M.Bytes.size()});
  };
  EXPECT_EQ(Text({0x41, 0x2a, 0x0b}), "i32.const 42");
  EXPECT_EQ(Text({0x41, 0x7f, 0x0b}), "i32.const -1");
  EXPECT_EQ(Text({0x42, 0x80, 0x01, 0x0b}), "i64.const 128");
  EXPECT_EQ(Text({0x23, 0x03, 0x0b}), "global.get 3");
  EXPECT_EQ(Text({0xd0, 0x70, 0x0b}), "ref.null func");
  EXPECT_EQ(Text({0xd2, 0x05, 0x0b}), "ref.func 5");
  EXPECT_EQ(Text({0x43, 0x00, 0x00, 0xc0, 0x3f, 0x0b}), "f32.const 1.5");
  EXPECT_EQ(Text({0xff}), "<malformed>");
  EXPECT_EQ(Text({0x41}), "<malformed>");
  // A span outside the module's bytes is reported, not read.
  frontend::Module M = moduleWithBytes({0x0b});
  EXPECT_EQ(constExprText(M, {1, 5}), "<malformed>");
}

TEST(CliModuleInfo, FormatsLimits) {
  EXPECT_EQ(limitsText({1, std::nullopt, false, false}), "min 1, no max");
  EXPECT_EQ(limitsText({1, 2, true, true}), "min 1, max 2, shared, i64");
}

TEST(CliModuleInfo, MapsImportedIndicesToImports) {
  frontend::Module M;
  M.Imports.resize(3);
  M.Imports[0].Kind = frontend::ExternKind::Func;
  M.Imports[1].Kind = frontend::ExternKind::Global;
  M.Imports[2].Kind = frontend::ExternKind::Func;
  ImportedEntities I(M);
  EXPECT_EQ(I.find(frontend::ExternKind::Func, 0), &M.Imports[0]);
  EXPECT_EQ(I.find(frontend::ExternKind::Func, 1), &M.Imports[2]);
  EXPECT_EQ(I.find(frontend::ExternKind::Func, 2), nullptr);
  EXPECT_EQ(I.find(frontend::ExternKind::Global, 0), &M.Imports[1]);
  EXPECT_EQ(I.find(frontend::ExternKind::Memory, 0), nullptr);
}

} // namespace
} // namespace wasmaot::cli
