#pragma once
// KeyBucketing is how TableComparer cuts the key space into buckets that
// both sides compute alike, and narrows a bucket into smaller ones:
//  - KeyRangeBucketing: ranges of a single integer key (the usual primary
//    key): a level costs an index range scan per bucket, and keys are
//    selected by value, so narrowing, listing and repair read only the rows
//    they name;
//  - HashPrefixBucketing: any key (strings, composite keys, query nodes):
//    buckets are the keys whose md5 of the canonical key text starts with
//    the same hex digits.
// A bucket is named by a string both sides use; a row's key by its
// identity text (the key value, or its md5). One thread; the sides must
// outlive it.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "verify/verify_side.h"

namespace strata {

// Which columns are compared and how each side names and types them.
struct ComparedColumns {
  std::vector<std::string> names;  // as the warehouse names them, for output
  std::vector<CanonColumn> source, warehouse;
  std::vector<int> key;              // indexes of the key columns
  RowHash row_hash = RowHash::kMd5;  // what both sides sum: one the source computes

  const std::vector<CanonColumn>& of(const VerifySide& side) const {
    return side.name() == "source" ? source : warehouse;
  }
};

struct BucketSum {
  int64_t rows = 0;
  std::string sum;  // of the rows' hashes, exact, in decimal
};
using Buckets = std::vector<std::pair<std::string, BucketSum>>;      // bucket name, sums
using RowHashes = std::vector<std::pair<std::string, std::string>>;  // key identity, row hash

class KeyBucketing {
 public:
  virtual ~KeyBucketing() = default;
  // The top-level buckets (`parents` empty), or the buckets inside `parents`.
  virtual Buckets Split(VerifySide& side, const std::vector<std::string>& parents) = 0;
  // The names of the top-level buckets, read from neither side: the parents
  // to split first when the sides are already known to differ.
  virtual std::vector<std::string> Top() const = 0;
  // Whether `bucket` can be cut further.
  virtual bool CanSplit(const std::string& bucket) const = 0;
  // (key identity, row hash) of every row in `buckets`.
  virtual RowHashes List(VerifySide& side, const std::vector<std::string>& buckets) = 0;
  // The key identity of a row, in `side`'s SQL.
  virtual std::string KeySql(const VerifySide& side) const = 0;
  // Predicates selecting the rows of `keys` (identities), a batch each.
  virtual std::vector<std::string> KeyFilters(const VerifySide& side,
                                              const std::vector<std::string>& keys) const = 0;
  // "id 1..4096", "md5(key) 5f…", for output.
  virtual std::string Describe(const std::string& bucket) const = 0;
};

// The hash of a row (`columns.row_hash`: of its canonical text, or of its
// typed values), in `side`'s SQL.
std::string RowHashSql(const VerifySide& side, const ComparedColumns& columns);
// "COUNT(*) AS n, <exact sum of the row hashes> AS s": a bucket's totals.
std::string BucketTotalsSql(const VerifySide& side, const ComparedColumns& columns);

// Key ranges when the key is one integer column whose values span less than
// 2^62 on both sides (it reads the bounds), else key-hash prefixes.
std::unique_ptr<KeyBucketing> ChooseKeyBucketing(VerifySide& source, VerifySide& warehouse,
                                                 const ComparedColumns& columns);

}  // namespace strata
