// strata verify against a SQLite source: an equal table of integers, texts
// (empty, multi-byte), reals of every magnitude, blobs and booleans with
// NULLs verifies equal; single-cell changes, a deleted and an added row are
// found by key and repaired; dates, datetimes and decimals of every
// spelling SQLite stores verify as the sync converted them; text and
// composite keys are bucketed by md5; a row the sync rejected is missing.

#include <gtest/gtest.h>

#include <set>

#include "project_fixture.h"
#include "verify_scenario.h"

namespace strata::test {
namespace {

std::string Node(const std::string& table) {
  return "  - name: tv\n    type: sync\n    source: { connection: src, table: " + table +
         " }\n    target: { table: tv, partition: \"ds=${bizdate}\" }\n";
}

TEST(VerifySqlite, EqualTableThenChangesFoundByKeyAndRepaired) {
  ProjectFixture p(
      "create table t (id integer primary key, n integer, s text, d real, b blob, f boolean);"
      "insert into t values (1, 10, 'one', 0.1, x'00ff', 1), (2, NULL, '', -0.0, NULL, 0),"
      " (3, -5, 'ünï 日本 ;:~', 5e-324, x'', NULL), (4, 9223372036854775807, NULL, 1e308,"
      " x'41', 1);"
      "with recursive g(i) as (select 5 union all select i + 1 from g where i < 3000)"
      " insert into t select i, i * 7, 'name' || i, i * 0.37, cast('b' || i as blob), i % 2"
      " from g;");
  p.Source("create table r (id integer primary key, d real); insert into r values " +
           RandomDoubleRows(500) + "; insert into t (id, d) select id + 10000, d from r;");
  p.WriteProject(Node("t"));
  p.Ok({"run", "--date", "20240101"});
  ProcessResult r = p.Strata({"verify", "tv", "--date", "20240101"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "verified tv ds=20240101: 3,500 rows equal\n") << r.err;

  p.Source("update t set d = " + NextUlp(0.1) +
           ", s = 'one ' where id = 1;"
           "update t set b = x'42' where id = 4; update t set f = 0 where id = 3;"
           "delete from t where id = 100; insert into t (id, s) values (5000, 'new');"
           "update t set d = -d where id = 10250;");
  ProcessResult d = p.Strata({"verify", "tv", "--date", "20240101", "--format", "json"});
  ASSERT_EQ(d.status, 1) << d.out << d.err;
  nlohmann::json j = VerifyJsonOf(d);
  EXPECT_EQ(j["differing_rows"], 6) << d.out;
  std::set<std::string> cells;
  for (const auto& row : j["rows"])
    for (const auto& c : row["cells"])
      if (row["kind"] == "changed")
        cells.insert(row["key"]["id"].get<std::string>() + "." + c["column"].get<std::string>());
  EXPECT_EQ(cells, (std::set<std::string>{"1.d", "1.s", "3.f", "4.b", "10250.d"})) << d.out;

  ProcessResult fix = p.Strata({"verify", "tv", "--date", "20240101", "--repair"});
  EXPECT_EQ(fix.status, 0) << fix.out << fix.err;
  ProcessResult again = p.Strata({"verify", "tv", "--date", "20240101"});
  EXPECT_EQ(again.status, 0) << again.out << again.err;
  EXPECT_EQ(again.out, "verified tv ds=20240101: 3,500 rows equal\n") << again.err;
}

// SQLite stores a date, a datetime or a decimal as whatever was inserted:
// text of several spellings, an integer, a real. Each side's canonical text
// is of the value the sync stored, so 5 and 5.0 are equal and one
// microsecond is not.
TEST(VerifySqlite, DatesTimesAndDecimalsOfEverySpellingVerify) {
  ProjectFixture p(
      "create table e (id integer primary key, d date, at datetime, amt decimal(12,2));"
      "insert into e values (1, '2016-11-14', '2016-11-14 10:00:00', 12.5),"
      " (2, '2016-11-14 00:00:00', '2016-11-14T10:00:00.123456', '0.05'),"
      " (3, '0001-01-01', '9999-12-31 23:59:59.999999', 5),"
      " (4, NULL, NULL, NULL), (5, '2024-02-29', '1969-12-31 23:59:59.999999', -1234567890.12),"
      " (6, '0044-03-15 BC', '1970-01-01', -0.5);"
      "with recursive g(i) as (select 10 union all select i + 1 from g where i < 2000)"
      " insert into e select i, date(julianday('1990-01-01') + i),"
      " strftime('%Y-%m-%d %H:%M:%f', julianday('1990-01-01') + i / 7.0), round(i * 0.37, 2)"
      " from g;");
  p.WriteProject(Node("e"));
  p.Ok({"run", "--date", "20240101"});
  ProcessResult r = p.Strata({"verify", "tv", "--date", "20240101"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out, "verified tv ds=20240101: 1,997 rows equal\n") << r.err;

  p.Source(
      "update e set d = '2016-11-15' where id = 1;"
      "update e set at = '2016-11-14 10:00:00.123457' where id = 2;"
      "update e set amt = 5.0 where id = 3;"  // the same value as a real
      "update e set amt = 7.25 where id = 5;");
  ProcessResult d = p.Strata({"verify", "tv", "--date", "20240101", "--format", "json"});
  ASSERT_EQ(d.status, 1) << d.out << d.err;
  nlohmann::json j = VerifyJsonOf(d);
  std::set<std::string> cells;
  for (const auto& row : j["rows"])
    for (const auto& c : row["cells"])
      cells.insert(row["key"]["id"].get<std::string>() + "." + c["column"].get<std::string>());
  EXPECT_EQ(cells, (std::set<std::string>{"1.d", "2.at", "5.amt"})) << d.out;

  ProcessResult fix = p.Strata({"verify", "tv", "--date", "20240101", "--repair"});
  EXPECT_EQ(fix.status, 0) << fix.out << fix.err;
  ProcessResult again = p.Strata({"verify", "tv", "--date", "20240101"});
  EXPECT_EQ(again.status, 0) << again.out << again.err;
}

// Keys other than one integer column are bucketed by md5 of the key text
// (strata_md5 on the SQLite side, DuckDB's md5 on the warehouse's): a text
// key and a composite key find changed, deleted and added rows by key.
TEST(VerifySqlite, TextAndCompositeKeysAreBucketedByMd5) {
  ProjectFixture p(
      "create table tk (code text primary key, v integer);"
      "create table ck (region text, n integer, v text, primary key (region, n));"
      "with recursive g(i) as (select 1 union all select i + 1 from g where i < 3000)"
      " insert into tk select 'k' || i || case i % 5 when 0 then ' 日本' else '' end, i from g;"
      "with recursive g(i) as (select 1 union all select i + 1 from g where i < 2000)"
      " insert into ck select case i % 3 when 0 then 'eu' when 1 then 'us' else '' end, i, 'x' ||"
      " i from g;");
  p.WriteProject(
      "  - name: tk\n    type: sync\n    source: { connection: src, table: tk }\n"
      "    target: { table: tk, partition: \"ds=${bizdate}\" }\n"
      "  - name: ck\n    type: sync\n    source: { connection: src, table: ck }\n"
      "    target: { table: ck, partition: \"ds=${bizdate}\" }\n");
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Ok({"verify", "tk", "--date", "20240101"}),
            "verified tk ds=20240101: 3,000 rows equal\n");
  EXPECT_EQ(p.Ok({"verify", "ck", "--date", "20240101"}),
            "verified ck ds=20240101: 2,000 rows equal\n");

  p.Source(
      "update tk set v = -1 where code = 'k10 日本'; delete from tk where code = 'k7';"
      "insert into tk values ('new', 1);"
      "update ck set v = 'y' where region = 'us' and n = 1; delete from ck where n = 2;");
  ProcessResult t = p.Strata({"verify", "tk", "--date", "20240101"});
  EXPECT_EQ(t.status, 1) << t.out << t.err;
  EXPECT_NE(t.out.find("differs: 3 rows"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("changed code=k10 日本: v source '-1' warehouse '10'"), std::string::npos)
      << t.out;
  EXPECT_NE(t.out.find("extra code=k7"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("missing code=new"), std::string::npos) << t.out;
  ProcessResult c = p.Strata({"verify", "ck", "--date", "20240101"});
  EXPECT_EQ(c.status, 1) << c.out << c.err;
  EXPECT_NE(c.out.find("differs: 2 rows"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("extra region=, n=2"), std::string::npos) << c.out;

  for (const char* node : {"tk", "ck"}) {
    ProcessResult fix = p.Strata({"verify", node, "--date", "20240101", "--repair"});
    EXPECT_EQ(fix.status, 0) << fix.out << fix.err;
    ProcessResult again = p.Strata({"verify", node, "--date", "20240101"});
    EXPECT_EQ(again.status, 0) << again.out << again.err;
  }
}

// A value the sync rejected (a dirty record under error_limit) is not in the
// warehouse; the source's canonical text of it ("!" and the value) matches
// nothing, so verify reports the row as missing rather than failing.
TEST(VerifySqlite, ARowTheSyncRejectedIsMissing) {
  ProjectFixture p(
      "create table e (id integer primary key, d date, amt decimal(6,2));"
      "insert into e values (1, '2016-11-14', 1.5), (2, 'not a date', 2), (3, '2016-11-15',"
      " 'abc'), (4, '2016-11-16', 4);");
  p.WriteProject(Node("e") + "    error_limit: { records: 5 }\n");
  p.Ok({"run", "--date", "20240101"});
  ProcessResult r = p.Strata({"verify", "tv", "--date", "20240101"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("differs: 2 rows"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing id=2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing id=3"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace strata::test
