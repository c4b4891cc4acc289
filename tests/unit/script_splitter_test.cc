#include "warehouse/sql/script_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "warehouse/sql/tokenizer.h"

namespace strata::sql {
namespace {

using ::testing::HasSubstr;

std::vector<std::string> Texts(std::string_view script) {
  std::vector<std::string> out;
  for (const auto& s : SplitScript(script, "t.sql")) out.push_back(s.text);
  return out;
}

// The message of the strata::Error that splitting `script` throws.
std::string SplitError(std::string_view script) {
  try {
    SplitScript(script, "job.sql");
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << script;
  return "";
}

TEST(ScriptSplitterTest, SplitsOnSemicolonsAndTrims) {
  EXPECT_THAT(Texts("select 1;  select 2 ;\n\tselect 3"),
              ::testing::ElementsAre("select 1", "select 2", "select 3"));
}

TEST(ScriptSplitterTest, EmptyScriptHasNoStatements) {
  EXPECT_TRUE(Texts("").empty());
  EXPECT_TRUE(Texts("  \n ;; ;\n").empty());
  EXPECT_TRUE(Texts("-- only a comment\n/* and ; another */ ;").empty());
}

TEST(ScriptSplitterTest, SemicolonsInsideStringsAndNamesDoNotSplit) {
  EXPECT_THAT(Texts("select 'a;b', \"c;d\", `e;f`; select 2"),
              ::testing::ElementsAre("select 'a;b', \"c;d\", `e;f`", "select 2"));
}

TEST(ScriptSplitterTest, StringEscapes) {
  // '' and \' both keep the string open, so the ';' after them is inside it.
  EXPECT_THAT(
      Texts("select 'it''s;'; select 'it\\'s;'; select '\\\\'; select 4"),
      ::testing::ElementsAre("select 'it''s;'", "select 'it\\'s;'", "select '\\\\'", "select 4"));
  EXPECT_THAT(Texts("select \"a\"\";\"; select `b``;`"),
              ::testing::ElementsAre("select \"a\"\";\"", "select `b``;`"));
}

TEST(ScriptSplitterTest, SemicolonsInsideCommentsDoNotSplit) {
  EXPECT_THAT(Texts("select 1 -- not here; nor here\n+ 1; /* ; */ select 2"),
              ::testing::ElementsAre("select 1 -- not here; nor here\n+ 1", "select 2"));
}

TEST(ScriptSplitterTest, DollarQuotedBodiesDoNotSplit) {
  EXPECT_THAT(Texts("create macro f() as $$ select 1; $$; select $tag$ a;$$ $tag$; select 3"),
              ::testing::ElementsAre("create macro f() as $$ select 1; $$",
                                     "select $tag$ a;$$ $tag$", "select 3"));
}

TEST(ScriptSplitterTest, DataWorksParametersAreNotDollarQuotes) {
  EXPECT_THAT(Texts("select * from t where ds = ${bizdate}; select 2"),
              ::testing::ElementsAre("select * from t where ds = ${bizdate}", "select 2"));
}

TEST(ScriptSplitterTest, LeadingAndTrailingCommentsAreNotPartOfTheText) {
  // A trailing line comment kept in the text would swallow anything strata
  // appends when it wraps a query.
  auto statements = SplitScript("-- header\n/* more */  select 1 -- why\n;", "t.sql");
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].text, "select 1");
  EXPECT_EQ(statements[0].line, 2);
  EXPECT_EQ(statements[0].column, 13);
}

TEST(ScriptSplitterTest, CommentsInsideAStatementAreKept) {
  EXPECT_THAT(Texts("select /* a */ 1\n-- b\n from t"),
              ::testing::ElementsAre("select /* a */ 1\n-- b\n from t"));
}

TEST(ScriptSplitterTest, LineAndColumnOfEachStatement) {
  auto statements = SplitScript("select 1;\n\n  select 2; select\n 3;\n", "t.sql");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0].line, 1);
  EXPECT_EQ(statements[0].column, 1);
  EXPECT_EQ(statements[1].line, 3);
  EXPECT_EQ(statements[1].column, 3);
  EXPECT_EQ(statements[2].line, 3);
  EXPECT_EQ(statements[2].column, 13);
  EXPECT_EQ(statements[2].text, "select\n 3");
}

TEST(ScriptSplitterTest, ColumnsCountCharactersNotBytes) {
  auto statements = SplitScript("select '名字'; select 2", "t.sql");
  ASSERT_EQ(statements.size(), 2u);
  EXPECT_EQ(statements[1].column, 14);
}

TEST(ScriptSplitterTest, UnterminatedString) {
  std::string error = SplitError("select 1;\nselect 'abc;\n");
  EXPECT_THAT(error, HasSubstr("job.sql:2:8: unterminated string"));
  EXPECT_THAT(error, HasSubstr("near ''abc;'"));
}

TEST(ScriptSplitterTest, UnterminatedStringEndingInBackslash) {
  EXPECT_THAT(SplitError("select 'abc\\'"), HasSubstr("job.sql:1:8: unterminated string"));
}

TEST(ScriptSplitterTest, UnterminatedQuotedNames) {
  EXPECT_THAT(SplitError("select \"abc"), HasSubstr("job.sql:1:8: unterminated quoted name"));
  EXPECT_THAT(SplitError("select `abc"), HasSubstr("job.sql:1:8: unterminated quoted name"));
}

TEST(ScriptSplitterTest, UnterminatedBlockComment) {
  std::string error = SplitError("select 1; /* never\nclosed");
  EXPECT_THAT(error, HasSubstr("job.sql:1:11: unterminated block comment"));
  EXPECT_THAT(error, HasSubstr("near '/* never'"));
}

TEST(ScriptSplitterTest, UnterminatedDollarBody) {
  EXPECT_THAT(SplitError("\n  select $$ body;"),
              HasSubstr("job.sql:2:10: unterminated dollar-quoted body, near '$$ body;'"));
}

TEST(ScriptSplitterTest, ErrorExcerptIsShortened) {
  std::string error = SplitError("select '" + std::string(100, 'x'));
  EXPECT_THAT(error, HasSubstr("near ''" + std::string(39, 'x') + "...'"));
}

TEST(ScriptSplitterTest, LineCommentMayEndTheScript) {
  EXPECT_THAT(Texts("select 1 -- done"), ::testing::ElementsAre("select 1"));
}

TEST(TokenizerTest, KindsAndUnquote) {
  auto tokens = Tokenize("Ab_1 `x``y` 'it''s\\n' 20161114 ( \"q\"");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kWord);
  EXPECT_TRUE(IsKeyword(tokens[0], "ab_1"));
  EXPECT_EQ(tokens[1].kind, TokenKind::kQuotedName);
  EXPECT_EQ(Unquote(tokens[1]), "x`y");
  EXPECT_EQ(tokens[2].kind, TokenKind::kString);
  EXPECT_EQ(Unquote(tokens[2]), "it's\n");
  EXPECT_EQ(tokens[3].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[4].kind, TokenKind::kSymbol);
  EXPECT_EQ(Unquote(tokens[5]), "q");
  EXPECT_EQ(tokens[6].kind, TokenKind::kEnd);
  EXPECT_EQ(tokens[6].offset, 36u);
}

TEST(TokenizerTest, LocatorMovesBothWays) {
  Locator locator("ab\ncd", {5, 7});
  EXPECT_EQ(locator.At(4).line, 6);
  EXPECT_EQ(locator.At(4).column, 2);
  EXPECT_EQ(locator.At(1).line, 5);
  EXPECT_EQ(locator.At(1).column, 8);
  EXPECT_EQ(locator.At(5).column, 3);
}

}  // namespace
}  // namespace strata::sql
