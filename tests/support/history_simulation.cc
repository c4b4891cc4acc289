#include "history_simulation.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <thread>

#include "merge_workload.h"
#include "sim_state.h"

namespace strata::test {
namespace {

constexpr const char* kOpen = "99991231";
constexpr size_t kRerunReach = 8;
const std::vector<std::string> kHistoryNodes = {"acct_his", "acct_his_cur", "acct_his_trk"};
// acct_his_trk tracks name and balance only: a change of optime alone
// updates the open version in place, so its as-of equals the source's state
// on the tracked columns (optime, the last of a SimRow, compared blank).
constexpr const char* kTrackedNode = "acct_his_trk";

SimTable Masked(const std::string& node, SimTable table) {
  if (node != kTrackedNode) return table;
  for (auto& [id, row] : table) row.back() = "";
  return table;
}

// The `accounts` columns of `relation` (a part of ReadSimTables), as `node`
// keeps them ("" = all).
std::string Rows(const std::string& relation, const std::string& node = "") {
  if (node == kTrackedNode) return "id, name, cast(balance as varchar), '' from " + relation;
  return kSimColumns + std::string(" from ") + relation;
}

std::string AsOf(const std::string& table, const std::string& date) {
  return "as_of('" + table + "', '" + date + "')";
}

// The versions a run of `date` must open: one per key whose row differs from
// the as-of of the date before, with _op I (a new or re-inserted key) or U.
// A row back to the values the key had opens nothing.
SimTable Opened(const SimTable& before, const SimTable& after) {
  SimTable out;
  for (const auto& [id, row] : after) {
    auto it = before.find(id);
    if (it == before.end() || it->second != row) out[id] = {it == before.end() ? "I" : "U", "", ""};
  }
  return out;
}

class HistorySimulation {
 public:
  HistorySimulation(SimSource& source, const std::string& label)
      : source_(source),
        seed_(SimulationSeed(kDefaultSimSeed)),
        days_(GenerateWorkload(seed_, SimulationDays(kDefaultHistorySimDays), kSimFirstDate)),
        rng_(seed_ ^ 0x5ca1ab1e) {
    replay_ = label + ", seed " + std::to_string(seed_) +
              " (replay: STRATA_SIM_SEED=" + std::to_string(seed_) +
              " STRATA_SIM_DAYS=" + std::to_string(days_.size()) + ")";
  }

  void Run() {
    auto t0 = std::chrono::steady_clock::now();
    try {
      for (size_t i = 0; i < days_.size(); ++i)
        if (!Day(i)) return;
    } catch (const std::exception& e) {  // a lost server connection, say: name the seed too
      ADD_FAILURE() << replay_ << ": " << e.what();
      return;
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("%s: %zu dates, %d reruns --forward, %d runs killed by kill -9 in %.1f s\n",
                replay_.c_str(), days_.size(), reruns_, kills_, s);
    if (days_.size() < 10) return;
    EXPECT_GT(reruns_, 0) << replay_;
    EXPECT_GT(kills_, 0) << replay_;
  }

 private:
  // Returns false after the first date with a failure (later ones follow from it).
  bool Day(size_t index) {
    const std::string& date = days_[index].date;
    std::string where = replay_ + ", business date " + date;
    writer_.Write(days_[index]);
    SimTable truth = writer_.RecordTruth(where);
    std::vector<std::string> run{"run", "--date", date, "acct_full"};
    run.insert(run.end(), kHistoryNodes.begin(), kHistoryNodes.end());
    if (Below(4) == 0) Kill(run);
    if (!Command(run, where)) return false;
    std::map<std::string, SimTable> opened;
    for (const auto& node : kHistoryNodes)
      opened[node] =
          Opened(dates_.empty() ? SimTable{} : want_[node][dates_.back()], Masked(node, truth));
    dates_.push_back(date);
    full_[date] = truth;
    for (const auto& node : kHistoryNodes) want_[node][date] = Masked(node, truth);
    bool ok = CheckDate(date, truth, opened, where);
    // Half the reruns run while the late transaction is still open: they
    // read the state the run read.
    bool rerun = ok && index >= 2 && Below(6) == 0, held = Below(2) == 0;
    if (rerun && held) ok = Rerun(truth, where + " (late transaction open)");
    writer_.CommitLate();
    if (rerun && !held) ok = Rerun(writer_.RecordTruth(where), where);
    return ok;
  }

  // `rerun acct_his acct_his_cur --date P --forward` for a random date P of
  // the last kRerunReach (each date on costs a run), sometimes killed first:
  // it reads today's source (`now`) into P and on.
  bool Rerun(const SimTable& now, const std::string& at) {
    size_t from = dates_.size() - 1 - Below(std::min(dates_.size(), kRerunReach));
    const std::string& date = dates_[from];
    std::string where = at + ", after rerun --date " + date + " --forward";
    std::vector<std::string> rerun{"rerun"};
    rerun.insert(rerun.end(), kHistoryNodes.begin(), kHistoryNodes.end());
    rerun.insert(rerun.end(), {"--date", date, "--forward"});
    if (Below(3) == 0) Kill(rerun);
    if (!Command(rerun, where)) return false;
    ++reruns_;
    for (size_t i = from; i < dates_.size(); ++i)
      for (const auto& node : kHistoryNodes) want_[node][dates_[i]] = Masked(node, now);
    return CheckAllDates(where);
  }

  // Starts `args` in the background and kills it after a random moment.
  void Kill(const std::vector<std::string>& args) {
    BackgroundStrata b = source_.Background(args);
    std::this_thread::sleep_for(std::chrono::milliseconds(Below(1500)));
    ::kill(b.pid, SIGKILL);
    kills_ += b.Wait().status == 128 + SIGKILL;
  }

  bool Command(const std::vector<std::string>& args, const std::string& where) {
    ProcessResult r = source_.Strata(args);
    EXPECT_EQ(r.status, 0) << where << "\n" << r.out << r.err;
    return r.status == 0;
  }

  // After the run of `date`: its full partition, both as-ofs and both
  // tables' open versions equal the source's state at the run, and the
  // versions opened on `date` are `opened` (by node).
  bool CheckDate(const std::string& date, const SimTable& truth,
                 const std::map<std::string, SimTable>& opened, const std::string& where) {
    std::vector<std::pair<std::string, std::string>> parts{
        {"acct_full", Rows("acct_full where ds = '" + date + "'")}};
    for (const auto& node : kHistoryNodes) {
      parts.push_back({AsOf(node, date), Rows(AsOf(node, date), node)});
      parts.push_back(
          {node + " open versions", Rows(node + " where end_ds = '" + kOpen + "'", node)});
      parts.push_back({node + " versions opened (id, _op)",
                       "id, _op, '', '' from " + node + " where start_ds = '" + date + "'"});
    }
    std::map<std::string, SimTable> got = ReadSimTables(source_, parts);
    int wrong = !Same(truth, got["acct_full"], "acct_full", where);
    for (const auto& node : kHistoryNodes) {
      std::string tag = node + " versions opened (id, _op)";
      wrong += !Same(opened.at(node), got[tag], tag, where);
      for (const std::string& t : {AsOf(node, date), node + " open versions"})
        wrong += !Same(Masked(node, truth), got[t], t, where);
    }
    return wrong == 0;
  }

  // Every date: the full partition is the state at its run, and the as-ofs
  // are what the runs and reruns so far make them.
  bool CheckAllDates(const std::string& where) {
    std::vector<std::pair<std::string, std::string>> parts;
    for (const auto& date : dates_) {
      parts.push_back({"acct_full ds=" + date, Rows("acct_full where ds = '" + date + "'")});
      for (const auto& node : kHistoryNodes)
        parts.push_back({AsOf(node, date), Rows(AsOf(node, date), node)});
    }
    std::map<std::string, SimTable> got = ReadSimTables(source_, parts);
    int wrong = 0;
    for (const auto& date : dates_) {
      wrong += !Same(full_[date], got["acct_full ds=" + date], "acct_full ds=" + date, where);
      for (const auto& node : kHistoryNodes)
        wrong += !Same(want_[node][date], got[AsOf(node, date)], AsOf(node, date), where);
    }
    return wrong == 0;
  }

  static bool Same(const SimTable& want, const SimTable& got, const std::string& what,
                   const std::string& where) {
    std::string diff;
    int n = SimDifferences(want, got, &diff);
    EXPECT_EQ(n, 0) << where << ": " << what << " differs on " << n << " keys:" << diff;
    return n == 0;
  }

  // Raw mt19937_64 output (see merge_workload.cc): one seed, one run.
  size_t Below(size_t n) { return static_cast<size_t>(rng_() % n); }

  SimSource& source_;
  uint64_t seed_;
  std::vector<WorkloadDay> days_;
  std::mt19937_64 rng_;
  std::string replay_;
  SourceWriter writer_{source_};
  std::vector<std::string> dates_;        // run so far
  std::map<std::string, SimTable> full_;  // date -> the source's state at its run
  std::map<std::string, std::map<std::string, SimTable>> want_;  // node -> date -> as-of
  int reruns_ = 0, kills_ = 0;
};

}  // namespace

std::string HistorySimulationNodes(const std::string& connection) {
  std::string src = "    source:\n      connection: " + connection + "\n      table: accounts\n";
  std::string head = "    type: sync\n    depends_on_previous: [self]\n";
  std::string target = ", mode: history, key: [id], deletes: keys }\n";
  return "  - name: acct_full\n    type: sync\n" + src +
         "    target: { table: acct_full, partition: \"ds=${bizdate}\" }\n"
         "  - name: acct_his\n" +
         head + src + "    target: { table: acct_his" + target + "  - name: acct_his_cur\n" + head +
         src + "      cursor: { column: optime, lookback: 2h }\n    target: { table: acct_his_cur" +
         target + "  - name: " + kTrackedNode + "\n" + head + src +
         "    target: { table: " + kTrackedNode +
         ", mode: history, key: [id], compare: full, track: [name, balance] }\n";
}

void RunHistorySimulation(SimSource& source, const std::string& label) {
  HistorySimulation(source, label).Run();
}

}  // namespace strata::test
