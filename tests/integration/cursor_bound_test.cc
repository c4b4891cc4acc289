// A merge's cursor bound is written by the source in its own dialect: a
// watermark read from data (a text cursor holding a backslash and a quote)
// must filter the next read exactly, never change the SQL around it. MySQL
// escapes with backslashes, so the standard's quote doubling would end the
// literal early there and read every row.

#include <gtest/gtest.h>

#include "mysql_test_util.h"

namespace strata::test {
namespace {

TEST(CursorBound, MariadbTextWatermarkWithBackslashAndQuoteFiltersExactly) {
  MariadbServer server;
  CreateUsers(server);
  server.Exec("CREATE TABLE app.tc (id int PRIMARY KEY, v varchar(40) NOT NULL)");
  server.Exec(R"(INSERT INTO app.tc VALUES (1, 'a'), (2, 'm\\\' OR 1=1 -- '))");
  MysqlProject p(server);
  p.Write(
      "  - name: m\n    type: sync\n"
      "    source: { connection: my, table: tc, cursor: { column: v, lookback: 0 } }\n"
      "    target: { table: t_cur, mode: merge }\n");
  ProcessResult r = p.Run({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(p.Scalar("select v from t_cur where id = 2"), R"(m\' OR 1=1 -- )");
  // Below the watermark: not read again. At or above it: read.
  server.Exec("UPDATE app.tc SET v = 'a2' WHERE id = 1");
  server.Exec("INSERT INTO app.tc VALUES (3, 'x')");
  r = p.Run({"run", "--date", "20240102"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("records read     : 2"), std::string::npos) << r.out;
  EXPECT_EQ(p.Scalar("select string_agg(id || '=' || v, ',' order by id) from t_cur"),
            R"(1=a,2=m\' OR 1=1 -- ,3=x)");
}

}  // namespace
}  // namespace strata::test
