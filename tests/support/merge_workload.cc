#include "merge_workload.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <stdexcept>

namespace strata::test {
namespace {

constexpr int kInitialRows = 30;
// This date ends with every row deleted: the run reads no row and no key.
constexpr int kWipeDate = 13;
constexpr int64_t kMicrosPerDay = 86400LL * 1000000;
constexpr int64_t kLateFrom = (22LL * 3600 + 30 * 60) * 1000000;  // 22:30, inside a 2h lookback

// Names that have tripped row comparisons before: quotes, commas, non-ASCII,
// the empty string (not NULL), a trailing space.
const char* const kNames[] = {
    "alice", "Bob", "O'Brien", "Zoë", "李雷", "a,b", "trailing ", "", "x\"y",
    // 40 characters, varchar(40)'s most, 120 bytes of UTF-8
    "名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名"};

std::string Quote(const std::optional<std::string>& v) {
  if (!v) return "NULL";
  std::string out = "'";
  for (char c : *v) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

struct Row {
  std::optional<std::string> name, balance;
  std::string optime;  // as the model keeps it (Emit sets it)
};

// Raw mt19937_64 output only: its sequence is fixed by the standard, unlike
// the distributions', so a seed means the same workload everywhere.
class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {}

  WorkloadDay Day(const std::string& date, int index) {
    day_ = DashedDate(date);
    WorkloadDay out{date, {}};
    ops_ = &out.ops;
    if (index == 0)
      for (int i = 0; i < kInitialRows; ++i) Insert(next_id_++, Time());
    int n = 10 + static_cast<int>(Below(15));
    // A row stamped at each end of the day, then random operations.
    for (int64_t edge : {int64_t{0}, kMicrosPerDay - 1}) {
      if (live_.empty() || Chance(50))
        Insert(next_id_++, Stamp(edge));
      else
        Update(AnyLive(), Stamp(edge));
    }
    for (int i = 0; i < n; ++i) RandomOp(Time());
    if (index == kWipeDate) Wipe();
    if (index % 3 == 1 || Below(3) == 0) LateOps();
    return out;
  }

 private:
  uint64_t Below(uint64_t n) { return rng_() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }

  std::string Stamp(int64_t micros) const {
    char buf[40];
    int64_t s = micros / 1000000;
    std::snprintf(buf, sizeof buf, " %02d:%02d:%02d.%06d", static_cast<int>(s / 3600),
                  static_cast<int>(s / 60 % 60), static_cast<int>(s % 60),
                  static_cast<int>(micros % 1000000));
    return day_ + buf;
  }
  std::string Time() { return Stamp(static_cast<int64_t>(Below(kMicrosPerDay))); }
  std::string LateTime() {
    return Stamp(kLateFrom + static_cast<int64_t>(Below(kMicrosPerDay - kLateFrom)));
  }

  std::optional<std::string> Name() {
    if (Chance(20)) return std::nullopt;
    if (Chance(50)) return kNames[Below(std::size(kNames))];
    return "u" + std::to_string(Below(100000));
  }
  std::optional<std::string> Balance() {
    if (Chance(20)) return std::nullopt;
    static const char* const kEdges[] = {"0.00", "-0.01", "9999999999.99", "-9999999999.99"};
    if (Chance(10)) return kEdges[Below(std::size(kEdges))];
    int64_t cents = static_cast<int64_t>(Below(20000000)) - 10000000;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld", cents < 0 ? "-" : "",
                  static_cast<long long>(std::llabs(cents) / 100),
                  static_cast<long long>(std::llabs(cents) % 100));
    return std::string(buf);
  }

  int AnyLive() {
    auto it = live_.begin();
    std::advance(it, static_cast<long>(Below(live_.size())));
    return it->first;
  }

  void Emit(AccountOp::Kind kind, int id, const Row& row, const std::string& optime) {
    ops_->push_back({kind, id, row.name, row.balance, optime, late_});
    if (kind == AccountOp::kDelete) {
      live_.erase(id);
      gone_.push_back(id);
    } else {
      live_[id] = row;
      live_[id].optime = optime;
    }
  }
  void Insert(int id, std::string optime) {
    Emit(AccountOp::kInsert, id, {Name(), Balance(), ""}, optime);
  }
  void Update(int id, std::string optime) {
    Row row = live_.at(id);
    if (Chance(70)) row.name = Name();
    if (Chance(70)) row.balance = Balance();
    Emit(AccountOp::kUpdate, id, row, optime);
  }
  // NULL to a value, a value to NULL.
  void FlipNulls(int id, std::string optime) {
    Row row = live_.at(id);
    row.name = row.name ? std::nullopt : std::optional<std::string>("was null");
    row.balance = row.balance ? std::nullopt : std::optional<std::string>("1.50");
    Emit(AccountOp::kUpdate, id, row, optime);
  }
  void Delete(int id, std::string optime) { Emit(AccountOp::kDelete, id, {}, optime); }
  // An update undone: the row changes, then goes back to exactly what it
  // was, optime too (as a restore would), so the day leaves it unchanged.
  void Revert(int id, std::string optime) {
    Row was = live_.at(id);
    Update(id, std::move(optime));
    Emit(AccountOp::kUpdate, id, was, was.optime);
  }
  void Wipe() {
    while (!live_.empty()) Delete(live_.begin()->first, Time());
  }
  void Reinsert(std::string optime) {
    size_t i = Below(gone_.size());
    int id = gone_[i];
    gone_.erase(gone_.begin() + static_cast<long>(i));
    Insert(id, std::move(optime));
  }

  void RandomOp(std::string optime) {
    uint64_t r = Below(100);
    if (live_.empty() || r < 25) return Insert(next_id_++, std::move(optime));
    if (r < 50) return Update(AnyLive(), std::move(optime));
    if (r < 60) return FlipNulls(AnyLive(), std::move(optime));
    if (r < 75) return Delete(AnyLive(), std::move(optime));
    if (r < 85 && !gone_.empty()) return Reinsert(std::move(optime));
    if (r < 90) return Revert(AnyLive(), std::move(optime));
    int id = AnyLive();  // several updates of one key in one day
    Update(id, std::move(optime));
    for (int i = static_cast<int>(Below(3)); i >= 0; --i) Update(id, Time());
  }

  // Written by a transaction opened before the run and committed after it.
  void LateOps() {
    late_ = true;
    Insert(next_id_++, LateTime());
    if (!live_.empty() && Chance(70)) Update(AnyLive(), LateTime());
    if (!live_.empty() && Chance(40)) Delete(AnyLive(), LateTime());
    late_ = false;
  }

  std::mt19937_64 rng_;
  std::map<int, Row> live_;
  std::vector<int> gone_;
  int next_id_ = 1;
  bool late_ = false;
  std::string day_;
  std::vector<AccountOp>* ops_ = nullptr;
};

std::chrono::year_month_day ParseDate(const std::string& d) {
  if (d.size() != 8) throw std::invalid_argument("not a yyyymmdd date: " + d);
  return std::chrono::year_month_day{
      std::chrono::year{std::stoi(d.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(std::stoi(d.substr(4, 2)))},
      std::chrono::day{static_cast<unsigned>(std::stoi(d.substr(6, 2)))}};
}

}  // namespace

std::string AccountOp::Sql() const {
  std::string where = " WHERE id = " + std::to_string(id);
  if (kind == kDelete) return "DELETE FROM accounts" + where;
  std::string values = Quote(name) + ", " + balance.value_or("NULL") + ", '" + optime + "'";
  if (kind == kInsert)
    return "INSERT INTO accounts (id, name, balance, optime) VALUES (" + std::to_string(id) + ", " +
           values + ")";
  return "UPDATE accounts SET name = " + Quote(name) + ", balance = " + balance.value_or("NULL") +
         ", optime = '" + optime + "'" + where;
}

std::string AccountOp::Text() const {
  std::string out = kind == kInsert ? "I" : kind == kUpdate ? "U" : "D";
  out += " id=" + std::to_string(id);
  if (kind != kDelete) out += " name=" + Quote(name) + " balance=" + balance.value_or("NULL");
  return out + " optime=" + optime + (late ? " late" : "");
}

std::vector<WorkloadDay> GenerateWorkload(uint64_t seed, int days, const std::string& first) {
  Generator gen(seed);
  std::vector<WorkloadDay> out;
  std::string date = first;
  for (int i = 0; i < days; ++i, date = NextDate(date)) out.push_back(gen.Day(date, i));
  return out;
}

WorkloadCounts CountWorkload(const std::vector<WorkloadDay>& days) {
  WorkloadCounts n;
  std::map<int, AccountOp> live;
  std::map<int, bool> deleted;
  for (const auto& day : days) {
    std::map<int, int> writes;
    std::string dashed = DashedDate(day.date);
    for (const auto& op : day.ops) {
      n.reverts += op.kind == AccountOp::kUpdate && !op.optime.starts_with(dashed);
      if (op.late && live.empty()) ++n.emptied;  // late operations come last
      n.late += op.late;
      if (!op.late && ++writes[op.id] == 2) ++n.same_day_repeats;
      n.first_instant += op.optime.ends_with(" 00:00:00.000000");
      n.last_instant += op.optime.ends_with(" 23:59:59.999999");
      if (op.kind == AccountOp::kDelete) {
        ++n.deletes;
        live.erase(op.id);
        deleted[op.id] = true;
        continue;
      }
      if (op.kind == AccountOp::kInsert && deleted[op.id]) ++n.reinserts;
      if (auto it = live.find(op.id); it != live.end() && op.kind == AccountOp::kUpdate) {
        const AccountOp& was = it->second;
        n.null_to_value += (!was.name && op.name) || (!was.balance && op.balance);
        n.value_to_null += (was.name && !op.name) || (was.balance && !op.balance);
      }
      live[op.id] = op;
    }
  }
  return n;
}

std::string NextDate(const std::string& date) {
  std::chrono::year_month_day next{std::chrono::sys_days{ParseDate(date)} + std::chrono::days{1}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(next.year()),
                static_cast<unsigned>(next.month()), static_cast<unsigned>(next.day()));
  return buf;
}

std::string DashedDate(const std::string& date) {
  return date.substr(0, 4) + "-" + date.substr(4, 2) + "-" + date.substr(6, 2);
}

uint64_t SimulationSeed(uint64_t fallback) {
  const char* v = std::getenv("STRATA_SIM_SEED");
  return v && *v ? std::stoull(v) : fallback;
}

int SimulationDays(int fallback) {
  const char* v = std::getenv("STRATA_SIM_DAYS");
  return v && *v ? std::stoi(v) : fallback;
}

}  // namespace strata::test
