// strata init: a small commented project that runs anywhere (its source is an
// embedded SQLite database it creates), to copy from or edit into a real one.

#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "core/sqlite/sqlite_db.h"

namespace strata::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStrataYaml =
    R"yaml(# A strata project: `strata check` validates it, `strata ls` lists its nodes,
# `strata run --date 20240101` runs them for that business date.
# Every key is described in README.md ("Project files").
name: starter
connections:
  # An embedded SQLite database, so that this project runs anywhere. A server:
  #   shop: { url: "mysql://etl@${env:SHOP_HOST}/shop", password_env: SHOP_PASSWORD }
  app: { url: "sqlite:source.db" }
tables: [tables/daily_orders.sql]   # warehouse tables created when missing
nodes:
  # Incremental sync: the business day's new orders into that day's partition.
  # ${yyyy-mm-dd} is the business date, $[yyyy-mm-dd] the day after.
  - name: ods_orders
    type: sync
    source:
      connection: app
      table: orders
      where: "created_at >= '${yyyy-mm-dd}' and created_at < '$[yyyy-mm-dd]'"
    target: { table: ods_orders, partition: "ds=${bizdate}", mode: overwrite }
  # SQL over the warehouse, once the same business date's sync succeeded.
  - name: daily_orders
    type: sql
    depends_on: [ods_orders]
    sql_file: sql/daily_orders.sql
)yaml";

constexpr const char* kTableDdl = R"sql(-- One row per business date.
create table if not exists daily_orders(
  orders bigint,
  amount double
) partitioned by (ds string);
)sql";

constexpr const char* kDailySql = R"sql(-- The business day's order count and total.
insert overwrite table daily_orders partition (ds = '${bizdate}')
select count(*) as orders, coalesce(sum(amount), 0) as amount
from ods_orders
where ds = '${bizdate}';
)sql";

constexpr const char* kSourceSql = R"sql(
create table if not exists orders(
  id integer primary key,
  customer text not null,
  amount real not null,
  created_at text not null
);
insert or ignore into orders values
  (1, 'ada', 12.50, '2024-01-01 09:15:00'),
  (2, 'bob', 7.00, '2024-01-01 17:40:00'),
  (3, 'ada', 30.25, '2024-01-02 08:05:00');
)sql";

void WriteFile(const fs::path& path, const char* text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw Error("cannot write " + path.string());
}

}  // namespace

int InitCommand(const fs::path& dir) {
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw Error(dir.string() + " exists and is not a folder");
  if (fs::exists(dir / kProjectFile))
    throw Error((dir / kProjectFile).string() + " already exists; strata init leaves it alone");
  fs::create_directories(dir);
  WriteFile(dir / "tables/daily_orders.sql", kTableDdl);
  WriteFile(dir / "sql/daily_orders.sql", kDailySql);
  SqliteDb(dir / "source.db", SqliteDb::Mode::kReadWriteCreate).Exec(kSourceSql);
  WriteFile(dir / kProjectFile, kStrataYaml);
  std::cout << "created a strata project in " << fs::absolute(dir).lexically_normal().string()
            << "\nnext: strata -C " << dir.string() << " check && strata -C " << dir.string()
            << " run --date 20240101\n";
  return 0;
}

}  // namespace strata::cli
