// The warehouse as users script it: DDL, insert overwrite/into, append-mode
// syncs, output formats, and the catalog commands.

#include <gtest/gtest.h>

#include "project_fixture.h"

namespace strata::test {
namespace {

TEST(WarehouseSql, DdlInsertAndPartitions) {
  ProjectFixture p;
  p.WriteProject("[]\n");
  p.Ok({"sql",
        "create table s (k string, v decimal(12,2), at datetime) partitioned by (ds string) "
        "lifecycle 7;"
        "insert overwrite table s partition (ds='20240101') select 'a', 1.5, timestamp '2024-01-01 "
        "10:00:00.000001';"
        "insert into table s partition (ds='20240101') select 'b', null, null;"
        "insert overwrite table s partition (ds='20240102') select 'c', 3, null"});
  EXPECT_EQ(
      p.Csv("select * from s order by k"),
      "k,v,at,ds\na,1.50,2024-01-01 10:00:00.000001,20240101\nb,,,20240101\nc,3.00,,20240102\n");
  EXPECT_EQ(p.Csv("desc s"),
            "column,type,partition_key\nk,string,false\nv,\"decimal(12,2)\",false\n"
            "at,datetime,false\nds,string,true\n");
  std::string tables = p.Ok({"tables"});
  EXPECT_NE(tables.find("| s "), std::string::npos) << tables;
  EXPECT_NE(tables.find("|         7 |"), std::string::npos) << tables;
  std::string parts = p.Ok({"partitions", "s"});
  EXPECT_NE(parts.find("ds=20240101 |    2 |"), std::string::npos) << parts;
  EXPECT_NE(parts.find("ds=20240102 |    1 |"), std::string::npos) << parts;
  p.Ok({"sql", "alter table s drop partition (ds='20240101')"});
  EXPECT_EQ(p.Csv("select k from s"), "k\nc\n");
  EXPECT_FALSE(std::filesystem::exists(p.dir() / "warehouse/s/ds=20240101"));
  EXPECT_NE(p.Strata({"sql", "alter table s drop partition (ds='20240101')"}).status, 0);
  p.Ok({"sql", "alter table s drop if exists partition (ds='20240101')"});
  p.Ok({"sql", "drop table s"});
  EXPECT_FALSE(std::filesystem::exists(p.dir() / "warehouse/s"));
  EXPECT_NE(p.Strata({"sql", "select * from s"}).status, 0);
  p.Ok({"sql", "drop table if exists s"});
}

TEST(WarehouseSql, OutputFormats) {
  ProjectFixture p;
  p.WriteProject("[]\n");
  std::string q = "select 1 as n, 'a,\"b\"' as s, null as z";
  EXPECT_EQ(p.Ok({"sql", "--format", "csv", q}), "n,s,z\n1,\"a,\"\"b\"\"\",\n");
  EXPECT_EQ(p.Ok({"sql", "--format", "json", q}),
            "[\n  {\n    \"n\": 1,\n    \"s\": \"a,\\\"b\\\"\",\n    \"z\": null\n  }\n]\n");
  std::string table = p.Ok({"sql", q});
  EXPECT_NE(table.find("| n | s"), std::string::npos) << table;
  EXPECT_NE(table.find("NULL"), std::string::npos) << table;
}

TEST(WarehouseSql, AppendModeDuplicatesOnRerunAsDocumented) {
  ProjectFixture p("create table t (id int); insert into t values (1), (2);");
  p.WriteProject(
      "  - name: app\n    type: sync\n    source: { connection: src, table: t }\n"
      "    target: { table: log, partition: \"ds=${bizdate}\", mode: append }\n");
  p.Ok({"run", "--date", "20240101"});
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv("select id, count(*) as n from log group by id order by id"), "id,n\n1,2\n2,2\n");
  EXPECT_NE(p.Ok({"partitions", "log"}).find("|    4 |"), std::string::npos);
}

TEST(WarehouseSql, SyncCreatesTheTargetFromTheSourceSchema) {
  ProjectFixture p(
      "create table t (id integer primary key, price decimal(8,3), name varchar(20), "
      "born date, seen datetime, raw blob, ok boolean, score real);"
      "insert into t values (1, '12.345', 'Zoë', '2000-02-29', '2024-01-01 00:00:01', x'00ff', 1, "
      "0.5);");
  p.WriteProject(
      "  - name: n\n    type: sync\n    source: { connection: src, table: t }\n"
      "    target: { table: t_copy }\n");
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv("desc t_copy"),
            "column,type,partition_key\nid,bigint,false\nprice,\"decimal(8,3)\",false\n"
            "name,string,false\nborn,date,false\nseen,datetime,false\nraw,binary,false\n"
            "ok,boolean,false\nscore,double,false\n");
  EXPECT_EQ(p.Csv("select id, price, name, born, seen, hex(raw) as raw, ok, score from t_copy"),
            "id,price,name,born,seen,raw,ok,score\n1,12.345,Zoë,2000-02-29,2024-01-01 "
            "00:00:01,00FF,true,0.5\n");
}

TEST(WarehouseSql, ParallelChannelsReadEveryRowOnce) {
  std::string sql = "create table t (id integer primary key, v int);";
  sql +=
      "with recursive c(x) as (select 1 union all select x + 1 from c where x < 10000) "
      "insert into t select x * 7, x from c; insert into t values (-5, 0);";
  ProjectFixture p(sql);
  p.WriteProject(
      "  - name: n\n    type: sync\n    channels: 4\n"
      "    source: { connection: src, table: t }\n    target: { table: t_copy }\n");
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv("select count(*) as n, count(distinct id) as d, sum(v) as s from t_copy"),
            "n,d,s\n10001,10001,50005000\n");
}

}  // namespace
}  // namespace strata::test
