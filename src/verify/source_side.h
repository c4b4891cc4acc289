#pragma once
// SourceSide is the source as a VerifySide: its queries run in the source's
// own SQL, inside the snapshot the source's readers read (so a repair reads
// the same rows verify compared). `source` and `spec` must outlive it; one
// thread at a time.

#include "verify/verify_side.h"

namespace strata {

class SourceSide : public VerifySide {
 public:
  // `parallelism`: connections the source queries on at once (>= 1).
  SourceSide(Source* source, const ReadSpec* spec, int parallelism = 1);
  int parallelism() const override { return parallelism_; }
  SqlDialect dialect() const override { return dialect_; }
  std::string From(const std::string& predicate) override;
  TextRows Query(const std::string& sql) override;
  std::string name() const override { return "source"; }

 private:
  Source* source_;
  const ReadSpec* spec_;
  SqlDialect dialect_;
  int parallelism_;
};

}  // namespace strata
