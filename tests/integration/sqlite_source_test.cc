// The SQLite source reads a table named alone or with its schema (`main`),
// quoting each part, and names a schema the file does not have.

#include <gtest/gtest.h>

#include "project_fixture.h"

namespace strata::test {
namespace {

constexpr const char* kSource =
    "create table events (id integer primary key, body text);"
    "insert into events values (1, 'one'), (2, 'two'), (3, 'three');";

std::string Node(const std::string& table) {
  return "  - name: load\n    type: sync\n    channels: 2\n"
         "    source: { connection: src, table: " +
         table +
         " }\n"
         "    target: { table: ev }\n";
}

TEST(SqliteSource, SchemaQualifiedTable) {
  ProjectFixture p(kSource);
  p.WriteProject(Node("main.events"));
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv("select id, body from ev order by id"), "id,body\n1,one\n2,two\n3,three\n");

  p.WriteProject(Node("other.events"));
  ProcessResult r = p.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("unknown database 'other'"), std::string::npos) << r.err;
  EXPECT_EQ(p.Csv("select count(*) as n from ev"), "n\n3\n");  // the old rows stay
}

// A filter ending in a "--" comment still lets strata add its split
// predicate after it.
TEST(SqliteSource, WhereEndingInACommentKeepsTheSplits) {
  ProjectFixture p(kSource);
  p.WriteProject(
      "  - name: load\n    type: sync\n    channels: 2\n    split_key: id\n"
      "    source: { connection: src, table: events, where: \"id >= 2 -- skip the first\" }\n"
      "    target: { table: ev }\n");
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv("select id from ev order by id"), "id\n2\n3\n");
}

}  // namespace
}  // namespace strata::test
