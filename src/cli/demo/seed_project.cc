#include "cli/demo/seed_project.h"

namespace strata::cli {

const std::vector<ProjectFile>& SeedProjectFiles() {
  static const std::vector<ProjectFile> files = {
      {"strata.yaml", R"yaml(# The seed scenario: RDS (here an embedded SQLite database) into a
# warehouse partitioned by day. See the README for what each node does.
name: seed_demo
connections:
  rds: { url: "sqlite:source.db" }
tables:
  - tables/ods_oplog.sql
  - tables/ods_user_full.sql
  - tables/ods_user_inc.sql
  - tables/dw_user_inc.sql
nodes:
  # Unedited (log) data: history once, then each day's new rows.
  - name: ods_oplog_history
    type: sync
    paused: true
    description: one-time full sync of the oplog history
    source: { connection: rds, table: oplog }
    target: { table: ods_oplog, partition: "ds=${bizdate}" }
  - name: ods_oplog
    type: sync
    description: the business day's new log rows
    source:
      connection: rds
      table: oplog
      where: "optime >= '${yyyy-mm-dd}' and optime < '$[yyyy-mm-dd]'"
    target: { table: ods_oplog, partition: "ds=${bizdate}" }
  # Edited data, way 1: a full snapshot every day.
  - name: ods_user_full
    type: sync
    description: daily full snapshot of user
    source: { connection: rds, table: user }
    target: { table: ods_user_full, partition: "ds=${bizdate}" }
  # Edited data, way 2: full load once, then daily changes merged in.
  - name: dw_user_inc_init
    type: sync
    paused: true
    description: one-time full load of user into the result table
    source: { connection: rds, table: user }
    target: { table: dw_user_inc }
  - name: ods_user_inc
    type: sync
    description: the business day's changed user rows
    source:
      connection: rds
      table: user
      where: "optime >= '${yyyy-mm-dd}' and optime < '$[yyyy-mm-dd]'"
    target: { table: ods_user_inc }
  - name: dw_user_inc_merge
    type: sql
    description: merge the day's changes into the result table
    depends_on: [ods_user_inc]
    depends_on_previous: [self]   # today's merge builds on yesterday's
    sql_file: sql/dw_user_inc_merge.sql
  # strata's way: the current state by key in one sync node. The cursor reads
  # what changed since the last run (less an hour for late commits), the
  # source's keys tell what was deleted, and each day's changes are kept.
  - name: dw_user
    type: sync
    description: user by uid, current, deletes included; changes per day
    depends_on_previous: [self]
    source: { connection: rds, table: user, cursor: { column: optime, lookback: 1h } }
    target: { table: dw_user, mode: merge, key: [uid], deletes: keys, changes: ods_user_changes }
  # And every version of each user (a zipper table): any day's full table
  # comes back with as_of('dw_user_his', 'yyyymmdd') or strata snapshot.
  - name: dw_user_his
    type: sync
    description: user by uid, every version with start_ds and end_ds
    depends_on_previous: [self]
    source: { connection: rds, table: user, cursor: { column: optime, lookback: 1h } }
    target: { table: dw_user_his, mode: history, key: [uid], deletes: keys }
)yaml"},
      {"tables/ods_oplog.sql", R"sql(create table if not exists ods_oplog(
 optime datetime,
 uname string,
 action string,
 status string
) partitioned by (ds string);
)sql"},
      {"tables/ods_user_full.sql", R"sql(create table if not exists ods_user_full(
    uid bigint,
    uname string,
    deptno bigint,
    gender string,
    optime datetime
) partitioned by (ds string) lifecycle 7;  -- the seed: "set a lifecycle for the historical data"
)sql"},
      {"tables/ods_user_inc.sql", R"sql(create table if not exists ods_user_inc(
    uid bigint,
    uname string,
    deptno bigint,
    gender string,
    optime datetime
);
)sql"},
      {"tables/dw_user_inc.sql", R"sql(create table if not exists dw_user_inc(
    uid bigint,
    uname string,
    deptno bigint,
    gender string,
    optime datetime
);
)sql"},
      {"sql/dw_user_inc_merge.sql",
       R"sql(-- The seed's merge: the day's changes (b) win over the result so far (a).
insert overwrite table dw_user_inc
select
  case when b.uid is not null then b.uid else a.uid end as uid,
  case when b.uid is not null then b.uname else a.uname end as uname,
  case when b.uid is not null then b.deptno else a.deptno end as deptno,
  case when b.uid is not null then b.gender else a.gender end as gender,
  case when b.uid is not null then b.optime else a.optime end as optime
from dw_user_inc a
full outer join ods_user_inc b
  on a.uid = b.uid;
)sql"},
  };
  return files;
}

const char* SeedSourceHistory() {
  return R"sql(
create table oplog(
  optime DATETIME,
  uname varchar(50),
  action varchar(50),
  status varchar(10));
insert into oplog values ('2016-11-11 00:00:00', 'LiLei', 'SELECT', 'SUCCESS');
insert into oplog values ('2016-11-12 00:00:00', 'hanmm', 'desc', 'success');
create table user(
  uid int,
  uname varchar(50),
  deptno int,
  gender VARCHAR(1),
  optime DATETIME);
insert into user values (1, 'LiLei', 100, 'M', '2016-11-13 00:00:00');
insert into user values (2, 'HanMM', null, 'F', '2016-11-13 00:00:00');
insert into user values (3, 'Jim', 102, 'M', '2016-11-12 00:00:00');
insert into user values (4, 'Kate', 103, 'F', '2016-11-12 00:00:00');
insert into user values (5, 'Lily', 104, 'F', '2016-11-11 00:00:00');
)sql";
}

const char* SeedSourceChanges() {
  return R"sql(
insert into oplog values ('2016-11-14 00:00:00', 'Jim', 'Update', 'success');
insert into oplog values ('2016-11-14 00:00:00', 'Kate', 'Delete', 'Failed');
insert into oplog values ('2016-11-14 00:00:00', 'Lily', 'Drop', 'Failed');
update user set deptno = 101, optime = '2016-11-14 09:00:00' where uid = 2;
update user set deptno = 104, optime = '2016-11-14 10:30:00' where uid = 3;
update user set deptno = null, optime = '2016-11-14 11:15:00' where uid = 4;
delete from user where uid = 5;
insert into user(uid, uname, deptno, gender, optime) values (6, 'Lucy', 105, 'F', '2016-11-14 15:45:00');
)sql";
}

}  // namespace strata::cli
