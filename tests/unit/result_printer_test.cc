#include "cli/result_printer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/display_width.h"

namespace strata::cli {
namespace {

QueryResult OneColumn(const std::string& type, std::vector<std::optional<std::string>> values) {
  QueryResult r;
  r.columns = {"v"};
  r.types = {type};
  for (auto& v : values) r.rows.push_back({v});
  return r;
}

TEST(DisplayWidth, WideAndZeroWidthCharacters) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("\xE4\xB8\xAD\xE6\x96\x87"), 4u);  // 中文
  EXPECT_EQ(DisplayWidth("\xF0\x9F\x98\x80"), 2u);          // U+1F600
  EXPECT_EQ(DisplayWidth("e\xCC\x81"), 1u);                 // e + combining acute
  EXPECT_EQ(DisplayWidth("caf\xC3\xA9"), 4u);
  EXPECT_EQ(DisplayWidth("\xFF"), 1u);  // invalid byte: one column
}

TEST(ResultPrinter, TableAlignsCjkByDisplayWidth) {
  std::ostringstream out;
  PrintTable(OneColumn("VARCHAR", {"\xE4\xB8\xAD\xE6\x96\x87", "abcd", "\xF0\x9F\x98\x80"}), out);
  EXPECT_EQ(out.str(),
            "+------+\n| v    |\n+------+\n| \xE4\xB8\xAD\xE6\x96\x87 |\n| abcd |\n"
            "| \xF0\x9F\x98\x80   |\n+------+\n(3 rows)\n");
}

TEST(ResultPrinter, TableTellsNullFromTheTextNull) {
  std::ostringstream out;
  PrintTable(OneColumn("VARCHAR", {std::nullopt, "NULL"}), out);
  EXPECT_NE(out.str().find("| NULL   |"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("| 'NULL' |"), std::string::npos) << out.str();
}

TEST(ResultPrinter, CsvTellsNullFromEmpty) {
  std::ostringstream out;
  PrintCsv(OneColumn("VARCHAR", {std::nullopt, "", "x"}), out);
  EXPECT_EQ(out.str(), "v\n\n\"\"\nx\n");
  std::ostringstream custom;
  PrintCsv(OneColumn("VARCHAR", {std::nullopt, ""}), custom, std::string("\\N"));
  EXPECT_EQ(custom.str(), "v\n\\N\n\"\"\n");
}

TEST(ResultPrinter, JsonIsTyped) {
  QueryResult r;
  r.columns = {"i", "u", "d", "f", "b", "s", "z", "tz", "l", "nan", "iv"};
  r.types = {"BIGINT",  "UBIGINT", "DECIMAL(12,2)", "DOUBLE",
             "BOOLEAN", "VARCHAR", "INTEGER",       "TIMESTAMP WITH TIME ZONE",
             "LIST",    "DOUBLE",  "INTERVAL"};
  r.rows = {{"-5", "18446744073709551615", "1.50", "0.25", "true", "7", std::nullopt,
             "2024-01-01 10:00:00.5+00", "[1, 2]", "nan", "1 day"}};
  r.json_rows = {{"-5", "18446744073709551615", "1.50", "0.25", "true", "\"7\"", std::nullopt,
                  "\"2024-01-01 10:00:00.5+00\"", "[1,2]", "nan", "\"1 day\""}};
  std::ostringstream out;
  PrintJson(r, out);
  auto j = nlohmann::json::parse(out.str())[0];
  EXPECT_EQ(j["i"], -5);
  EXPECT_EQ(j["u"].get<uint64_t>(), 18446744073709551615ull);
  EXPECT_EQ(j["d"], "1.50");
  EXPECT_EQ(j["f"], 0.25);
  EXPECT_EQ(j["b"], true);
  EXPECT_EQ(j["s"], "7");
  EXPECT_TRUE(j["z"].is_null());
  EXPECT_EQ(j["tz"], "2024-01-01T10:00:00.5+00:00");
  EXPECT_EQ(j["l"], nlohmann::json::parse("[1,2]"));
  EXPECT_EQ(j["nan"], "nan");
  EXPECT_EQ(j["iv"], "1 day");
}

}  // namespace
}  // namespace strata::cli
