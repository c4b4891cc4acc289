#pragma once
// KeyRangeBucketing: buckets are ranges [lo, hi] of a single integer key;
// the top range spans both sides' keys and is cut into 256 ranges, each
// range into 256 again, down to single keys. Every query selects its range
// (the key's index serves it), and keys are picked by value. See
// key_bucketing.h.

#include "verify/key_bucketing.h"

namespace strata {

class KeyRangeBucketing : public KeyBucketing {
 public:
  // `lo`..`hi`: the smallest and largest key on either side. The top level
  // is cut into `chunks` ranges first, which a side that can runs at once.
  KeyRangeBucketing(const ComparedColumns& columns, int64_t lo, int64_t hi, int chunks = 1)
      : columns_(columns), lo_(lo), hi_(hi), chunks_(chunks) {}
  Buckets Split(VerifySide& side, const std::vector<std::string>& parents) override;
  bool CanSplit(const std::string& bucket) const override;
  RowHashes List(VerifySide& side, const std::vector<std::string>& buckets) override;
  std::string KeySql(const VerifySide& side) const override;
  std::vector<std::string> KeyFilters(const VerifySide& side,
                                      const std::vector<std::string>& keys) const override;
  std::string Describe(const std::string& bucket) const override;

 private:
  using Range = std::pair<int64_t, int64_t>;  // lo, hi
  // Each of `ranges` cut into 256 buckets, in one query.
  Buckets SplitRanges(VerifySide& side, const std::vector<Range>& ranges);
  Buckets SplitTop(VerifySide& side);
  const ComparedColumns& columns_;
  int64_t lo_, hi_;
  int chunks_;
};

}  // namespace strata
