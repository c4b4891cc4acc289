#include "warehouse/merge/bucketed_merge.h"

#include <algorithm>
#include <cstdlib>

#include "core/error.h"
#include "core/names.h"
#include "warehouse/engine/parquet_select.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

std::optional<std::string> FirstValue(DuckEngine& db, const std::string& sql) {
  QueryResult r = db.Query(sql);
  if (r.rows.empty() || r.rows[0].empty()) return std::nullopt;
  return r.rows[0][0];
}

int64_t Count(DuckEngine& db, const std::string& relation) {
  return std::stoll(FirstValue(db, "SELECT count(*) FROM " + relation).value_or("0"));
}

}  // namespace

BucketedMerge::BucketedMerge(DuckEngine& db, Schema table, Schema data, MergeOptions options)
    : db_(db),
      table_(std::move(table)),
      data_(std::move(data)),
      options_(std::move(options)),
      sql_(data_, options_),
      keys_(KeyColumns(data_, options_.key)) {}

BucketedMerge::~BucketedMerge() {
  try {
    db_.Execute(MergeSql::Cleanup());
  } catch (...) {
  }
}

MergeFiles BucketedMerge::Run(const std::vector<fs::path>& base, const MergeInput& in,
                              const std::string& rewind_from) {
  MergeFiles out;
  rewind_from_ = rewind_from;
  DefineInputs(base, in, 0, 1);
  if (auto key = FirstValue(db_, sql_.NullKeyQuery()))
    throw Error("the increment has a row whose key is NULL (" + key.value_or("") + ")");
  if (!options_.cursor.empty()) out.watermark = FirstValue(db_, sql_.WatermarkQuery()).value_or("");
  int buckets = BucketCount();
  for (int b = 0; b < buckets; ++b) {
    if (buckets > 1) DefineInputs(base, in, b, buckets);
    MergeBucket(in, b, out);
  }
  return out;
}

int BucketedMerge::BucketCount() {
  int64_t rows = Count(db_, options_.history ? "__strata_m_hist" : "__strata_m_base");
  if (options_.deletes != DeleteMode::kNone) rows = std::max(rows, Count(db_, "__strata_m_keys"));
  int64_t increment = Count(db_, "__strata_m_inc");
  int64_t per = kMergeBucketRows, per_increment = options_.increment_bucket_rows > 0
                                                      ? options_.increment_bucket_rows
                                                      : kMergeBucketIncrementRows;
  // Tests set a small bucket to run the many-bucket path on small tables.
  if (const char* env = std::getenv("STRATA_MERGE_BUCKET_ROWS"))
    per = per_increment = std::max(1LL, std::atoll(env));
  int64_t buckets =
      std::max((rows + per - 1) / per, (increment + per_increment - 1) / per_increment);
  return static_cast<int>(std::max<int64_t>(1, buckets));
}

// The views of the inputs, narrowed to one bucket of keys when there are several.
void BucketedMerge::DefineInputs(const std::vector<fs::path>& base, const MergeInput& in,
                                 int bucket, int buckets) {
  std::string in_bucket = buckets > 1 ? sql_.InBucket(bucket, buckets) : "";
  std::string where = in_bucket.empty() ? "" : " WHERE " + in_bucket;
  auto view = [&](const char* name, const Schema& schema, const std::vector<fs::path>& files,
                  bool by_name = false) {
    db_.Execute(MergeSql::View(
        name, "SELECT * FROM (" + ParquetFilesSelect(schema, files, by_name) + ")" + where));
  };
  if (options_.history) {
    db_.Execute(MergeSql::View(
        "__strata_m_hist",
        sql_.RewoundHistory(ParquetFilesSelect(table_, base, options_.evolved), rewind_from_) +
            (in_bucket.empty() ? "" : " AND " + in_bucket)));
    db_.Execute(MergeSql::View("__strata_m_base", sql_.OpenVersionsSelect()));
  } else {
    view("__strata_m_base", table_, base, options_.evolved);
  }
  view("__strata_m_inc", data_, in.increment);
  // By name: the keys may be those of the increment itself (a whole-table read).
  if (options_.deletes != DeleteMode::kNone) view("__strata_m_keys", keys_, in.source_keys, true);
}

void BucketedMerge::MergeBucket(const MergeInput& in, int b, MergeFiles& out) {
  std::string n = std::to_string(b);
  Materialize("__strata_m_top", sql_.TopSelect(), in.scratch / ("top-" + n + ".parquet"));
  if (!options_.unique_key) ThrowOnTiedKey();
  Materialize("__strata_m_gone_keys", sql_.GoneKeysSelect(),
              in.scratch / ("gone_keys-" + n + ".parquet"));
  Materialize("__strata_m_touched", sql_.TouchedSelect(),
              in.scratch / ("touched-" + n + ".parquet"));
  db_.Execute(MergeSql::View("__strata_m_old", sql_.OldSelect()));
  db_.Execute(MergeSql::View("__strata_m_gone", sql_.GoneSelect()));
  Schema change_cols = data_;
  for (const auto& c : MergeSql::ChangeColumns()) change_cols.push_back(c);
  out.changes.push_back(in.scratch / ("changes-" + n + ".parquet"));
  out.change_rows +=
      Copy("changes", MergeSql::FileUse::kVersion,
           "SELECT " + CastList(change_cols) + " FROM (" + sql_.ChangesSelect(in.read_time) + ")",
           out.changes.back());
  CountChanges(out.changes.back(), out);
  out.unchanged += Count(db_, "__strata_m_top");
  if (options_.history) return WriteHistory(in, n, out);
  out.version.push_back(in.scratch / ("version-" + n + ".parquet"));
  out.version_rows +=
      Copy("version", MergeSql::FileUse::kVersion,
           "SELECT " + CastList(table_) + " FROM (" + sql_.NewVersionSelect(in.ds) + ")",
           out.version.back());
}

// A history table's bucket: its open versions, rewritten whole, and the
// versions it closed, in a file of their own that later runs keep as it is.
void BucketedMerge::WriteHistory(const MergeInput& in, const std::string& n, MergeFiles& out) {
  db_.Execute(MergeSql::View(
      "__strata_m_changes",
      "SELECT * FROM read_parquet(" + QuoteLiteral(out.changes.back().string()) + ")"));
  db_.Execute(MergeSql::View("__strata_m_vchanges", sql_.VersionedChangesSelect()));
  // DuckDB's scans keep the open versions in the order they are read (near
  // enough), so a run appends its new versions after them; once enough are
  // out of order, a run sorts (MergeInput::sort_history): sorting every run
  // costs ~40 % more CPU at 5,000,000 rows (the sort spills past the merge's
  // memory limit). The versions closed today are few: always sorted.
  std::string order = " ORDER BY " + sql_.KeyList("");
  out.version.push_back(in.scratch / ("version-" + n + ".parquet"));
  out.version_rows += Copy("open versions", MergeSql::FileUse::kHistory,
                           "SELECT " + CastList(table_) + " FROM (" + sql_.OpenAfterSelect(in.ds) +
                               ")" + (in.sort_history ? order : ""),
                           out.version.back());
  fs::path closed = in.scratch / ("closed-" + n + ".parquet");
  int64_t rows =
      Copy("closed versions", MergeSql::FileUse::kHistory,
           "SELECT " + CastList(table_) + " FROM (" + sql_.ClosedAfterSelect(in.ds) + ")" + order,
           closed);
  if (rows == 0) {
    fs::remove(closed);
    return;
  }
  out.version.push_back(closed);
  out.version_rows += rows;
}

// Adds the bucket's I/U/D counts; `unchanged` is the top's rows less its I and U.
void BucketedMerge::CountChanges(const fs::path& file, MergeFiles& out) {
  QueryResult r = db_.Query("SELECT _op, count(*) FROM read_parquet(" +
                            QuoteLiteral(file.string()) + ") GROUP BY _op");
  for (const auto& row : r.rows) {
    int64_t n = std::stoll(*row[1]);
    if (*row[0] == "I") {
      out.inserted += n;
      out.unchanged -= n;
    } else if (*row[0] == "U") {
      out.updated += n;
      out.unchanged -= n;
    } else {
      out.deleted += n;
    }
  }
}

void BucketedMerge::ThrowOnTiedKey() {
  QueryResult tied = db_.Query(sql_.TiedKeyQuery());
  if (tied.rows.empty()) return;
  const auto& row = tied.rows[0];
  throw Error(options_.order_by.empty()
                  ? "key " + *row[0] + " appears in " + *row[1] +
                        " different rows of the increment; set order_by to say which is newest"
                  : "key " + *row[0] + " appears in " + *row[1] + " different rows with the same " +
                        options_.order_by + " (" + row[2].value_or("NULL") +
                        "); cannot tell which is newest");
}

int64_t BucketedMerge::Copy(const std::string& step, MergeSql::FileUse use,
                            const std::string& select, const fs::path& file) {
  try {
    return db_.ExecuteCount(MergeSql::CopyTo(select, file, use));
  } catch (const Error& e) {
    throw Error("merge step " + step + ": " + e.what());
  }
}

// Writes `select` to `file` and makes view `name` read it.
void BucketedMerge::Materialize(const std::string& name, const std::string& select,
                                const fs::path& file) {
  Copy(name.substr(std::string_view("__strata_m_").size()), MergeSql::FileUse::kScratch, select,
       file);
  db_.Execute(
      MergeSql::View(name, "SELECT * FROM read_parquet(" + QuoteLiteral(file.string()) + ")"));
}

}  // namespace strata
