#pragma once
// BucketedMerge computes what a merge produces — the table's new version and
// the change rows — as Parquet files in a scratch folder, without publishing
// anything (MergeTable commits them). Every join of a merge is on the key, so
// the work splits by hash(key) into buckets that are merged one at a time:
// DuckDB's hash joins spill poorly once strings sit on their build side, and
// a bucket of at most kMergeBucketRows rows keeps each join inside the
// merge's memory limit whatever the table's size. Not thread-safe; uses the
// DuckEngine it is given.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/column_type.h"
#include "warehouse/engine/duckdb_engine.h"
#include "warehouse/merge/merge_sql.h"
#include "warehouse/merge/merge_table.h"

namespace strata {

// Rows of the table (or of the source's keys) per bucket, and rows of the
// increment per bucket: the joins that find the changes hold whole rows of
// the increment and of the table's rows it touches, and 1,000,000 of them
// ran out of the merge's memory (a capture's day of changes, a compare:
// full read); the others hold keys. STRATA_MERGE_BUCKET_ROWS sets both, for
// tests.
inline constexpr int64_t kMergeBucketRows = 8'000'000;
inline constexpr int64_t kMergeBucketIncrementRows = 500'000;

struct MergeFiles {
  // In the scratch folder. A history table's version files are its open
  // versions' and (when it closed any) its closed versions' (HistoryFiles).
  std::vector<std::filesystem::path> version, changes;
  int64_t version_rows = 0, change_rows = 0;
  int64_t inserted = 0, updated = 0, deleted = 0, unchanged = 0;
  std::string watermark;  // the increment's highest cursor value; "" = none
};

class BucketedMerge {
 public:
  // `table`: the merge table's columns; `data`: those the increment holds.
  BucketedMerge(DuckEngine& db, Schema table, Schema data, MergeOptions options);
  ~BucketedMerge();  // drops the working views
  BucketedMerge(const BucketedMerge&) = delete;
  BucketedMerge& operator=(const BucketedMerge&) = delete;

  // Merges the increment (and the source's keys) of `in` into the version
  // whose files are `base`. Throws strata::Error naming the step that failed,
  // the NULL key, or the tied key.
  // A history table's `rewind_from` date undoes the versions of that date
  // and later first ("" = none).
  MergeFiles Run(const std::vector<std::filesystem::path>& base, const MergeInput& in,
                 const std::string& rewind_from = "");

 private:
  void DefineInputs(const std::vector<std::filesystem::path>& base, const MergeInput& in,
                    int bucket, int buckets);
  std::string rewind_from_;
  void MergeBucket(const MergeInput& in, int bucket, MergeFiles& out);
  void WriteHistory(const MergeInput& in, const std::string& bucket, MergeFiles& out);
  void CountChanges(const std::filesystem::path& file, MergeFiles& out);
  int BucketCount();
  void ThrowOnTiedKey();
  void Materialize(const std::string& name, const std::string& select,
                   const std::filesystem::path& file);
  int64_t Copy(const std::string& step, MergeSql::FileUse use, const std::string& select,
               const std::filesystem::path& file);

  DuckEngine& db_;
  Schema table_, data_;
  MergeOptions options_;
  MergeSql sql_;
  Schema keys_;
};

}  // namespace strata
