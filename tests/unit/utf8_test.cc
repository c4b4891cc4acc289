// FindInvalidUtf8: where a file stops being UTF-8.

#include "core/utf8.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(Utf8, WellFormedTextHasNoError) {
  EXPECT_FALSE(FindInvalidUtf8("name: caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80\n"));
  EXPECT_FALSE(FindInvalidUtf8(""));
}

TEST(Utf8, NamesLineColumnAndByte) {
  auto bad = FindInvalidUtf8("a: 1\nname: te\xffst\n");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->line, 2);
  EXPECT_EQ(bad->column, 9u);
  EXPECT_EQ(bad->byte, 0xFF);
}

TEST(Utf8, RefusesLatin1OverlongSurrogatesAndTruncation) {
  for (const char* text : {"caf\xe9", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x9c"}) {
    auto bad = FindInvalidUtf8(text);
    ASSERT_TRUE(bad) << text;
    EXPECT_EQ(bad->line, 1);
  }
  EXPECT_EQ(FindInvalidUtf8("caf\xe9")->column, 4u);
}

}  // namespace
}  // namespace strata
