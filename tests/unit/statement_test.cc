#include "warehouse/sql/statement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "core/error.h"

namespace strata::sql {
namespace {

using ::testing::HasSubstr;

// The single statement of `sql`, whose body must be a T.
template <typename T>
T ParseOne(std::string_view sql) {
  std::vector<Statement> statements = ParseScript(sql, "t.sql");
  EXPECT_EQ(statements.size(), 1u) << sql;
  if (statements.empty()) return T{};
  const T* body = std::get_if<T>(&statements[0].body);
  EXPECT_NE(body, nullptr) << "wrong statement kind for: " << sql;
  return body ? *body : T{};
}

std::string ParseError(std::string_view script) {
  try {
    ParseScript(script, "job.sql");
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for: " << script;
  return "";
}

// Asserts that parsing `script` fails at `location` (line:col) with a message
// containing `what` and `near`.
void ExpectError(std::string_view script, std::string_view location, std::string_view what,
                 std::string_view near) {
  std::string error = ParseError(script);
  EXPECT_THAT(error, HasSubstr("job.sql:" + std::string(location) + ": ")) << script;
  EXPECT_THAT(error, HasSubstr(what)) << script;
  EXPECT_THAT(error, HasSubstr(near)) << script;
}

PartitionSpec Spec(std::vector<std::pair<std::string, std::optional<std::string>>> parts) {
  return PartitionSpec{std::move(parts)};
}

// ---- create table ----

TEST(CreateTableTest, SeedOplogTable) {
  auto create = ParseOne<CreateTable>(
      "create table if not exists ods_oplog(\n optime datetime,\n uname string,\n action "
      "string,\n status string\n) partitioned by (ds string);");
  EXPECT_EQ(create.name, "ods_oplog");
  EXPECT_TRUE(create.if_not_exists);
  ASSERT_EQ(create.columns.size(), 4u);
  EXPECT_EQ(create.columns[0].name, "optime");
  EXPECT_EQ(create.columns[0].type.id, TypeId::kDatetime);
  EXPECT_EQ(create.columns[3].name, "status");
  EXPECT_EQ(create.columns[3].type.id, TypeId::kString);
  ASSERT_EQ(create.partition_columns.size(), 1u);
  EXPECT_EQ(create.partition_columns[0].name, "ds");
  EXPECT_EQ(create.partition_columns[0].type.id, TypeId::kString);
  EXPECT_FALSE(create.lifecycle);
}

TEST(CreateTableTest, SeedUserTable) {
  auto create = ParseOne<CreateTable>(
      "create table dw_user_inc(uid bigint, uname string, deptno bigint, gender string, optime "
      "DATETIME)");
  EXPECT_EQ(create.name, "dw_user_inc");
  EXPECT_FALSE(create.if_not_exists);
  ASSERT_EQ(create.columns.size(), 5u);
  EXPECT_EQ(create.columns[0].type.id, TypeId::kBigInt);
  EXPECT_EQ(create.columns[4].name, "optime");
  EXPECT_EQ(create.columns[4].type.id, TypeId::kDatetime);
  EXPECT_TRUE(create.partition_columns.empty());
}

TEST(CreateTableTest, CommentsNotNullLifecycleAndParameterisedTypes) {
  auto create = ParseOne<CreateTable>(
      "CREATE TABLE `Sales` (id BIGINT NOT NULL COMMENT 'key; unique', amount DECIMAL( 12 , 2 ) "
      "comment \"money\", code varchar(8)) COMMENT 'daily sales' PARTITIONED BY (ds STRING "
      "COMMENT 'day', hh bigint) LIFECYCLE 30");
  EXPECT_EQ(create.name, "sales");
  ASSERT_EQ(create.columns.size(), 3u);
  EXPECT_EQ(create.columns[1].type.ToMaxCompute(), "decimal(12,2)");
  EXPECT_EQ(create.columns[2].type.ToMaxCompute(), "varchar(8)");
  ASSERT_EQ(create.partition_columns.size(), 2u);
  EXPECT_EQ(create.partition_columns[1].type.id, TypeId::kBigInt);
  EXPECT_EQ(create.lifecycle, 30);
}

TEST(CreateTableTest, NamesAreLowerCased) {
  auto create = ParseOne<CreateTable>("create table ODS_X (UID bigint) partitioned by (DS string)");
  EXPECT_EQ(create.name, "ods_x");
  EXPECT_EQ(create.columns[0].name, "uid");
  EXPECT_EQ(create.partition_columns[0].name, "ds");
}

TEST(CreateTableTest, UnknownType) {
  ExpectError("create table t (a int,\n  b money)", "2:5", "unknown type 'money' for column 'b'",
              "near 'money'");
  ExpectError("create table t (a decimal(50,2))", "1:19", "unknown type 'decimal(50,2)'",
              "near 'decimal'");
  ExpectError("create table t (a array<string>)", "1:19", "unknown type 'array<string>'",
              "near 'array'");
  ExpectError("create table t (a)", "1:18", "expected a type for column 'a'", "near ')'");
}

TEST(CreateTableTest, DuplicateColumns) {
  ExpectError("create table t (a int, A string)", "1:24", "duplicate column 'a'", "near 'A'");
  ExpectError("create table t (ds int) partitioned by (DS string)", "1:41", "duplicate column 'ds'",
              "near 'DS'");
}

TEST(CreateTableTest, PartitionColumnTypes) {
  for (const char* type :
       {"string", "varchar(10)", "char(2)", "bigint", "int", "tinyint", "smallint"}) {
    auto create = ParseOne<CreateTable>("create table t (a int) partitioned by (p " +
                                        std::string(type) + ")");
    EXPECT_EQ(create.partition_columns.size(), 1u) << type;
  }
  ExpectError("create table t (a int) partitioned by (ds datetime)", "1:43",
              "partition column 'ds' has type datetime", "near 'datetime'");
  ExpectError("create table t (a int) partitioned by (ds double)", "1:43",
              "partition column 'ds' has type double", "near 'double'");
}

TEST(CreateTableTest, Lifecycle) {
  EXPECT_EQ(ParseOne<CreateTable>("create table t (a int) lifecycle 1").lifecycle, 1);
  ExpectError("create table t (a int) lifecycle 0", "1:34", "lifecycle must be a positive",
              "near '0'");
  ExpectError("create table t (a int) lifecycle -3", "1:34", "lifecycle must be a positive",
              "near '-'");
  ExpectError("create table t (a int) lifecycle 1.5", "1:34", "lifecycle must be a positive",
              "near '1.5'");
  ExpectError("create table t (a int) lifecycle 99999999999", "1:34",
              "lifecycle must be a positive", "near '99999999999'");
  ExpectError("create table t (a int) lifecycle", "1:33", "lifecycle must be a positive",
              "at end of statement");
}

TEST(CreateTableTest, CreateTableAsSelectIsAnError) {
  ExpectError("create table t as select 1", "1:16", "create table as select is not supported",
              "near 'as'");
  ExpectError("create table t lifecycle 3 as\n(select 1)", "1:28",
              "create the table, then insert overwrite", "near 'as'");
}

TEST(CreateTableTest, MalformedIsAnErrorNotPassthrough) {
  ExpectError("create table", "1:13", "expected table name", "at end of statement");
  ExpectError("create table t", "1:15", "expected '('", "at end of statement");
  ExpectError("create table t like u", "1:16", "create table like is not supported", "near 'like'");
  ExpectError("create table if exists t (a int)", "1:17", "expected 'not'", "near 'exists'");
  ExpectError("create table t (a int,)", "1:23", "expected column name", "near ')'");
  ExpectError("create table t (a int b int)", "1:23", "expected ')'", "near 'b'");
  ExpectError("create table t (a int) stored as orc", "1:24", "expected end of statement",
              "near 'stored'");
  ExpectError("create table t (a int comment x)", "1:31", "expected a quoted column comment",
              "near 'x'");
  ExpectError("create table t (a int) comment 5", "1:32", "expected a quoted table comment",
              "near '5'");
  ExpectError("create table t (a int) partitioned (p string)", "1:36", "expected 'by'", "near '('");
  ExpectError("create table t (a int) partitioned by (p string not null)", "1:49", "expected ')'",
              "near 'not'");
}

TEST(CreateTableTest, BadNames) {
  ExpectError("create table `my table` (a int)", "1:14", "table name 'my table' is not a valid",
              "near '`my table`'");
  ExpectError("create table t (`1a` int)", "1:17", "column name '1a' is not a valid",
              "near '`1a`'");
  ExpectError("create table proj.t (a int)", "1:14", "table name must be a plain name",
              "near 'proj'");
  ExpectError("create table \"t\" (a int)", "1:14", "expected table name", "near '\"t\"'");
  ExpectError("create table t (名字 string)", "1:17", "column name '名字' is not a valid",
              "near '名字'");
}

// ---- drop table, drop partition ----

TEST(DropTableTest, Forms) {
  auto drop = ParseOne<DropTable>("DROP TABLE IF EXISTS `Ods_X`");
  EXPECT_EQ(drop.name, "ods_x");
  EXPECT_TRUE(drop.if_exists);
  EXPECT_FALSE(ParseOne<DropTable>("drop table t").if_exists);
  ExpectError("drop table if t", "1:15", "expected 'exists'", "near 't'");
  ExpectError("drop table t, u", "1:13", "expected end of statement", "near ','");
  ExpectError("drop table", "1:11", "expected table name", "at end of statement");
}

TEST(DropPartitionTest, OneAndSeveralPartitions) {
  auto drop = ParseOne<DropPartition>("alter table T drop partition (ds='20161114')");
  EXPECT_EQ(drop.table, "t");
  EXPECT_FALSE(drop.if_exists);
  ASSERT_EQ(drop.specs.size(), 1u);
  EXPECT_EQ(drop.specs[0], Spec({{"ds", "20161114"}}));

  drop = ParseOne<DropPartition>(
      "alter table t drop if exists partition (ds='20161114', HH=\"01\"), partition (ds=20161115, "
      "hh='02')");
  EXPECT_TRUE(drop.if_exists);
  ASSERT_EQ(drop.specs.size(), 2u);
  EXPECT_EQ(drop.specs[0], Spec({{"ds", "20161114"}, {"hh", "01"}}));
  EXPECT_EQ(drop.specs[1].ToPath(), "ds=20161115/hh=02");
}

TEST(DropPartitionTest, Errors) {
  ExpectError("alter table t drop partition (ds)", "1:31", "partition column 'ds' needs a value",
              "near 'ds'");
  ExpectError("alter table t drop partition ()", "1:31", "expected partition column name",
              "near ')'");
  ExpectError("alter table t drop partition (ds='a', ds='b')", "1:39", "'ds' appears twice",
              "near 'ds'");
  ExpectError("alter table t drop partition (ds='a/b')", "1:34",
              "partition value for 'ds' 'a/b' is not a valid partition value", "near ''a/b''");
  ExpectError("alter table t drop partition (ds='')", "1:34", "is not a valid partition value",
              "near ''''");
  ExpectError("alter table t drop partition (ds=${bizdate})", "1:34", "expected a quoted value",
              "near '$'");
  ExpectError("alter table t drop partition (ds='a'), (ds='b')", "1:40", "expected 'partition'",
              "near '('");
  ExpectError("alter table t drop if exists partition ds='a'", "1:40", "expected '('", "near 'ds'");
  ExpectError("alter table p.t drop partition (ds='a')", "1:13", "must be a plain name",
              "near 'p'");
}

TEST(DropPartitionTest, OtherAlterTableIsPassthrough) {
  ParseOne<Passthrough>("alter table t drop if exists c");
  ParseOne<Passthrough>("alter table t rename to u");
  ParseOne<Passthrough>("alter table t add partition (ds='1')");
}

// ---- alter table add/change/drop columns ----

TEST(AlterColumnsTest, Forms) {
  auto add = ParseOne<AlterColumns>("alter table T add columns (a bigint, B decimal(12, 2))");
  EXPECT_EQ(add.table, "t");
  EXPECT_EQ(add.kind, AlterColumns::Kind::kAdd);
  EXPECT_EQ(add.columns, (Schema{{"a", {TypeId::kBigInt}}, {"b", {TypeId::kDecimal, 12, 2}}}));
  auto change = ParseOne<AlterColumns>("alter table t change column c c varchar(20)");
  EXPECT_EQ(change.kind, AlterColumns::Kind::kChange);
  EXPECT_EQ(change.columns, (Schema{{"c", {TypeId::kVarchar, 0, 0, 20}}}));
  auto drop = ParseOne<AlterColumns>("alter table t drop column c");
  EXPECT_EQ(drop.kind, AlterColumns::Kind::kDrop);
  EXPECT_EQ(ParseOne<AlterColumns>("alter table t drop columns (c, d)").columns.size(), 2u);
  EXPECT_EQ(ParseOne<AlterColumns>("alter table t drop columns c, d").columns.size(), 2u);
  ExpectError("alter table t add columns (a bigint, a int)", "1:38", "duplicate column 'a'",
              "near 'a'");
  ExpectError("alter table t change c d int", "1:22", "renaming column 'c' to 'd'", "near 'c'");
  ExpectError("alter table t add columns a int", "1:27", "expected '('", "near 'a'");
}

// ---- desc, show ----

TEST(DescTest, Forms) {
  EXPECT_EQ(ParseOne<DescTable>("desc T").name, "t");
  EXPECT_EQ(ParseOne<DescTable>("DESCRIBE t").name, "t");
  EXPECT_EQ(ParseOne<DescTable>("desc table t").name, "t");
  ExpectError("desc", "1:5", "expected table name", "at end of statement");
  ExpectError("describe select 1", "1:17", "expected end of statement", "near '1'");
  ExpectError("desc t extended", "1:8", "expected end of statement", "near 'extended'");
  EXPECT_TRUE(ParseOne<DescTable>("desc t history").history);
  EXPECT_FALSE(ParseOne<DescTable>("desc history").history);
}

TEST(ShowTest, Forms) {
  EXPECT_EQ(ParseOne<ShowPartitions>("show partitions ODS_oplog").name, "ods_oplog");
  ParseOne<ShowTables>("SHOW TABLES");
  ExpectError("show tables like 'x'", "1:13", "expected end of statement", "near 'like'");
  ExpectError("show partitions", "1:16", "expected table name", "at end of statement");
  ParseOne<Passthrough>("show databases");
}

// ---- insert ----

TEST(InsertTest, SeedMerge) {
  const std::string select =
      "select case when b.uid is not null then b.uid else a.uid end as uid,\n"
      "  case when b.uid is not null then b.uname else a.uname end as uname,\n"
      "  case when b.uid is not null then b.deptno else a.deptno end as deptno,\n"
      "  case when b.uid is not null then b.gender else a.gender end as gender,\n"
      "  case when b.uid is not null then b.optime else a.optime end as optime\n"
      "from dw_user_inc a full outer join ods_user_inc b on a.uid = b.uid";
  auto insert = ParseOne<InsertSelect>("insert overwrite table dw_user_inc " + select + ";");
  EXPECT_TRUE(insert.overwrite);
  EXPECT_EQ(insert.table, "dw_user_inc");
  EXPECT_TRUE(insert.partition.parts.empty());
  EXPECT_EQ(insert.select_sql, select);
}

TEST(InsertTest, StaticPartitionAndVerbatimQuery) {
  auto insert = ParseOne<InsertSelect>(
      "INSERT OVERWRITE TABLE ods_oplog PARTITION (ds='20161114')\nSELECT * FROM \"Src\" -- note\n"
      "WHERE x = 'a;b'");
  EXPECT_EQ(insert.partition, Spec({{"ds", "20161114"}}));
  EXPECT_TRUE(insert.partition.IsStatic());
  EXPECT_EQ(insert.partition.ToPath(), "ds=20161114");
  EXPECT_EQ(insert.select_sql, "SELECT * FROM \"Src\" -- note\nWHERE x = 'a;b'");
}

TEST(InsertTest, DynamicPartitions) {
  auto insert = ParseOne<InsertSelect>(
      "insert overwrite table t partition (ds='20161114', hh) select a, hh from s");
  EXPECT_EQ(insert.partition, Spec({{"ds", "20161114"}, {"hh", std::nullopt}}));
  EXPECT_FALSE(insert.partition.IsStatic());
  EXPECT_THROW(insert.partition.ToPath(), std::logic_error);
  insert = ParseOne<InsertSelect>("insert into table t partition (ds) select 1, '2'");
  EXPECT_EQ(insert.partition, Spec({{"ds", std::nullopt}}));
  ExpectError("insert overwrite table t partition (ds, hh='01') select 1", "1:41",
              "static partition column 'hh' must come before dynamic ones", "near 'hh'");
}

TEST(InsertTest, IntoForms) {
  auto insert = ParseOne<InsertSelect>("insert into table t select 1");
  EXPECT_FALSE(insert.overwrite);
  EXPECT_EQ(insert.select_sql, "select 1");
  insert = ParseOne<InsertSelect>("insert into T partition (ds=1) with x as (select 1) select *");
  EXPECT_EQ(insert.table, "t");
  EXPECT_EQ(insert.select_sql, "with x as (select 1) select *");
  EXPECT_EQ(ParseOne<InsertSelect>("insert into t (select 1) union all (select 2)").select_sql,
            "(select 1) union all (select 2)");
  EXPECT_EQ(ParseOne<InsertSelect>("insert into t from s select a").select_sql, "from s select a");
  EXPECT_EQ(ParseOne<InsertSelect>("insert into t values (1, 'a')").select_sql, "values (1, 'a')");
}

TEST(InsertTest, DuckDbInsertFormsArePassthrough) {
  ParseOne<Passthrough>("insert into t (a, b) values (1, 2)");
  ParseOne<Passthrough>("insert into t by name select 1 as a");
  ParseOne<Passthrough>("insert or replace into t select 1");
}

TEST(InsertTest, Errors) {
  ExpectError("insert overwrite t select 1", "1:18", "expected 'table'", "near 't'");
  ExpectError("insert overwrite table t", "1:25", "expected a query", "at end of statement");
  ExpectError("insert overwrite table t partition (ds='1')\n  update x", "2:3", "expected a query",
              "near 'update'");
  ExpectError("insert overwrite table t partition (ds='1') (a, b) select 1, 2", "1:45",
              "insert column lists are not supported", "near '('");
  ExpectError("insert into table t (a) select 1", "1:21", "insert column lists are not supported",
              "near '('");
  ExpectError("insert overwrite table t partition ds='1' select 1", "1:36", "expected '('",
              "near 'ds'");
  ExpectError("insert overwrite table t partition (ds='1'", "1:43", "expected ')'",
              "at end of statement");
  ExpectError("insert overwrite table t partition (ds=x) select 1", "1:40",
              "expected a quoted value", "near 'x'");
  ExpectError("insert overwrite table t partition (ds='../x') select 1", "1:40",
              "not a valid partition value", "near ''../x''");
}

// ---- set, passthrough ----

TEST(SetTest, OdpsSettingsAreIgnored) {
  auto ignored = ParseOne<Ignored>("set odps.sql.allow.fullscan=true");
  EXPECT_EQ(ignored.text, "set odps.sql.allow.fullscan=true");
  ParseOne<Ignored>("SET odps.sql.type.system.odps2 = true");
  ParseOne<Ignored>("set odps.stage.mapper.split.size=256");
  ParseOne<Passthrough>("set threads = 4");
  ParseOne<Passthrough>("set odpsx.a = 1");
  ParseOne<Passthrough>("set odps.a");
}

TEST(PassthroughTest, OtherStatementsAreKeptVerbatim) {
  EXPECT_EQ(ParseOne<Passthrough>("select 1").sql, "select 1");
  const char* with = "with x as (select 1 as a)\nselect a from x";
  EXPECT_EQ(ParseOne<Passthrough>(with).sql, with);
  ParseOne<Passthrough>("create view v as select 1");
  ParseOne<Passthrough>("create or replace table t as select 1");
  ParseOne<Passthrough>("drop view v");
  ParseOne<Passthrough>("create macro f() as $$ select 1 $$");
}

// ---- scripts ----

TEST(ParseScriptTest, StatementsKeepTextAndPosition) {
  auto statements = ParseScript(
      "set odps.sql.allow.fullscan=true;\n"
      "-- load\n"
      "  insert overwrite table t select 1; select ';'\n",
      "job.sql");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<Ignored>(statements[0].body));
  EXPECT_EQ(statements[1].text, "insert overwrite table t select 1");
  EXPECT_EQ(statements[1].line, 3);
  EXPECT_EQ(statements[1].column, 3);
  EXPECT_TRUE(std::holds_alternative<InsertSelect>(statements[1].body));
  EXPECT_EQ(statements[2].line, 3);
  EXPECT_EQ(statements[2].column, 38);
  EXPECT_EQ(std::get<Passthrough>(statements[2].body).sql, "select ';'");
}

TEST(ParseScriptTest, ErrorPositionsAreInTheScript) {
  ExpectError("select 1;\n\n   create table t (\n  a int,\n  a bigint)", "5:3",
              "duplicate column 'a'", "near 'a'");
  ExpectError("select 'é'; create table t (a\tmoney)", "1:31", "unknown type 'money'",
              "near 'money'");
}

TEST(ParseScriptTest, OriginIsUsedAsGiven) {
  try {
    ParseScript("drop table", "strata.yaml:12");
    FAIL();
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("strata.yaml:12:1:11: expected table name"));
  }
}

TEST(ParseScriptTest, SplitterErrorsPropagate) {
  ExpectError("select 1;\n select 'x", "2:9", "unterminated string", "near ''x'");
}

TEST(PartitionSpecTest, EmptySpec) {
  PartitionSpec spec;
  EXPECT_TRUE(spec.IsStatic());
  EXPECT_EQ(spec.ToPath(), "");
}

}  // namespace
}  // namespace strata::sql
