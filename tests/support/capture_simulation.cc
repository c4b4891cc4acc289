#include "capture_simulation.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <thread>

#include "capture_cutoffs.h"
#include "capture_sim_writer.h"
#include "csv.h"
#include "merge_workload.h"
#include "sim_state.h"

namespace strata::test {
namespace {

constexpr const char* kMergeTable = "dw_accounts";
constexpr const char* kHistoryTable = "dw_hist";
const std::vector<std::string> kChangeTables = {"dw_accounts_changes", "dw_hist_changes"};
const std::vector<std::string> kNodes = {"acct_merge", "acct_hist"};
// A kill comes at a random moment of the run: within the last whole run's
// time (so it may hit any step of either node, on a slow machine or a fast
// one), on the first date within this long.
constexpr int kFirstKillDelayMs = 400;
// Each default-size test (30 dates) must kill at least this many runs: the
// two servers' tests together at least 50.
constexpr int kMinKills = 25;

enum class Restart { kNone, kWhileDown, kWhileReading };

// Dates 3, 15, 27, … restart the server with a run while it is down; dates
// 9, 21, … restart it while a run reads.
Restart RestartFor(size_t index) {
  if (index % 6 != 3) return Restart::kNone;
  return index / 6 % 2 == 0 ? Restart::kWhileDown : Restart::kWhileReading;
}

// Where `got` differs from `want` (change rows in commit order).
std::string SequenceDifference(const std::vector<std::string>& want,
                               const std::vector<std::string>& got) {
  size_t i = 0;
  while (i < want.size() && i < got.size() && want[i] == got[i]) ++i;
  std::map<std::string, int> count;
  for (const auto& w : want) ++count[w];
  for (const auto& g : got) --count[g];
  std::string out = "\n  " + std::to_string(want.size()) + " expected, " +
                    std::to_string(got.size()) + " stored; first difference at row " +
                    std::to_string(i) + ": expected " + (i < want.size() ? want[i] : "(end)") +
                    ", stored " + (i < got.size() ? got[i] : "(end)");
  for (const auto& [change, n] : count)
    if (n != 0)
      out += "\n  " + change + (n > 0 ? " missing " : " stored too often ") +
             std::to_string(std::abs(n)) + "x";
  return out;
}

class CaptureSimulation {
 public:
  CaptureSimulation(SimSource& source, const CaptureSimServer& server, const std::string& label)
      : source_(source),
        server_(server),
        seed_(SimulationSeed(kDefaultSimSeed)),
        days_(GenerateWorkload(seed_, SimulationDays(kDefaultCaptureSimDays), kSimFirstDate)),
        rng_(seed_ ^ 0xdeadc0deu),
        writer_(source, seed_) {
    replay_ = label + ", seed " + std::to_string(seed_) +
              " (replay: STRATA_SIM_SEED=" + std::to_string(seed_) +
              " STRATA_SIM_DAYS=" + std::to_string(days_.size()) + ")";
  }

  void Run() {
    auto t0 = std::chrono::steady_clock::now();
    try {
      for (size_t i = 0; i < days_.size(); ++i)
        if (!Day(i)) return;
      if (!CheckAllDates()) return;
    } catch (const std::exception& e) {  // a lost server connection, say: name the seed too
      ADD_FAILURE() << replay_ << ": " << e.what();
      return;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const CaptureSimWriter::Counts& n = writer_.counts();
    std::printf(
        "%s: %zu dates in %.1f s: %d transactions (%d multi-row), %d key updates, %d keys "
        "inserted and deleted within a date, %d late operations (held across the cutoff; "
        "committed before the run on %d dates); %d runs killed by kill -9 (%d started, %d killed "
        "after one node had succeeded); %d server restarts (%d with a run while down, %d while a "
        "run read, %d of which the run failed)\n",
        replay_.c_str(), days_.size(), s, n.transactions, n.multi_row, n.renames, n.ephemeral,
        n.late, late_before_run_, kills_, kill_attempts_, kills_late_,
        restarts_down_ + restarts_reading_, restarts_down_, restarts_reading_, reads_cut_);
    if (days_.size() < 10) return;
    EXPECT_GT(n.multi_row, 0) << replay_;
    EXPECT_GT(n.renames, 0) << replay_;
    EXPECT_GT(n.ephemeral, 0) << replay_;
    EXPECT_GT(n.late, 0) << replay_;
    EXPECT_GT(late_before_run_, 0) << replay_;
    EXPECT_GT(restarts_down_, 0) << replay_;
    EXPECT_GT(restarts_reading_, 0) << replay_;
    EXPECT_GT(kills_, 0) << replay_;
    if (days_.size() < static_cast<size_t>(kDefaultCaptureSimDays)) return;
    EXPECT_GE(kills_, kMinKills) << replay_;
    EXPECT_GE(restarts_down_ + restarts_reading_, 4) << replay_;
  }

 private:
  // Returns false after the first date with a failure (later ones follow from it).
  bool Day(size_t index) {
    const std::string& date = days_[index].date;
    std::string where = replay_ + ", business date " + date;
    // The first date's run takes the snapshot, which shows the table at the
    // run, not at the cutoff: nothing may commit in between, so that date
    // holds no transaction open (on PostgreSQL an open one would also hold
    // up the slot's creation until it ends).
    writer_.Write(days_[index], index > 0);
    cutoffs_.Cut(date);
    SimTable truth = writer_.RecordTruth(where);
    std::vector<std::string> changes = writer_.TakeCommitted();
    if (index == 0) {  // the snapshot: an insert of every row
      changes.clear();
      for (const auto& [id, row] : truth) changes.push_back("I " + std::to_string(id));
    }
    truths_[date] = truth;
    Restart restart = RestartFor(index);
    // A late commit before the run: the run must leave it to the next date.
    // (Dates 1, 4, 7, … always have late operations.)
    if (index > 0 && (restart != Restart::kNone || index % 6 == 4 || Below(4) == 0)) {
      late_before_run_ += writer_.HasLate();
      writer_.CommitLate();
    }
    if (restart != Restart::kNone) RestartServer(restart, date, where);
    int kills = index == 0 ? 3 : 1 + static_cast<int>(Below(2));
    // One more when behind the pace of kMinKills over the default dates
    // (a run may end before its kill comes).
    if (kills_ * kDefaultCaptureSimDays < kMinKills * static_cast<int>(index + 1)) ++kills;
    for (int k = 0; k < kills; ++k) Kill(date);
    if (!RunOk(date, where)) return false;
    bool ok = Check(date, truth, changes, index == 0, where);
    writer_.CommitLate();
    return ok;
  }

  std::vector<std::string> RunArgs(const std::string& date) const {
    std::vector<std::string> args{"run", "--date", date};
    args.insert(args.end(), kNodes.begin(), kNodes.end());
    return args;
  }

  bool RunOk(const std::string& date, const std::string& where) {
    auto t0 = std::chrono::steady_clock::now();
    ProcessResult r = source_.Strata(RunArgs(date));
    run_ms_ = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
            .count());
    EXPECT_EQ(r.status, 0) << where << "\n" << r.out << r.err;
    EXPECT_EQ(r.out.find("partial"), std::string::npos) << where << ": after the cutoff\n" << r.out;
    return r.status == 0;
  }

  // Starts the date's run in the background and kills it after a random moment.
  void Kill(const std::string& date) {
    BackgroundStrata b = source_.Background(RunArgs(date));
    int most = run_ms_ > 0 ? run_ms_ : kFirstKillDelayMs;
    std::this_thread::sleep_for(std::chrono::milliseconds(Below(most + 1)));
    ::kill(b.pid, SIGKILL);
    ProcessResult r = b.Wait();
    bool killed = r.status == 128 + SIGKILL;
    kills_ += killed;
    // Killed once one node had succeeded: the kills reach the second node too.
    kills_late_ += killed && r.out.find(" succeeded") != std::string::npos;
    ++kill_attempts_;
  }

  void RestartServer(Restart kind, const std::string& date, const std::string& where) {
    if (kind == Restart::kWhileDown) {
      server_.stop();
      ProcessResult r = source_.Strata(RunArgs(date));
      EXPECT_NE(r.status, 0) << where << ": a run while the server is down\n" << r.out << r.err;
      CheckDownError(r, where);
      ++restarts_down_;
    } else {
      BackgroundStrata b = source_.Background(RunArgs(date));
      std::this_thread::sleep_for(std::chrono::milliseconds(Below(run_ms_ + 1)));
      server_.stop();
      reads_cut_ += b.Wait().status != 0;  // failed, or done before the server went
      ++restarts_reading_;
    }
    server_.start();
  }

  // One line per node on stderr ("strata: node 'acct_merge' failed: …"
  // naming the connection), and no password anywhere.
  void CheckDownError(const ProcessResult& r, const std::string& where) const {
    std::vector<std::string> lines;
    for (size_t at = 0; at < r.err.size();) {
      size_t end = std::min(r.err.find('\n', at), r.err.size());
      if (end > at) lines.push_back(r.err.substr(at, end - at));
      at = end + 1;
    }
    EXPECT_EQ(lines.size(), kNodes.size()) << where << ": a run while the server is down\n"
                                           << r.err;
    for (size_t i = 0; i < lines.size() && i < kNodes.size(); ++i)
      EXPECT_TRUE(lines[i].find("node '" + kNodes[i] + "' failed: ") != std::string::npos &&
                  lines[i].find("connection '") != std::string::npos)
          << where << ": a run while the server is down: " << lines[i];
    EXPECT_EQ((r.out + r.err).find(server_.password), std::string::npos)
        << where << ": the password shown";
  }

  bool Check(const std::string& date, const SimTable& truth, std::vector<std::string> changes,
             bool snapshot, const std::string& where) {
    std::string as_of = std::string("as_of('") + kHistoryTable + "', '" + date + "')";
    std::map<std::string, SimTable> got =
        ReadSimTables(source_, {{kMergeTable, kSimColumns + std::string(" from ") + kMergeTable},
                                {as_of, kSimColumns + std::string(" from ") + as_of}});
    bool ok = Same(truth, got[kMergeTable], kMergeTable, where);
    ok = Same(truth, got[as_of], as_of, where) && ok;
    std::map<std::string, std::vector<std::string>> stored = ChangeRows(date);
    if (snapshot) std::sort(changes.begin(), changes.end());
    for (const auto& table : kChangeTables) {
      std::vector<std::string>& rows = stored[table];
      if (snapshot) std::sort(rows.begin(), rows.end());
      EXPECT_TRUE(rows == changes)
          << where << ": " << table << " ds=" << date << " is not the changes committed in the date"
          << SequenceDifference(changes, rows);
      ok = ok && rows == changes;
    }
    return ok;
  }

  // Change table -> its rows of `date` ("I 12"), by _seq (a snapshot's by key).
  std::map<std::string, std::vector<std::string>> ChangeRows(const std::string& date) {
    std::string sql;
    for (const auto& table : kChangeTables)
      sql += (sql.empty() ? "" : " union all ") + std::string("select '") + table +
             "' as t, _seq, _op || ' ' || id as c, id from " + table + " where ds = '" + date + "'";
    // A snapshot's rows share _seq 0: by key then.
    ProcessResult r = source_.Strata({"sql", "--format", "csv", sql + " order by t, _seq, id"});
    EXPECT_EQ(r.status, 0) << replay_ << ", business date " << date << ": " << r.err;
    std::map<std::string, std::vector<std::string>> out;
    auto rows = ParseCsv(r.out);
    for (size_t i = 1; i < rows.size(); ++i) out[rows[i].at(0)].push_back(rows[i].at(2));
    return out;
  }

  // The history table's as-of of every date, once all have run.
  bool CheckAllDates() {
    std::vector<std::pair<std::string, std::string>> parts;
    for (const auto& [date, truth] : truths_) {
      std::string as_of = std::string("as_of('") + kHistoryTable + "', '" + date + "')";
      parts.push_back({as_of, kSimColumns + std::string(" from ") + as_of});
    }
    std::map<std::string, SimTable> got = ReadSimTables(source_, parts);
    bool ok = true;
    for (const auto& [as_of, relation] : parts)
      ok = Same(truths_[as_of.substr(as_of.size() - 10, 8)], got[as_of], as_of,
                replay_ + ", after the last date") &&
           ok;
    return ok;
  }

  static bool Same(const SimTable& want, const SimTable& got, const std::string& what,
                   const std::string& where) {
    std::string diff;
    int n = SimDifferences(want, got, &diff);
    EXPECT_EQ(n, 0) << where << ": " << what << " differs from the source at the cutoff on " << n
                    << " keys:" << diff;
    return n == 0;
  }

  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }

  SimSource& source_;
  CaptureSimServer server_;
  uint64_t seed_;
  std::vector<WorkloadDay> days_;
  std::mt19937_64 rng_;  // raw output only (see merge_workload.cc)
  CaptureSimWriter writer_;
  CaptureCutoffs cutoffs_;
  std::string replay_;
  std::map<std::string, SimTable> truths_;  // date -> the source at its cutoff
  int kills_ = 0, kills_late_ = 0, kill_attempts_ = 0, late_before_run_ = 0;
  int run_ms_ = 0;  // the last whole run's
  int restarts_down_ = 0, restarts_reading_ = 0, reads_cut_ = 0;
};

}  // namespace

std::string CaptureSimulationNodes(const std::string& connection) {
  std::string node = "    type: sync\n    source: { connection: " + connection +
                     ", table: accounts, capture: log }\n";
  return "  - name: acct_merge\n" + node + "    target: { table: " + kMergeTable +
         ", mode: merge }\n  - name: acct_hist\n" + node + "    target: { table: " + kHistoryTable +
         ", mode: history }\n";
}

void RunCaptureSimulation(SimSource& source, const CaptureSimServer& server,
                          const std::string& label) {
  CaptureSimulation(source, server, label).Run();
}

}  // namespace strata::test
