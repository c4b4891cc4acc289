#include "schedule/project.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "core/error.h"
#include "schedule/project_check.h"

namespace strata {
namespace {

namespace fs = std::filesystem;

// A project folder under the system temp dir, removed with the object.
class TempProject {
 public:
  TempProject() {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("strata_project_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~TempProject() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;

  const fs::path& dir() const { return dir_; }

  void Write(const std::string& relative, const std::string& text) const {
    fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }

  // The message LoadProject throws; records a failure if it does not throw.
  std::string LoadError() const {
    try {
      LoadProject(dir_);
    } catch (const Error& e) {
      return e.what();
    }
    ADD_FAILURE() << "LoadProject succeeded, expected an error";
    return "";
  }

 private:
  fs::path dir_;
};

// 1-based line of the first occurrence of `needle` in `text`.
int LineOf(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  EXPECT_NE(at, std::string::npos) << needle;
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
}

std::string At(const std::string& yaml, const std::string& needle) {
  return "strata.yaml:" + std::to_string(LineOf(yaml, needle)) + ":";
}

const std::string kHead = R"(name: demo
connections:
  rds: { url: "sqlite:///source.db" }
nodes:
)";

// Loads `yaml` as a project and checks that the error holds every part.
void ExpectError(const std::string& yaml, std::initializer_list<std::string> parts) {
  TempProject project;
  project.Write("strata.yaml", yaml);
  std::string message = project.LoadError();
  for (const std::string& part : parts)
    EXPECT_NE(message.find(part), std::string::npos) << "missing '" << part << "' in: " << message;
}

const std::string kFull = R"(name: seed_demo
warehouse: wh
connections:
  rds: { url: "sqlite:///source.db" }
  pg:
    url: "postgres://etl@127.0.0.1:5432/app"
    password_env: PG_PASSWORD
  my: { url: "mysql://etl@h/app", password_file: secrets/my.txt }
tables: [ddl/ods_oplog.sql]
nodes:
  - name: ods_oplog
    type: sync
    description: "copy oplog"
    source: { connection: rds, table: oplog, columns: [optime, uname], where: "optime >= '${yyyy-mm-dd}'" }
    target: { table: ods_oplog, partition: "ds=${bizdate}/hh=$[hh24]", mode: append }
    error_limit: { percent: 5 }
    channels: 4
    split_key: id
    params: { last_day: "$[yyyymmdd-1]", region: cn }
  - name: ods_user
    type: sync
    source: { connection: pg, query: "SELECT id, name FROM users" }
    target: { table: ods_user }
  - name: dw_user_inc_merge
    type: sql
    depends_on: [ods_user, ods_oplog]
    sql_file: sql/dw_user_inc_merge.sql
    paused: true
  - name: inline_sql
    type: sql
    depends_on: [dw_user_inc_merge]
    sql: |
      INSERT OVERWRITE TABLE x
      SELECT 1
  - name: one_line_sql
    type: sql
    sql: SELECT 2
)";

TEST(LoadProjectTest, LoadsFullProject) {
  TempProject dir;
  dir.Write("strata.yaml", kFull);
  dir.Write("ddl/ods_oplog.sql", "CREATE TABLE ods_oplog (optime STRING);\n");
  dir.Write("sql/dw_user_inc_merge.sql", "SELECT 1;\n");
  Project p = LoadProject(dir.dir());

  EXPECT_EQ(p.root, dir.dir());
  EXPECT_EQ(p.name, "seed_demo");
  EXPECT_EQ(p.warehouse, dir.dir() / "wh");
  ASSERT_EQ(p.connections.size(), 3u);
  EXPECT_EQ(p.FindConnection("rds")->url, "sqlite:///source.db");
  EXPECT_EQ(p.FindConnection("pg")->password_env, "PG_PASSWORD");
  EXPECT_EQ(p.FindConnection("my")->password_file, (dir.dir() / "secrets/my.txt").string());
  EXPECT_EQ(p.FindConnection("nope"), nullptr);
  ASSERT_EQ(p.ddl_files.size(), 1u);
  EXPECT_EQ(p.ddl_files[0], dir.dir() / "ddl/ods_oplog.sql");
  ASSERT_EQ(p.nodes.size(), 5u);

  const Node& oplog = *p.FindNode("ods_oplog");
  EXPECT_EQ(oplog.kind, NodeKind::kSync);
  EXPECT_EQ(oplog.line, LineOf(kFull, "- name: ods_oplog"));
  EXPECT_EQ(oplog.column, 5);
  EXPECT_EQ(oplog.description, "copy oplog");
  EXPECT_EQ(oplog.sync.connection, "rds");
  EXPECT_EQ(oplog.sync.table, "oplog");
  EXPECT_EQ(oplog.sync.columns, (std::vector<std::string>{"optime", "uname"}));
  EXPECT_EQ(oplog.sync.where, "optime >= '${yyyy-mm-dd}'");
  EXPECT_EQ(oplog.sync.target_table, "ods_oplog");
  EXPECT_EQ(oplog.sync.partition, "ds=${bizdate}/hh=$[hh24]");
  EXPECT_EQ(oplog.sync.mode, WriteMode::kAppend);
  EXPECT_FALSE(oplog.sync.error_limit.records.has_value());
  EXPECT_EQ(oplog.sync.error_limit.percent, 5.0);
  EXPECT_EQ(oplog.sync.channels, 4);
  EXPECT_EQ(oplog.sync.split_key, "id");
  using Params = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(oplog.params, (Params{{"last_day", "$[yyyymmdd-1]"}, {"region", "cn"}}));

  const Node& user = p.nodes[1];
  EXPECT_EQ(user.sync.query, "SELECT id, name FROM users");
  EXPECT_TRUE(user.sync.table.empty());

  const Node& merge = *p.FindNode("dw_user_inc_merge");
  EXPECT_EQ(merge.kind, NodeKind::kSql);
  EXPECT_TRUE(merge.paused);
  EXPECT_EQ(merge.depends_on, (std::vector<std::string>{"ods_user", "ods_oplog"}));
  ASSERT_EQ(merge.depends_on_pos.size(), 2u);
  EXPECT_EQ(merge.depends_on_pos[1].line, LineOf(kFull, "depends_on: [ods_user"));
  EXPECT_EQ(merge.sql.sql, "SELECT 1;\n");
  EXPECT_EQ(merge.sql.origin, "sql/dw_user_inc_merge.sql");
  EXPECT_EQ(merge.sql.first_line, 1);

  const Node& inline_sql = *p.FindNode("inline_sql");
  EXPECT_EQ(inline_sql.sql.sql, "INSERT OVERWRITE TABLE x\nSELECT 1\n");
  EXPECT_EQ(inline_sql.sql.origin, "strata.yaml");
  EXPECT_EQ(inline_sql.sql.first_line, LineOf(kFull, "INSERT OVERWRITE"));
  EXPECT_EQ(p.FindNode("one_line_sql")->sql.first_line, LineOf(kFull, "sql: SELECT 2"));
}

TEST(LoadProjectTest, AppliesDefaults) {
  TempProject dir;
  dir.Write("strata.yaml", kHead + R"(  - name: a
    type: sync
    source: { connection: rds, table: t }
    target: { table: t }
)");
  Project p = LoadProject(dir.dir() / "");  // a trailing slash does not change the root
  EXPECT_EQ(p.root, dir.dir());
  EXPECT_EQ(p.warehouse, dir.dir() / "warehouse");
  const SyncSpec& sync = p.nodes[0].sync;
  EXPECT_EQ(sync.mode, WriteMode::kOverwrite);
  EXPECT_EQ(sync.error_limit.records, 0);
  EXPECT_FALSE(sync.error_limit.percent.has_value());
  EXPECT_EQ(sync.channels, 1);
  EXPECT_TRUE(sync.partition.empty());
  EXPECT_TRUE(sync.columns.empty());
  EXPECT_FALSE(p.nodes[0].paused);
}

TEST(LoadProjectTest, SourceTableMayNameItsSchema) {
  TempProject dir;
  dir.Write("strata.yaml", kHead + R"(  - name: a
    type: sync
    source: { connection: rds, table: sales.Orders_2016 }
    target: { table: t }
)");
  EXPECT_EQ(LoadProject(dir.dir()).nodes[0].sync.table, "sales.Orders_2016");
}

TEST(LoadProjectTest, AcceptsBothErrorLimitsAndUnpartitionedProjectWithoutNodes) {
  TempProject dir;
  dir.Write("strata.yaml", kHead + R"(  - name: a
    type: sync
    source: { connection: rds, table: t }
    target: { table: t, partition: "ds=20240101/region=cn" }
    error_limit: { records: 10, percent: 2.5 }
)");
  Project p = LoadProject(dir.dir());
  EXPECT_EQ(p.nodes[0].sync.error_limit.records, 10);
  EXPECT_EQ(p.nodes[0].sync.error_limit.percent, 2.5);

  TempProject bare;
  bare.Write("strata.yaml", "name: bare\n");
  EXPECT_TRUE(LoadProject(bare.dir()).nodes.empty());
}

TEST(LoadProjectTest, MissingFileAndSyntaxErrors) {
  TempProject dir;
  EXPECT_EQ(dir.LoadError(), "no strata.yaml in " + dir.dir().string());
  ExpectError("name: demo\nnodes: [a\n", {"strata.yaml:", "end of sequence flow not found"});
  ExpectError("a: b: c\n", {"strata.yaml:1:5: illegal map value"});
  ExpectError("", {"strata.yaml:1:1: expected a mapping, got an empty value"});
}

TEST(LoadProjectTest, UnknownKeysAreNamed) {
  std::string yaml = kHead + R"(  - name: a
    type: sql
    dependson: [b]
    sql: SELECT 1
)";
  ExpectError(yaml, {At(yaml, "dependson") + "5: nodes[0].dependson: unknown key 'dependson' in "
                                             "a sql node (did you mean 'depends_on'?)"});
  ExpectError("name: demo\nnodez: []\n",
              {"strata.yaml:2:1: nodez: unknown key 'nodez'", "did you mean 'nodes'?"});
  yaml = kHead + "  - { name: a, type: sql, sql: x, channels: 2 }\n";
  ExpectError(yaml, {"nodes[0].channels: unknown key 'channels' in a sql node"});
  yaml = kHead + "  - { name: a, type: sync, sql: x }\n";
  ExpectError(yaml, {"nodes[0].sql: unknown key 'sql' in a sync node", "expected one of:"});
  ExpectError("name: demo\nconnections:\n  c: { url: 'x://h', pasword_env: P }\n",
              {"strata.yaml:3:22: connections.c.pasword_env: unknown key"});
}

TEST(LoadProjectTest, MissingRequiredKeys) {
  ExpectError("warehouse: w\n", {"strata.yaml:1:1: missing required key 'name'"});
  ExpectError(kHead + "  - { type: sql, sql: x }\n", {"nodes[0]: missing required key 'name'"});
  ExpectError(kHead + "  - { name: a, sql: x }\n", {"nodes[0]: missing required key 'type'"});
  ExpectError(kHead + "  - { name: a, type: sync, target: { table: t } }\n",
              {"missing required key 'source'"});
  std::string yaml = kHead + R"(  - name: a
    type: sync
    source: { connection: rds, table: t }
    target: { mode: append }
)";
  ExpectError(yaml, {At(yaml, "target:") + "13: nodes[0].target: missing required key 'table'"});
  ExpectError("name: demo\nconnections:\n  c: { password_env: P }\n",
              {"connections.c: missing required key 'url'"});
}

TEST(LoadProjectTest, WrongTypes) {
  std::string node =
      "  - name: a\n    type: sync\n    source: { connection: rds, table: t }\n"
      "    target: { table: t }\n";
  ExpectError(kHead + node + "    channels: many\n",
              {"strata.yaml:9:15: nodes[0].channels: expected an integer, got 'many'"});
  ExpectError(kHead + node + "    paused: maybe\n", {"nodes[0].paused: expected true or false"});
  ExpectError(kHead + node + "    description: [a]\n",
              {"nodes[0].description: expected a string, got a list"});
  ExpectError(kHead + node + "    depends_on: b\n", {"nodes[0].depends_on: expected a list"});
  ExpectError(kHead + node + "    error_limit: { percent: lots }\n",
              {"nodes[0].error_limit.percent: expected a number, got 'lots'"});
  ExpectError("name: demo\nnodes: { a: 1 }\n", {"nodes: expected a list, got a mapping"});
  ExpectError("name: demo\nnodes:\n  - just_a_name\n", {"nodes[0]: expected a mapping"});
  ExpectError(kHead +
                  "  - name: a\n    type: sync\n    source: { connection: rds, table: t, "
                  "columns: optime }\n    target: { table: t }\n",
              {"nodes[0].source.columns: expected a list, got 'optime'"});
}

TEST(LoadProjectTest, DuplicateNames) {
  std::string yaml = kHead + R"(  - { name: a, type: sql, sql: x }
  - { name: b, type: sql, sql: x }
  - { name: a, type: sql, sql: y }
)";
  ExpectError(yaml, {"strata.yaml:7:13: nodes[2].name: duplicate node name 'a' (first defined "
                     "at line 5)"});
  yaml = "name: demo\nconnections:\n  rds: { url: 'a://h' }\n  rds: { url: 'b://h' }\n";
  ExpectError(yaml, {"strata.yaml:4:3: connections.rds: duplicate key 'rds' (first at line 3)"});
  ExpectError(kHead + "  - { name: a, type: sql, sql: x, sql: y }\n",
              {"nodes[0].sql: duplicate key 'sql'"});
  ExpectError(kHead + "  - { name: a, type: sql, sql: x, depends_on: [b, b] }\n",
              {"nodes[0].depends_on[1]: node 'b' listed twice"});
  ExpectError(kHead +
                  "  - name: a\n    type: sync\n    source: { connection: rds, table: t, "
                  "columns: [x, x] }\n    target: { table: t }\n",
              {"nodes[0].source.columns[1]: column 'x' listed twice"});
}

TEST(LoadProjectTest, InvalidNames) {
  ExpectError("name: my-demo\n", {"strata.yaml:1:7: name: project name 'my-demo' is not a valid"});
  ExpectError(kHead + "  - { name: 1bad, type: sql, sql: x }\n",
              {"nodes[0].name: node name '1bad' is not a valid name"});
  ExpectError("name: demo\nconnections:\n  my-db: { url: 'x://h' }\n",
              {"strata.yaml:3:10: connections.my-db: connection name 'my-db' is not a valid"});
  std::string sync = "  - name: a\n    type: sync\n";
  ExpectError(kHead + sync +
                  "    source: { connection: rds, table: 'x;drop' }\n"
                  "    target: { table: t }\n",
              {"nodes[0].source.table: table name 'x;drop' is not a valid name"});
  for (std::string bad : {"a.b.c", ".t", "s.", "s.1t", "s .t"})
    ExpectError(kHead + sync + "    source: { connection: rds, table: '" + bad +
                    "' }\n    target: { table: t }\n",
                {"nodes[0].source.table: table name '" + bad +
                 "' is not a valid name (name or "
                 "schema.name"});
  ExpectError(kHead + sync +
                  "    source: { connection: rds, table: t, columns: [ok, 'a b'] }\n"
                  "    target: { table: t }\n",
              {"nodes[0].source.columns[1]: column name 'a b'"});
  ExpectError(kHead + sync +
                  "    source: { connection: rds, table: t }\n"
                  "    target: { table: ods.t }\n",
              {"nodes[0].target.table: table name 'ods.t'"});
  ExpectError(kHead + "  - { name: a, type: sql, sql: x, params: { bad-name: 1 } }\n",
              {"nodes[0].params.bad-name: parameter name 'bad-name'"});
  ExpectError("name: demo\nconnections:\n  c: { url: 'x://h', password_env: 'A B' }\n",
              {"connections.c.password_env: environment variable 'A B'"});
}

TEST(LoadProjectTest, SourceShape) {
  std::string sync = "  - name: a\n    type: sync\n    target: { table: t }\n";
  ExpectError(kHead + sync + "    source: { connection: rds, table: t, query: 'SELECT 1' }\n",
              {"strata.yaml:8:13: nodes[0].source: set exactly one of 'table' and 'query'"});
  ExpectError(kHead + sync + "    source: { connection: rds }\n",
              {"nodes[0].source: missing required key 'table' (or 'query')"});
  ExpectError(kHead + sync + "    source: { connection: rds, query: 'SELECT 1', columns: [a] }\n",
              {"nodes[0].source.columns: 'columns' only applies with 'table'"});
  ExpectError(kHead + sync + "    source: { connection: rds, query: 'SELECT 1', where: 'a>1' }\n",
              {"nodes[0].source.where: 'where' only applies with 'table'"});
  ExpectError(kHead + sync +
                  "    source: { connection: rds, query: 'SELECT 1' }\n"
                  "    split_key: id\n",
              {"nodes[0].split_key: 'split_key' only applies with source.table"});
  ExpectError(kHead + sync + "    source: { connection: rds, query: '  ' }\n",
              {"nodes[0].source.query: empty query"});
  ExpectError(kHead + sync + "    source: { connection: nope, table: t }\n",
              {"strata.yaml:8:27: nodes[0].source.connection: unknown connection 'nope'"});
}

TEST(LoadProjectTest, SqlShapeAndFiles) {
  ExpectError(kHead + "  - { name: a, type: sql, sql: x, sql_file: a.sql }\n",
              {"strata.yaml:5:5: nodes[0]: set exactly one of 'sql' and 'sql_file'"});
  ExpectError(kHead + "  - { name: a, type: sql }\n",
              {"nodes[0]: missing required key 'sql' (or 'sql_file')"});
  ExpectError(kHead + "  - { name: a, type: sql, sql_file: sql/missing.sql }\n",
              {"nodes[0].sql_file: file 'sql/missing.sql' not found"});
  ExpectError(kHead + "  - { name: a, type: sql, sql: '  ' }\n", {"nodes[0].sql: empty SQL"});
  ExpectError("name: demo\ntables:\n  - ddl/a.sql\n",
              {"strata.yaml:3:5: tables[0]: file 'ddl/a.sql' not found"});
}

TEST(LoadProjectTest, PasswordInUrlIsRejectedWithoutPrintingIt) {
  for (const char* url : {"mysql://etl:s3cretpw@db:3306/app", "postgres://db/app?password=s3cretpw",
                          "postgres://db/app?sslmode=disable&PASSWORD=s3cretpw"}) {
    std::string yaml = std::string("name: demo\nconnections:\n  x:\n    url: \"") + url + "\"\n";
    TempProject dir;
    dir.Write("strata.yaml", yaml);
    std::string message = dir.LoadError();
    EXPECT_EQ(message,
              "strata.yaml:4:10: connections.x.url: the URL for connection 'x' contains a "
              "password; use password_env or password_file");
    EXPECT_EQ(message.find("s3cretpw"), std::string::npos);
  }
  TempProject ok;  // a user and a port are not a password
  ok.Write("strata.yaml", "name: demo\nconnections:\n  x: { url: 'postgres://etl@db:5432/app' }\n");
  EXPECT_EQ(LoadProject(ok.dir()).connections[0].url, "postgres://etl@db:5432/app");
}

TEST(LoadProjectTest, PasswordEnvAndFileAreExclusive) {
  ExpectError(
      "name: demo\nconnections:\n  x:\n    url: 'pg://h'\n    password_env: P\n"
      "    password_file: p.txt\n",
      {"strata.yaml:4:5: connections.x: set password_env or password_file, not both"});
}

TEST(LoadProjectTest, NumericRanges) {
  std::string node =
      "  - name: a\n    type: sync\n    source: { connection: rds, table: t }\n"
      "    target: { table: t }\n";
  ExpectError(kHead + node + "    channels: 0\n",
              {"nodes[0].channels: must be between 1 and 64, got 0"});
  ExpectError(kHead + node + "    channels: 65\n",
              {"strata.yaml:9:15: nodes[0].channels: must be between 1 and 64, got 65"});
  ExpectError(kHead + node + "    error_limit: { percent: 100.5 }\n",
              {"nodes[0].error_limit.percent: must be between 0 and 100, got 100.5"});
  ExpectError(kHead + node + "    error_limit: { percent: -1 }\n",
              {"nodes[0].error_limit.percent: must be between 0 and 100, got -1"});
  ExpectError(kHead + node + "    error_limit: { records: -1 }\n",
              {"strata.yaml:9:29: nodes[0].error_limit.records: must be at least 0, got -1"});
  ExpectError(kHead + node + "    error_limit: {}\n",
              {"nodes[0].error_limit: set 'records' and/or 'percent'"});
}

// Found by tests/fuzz/project_fuzz: 999999h overflowed an int (UB) and loaded
// as a negative interval.
TEST(LoadProjectTest, RetryIntervalMustFitInSeconds) {
  std::string node = "  - { name: a, type: sql, sql: x, retry_interval: ";
  ExpectError(kHead + node + "999999h }\n",
              {"strata.yaml:5:51: nodes[0].retry_interval: duration '999999h' is too long (at "
               "most 2147483647 seconds)"});
  TempProject dir;
  dir.Write("strata.yaml", kHead + node + "596523h }\n");
  EXPECT_EQ(LoadProject(dir.dir()).nodes[0].retry_interval_seconds, 596523 * 3600);
}

// A region folder of the zone database is not a zone: TZ=Asia meant UTC.
TEST(LoadProjectTest, TimeZoneMustNameAZone) {
  ExpectError("name: demo\ntimezone: Asia\n",
              {"strata.yaml:2:11: timezone: unknown time zone 'Asia' (expected an IANA name"});
  ExpectError("name: demo\ntimezone: Asia/Nowhere\n", {"unknown time zone 'Asia/Nowhere'"});
}

// Found by tests/fuzz/project_fuzz: a name longer than the file system allows
// threw std::filesystem::error instead of an error naming the key.
TEST(LoadProjectTest, NamesTooLongForTheFileSystem) {
  const std::string name(300, 'a');
  ExpectError("name: demo\ntimezone: " + name + "\n",
              {"strata.yaml:2:11: timezone: unknown time zone"});
  ExpectError(kHead + "  - { name: a, type: sql, sql_file: " + name + " }\n",
              {"nodes[0].sql_file: file '" + name + "' cannot be checked: File name too long"});
  ExpectError("name: demo\ntables: [" + name + "]\n",
              {"strata.yaml:2:10: tables[0]: file '" + name + "' cannot be checked"});
  ExpectError("name: demo\ntables: [strata.yaml/a.sql]\n", {"file 'strata.yaml/a.sql' not found"});
}

TEST(LoadProjectTest, EnumsAndPartitions) {
  std::string yaml = kHead + R"(  - name: a
    type: sync
    source: { connection: rds, table: t }
    target:
      table: t
      mode: upsert
)";
  TempProject dir;
  dir.Write("strata.yaml", yaml);
  EXPECT_EQ(dir.LoadError(),
            "strata.yaml:10:13: nodes[0].target.mode: expected 'overwrite', 'append', 'merge' or "
            "'history', got "
            "'upsert'");
  ExpectError(kHead + "  - { name: a, type: copy }\n",
              {"strata.yaml:5:22: nodes[0].type: expected 'sync' or 'sql', got 'copy'"});

  std::string node = "  - name: a\n    type: sync\n    source: { connection: rds, table: t }\n";
  auto target = [&](const std::string& partition) {
    return kHead + node + "    target: { table: t, partition: \"" + partition + "\" }\n";
  };
  ExpectError(target("ds"), {"nodes[0].target.partition: expected key=value parts"});
  ExpectError(target("ds=${bizdate"), {"partition 'ds': unterminated parameter"});
  ExpectError(target("ds=a b"), {"partition 'ds': value 'a b' may only hold"});
  ExpectError(target("ds=1/ds=2"), {"partition key 'ds' appears twice"});
  ExpectError(target("ds=1/"), {"ends with '/'"});
  ExpectError(target("1ds=1"), {"partition key '1ds' is not a valid name"});
  ExpectError(target(""), {"empty partition"});
}

// The docs write `zero_date: null` unquoted: a YAML null, accepted as 'null'.
TEST(LoadProjectTest, UnquotedNullZeroDate) {
  TempProject dir;
  dir.Write("strata.yaml", kHead +
                               "  - name: a\n    type: sync\n"
                               "    source: { connection: rds, table: t, zero_date: null }\n"
                               "    target: { table: t }\n");
  EXPECT_TRUE(LoadProject(dir.dir()).nodes[0].sync.zero_date_as_null);
}

TEST(LoadProjectTest, InterpolatesEnvironmentVariables) {
  const std::string yaml = R"(name: demo
connections:
  rds: { url: "sqlite:///${env:STRATA_TEST_DIR}/source.db" }
nodes:
  - name: a
    type: sync
    source: { connection: rds, table: t, where: "id > ${env:STRATA_TEST_MIN} and d = '${bizdate}'" }
    target: { table: t }
)";
  TempProject dir;
  dir.Write("strata.yaml", yaml);
  setenv("STRATA_TEST_DIR", "/data", 1);
  setenv("STRATA_TEST_MIN", "7", 1);
  Project p = LoadProject(dir.dir());
  EXPECT_EQ(p.connections[0].url, "sqlite:////data/source.db");
  EXPECT_EQ(p.nodes[0].sync.where, "id > 7 and d = '${bizdate}'");  // parameters stay
  unsetenv("STRATA_TEST_MIN");
  EXPECT_EQ(dir.LoadError(), At(yaml, "{ connection: rds") +
                                 "49: nodes[0].source.where: environment variable " +
                                 "STRATA_TEST_MIN (${env:STRATA_TEST_MIN}) is not set");
  unsetenv("STRATA_TEST_DIR");
}

// Loading accepts any ${...}; CheckProject renders it and places the typo.
TEST(CheckProjectTest, UnknownParameterInPartitionIsPlaced) {
  const std::string yaml = kHead + R"(  - name: a
    type: sync
    source: { connection: rds, table: t }
    target: { table: t, partition: "ds=${bizdat}" }
)";
  TempProject dir;
  dir.Write("strata.yaml", yaml);
  Project p = LoadProject(dir.dir());
  try {
    CheckProject(p);
    ADD_FAILURE() << "CheckProject accepted ${bizdat}";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), At(yaml, "partition:") +
                                         "40: nodes[0].target.partition: unknown scheduling "
                                         "parameter '${bizdat}' in node 'a'");
  }
}

}  // namespace
}  // namespace strata
