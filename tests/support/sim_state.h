#pragma once
// Test support shared by the simulations (merge_simulation.h and
// history_simulation.h): `accounts` rows as text tables, their differences,
// and a SourceWriter that plays a workload date on a SimSource while keeping
// the state the workload committed, to check the source against it.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "merge_simulation.h"
#include "merge_workload.h"

namespace strata::test {

inline constexpr const char* kSimNull = "\\N";  // NULL, as the truth and `sql --null-as` give it

// The warehouse's `accounts` columns as canonical text (DuckDB SQL), in the
// order of SimSource::Truth.
inline constexpr const char* kSimColumns =
    "id, name, cast(balance as varchar), strftime(optime, '%Y-%m-%d %H:%M:%S.%f')";

// Key -> the other columns as text (name, balance, optime[, …]).
using SimRow = std::vector<std::string>;
using SimTable = std::map<int, SimRow>;

// "op id v1 v2 …".
std::string SimLine(const std::string& op, int id, const SimRow& row);
// Rows of id, columns… (SimSource::Truth) keyed by id.
SimTable ToSimTable(const SqlRows& rows);
// The keys where `got` differs from `want`, described (at most `limit`).
int SimDifferences(const SimTable& want, const SimTable& got, std::string* text, int limit = 8);

// Tables read with one `strata sql` on `source`'s project, one per tag:
// `parts` are (tag, "columns from relation"), four columns each, the first
// the key (an integer). Records a test failure for a key seen twice.
std::map<std::string, SimTable> ReadSimTables(
    SimSource& source, const std::vector<std::pair<std::string, std::string>>& parts);

// Plays workload dates on a source: the committed operations at once, the
// late ones in a transaction held open until CommitLate.
class SourceWriter {
 public:
  explicit SourceWriter(SimSource& source) : source_(source) {}
  // Writes the date; returns the number of late operations left open.
  int Write(const WorkloadDay& day);
  // The source's committed state, which must be what the workload committed
  // (the open transaction invisible), so a harness slip cannot pass as
  // strata's. After Write, the late operations count as committed from here.
  SimTable RecordTruth(const std::string& where);
  void CommitLate();

 private:
  void Apply(const AccountOp& op);

  SimSource& source_;
  SimTable intended_;
  std::vector<const AccountOp*> late_;
  bool open_ = false;
};

}  // namespace strata::test
