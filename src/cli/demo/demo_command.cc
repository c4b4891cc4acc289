// strata demo: writes the seed scenario as a project and replays its timeline
// through the same runner `strata run` uses.

#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/demo/seed_project.h"
#include "cli/result_printer.h"
#include "core/error.h"
#include "core/sqlite/sqlite_db.h"
#include "schedule/project.h"
#include "warehouse/sql/sql_engine.h"

namespace strata::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarker = ".strata-demo";

// An empty or missing folder, or one an earlier demo made, is ours to (re)write.
void PrepareFolder(const fs::path& dir) {
  if (fs::exists(dir) && !fs::is_directory(dir))
    throw Error(dir.string() + " exists and is not a folder");
  if (fs::exists(dir) && !fs::is_empty(dir)) {
    if (!fs::exists(dir / kMarker))
      throw Error(dir.string() + " is not empty and is not a strata demo; choose another --dir");
    for (const auto& e : fs::directory_iterator(dir)) fs::remove_all(e.path());
  }
  fs::create_directories(dir);
  std::ofstream(dir / kMarker) << "created by strata demo\n";
}

void WriteProject(const fs::path& dir) {
  for (const auto& f : SeedProjectFiles()) {
    fs::create_directories((dir / f.path).parent_path());
    std::ofstream(dir / f.path) << f.text;
  }
  SqliteDb source(dir / "source.db", SqliteDb::Mode::kReadWriteCreate);
  source.Exec(SeedSourceHistory());
}

void Step(const std::string& what) {
  std::cout << "\n### " << what << "\n";
}

void RunNodes(const Project& project, const std::vector<std::string>& names, const char* date) {
  if (RunNodesForDate(project, names, *CivilTime::ParseYmd(date), std::cout) != 0)
    throw Error("the demo's run for bizdate " + std::string(date) + " failed");
}

QueryResult Show(SqlEngine& sql, const std::string& query) {
  auto outcomes = sql.RunScript(query, "demo");
  PrintTable(*outcomes.back().result, std::cout);
  return *outcomes.back().result;
}

// The second half: the same data through one merge node (dw_user).
bool ShowStrataWay(SqlEngine& sql) {
  Step("strata's way: one merge node, deletes found by key, changes kept per day");
  for (const char* q : {"select * from dw_user order by uid",
                        "select uid, uname, deptno, _op from ods_user_changes "
                        "where ds = '20161114' order by uid"}) {
    std::cout << q << "\n";
    Show(sql, q);
  }
  auto check = Show(sql,
                    "select (select count(*) from dw_user where uid = 5) as uid5_in_dw_user, "
                    "(select string_agg(uid || _op, ' ' order by uid) from ods_user_changes "
                    "where ds = '20161114') as changes_20161114");
  bool ok = check.rows[0][0] == "0" && check.rows[0][1] == "2U 3U 4U 5D 6I";
  std::cout << "select * from dw_user_his order by uid, start_ds\n";
  Show(sql, "select * from dw_user_his order by uid, start_ds");
  auto his = Show(sql,
                  "select (select count(*) from (select * from as_of('dw_user_his', '20161114') "
                  "except select * exclude (ds) from ods_user_full where ds = '20161114')) "
                  "as as_of_20161114_not_in_full, (select end_ds from dw_user_his where uid = 5) "
                  "as uid5_end_ds");
  ok = ok && his.rows[0][0] == "0" && his.rows[0][1] == "20161114";
  std::cout << "\n"
            << (ok ? "strata's way: uid 5 is gone from dw_user as from the source, and "
                     "ods_user_changes for 20161114 says what happened: 2, 3, 4 updated, 5 "
                     "deleted, 6 inserted. No daily full snapshot, no merge SQL. dw_user_his keeps "
                     "every version: uid 5's closed on 20161114, and as_of('dw_user_his', "
                     "'20161114') equals that day's full snapshot."
                   : "Unexpected: the merge node did not give the source's state.")
            << "\n";
  return ok;
}

}  // namespace

int DemoCommand(const fs::path& dir) {
  PrepareFolder(dir);
  WriteProject(dir);
  Project project = LoadProject(dir);
  std::cout << "strata demo: the seed scenario in " << fs::absolute(dir).string() << "\n";

  Step("2016-11-14: one-time history loads (paused nodes, run by name)");
  RunNodes(project, {"ods_oplog_history", "dw_user_inc_init", "dw_user", "dw_user_his"},
           "20161113");

  Step("2016-11-14: the day's changes reach the source database");
  SqliteDb(dir / "source.db", SqliteDb::Mode::kReadWriteCreate).Exec(SeedSourceChanges());
  std::cout << "oplog: +Jim, +Kate, +Lily; user: uid 2, 3, 4 updated, uid 5 deleted, uid 6 added\n";

  Step("2016-11-15 00:00: the daily cycle for business date 20161114");
  RunNodes(project, {}, "20161114");

  Step("Results");
  Warehouse warehouse(project.warehouse, {project.name});
  SqlEngine sql(&warehouse);
  for (const char* q :
       {"select * from ods_oplog order by ds, optime, uname",
        "select * from ods_user_full order by ds, uid", "select * from ods_user_inc order by uid",
        "select * from dw_user_inc order by uid"}) {
    std::cout << q << "\n";
    Show(sql, q);
  }
  auto merged = Show(sql, "select count(*) as uid5_in_dw_user_inc from dw_user_inc where uid = 5");
  auto full = Show(sql,
                   "select count(*) as uid5_in_full_20161114 from ods_user_full "
                   "where ds = '20161114' and uid = 5");
  bool kept = merged.rows[0][0] == "1", gone = full.rows[0][0] == "0";
  std::cout << "\n"
            << (kept && gone
                    ? "As the seed says: uid 5 was deleted at the source, yet the incremental "
                      "merge result dw_user_inc still holds it; the daily full snapshot "
                      "ods_user_full for 20161114 does not."
                    : "Unexpected: the seed's delete did not behave as the seed describes.")
            << "\n";
  bool ours = ShowStrataWay(sql);
  return kept && gone && ours ? 0 : 1;
}

}  // namespace strata::cli
