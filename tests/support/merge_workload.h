#pragma once
// Test support: a seeded random workload on one source table
// `accounts(id, name, balance, optime)` for the merge simulation. Each
// business date gets a list of row operations stamped with simulated times
// inside that date (never the wall clock): inserts, updates (NULL to value
// and back), deletes, re-inserts of deleted keys, a key updated several times
// in one day, rows stamped exactly 00:00:00 and 23:59:59.999999, a date that
// deletes every row, updates undone (the row back to what it was, optime
// too), and on some dates "late" operations that a transaction
// opened before the run writes (stamped late in the date) and commits only
// after it. The generator keeps
// its own model of the table, so it is a pure function of (seed, dates):
// same seed, same list, whatever the database.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace strata::test {

struct AccountOp {
  enum Kind { kInsert, kUpdate, kDelete };
  Kind kind = kInsert;
  int id = 0;
  std::optional<std::string> name;     // NULL as nullopt
  std::optional<std::string> balance;  // decimal(12,2) as text, "-12.50"
  std::string optime;                  // "2024-01-15 23:59:59.999999"
  bool late = false;                   // written by the held transaction

  bool operator==(const AccountOp&) const = default;
  // The statement, valid SQL for MariaDB and PostgreSQL alike.
  std::string Sql() const;
  // "U id=3 name=NULL balance=1.00 optime=… late" (for messages).
  std::string Text() const;
};

struct WorkloadDay {
  std::string date;  // yyyymmdd
  std::vector<AccountOp> ops;
  bool operator==(const WorkloadDay&) const = default;
};

// `days` business dates from `first` (yyyymmdd). The first date also
// inserts the table's initial rows.
std::vector<WorkloadDay> GenerateWorkload(uint64_t seed, int days, const std::string& first);

// The business date after `date` (yyyymmdd), and `date` as yyyy-mm-dd.
std::string NextDate(const std::string& date);
std::string DashedDate(const std::string& date);

// How often the workload exercises each case (to prove that it does).
struct WorkloadCounts {
  int deletes = 0, reinserts = 0, late = 0, null_to_value = 0, value_to_null = 0;
  int same_day_repeats = 0;                 // keys written more than once in one date
  int first_instant = 0, last_instant = 0;  // ops stamped 00:00:00 and 23:59:59.999999
  int emptied = 0;  // dates whose committed rows at the cutoff are none (with late ops)
  int reverts = 0;  // updates back to a row of an earlier date, optime too
};
WorkloadCounts CountWorkload(const std::vector<WorkloadDay>& days);

// STRATA_SIM_SEED / STRATA_SIM_DAYS, or the given defaults.
uint64_t SimulationSeed(uint64_t fallback);
int SimulationDays(int fallback);

}  // namespace strata::test
