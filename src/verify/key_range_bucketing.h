#pragma once
// KeyRangeBucketing: buckets are ranges [lo, hi] of a single integer key.
// The top is the range that spans both sides' keys, whole (or in one piece
// per source connection); a range is cut into 256, and so on down to single
// keys. Every query selects its range (the key's index serves it), and keys
// are picked by value. See key_bucketing.h.

#include "verify/key_bucketing.h"

namespace strata {

class KeyRangeBucketing : public KeyBucketing {
 public:
  // `lo`..`hi`: the smallest and largest key on either side. The top level
  // is cut into `chunks` ranges first, which a side that can runs at once.
  KeyRangeBucketing(const ComparedColumns& columns, int64_t lo, int64_t hi, int chunks = 1)
      : columns_(columns), lo_(lo), hi_(hi), chunks_(chunks) {}
  Buckets Split(VerifySide& side, const std::vector<std::string>& parents) override;
  std::vector<std::string> Top() const override;
  bool CanSplit(const std::string& bucket) const override;
  RowHashes List(VerifySide& side, const std::vector<std::string>& buckets) override;
  std::string KeySql(const VerifySide& side) const override;
  std::vector<std::string> KeyFilters(const VerifySide& side,
                                      const std::vector<std::string>& keys) const override;
  std::string Describe(const std::string& bucket) const override;

 private:
  using Range = std::pair<int64_t, int64_t>;  // lo, hi
  // `r` cut into 256 buckets.
  Buckets SplitRange(VerifySide& side, const Range& r);
  std::vector<Range> TopRanges() const;
  Buckets Totals(VerifySide& side, const std::vector<Range>& ranges);
  const ComparedColumns& columns_;
  int64_t lo_, hi_;
  int chunks_;
};

}  // namespace strata
