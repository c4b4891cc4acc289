// `strata check --connect` against real MariaDB and PostgreSQL servers:
// every connection a node uses opens and every source table is described; a
// connection no node uses is not opened, only named in a warning; a wrong
// password fails the check naming the connection, and no password is ever
// printed.

#include "mysql_test_util.h"
#include "postgres_server.h"

namespace strata::test {
namespace {

constexpr char kPgPasswordEnv[] = "STRATA_TEST_PG_PASSWORD";

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class CheckConnect : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    mysql_ = new MariadbServer();
    CreateUsers(*mysql_);
    mysql_->Exec("CREATE TABLE app.orders (id int PRIMARY KEY, amount decimal(8,2))");
    pg_ = new PostgresServer();
    pg_->Exec("CREATE TABLE customers (id int PRIMARY KEY, name text)");
  }
  static void TearDownTestSuite() {
    delete mysql_;
    delete pg_;
    mysql_ = nullptr;
    pg_ = nullptr;
  }

  // Connections my and pg, each read by a node, and `old`, which no node
  // uses and which would fail to open (nothing listens on port 1).
  void SetUp() override {
    p_.Write("strata.yaml",
             "name: check\nconnections:\n"
             "  my: { url: \"" +
                 mysql_->Url("etl", "app") + "\", password_env: " + kPasswordEnv +
                 " }\n"
                 "  pg: { url: \"" +
                 pg_->KeyValueUrl() + "\", password_env: " + kPgPasswordEnv +
                 " }\n"
                 "  old: { url: \"mysql://etl@127.0.0.1:1/app\" }\n"
                 "nodes:\n"
                 "  - name: orders\n    type: sync\n"
                 "    source: { connection: my, table: orders }\n"
                 "    target: { table: orders }\n"
                 "  - name: customers\n    type: sync\n"
                 "    source: { connection: pg, table: customers, where: \"id > ${bizdate}\" }\n"
                 "    target: { table: customers }\n");
  }

  ProcessResult Check(const std::string& mysql_password, const std::string& pg_password) const {
    return p_.Strata({"check", "--connect"},
                     {{kPasswordEnv, mysql_password}, {kPgPasswordEnv, pg_password}});
  }

  static MariadbServer* mysql_;
  static PostgresServer* pg_;
  ProjectFixture p_;
};
MariadbServer* CheckConnect::mysql_ = nullptr;
PostgresServer* CheckConnect::pg_ = nullptr;

TEST_F(CheckConnect, UsedConnectionsOpenAndAnUnusedOneIsAWarning) {
  ProcessResult r = Check(kEtlPassword, PostgresServer::kPassword);
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_TRUE(Has(r.out, "ok    connection my\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "ok    connection pg\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "warn  connection old: no node uses it; not opened\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "ok    node orders: table orders\n")) << r.out;
  EXPECT_TRUE(Has(r.out, "ok    node customers: table customers\n")) << r.out;
}

TEST_F(CheckConnect, WrongMysqlPasswordFailsNamingTheConnection) {
  const std::string wrong = "not-the-Pw-4711";
  ProcessResult r = Check(wrong, PostgresServer::kPassword);
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.out, "FAIL  connection my: mysql connection 'my' (127.0.0.1:" +
                             std::to_string(mysql_->port()) + "): cannot connect as 'etl'"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "ok    connection pg\n")) << r.out;
  EXPECT_FALSE(Has(r.out + r.err, wrong)) << r.out << r.err;
}

TEST_F(CheckConnect, WrongPostgresPasswordFailsNamingTheConnection) {
  const std::string wrong = "not-the-Pw-4712";
  ProcessResult r = Check(kEtlPassword, wrong);
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(Has(r.out, "FAIL  connection pg: connection 'pg' (postgres at 127.0.0.1:" +
                             std::to_string(pg_->port()) + ")"))
      << r.out;
  EXPECT_TRUE(Has(r.out, "ok    connection my\n")) << r.out;
  EXPECT_FALSE(Has(r.out + r.err, wrong)) << r.out << r.err;
}

}  // namespace
}  // namespace strata::test
