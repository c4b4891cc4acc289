#include "warehouse/merge/merge_table.h"

#include <algorithm>

#include "core/error.h"
#include "core/failpoint.h"
#include "core/file_lock.h"
#include "core/names.h"
#include "warehouse/engine/parquet_select.h"
#include "warehouse/merge/bucketed_merge.h"
#include "warehouse/merge/history_files.h"
#include "warehouse/merge/merge_memory.h"
#include "warehouse/merge/merge_sql.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

void RequireColumn(const Schema& data, const std::string& name, const std::string& role,
                   const std::string& table) {
  for (const auto& c : data)
    if (c.name == name) return;
  throw Error(role + " column '" + name + "' is not a column of table '" + table + "'");
}

}  // namespace

MergeTable::MergeTable(Warehouse& wh, const std::string& table, MergeOptions options)
    : wh_(wh), options_(std::move(options)) {
  wh_.RequireWritable(table);
  table_ = wh_.RequireTable(table);
  if (!table_.partition_columns.empty())
    throw Error("table '" + table + "' is partitioned; a merge table holds one current version");
  data_ = table_.columns;
  Schema tail = TrailingColumns(options_);
  if (!EndsWithTrailingColumns(data_, options_)) {
    std::string names;
    for (const auto& c : tail) names += (names.empty() ? "" : ", ") + c.name;
    throw Error("table '" + table + "' does not end with the columns " + names + " that " +
                (options_.history ? "a history table" : "deletes: soft") + " keeps");
  }
  data_.resize(data_.size() - tail.size());
  if (options_.key.empty()) throw Error("a merge into '" + table + "' needs a key");
  for (const auto& k : options_.key) RequireColumn(data_, k, "key", table);
  if (!options_.order_by.empty()) RequireColumn(data_, options_.order_by, "order_by", table);
  if (!options_.cursor.empty()) RequireColumn(data_, options_.cursor, "cursor", table);
  for (const auto& c : options_.track) RequireColumn(data_, c, "track", table);
  options_.evolved = !wh_.catalog().SchemaHistory(table).empty();
  lock_ = LockFile(wh_.root() / "_strata" / "locks" / (table + ".merge.lock"));
  state_ = LoadState(wh_, table);
}

MergeTable::~MergeTable() = default;

Schema TrailingColumns(const MergeOptions& options) {
  ColumnType text{TypeId::kString};
  if (options.history) return {{kStartDsColumn, text}, {kEndDsColumn, text}, {kOpColumn, text}};
  if (options.deletes == DeleteMode::kSoft)
    return {{kDeletedColumn, {TypeId::kBoolean}}, {kDeletedDsColumn, text}};
  return {};
}

bool EndsWithTrailingColumns(const Schema& columns, const MergeOptions& options) {
  Schema tail = TrailingColumns(options);
  return columns.size() >= tail.size() &&
         std::equal(tail.begin(), tail.end(), columns.end() - tail.size());
}

Schema KeyColumns(const Schema& data, const std::vector<std::string>& key) {
  Schema out;
  for (const auto& k : key)
    for (const auto& c : data)
      if (c.name == k) out.push_back(c);
  return out;
}

MergeState MergeTable::LoadState(Warehouse& wh, const std::string& table) {
  std::string text = wh.catalog().TableState(table);
  MergeState s = text.empty() ? MergeState{} : MergeState::FromJson(text, table);
  // The files are the catalog's: whatever last wrote the table.
  s.current.commit_id.clear();
  s.current.files.clear();
  s.current.dir = table;
  if (auto p = wh.catalog().FindPartition(table, "")) {
    s.current.commit_id = p->commit_id;
    s.current.files = p->file_names;
  }
  return s;
}

fs::path MergeTable::VersionsDir() const {
  return wh_.root() / "_strata" / "versions" / table_.name;
}

const MergeVersion& MergeTable::BaseFor(const std::string& ds) {
  const std::string& at = state_.current.ds;
  if (options_.history) return HistoryBaseFor(ds);
  if (!at.empty() && ds < at && !options_.force)
    throw Error("table '" + table_.name + "' is at business date " + at + "; a run for " + ds +
                " would apply older changes over newer data (rerun " + at +
                " or later, or add --force)");
  base_ = ds == at ? state_.base : state_.current;
  return *base_;
}

// A history table is its own base: a run for a date the table has already
// passed first rewinds it to the end of the date before (versions opened
// since dropped, versions closed since reopened), and reads from the
// watermark that date ended with.
const MergeVersion& MergeTable::HistoryBaseFor(const std::string& ds) {
  base_ = state_.current;
  if (state_.current.ds.empty() || ds > state_.current.ds) return *base_;
  rewind_from_ = ds;
  auto before = state_.watermarks.lower_bound(ds);
  base_->watermark = before == state_.watermarks.begin() ? "" : std::prev(before)->second;
  return *base_;
}

// A rerun's reopened versions come back out of order too: it always sorts.
bool MergeTable::SortsHistory() const {
  if (!rewind_from_.empty()) return true;
  std::optional<PartitionInfo> p = wh_.catalog().FindPartition(table_.name, "");
  int64_t rows = p ? p->rows : 0;
  return state_.unsorted * 100 > rows * kHistoryUnsortedPercent;
}

MergeState MergeTable::NextState(const std::string& ds, const std::string& watermark) {
  MergeState next;
  if (options_.history) {
    next.current.ds = ds;
    next.current.watermark = watermark.empty() ? base_->watermark : watermark;
    next.watermarks = state_.watermarks;
    next.watermarks.erase(next.watermarks.lower_bound(ds), next.watermarks.end());
    next.watermarks[ds] = next.current.watermark;
    while (next.watermarks.size() > MergeState::kMaxWatermarks)
      next.watermarks.erase(next.watermarks.begin());
    return next;  // no base kept: the table rewinds itself
  }
  const std::string& at = state_.current.ds;
  bool advances = at.empty() || ds > at;
  next.current.ds = advances ? ds : at;
  next.current.watermark = watermark.empty() ? base_->watermark : watermark;
  if (!advances) {
    next.base = state_.base;
    return next;
  }
  next.base = state_.current;
  next.base.files.clear();
  next.base.dir.clear();
  if (!state_.current.files.empty()) {
    next.base.files = state_.current.files;
    next.base.dir = fs::relative(VersionsDir() / state_.current.commit_id, wh_.root()).string();
  }
  return next;
}

// Keeps the current version's files (hard links: no copy) for reruns of the
// next date. Written before the commit: a crash leaves an unused folder that
// the next merge of this table removes.
void MergeTable::RetainBase(const MergeState& next) {
  if (next.base.dir.empty() || next.base.commit_id == state_.base.commit_id) return;
  fs::path dir = wh_.root() / next.base.dir;
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::path live = wh_.store().TableDir(table_.name);
  for (const auto& f : next.base.files) fs::create_hard_link(live / f, dir / f);
}

void MergeTable::DropOldVersions(const MergeState& next) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(VersionsDir(), ec))
    if (e.path().filename() != next.base.commit_id) fs::remove_all(e.path(), ec);
}

// Moves finished files into a staged folder under the names it expects.
int64_t MergeTable::Publish(const std::vector<fs::path>& files, int64_t rows,
                            const StagedPartition& staged) {
  for (size_t i = 0; i < files.size(); ++i)
    fs::rename(files[i], staged.NewFile(static_cast<int>(i)));
  return rows;
}

MergeOutcome MergeTable::Apply(const MergeInput& in) {
  if (!base_) BaseFor(in.ds);
  if (options_.deletes != DeleteMode::kNone && in.source_keys.empty())
    throw Error("a merge with deletes needs the source's keys");
  MergeMemory memory(wh_.engine(), wh_.root() / "_strata" / "spill");
  HistoryFiles his = SplitBaseFiles();
  MergeInput input = in;
  input.sort_history = options_.history && SortsHistory();
  MergeOptions options = options_;
  options.deletes_listed = in.deletes_listed;
  MergeFiles files = BucketedMerge(wh_.engine(), table_.columns, data_, options)
                         .Run(his.rewritten, input, rewind_from_);

  MergeState next = NextState(in.ds, files.watermark);
  // Inserts and updates land after the versions kept, out of key order.
  next.unsorted = (input.sort_history ? 0 : state_.unsorted) + files.inserted + files.updated;
  MergeOutcome out{files.inserted,
                   files.updated,
                   files.deleted,
                   files.unchanged,
                   0,
                   next.current.watermark,
                   {},
                   {}};
  RetainBase(next);
  Failpoint("merge.before_changes");
  std::vector<PartitionInfo> published = PublishTogether(in.ds, files, next, his);
  out.table = published.back();
  if (published.size() > 1) out.changes = published.front();
  out.rows = out.table.rows;
  Failpoint("merge.after_table");
  DropOldVersions(next);
  return out;
}

// A history table keeps the files of versions closed before what the run
// can change; a merge table is rewritten whole.
HistoryFiles MergeTable::SplitBaseFiles() {
  HistoryFiles his;
  if (options_.history)
    return HistoryFiles::Sort(wh_.engine(), wh_.root() / base_->dir, base_->files, rewind_from_);
  for (const auto& f : base_->files) his.rewritten.push_back(wh_.root() / base_->dir / f);
  return his;
}

// The change rows and the table are published as one commit, after the
// quality rules (Warehouse::SetCommitGate) passed on both: a rule failing
// on the table leaves the change partition as it was too.
std::vector<PartitionInfo> MergeTable::PublishTogether(const std::string& ds,
                                                       const MergeFiles& files,
                                                       const MergeState& next,
                                                       const HistoryFiles& his) {
  wh_.HoldCommits();
  try {
    if (!options_.changes_table.empty()) {
      std::string name = RequireChangeTable();
      wh_.WritePartition(name, "ds=" + ds, CommitMode::kOverwrite, [&](const StagedPartition& s) {
        return Publish(files.changes, files.change_rows, s);
      });
    }
    Failpoint("merge.after_changes");
    wh_.WritePartition(
        table_.name, "", options_.history ? CommitMode::kAppend : CommitMode::kOverwrite,
        [&](const StagedPartition& s) { return Publish(files.version, files.version_rows, s); },
        next.ToJson(), options_.history ? &his.kept : nullptr);
  } catch (...) {
    wh_.AbandonHeld();
    throw;
  }
  return wh_.PublishHeld();
}

// The change table, created on first use: the data columns, _op, _ts, _pos,
// partitioned by ds.
std::string MergeTable::RequireChangeTable() {
  Schema want = data_;
  for (const auto& c : MergeSql::ChangeColumns()) want.push_back(c);
  Schema parts{{"ds", {TypeId::kString}}};
  const std::string& name = options_.changes_table;
  if (!wh_.catalog().FindTable(name))
    wh_.CreateTable({name, want, parts, std::nullopt, {}, {}}, true);
  TableInfo t = wh_.RequireTable(name);
  std::string differs = "change table '" + name + "' exists with other columns than table '" +
                        table_.name + "' plus _op, _ts, _pos, partitioned by ds";
  if (t.partition_columns != parts) throw Error(differs);
  if (t.columns == want) return name;
  // The merge table evolved: its change table follows (added, widened columns).
  EvolutionPlan plan = PlanEvolution(name, t.columns, want, t.columns, SchemaPolicy::kEvolve);
  for (const auto& c : plan.changes)
    if (c.new_type.empty()) throw Error(differs);
  if (!plan.changes.empty()) wh_.SetColumns(name, plan.columns, plan.changes);
  return name;
}

}  // namespace strata
