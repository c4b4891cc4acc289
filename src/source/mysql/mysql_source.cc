#include "source/mysql/mysql_source.h"

#include <cctype>
#include <cmath>
#include <iostream>

#include "core/error.h"
#include "source/mysql/mysql_split_planner.h"
#include "source/mysql/mysql_split_reader.h"
#include "source/mysql/mysql_type_map.h"
#include "source/select_text.h"

namespace strata {
namespace {

std::string CacheKey(const ReadSpec& spec) {
  std::string key = spec.table + '\x1f' + spec.query;
  for (const auto& c : spec.columns) key += '\x1f' + c;
  return key;
}

// The SELECT list: FLOAT widened exactly to DOUBLE, since its text keeps 6 digits.
std::string SelectList(const std::vector<MysqlColumn>& cols, bool* rewritten) {
  std::string list;
  for (const auto& c : cols) {
    std::string q = QuoteMysqlIdentifier(c.name);
    bool cast = MysqlNeedsDoubleCast(c.column_type);
    *rewritten = *rewritten || cast;
    list += (list.empty() ? "" : ", ") + (cast ? "CAST(" + q + " AS DOUBLE) AS " + q : q);
  }
  return list;
}

// The number in the column called `name` of a result row, if it has one.
std::optional<double> NumberIn(const std::vector<std::string>& names,
                               const std::vector<std::optional<std::string>>& row,
                               std::string_view name) {
  for (size_t i = 0; i < names.size() && i < row.size(); ++i)
    if (names[i] == name && row[i]) return std::stod(*row[i]);
  return std::nullopt;
}

}  // namespace

MysqlSource::MysqlSource(const ConnectionConfig& config)
    : config_(config), url_(ParseMysqlUrl(config.url, config.name)), control_(Connect()) {}

std::unique_ptr<MysqlConnection> MysqlSource::Connect() const {
  return std::make_unique<MysqlConnection>(url_, config_.password, config_.name);
}

const MysqlTable& MysqlSource::TableLocked(const ReadSpec& spec) {
  std::string key = CacheKey(spec);
  if (!described_ || described_->first != key) {
    MysqlTable t = spec.query.empty() ? DescribeMysqlTable(*control_, spec)
                                      : DescribeMysqlQuery(*control_, spec);
    described_.emplace(key, std::move(t));
  }
  return described_->second;
}

SourceTable MysqlSource::Describe(const ReadSpec& spec) {
  std::lock_guard<std::mutex> lock(mu_);
  const MysqlTable& t = TableLocked(spec);
  SourceTable out;
  for (const auto& c : t.read)
    out.columns.push_back({c.name, c.column_type, MysqlTypeToWarehouse(c.column_type)});
  out.primary_key = t.primary_key;
  return out;
}

std::optional<RowEstimate> MysqlSource::EstimateRows(const ReadSpec& spec) {
  try {
    std::string sql = SelectSql(spec, Split{});
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> names;
    MysqlRows plan = control_->Query("EXPLAIN " + sql, &names);
    // Several rows are a join or a union, whose output EXPLAIN does not give.
    if (plan.size() == 1)
      if (std::optional<double> rows = NumberIn(names, plan[0], "rows")) {
        double filtered = NumberIn(names, plan[0], "filtered").value_or(100);
        return RowEstimate{std::llround(*rows * filtered / 100), false};
      }
    if (!spec.query.empty() || !spec.where.empty() || spec.from) return std::nullopt;
    const MysqlTable& t = TableLocked(spec);
    MysqlRows r = control_->Query(
        "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
        control_->Quote(t.database) + " AND TABLE_NAME = " + control_->Quote(t.name));
    if (!r.empty() && r[0][0]) return RowEstimate{std::stoll(*r[0][0]), false};
  } catch (const std::exception&) {
    // No total rather than a failed sync: the read itself reports real errors.
  }
  return std::nullopt;
}

// MySQL escapes with backslashes (sql_mode has no NO_BACKSLASH_ESCAPES):
// the server's own escaping, not the standard's quote doubling.
std::string MysqlSource::FilterLocked(const ReadSpec& spec) {
  return ReadFilter(spec, QuoteMysqlIdentifier,
                    [this](std::string_view v) { return control_->Quote(v); });
}

std::string MysqlSource::SplitKeyLocked(const ReadSpec& spec) {
  if (!spec.query.empty()) {
    if (!spec.split_key.empty())
      throw Error("split_key '" + spec.split_key + "' needs a table source, not a query");
    return "";
  }
  if (!spec.split_key.empty()) return spec.split_key;
  const MysqlTable& t = TableLocked(spec);
  return t.primary_key.empty() ? "" : t.primary_key[0];  // composite key: its first column
}

std::vector<Split> MysqlSource::PlanSplits(const ReadSpec& spec, int channels) {
  std::lock_guard<std::mutex> lock(mu_);
  std::string key_name = SplitKeyLocked(spec);
  const MysqlTable& t = TableLocked(spec);
  MysqlSplitKey key;
  if (!key_name.empty()) {
    const MysqlColumn* c = FindMysqlColumn(t.all, key_name);
    if (!c)
      throw Error("split_key '" + key_name + "' is not a column of table '" + spec.table + "'");
    key = {c->name, c->column_type, c->charset, c->collation};
    RequireSplittable(key);  // before any connection is opened
  }
  int wanted = key_name.empty() ? 1 : std::max(1, channels);
  snapshot_ = MysqlSnapshot::Take([this] { return Connect(); }, *control_, wanted,
                                  url_.snapshot_lock_timeout_seconds);
  if (!snapshot_->warning().empty())
    std::cerr << "strata: warning: " << snapshot_->warning() << "\n";
  if (snapshot_->size() == 1) return {Split{}};
  MysqlSnapshot::Lease lease = snapshot_->Borrow();
  return PlanMysqlSplits(lease.conn(), t.from, FilterLocked(spec), key, channels);
}

std::string MysqlSource::SelectSql(const ReadSpec& spec, const Split& split) {
  std::lock_guard<std::mutex> lock(mu_);
  const MysqlTable& t = TableLocked(spec);
  bool rewritten = false;
  std::string list = SelectList(t.read, &rewritten);
  std::string filter = WhereClause(FilterLocked(spec), split.predicate);
  if (spec.query.empty()) return "SELECT " + list + " FROM " + t.from + filter;
  if (!rewritten && filter.empty()) return TrimQuery(spec.query);
  return "SELECT " + list + " FROM " + DerivedTable(spec.query, "strata_q") + filter;
}

std::string MysqlSource::ReadFromSql(const ReadSpec& spec, const std::string& predicate) {
  std::lock_guard<std::mutex> lock(mu_);
  const MysqlTable& t = TableLocked(spec);
  std::string from = spec.query.empty() ? t.from : DerivedTable(spec.query, "strata_q");
  return " FROM " + from + WhereClause(spec.where, predicate);
}

TextRows MysqlSource::QueryInSnapshot(const ReadSpec&, const std::string& sql) {
  std::shared_ptr<MysqlSnapshot> pool;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!snapshot_)
      snapshot_ = MysqlSnapshot::Take(
          [this] { return Connect(); }, *control_, std::max(1, query_connections_),
          query_connections_ > 1 ? url_.snapshot_lock_timeout_seconds : 0);
    pool = snapshot_;
  }
  MysqlSnapshot::Lease lease = pool->Borrow();
  TextRows rows = lease.conn().Query(sql);
  int64_t bytes = 0;
  for (const auto& row : rows)
    for (const auto& v : row) bytes += v ? static_cast<int64_t>(v->size()) : 0;
  query_bytes_ += bytes;
  return rows;
}

std::unique_ptr<SplitReader> MysqlSource::Open(const ReadSpec& spec, const Split& split) {
  std::string sql = SelectSql(spec, split);
  std::shared_ptr<MysqlSnapshot> pool;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!snapshot_) snapshot_ = MysqlSnapshot::Take([this] { return Connect(); }, *control_, 1, 0);
    pool = snapshot_;
  }
  std::string what =
      spec.query.empty() ? "reading table '" + spec.table + "'" : "reading the query";
  if (!split.description.empty()) what += " (" + split.description + ")";
  return std::make_unique<MysqlSplitReader>(pool->Borrow(), sql, spec.zero_date_as_null, what);
}

std::shared_ptr<const MysqlSnapshot> MysqlSource::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

std::unique_ptr<Source> OpenMysqlSource(const ConnectionConfig& config) {
  return std::make_unique<MysqlSource>(config);
}

}  // namespace strata
