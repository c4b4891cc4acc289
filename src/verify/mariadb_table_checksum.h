#pragma once
// MariaDbTableChecksum proves a whole MariaDB table equal to the warehouse's
// rows for a fraction of what the bucketed comparison costs that server.
// MariaDB's `CHECKSUM TABLE … EXTENDED` sums, modulo 2^32, a CRC-32 of every
// row's in-memory record (its null bits, then each non-NULL column's bytes:
// mysql_record_format.h), in the server's own C++ inside the read snapshot;
// DuckDB computes the same sum from the warehouse's values. Equal sums mean
// equal tables but for a chance of 2^-32 for unrelated changes (a change to
// one row always shows); differing sums say nothing about where, so the
// caller then compares by buckets (TableComparer), which finds the rows.
//
// Usable only where the sum covers exactly what the node copied: a MariaDB
// InnoDB table read whole (no query, where, cursor or column list), every
// column stored and of a type and character set the record encoders cover,
// and the table's null-bit layout known. The sides must outlive it; one
// thread calls it (the warehouse's half runs on a second thread).

#include <optional>
#include <string>

#include "verify/key_bucketing.h"

namespace strata {

class MariaDbTableChecksum {
 public:
  // Reads the table's layout from the source's information_schema (in its
  // snapshot) when the source is MariaDB and the read is the whole table.
  MariaDbTableChecksum(VerifySide& source, VerifySide& warehouse, const ReadSpec& spec,
                       const ComparedColumns& columns);
  bool usable() const { return !warehouse_sum_sql_.empty(); }
  // Why it is not usable or did not prove the table equal ("the node reads
  // part of the table", "the server's table checksum differs").
  const std::string& why_not() const { return why_not_; }
  // The warehouse's row count when both sums agree; nullopt when they
  // differ or the warehouse's values cannot be laid out as the server's.
  std::optional<int64_t> EqualRows();
  // After EqualRows: both sums were computed and differ, so the sides
  // certainly differ (the sums are a function of the rows).
  bool differs() const { return differs_; }

 private:
  bool Plan(const ReadSpec& spec, const ComparedColumns& columns);
  bool PlanRecord(const TextRows& cols, const ComparedColumns& columns, bool dynamic);
  bool Refuse(std::string why);

  VerifySide& source_;
  VerifySide& warehouse_;
  std::string table_;              // `db`.`t`
  std::string warehouse_sum_sql_;  // COUNT(*), the sum modulo 2^32
  std::string why_not_;
  bool differs_ = false;
};

}  // namespace strata
