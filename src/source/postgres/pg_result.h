#pragma once
// PgResult owns one libpq PGresult and frees it when destroyed. Accessors
// read the text-format values of a successful query (row, column are
// 0-based). Move-only; not thread-safe (a result belongs to one thread).

#include <libpq-fe.h>

#include <string>
#include <utility>

namespace strata {

class PgResult {
 public:
  PgResult() = default;
  explicit PgResult(PGresult* r) : r_(r) {}
  PgResult(PgResult&& o) noexcept : r_(std::exchange(o.r_, nullptr)) {}
  PgResult& operator=(PgResult&& o) noexcept {
    std::swap(r_, o.r_);
    return *this;
  }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  ~PgResult() {
    if (r_) PQclear(r_);
  }

  PGresult* get() const { return r_; }
  ExecStatusType status() const { return PQresultStatus(r_); }
  int rows() const { return PQntuples(r_); }
  int columns() const { return PQnfields(r_); }
  bool IsNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }
  std::string Text(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col)));
  }
  // The SQLSTATE of a failed query ("42P01"), or "" if there is none.
  std::string SqlState() const {
    const char* s = r_ ? PQresultErrorField(r_, PG_DIAG_SQLSTATE) : nullptr;
    return s ? s : "";
  }

 private:
  PGresult* r_ = nullptr;
};

}  // namespace strata
