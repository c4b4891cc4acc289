#pragma once
// TableComparer finds the rows in which two VerifySides differ without
// moving rows that agree. Both sides compute, at the same time and each in
// its own SQL, per bucket of keys (KeyBucketing) a row count and the sum of
// a 64-bit hash of each row's canonical text (canonical_sql.h): an
// order-independent checksum. Buckets that differ are cut into smaller ones
// until they hold at most a few thousand rows; then each side lists (key,
// row hash) for them, and only the rows whose hashes differ are fetched,
// value by value, to show what differs.
//
// Cost: one aggregate query per side when the sides agree, answered with a
// few kilobytes. Holds references to both sides (which must outlive it);
// one thread calls it (it runs the warehouse's half on a second thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "verify/key_bucketing.h"

namespace strata {

struct CellDiff {
  std::string column;
  std::optional<std::string> source, warehouse;  // as each side prints it
};

struct RowDiff {
  // "changed", "missing" (not in the warehouse), "extra" (only in the
  // warehouse), "duplicate" (the key appears more than once on a side).
  std::string kind;
  std::vector<std::pair<std::string, std::optional<std::string>>> key;  // column, value
  std::vector<CellDiff> cells;  // changed: the columns that differ; else every column
};

struct BucketDiff {
  std::string bucket;  // "id 1..4096", "md5(key) 5f…"
  int64_t source_rows = 0, warehouse_rows = 0;
};

struct Comparison {
  int64_t source_rows = 0, warehouse_rows = 0;
  int64_t differing = 0;            // keys whose rows differ
  std::vector<BucketDiff> buckets;  // the smallest buckets that differ
  std::vector<RowDiff> rows;        // the first `limit` differing rows
  std::vector<std::string> keys;    // identity of every differing key (KeyBucketing)
  int levels = 0;                   // bucket levels compared
  // How the sides were compared: "buckets", or "checksum table" when the
  // server's own checksum proved them equal (MariaDbTableChecksum).
  std::string method = "buckets";
  std::string method_note;  // why not the server's checksum, where a source has one
};

class TableComparer {
 public:
  // Asks the source (one query) which row hash it can compute (RowHash).
  TableComparer(VerifySide& source, VerifySide& warehouse, ComparedColumns columns);
  // `top_differs`: a cheaper check (the server's own table checksum) has
  // found the sides different already, so the top level's sums, a scan of
  // each side, are skipped and the top buckets cut at once.
  Comparison Compare(int limit, bool top_differs = false);
  // Predicates, in `side`'s SQL, selecting the rows of `keys` (a batch each).
  std::vector<std::string> KeyFilters(const VerifySide& side,
                                      const std::vector<std::string>& keys) const;

 private:
  struct KeyKind {
    std::string key;   // the key's identity (KeyBucketing)
    std::string kind;  // as RowDiff::kind
  };

  std::vector<std::string> DifferingLeaves(Comparison& out, bool top_differs);
  std::vector<KeyKind> DifferingKeys(const std::vector<std::string>& leaves, Comparison& out,
                                     int limit);
  TextRows Details(VerifySide& side, const std::vector<std::string>& keys);
  void DescribeRows(Comparison& out, const std::vector<KeyKind>& keys);

  VerifySide& source_;
  VerifySide& warehouse_;
  ComparedColumns columns_;
  std::unique_ptr<KeyBucketing> bucketing_;
};

}  // namespace strata
