#pragma once
// TableComparer finds the rows in which two VerifySides differ without
// moving rows that agree. Each side computes, in its own SQL, per bucket of
// keys a row count and the sum of a 60-bit hash of each row's canonical text
// (canonical_sql.h): an order-independent checksum. A bucket is the set of
// keys whose md5 starts with the same hex digits, so both sides bucket alike
// whatever the key's type, and each level splits a bucket 256 ways. Buckets
// that differ are split again until they are small, then each side lists
// (key hash, row hash) for them, and only the rows whose hashes differ are
// fetched, column by column, to show what differs.
//
// Cost: one aggregate scan per side when the sides agree, and the result is
// a few kilobytes; each narrowing level scans again, hashing keys only.
// Holds references to both sides (which must outlive it); one thread.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "verify/verify_side.h"

namespace strata {

// Which columns are compared and how each side names and types them.
struct ComparedColumns {
  std::vector<std::string> names;  // as the warehouse names them, for output
  std::vector<CanonColumn> source, warehouse;
  std::vector<int> key;  // indexes of the key columns
};

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
  std::string prefix;  // hex digits of md5(key) the bucket's keys start with
  int64_t source_rows = 0, warehouse_rows = 0;
};

struct Comparison {
  int64_t source_rows = 0, warehouse_rows = 0;
  int64_t differing = 0;                // keys whose rows differ
  std::vector<BucketDiff> buckets;      // the smallest buckets that differ
  std::vector<RowDiff> rows;            // the first `limit` differing rows
  std::vector<std::string> key_hashes;  // md5 of every differing key's canonical text
  int queries = 0;                      // per side
};

class TableComparer {
 public:
  TableComparer(VerifySide& source, VerifySide& warehouse, ComparedColumns columns);
  Comparison Compare(int limit);
  // md5 of the canonical key text, in `side`'s SQL over its own columns:
  // what Comparison::key_hashes holds.
  std::string KeyHashSql(const VerifySide& side) const;

 private:
  struct Bucket {
    int64_t rows = 0;
    std::string sum;
  };
  using Buckets = std::vector<std::pair<std::string, Bucket>>;
  using Hashes = std::vector<std::pair<std::string, std::string>>;  // key hash, row hash

  std::string HashedRows(VerifySide& side) const;
  Buckets Level(VerifySide& side, int length, const std::vector<std::string>& parents);
  Hashes LeafHashes(VerifySide& side, int length, const std::vector<std::string>& prefixes);
  TextRows Details(VerifySide& side, const std::vector<std::string>& key_hashes);
  void DescribeRows(Comparison& out, const std::vector<std::pair<std::string, std::string>>& keys);

  VerifySide& source_;
  VerifySide& warehouse_;
  ComparedColumns columns_;
};

}  // namespace strata
