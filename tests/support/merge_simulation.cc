#include "merge_simulation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <map>

#include "csv.h"
#include "merge_workload.h"
#include "sim_state.h"

namespace strata::test {
namespace {

using Row = SimRow;
using Table = SimTable;

// What the warehouse holds after a run, read with one `strata sql`.
struct Warehouse {
  Table merged, soft, window;
  std::vector<std::string> changes;  // "op id name balance optime", sorted
};

Warehouse ReadWarehouse(SimSource& source, const std::string& date) {
  const std::string cols = kSimColumns;
  // A change row's _op, followed by what is wrong with its _ts (an insert's or
  // update's is the row's optime; a delete's, the read time, is not checked)
  // or its _pos (a cursor read has no position).
  const std::string op =
      "_op || case when _pos is not null then ' _pos=' || _pos when _op <> 'D' and _ts is "
      "distinct from cast(optime as timestamptz) then ' _ts=' || coalesce(cast(_ts as varchar), "
      "'NULL') else '' end";
  std::string sql =
      "select 'T' as t, " + cols + ", '' as x from dw_accounts union all select 'C', " + cols +
      ", " + op + " from acct_changes where ds = '" + date + "' union all select 'W', " + cols +
      ", '' from dw_accounts_window union all select 'S', " + cols +
      ", cast(_deleted as varchar) || ' ' || coalesce(_deleted_ds, '-') from dw_accounts_soft "
      "order by 1, 2, 6";
  ProcessResult r = source.Strata({"sql", "--format", "csv", "--null-as", kSimNull, sql});
  EXPECT_EQ(r.status, 0) << r.err;
  auto rows = ParseCsv(r.out);
  Warehouse out;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& f = rows[i];
    if (f.size() != 6) {
      ADD_FAILURE() << "unexpected line in `strata sql` output: " << f.size() << " fields";
      continue;
    }
    int id = std::stoi(f[1]);
    Row row{f[2], f[3], f[4]};
    if (f[0] == "C") {
      out.changes.push_back(SimLine(f[5], id, row));
      continue;
    }
    if (f[0] == "S") row.push_back(f[5]);
    Table& t = f[0] == "T" ? out.merged : f[0] == "S" ? out.soft : out.window;
    if (!t.emplace(id, row).second) ADD_FAILURE() << "key " << id << " twice in table " << f[0];
  }
  std::sort(out.changes.begin(), out.changes.end());
  return out;
}

// The change rows a run must write: `before` to `after`, by key.
std::vector<std::string> ExpectedChanges(const Table& before, const Table& after) {
  std::vector<std::string> out;
  for (const auto& [id, row] : after) {
    auto it = before.find(id);
    if (it == before.end())
      out.push_back(SimLine("I", id, row));
    else if (it->second != row)
      out.push_back(SimLine("U", id, row));
  }
  for (const auto& [id, row] : before)
    if (!after.count(id)) out.push_back(SimLine("D", id, row));
  std::sort(out.begin(), out.end());
  return out;
}

std::string ListDifference(const std::vector<std::string>& want,
                           const std::vector<std::string>& got) {
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                      std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  std::string out;
  for (const auto& m : missing) out += "\n  missing: " + m;
  for (const auto& e : extra) out += "\n  unexpected: " + e;
  return out;
}

// The "merged : 3 inserted, …" lines of a run's report, one per merge node.
std::vector<std::string> MergeCounts(const std::string& out) {
  std::vector<std::string> lines;
  for (size_t at = out.find("  merged "); at != std::string::npos;
       at = out.find("  merged ", at + 1))
    lines.push_back(out.substr(at, out.find('\n', at) - at));
  return lines;
}

// The models of the other two tables, advanced from one truth to the next.
struct Models {
  Table soft;    // live rows "false -", gone rows "true <date seen gone>"
  Table window;  // upserts of the rows stamped inside the date; never deletes

  void Advance(const Table& before, const Table& after, const std::string& date) {
    for (const auto& [id, row] : before)
      if (!after.count(id)) soft[id] = With(row, "true " + date);
    std::string day = DashedDate(date);
    for (const auto& [id, row] : after) {
      soft[id] = With(row, "false -");
      if (row.at(2).starts_with(day)) window[id] = row;
    }
  }
  static Row With(Row row, const std::string& mark) {
    row.push_back(mark);
    return row;
  }
};

struct Tally {
  int ops = 0, late = 0;
  // Where the time window node differed from the source, summed over dates:
  // dates, keys the source had deleted, keys whose latest version it missed
  // (late rows), and the worst date's count.
  int window_dates = 0, window_deleted = 0, window_stale = 0, window_worst = 0;

  void AddWindow(const Table& truth, const Table& window) {
    int deleted = 0, stale = 0;
    for (const auto& [id, row] : window) deleted += !truth.count(id);
    for (const auto& [id, row] : truth) stale += !window.count(id) || window.at(id) != row;
    window_dates += deleted + stale > 0;
    window_deleted += deleted;
    window_stale += stale;
    window_worst = std::max(window_worst, deleted + stale);
  }
};

class Simulation {
 public:
  Simulation(SimSource& source, const std::string& label)
      : source_(source),
        seed_(SimulationSeed(kDefaultSimSeed)),
        days_(GenerateWorkload(seed_, SimulationDays(kDefaultSimDays), kSimFirstDate)) {
    replay_ = label + ", seed " + std::to_string(seed_) +
              " (replay: STRATA_SIM_SEED=" + std::to_string(seed_) +
              " STRATA_SIM_DAYS=" + std::to_string(days_.size()) + ")";
  }

  void Run() {
    auto t0 = std::chrono::steady_clock::now();
    try {
      for (size_t i = 0; i < days_.size(); ++i)
        if (!Day(days_[i], RerunFor(i))) return;
    } catch (const std::exception& e) {  // a lost server connection, say: name the seed too
      ADD_FAILURE() << replay_ << ": " << e.what();
      return;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf(
        "%s: %zu dates (%d rerun), %d operations (%d late) in %.1f s; the time window node "
        "differed from the source on %d dates: %d deleted keys kept and %d late versions "
        "missed, summed over dates (at most %d rows wrong on one date)\n",
        replay_.c_str(), days_.size(), reruns_, tally_.ops, tally_.late, s, tally_.window_dates,
        tally_.window_deleted, tally_.window_stale, tally_.window_worst);
    // The plain time window is not enough: it loses deletes, and late rows
    // (given enough dates: over two, it may have no delete to lose).
    if (days_.size() < 10) return;
    EXPECT_GT(tally_.window_deleted, 0) << replay_;
    EXPECT_GT(tally_.window_stale, 0) << replay_;
  }

 private:
  // Dates 1, 7, 13, … are rerun while their late transaction is still open:
  // the rerun must rebuild the same tables from the version before, with the
  // same counts. Dates 4, 10, 16, … are rerun after it committed: the rerun
  // rebuilds from the version before too, but reads the late rows, so the
  // tables must equal the source as it is then. (Both kinds of date have
  // late operations: the workload has some on every date i with i % 3 == 1.)
  enum class Rerun { kNone, kHeld, kAfterCommit };
  static Rerun RerunFor(size_t index) {
    return index % 6 == 1 ? Rerun::kHeld : index % 6 == 4 ? Rerun::kAfterCommit : Rerun::kNone;
  }

  // Returns false after the first date with a failure (later ones follow from it).
  bool Day(const WorkloadDay& day, Rerun rerun) {
    std::string where = replay_ + ", business date " + day.date;
    int late = writer_.Write(day);
    Table truth = writer_.RecordTruth(where);
    Models saved = models_;
    models_.Advance(before_, truth, day.date);
    bool ok = RunAndCheck("run", truth, day.date, where);
    if (ok && rerun == Rerun::kHeld) {
      std::vector<std::string> first = MergeCounts(last_out_);
      ok = RunAndCheck("rerun", truth, day.date, where + " (rerun)");
      EXPECT_EQ(first.size(), 3u) << where << "\n" << last_out_;
      EXPECT_EQ(MergeCounts(last_out_), first) << where << " (rerun)\n" << last_out_;
    }
    writer_.CommitLate();
    if (ok && rerun == Rerun::kAfterCommit) {
      truth = writer_.RecordTruth(where);
      models_ = saved;
      models_.Advance(before_, truth, day.date);
      ok = RunAndCheck("rerun", truth, day.date, where + " (rerun after the late commit)");
    }
    tally_.ops += static_cast<int>(day.ops.size());
    tally_.late += late;
    before_ = std::move(truth);
    return ok;
  }

  bool RunAndCheck(const std::string& command, const Table& truth, const std::string& date,
                   const std::string& where) {
    ProcessResult r =
        source_.Strata({command, "--date", date, "acct_merge", "acct_soft", "acct_window"});
    EXPECT_EQ(r.status, 0) << where << "\n" << r.out << r.err;
    last_out_ = r.out;
    if (r.status != 0) return false;
    bool ok = Check(truth, date, where, command == "run");
    reruns_ += command == "rerun";
    return ok;
  }

  bool Check(const Table& truth, const std::string& date, const std::string& where, bool tally) {
    Warehouse wh = ReadWarehouse(source_, date);
    std::string diff;
    int merged = SimDifferences(truth, wh.merged, &diff);
    EXPECT_EQ(merged, 0) << where << ": dw_accounts differs from the source on " << merged
                         << " keys:" << diff;
    std::vector<std::string> want = ExpectedChanges(before_, truth);
    EXPECT_TRUE(want == wh.changes)
        << where << ": acct_changes ds=" << date
        << " is not the day's difference:" << ListDifference(want, wh.changes);
    diff.clear();
    int soft = SimDifferences(models_.soft, wh.soft, &diff);
    EXPECT_EQ(soft, 0) << where << ": dw_accounts_soft differs on " << soft << " keys:" << diff;
    diff.clear();
    int window = SimDifferences(models_.window, wh.window, &diff);
    EXPECT_EQ(window, 0) << where << ": dw_accounts_window is not the upsert of the rows stamped "
                         << "inside each date, on " << window << " keys:" << diff;
    if (tally) tally_.AddWindow(truth, wh.window);
    return merged == 0 && want == wh.changes && soft == 0 && window == 0;
  }

  SimSource& source_;
  uint64_t seed_;
  std::vector<WorkloadDay> days_;
  std::string replay_;
  Table before_;
  SourceWriter writer_{source_};
  Models models_;
  Tally tally_;
  int reruns_ = 0;
  std::string last_out_;  // of the last run or rerun
};

}  // namespace

std::string MergeSimulationNodes(const std::string& connection) {
  std::string src = "    source:\n      connection: " + connection + "\n      table: accounts\n";
  std::string cursor = "      cursor: { column: optime, lookback: 2h }\n";
  std::string head = "    type: sync\n    depends_on_previous: [self]\n";
  return "  - name: acct_merge\n" + head + src + cursor +
         "    target: { table: dw_accounts, mode: merge, key: [id], order_by: optime, "
         "deletes: keys, changes: acct_changes }\n"
         "  - name: acct_soft\n" +
         head + "    channels: 2\n" + src + cursor +
         "    target: { table: dw_accounts_soft, mode: merge, key: [id], order_by: optime, "
         "deletes: soft }\n"
         "  - name: acct_window\n" +
         head + src +
         "      where: \"optime >= '${yyyy-mm-dd}' and optime < '$[yyyy-mm-dd]'\"\n"
         "    target: { table: dw_accounts_window, mode: merge, key: [id], order_by: optime }\n";
}

void RunMergeSimulation(SimSource& source, const std::string& label) {
  Simulation(source, label).Run();
}

}  // namespace strata::test
