#pragma once
// HashPrefixBucketing: buckets of keys by the first hex digits of md5 of the
// canonical key text: every row in one bucket ("") at the top, then 256,
// each split 256 ways, down to 8 digits. Works for any key; every level
// scans the side's rows (hashing the keys below the top). See
// key_bucketing.h.

#include "verify/key_bucketing.h"

namespace strata {

class HashPrefixBucketing : public KeyBucketing {
 public:
  explicit HashPrefixBucketing(const ComparedColumns& columns) : columns_(columns) {}
  Buckets Split(VerifySide& side, const std::vector<std::string>& parents) override;
  std::vector<std::string> Top() const override { return {""}; }
  bool CanSplit(const std::string& bucket) const override { return bucket.size() < 8; }
  RowHashes List(VerifySide& side, const std::vector<std::string>& buckets) override;
  std::string KeySql(const VerifySide& side) const override;
  std::vector<std::string> KeyFilters(const VerifySide& side,
                                      const std::vector<std::string>& keys) const override;
  std::string Describe(const std::string& bucket) const override {
    return bucket.empty() ? "all rows" : "md5(key) " + bucket + "…";
  }

 private:
  std::string HashedRows(VerifySide& side) const;
  const ComparedColumns& columns_;
};

}  // namespace strata
