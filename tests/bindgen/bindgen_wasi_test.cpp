// The bindings of a large real world: every WASI 0.2.12 world at once
// (tests/wit/data/wasi-0.2.12, wasi:cli/command + wasi:http/proxy),
// generated at build time. Compiling this file checks that the generator's
// output for ~30 interfaces with resources, versions and many packages is
// valid C++; the cases check a few of its shapes and codecs.
#include <gtest/gtest.h>

#include "wasi_everything.h"

using namespace wasmaot::runtime::component;

namespace {

std::string shapeOf(std::string_view Export) {
  for (const auto &[Name, Shape] :
       wasmaot_::wasi_test::Everything::exportShapes()) // `wasmaot` is escaped
    if (Name == Export)
      return std::string(Shape);
  return "(missing)";
}

TEST(BindgenCppWasi, ExportShapes) {
  EXPECT_EQ(shapeOf("wasi:cli/run@0.2.12#run"), "()->result<_,_>");
  EXPECT_EQ(shapeOf("wasi:http/incoming-handler@0.2.12#handle"),
            "(own,own)->_");
}

TEST(BindgenCppWasi, Codecs) {
  using wasi::http::types::Method;
  Method M = Method::other("PROPFIND");
  Value V = Codec<Method>::lower(M);
  EXPECT_EQ(V.K, Kind::Variant);
  EXPECT_EQ(V.Case, 9u);
  Method Back;
  ASSERT_TRUE(Codec<Method>::lift(V, Back));
  EXPECT_EQ(Back.asOther(), "PROPFIND");
  EXPECT_EQ(Codec<Method>::lower(Method::get()).Case, 0u);

  wasi::filesystem::types::DescriptorFlags F;
  F.write = F.mutateDirectory = true;
  EXPECT_EQ(Codec<decltype(F)>::lower(F).FlagWords,
            std::vector<uint32_t>{0b100010});
}

} // namespace
