#include "schedule/check_results.h"

#include "core/private_files.h"

namespace strata {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS check_results (
  instance INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  rule TEXT NOT NULL,
  level TEXT NOT NULL,
  tbl TEXT NOT NULL,
  partition_spec TEXT NOT NULL,
  passed INTEGER NOT NULL,
  failing INTEGER NOT NULL,
  detail TEXT NOT NULL,
  PRIMARY KEY (instance, seq));
)sql";

}  // namespace

CheckResultStore::CheckResultStore(const std::filesystem::path& state_db)
    : db_((MakePrivateFile(state_db), state_db), SqliteDb::Mode::kReadWriteCreate) {
  db_.EnableWal();
  SqliteTransaction(db_, [&] { db_.Exec(kSchema); });
}

void CheckResultStore::Save(int64_t instance, int attempt,
                            const std::vector<CheckResult>& results) {
  SqliteTransaction(db_, [&] {
    SqliteStatement(db_, "DELETE FROM check_results WHERE instance = ?").Bind(1, instance).Run();
    SqliteStatement insert(db_, "INSERT INTO check_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (size_t i = 0; i < results.size(); ++i) {
      const CheckResult& r = results[i];
      insert.Bind(1, instance)
          .Bind(2, int64_t{attempt})
          .Bind(3, static_cast<int64_t>(i))
          .Bind(4, r.rule)
          .Bind(5, CheckLevelName(r.level))
          .Bind(6, r.table)
          .Bind(7, r.partition)
          .Bind(8, int64_t{r.passed})
          .Bind(9, r.failing)
          .Bind(10, r.detail)
          .Run();
    }
  });
}

std::map<int64_t, std::vector<StoredCheckResult>> CheckResultStore::For(
    const std::vector<int64_t>& instances) {
  return ReadCheckResults(db_, instances);
}

std::map<int64_t, std::vector<StoredCheckResult>> ReadCheckResults(
    SqliteDb& db, const std::vector<int64_t>& instances) {
  std::map<int64_t, std::vector<StoredCheckResult>> out;
  SqliteStatement s(db,
                    "SELECT attempt, rule, level, tbl, partition_spec, passed, failing, detail "
                    "FROM check_results WHERE instance = ? ORDER BY seq");
  for (int64_t id : instances) {
    s.Bind(1, id);
    while (s.Step()) {
      CheckResult r{s.Text(1),     s.Text(2) == "weak" ? CheckLevel::kWeak : CheckLevel::kStrong,
                    s.Text(3),     s.Text(4),
                    s.Int(5) != 0, s.Int(6),
                    s.Text(7)};
      out[id].push_back({id, static_cast<int>(s.Int(0)), std::move(r)});
    }
    s.Reset();
  }
  return out;
}

std::string CheckMarker(const std::vector<StoredCheckResult>& results) {
  int weak = 0, strong = 0;
  for (const auto& r : results)
    if (!r.result.passed) ++(r.result.level == CheckLevel::kWeak ? weak : strong);
  std::string out;
  if (strong) out = "x" + std::to_string(strong);
  if (weak) out += (out.empty() ? "!" : " !") + std::to_string(weak);
  return out;
}

std::string FormatCheckResult(const CheckResult& r) {
  std::string status = r.passed ? "ok  " : r.level == CheckLevel::kWeak ? "WARN" : "FAIL";
  return status + " " + CheckLevelName(r.level) + " " + r.rule + " on " + r.table +
         (r.partition.empty() ? "" : " " + r.partition) + ": " + r.detail;
}

}  // namespace strata
