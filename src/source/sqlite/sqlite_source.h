#pragma once
// SqliteSource reads tables of a SQLite database file (sqlite:///abs/path.db
// or sqlite:relative/path.db). The database is opened read-only; each reader
// opens its own connection, so channels read in parallel. Declared column
// types map to warehouse types by SQLite's affinity rules (see README).
// Values arrive as SQLite stores them (integer, real, text, blob); sync/
// converts and checks them. Verify's queries run on one more connection,
// in one read transaction held until the source is destroyed (its snapshot;
// a file not in WAL mode keeps writers out meanwhile), with the functions
// of sqlite_verify_functions.h; one query at a time.

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/sqlite/sqlite_db.h"
#include "source/source.h"

namespace strata {

class SqliteSource : public Source {
 public:
  explicit SqliteSource(std::filesystem::path file);

  SourceTable Describe(const ReadSpec& spec) override;
  // A table's rows (after its `where`) counted exactly; nullopt for a query,
  // which counting would run twice, joins and all.
  std::optional<RowEstimate> EstimateRows(const ReadSpec& spec) override;
  std::vector<Split> PlanSplits(const ReadSpec& spec, int channels) override;
  std::unique_ptr<SplitReader> Open(const ReadSpec& spec, const Split& split) override;

  std::string SqlDialect() const override { return "sqlite"; }
  std::string ReadFromSql(const ReadSpec& spec, const std::string& predicate) override;
  TextRows QueryInSnapshot(const ReadSpec& spec, const std::string& sql) override;
  int64_t QueryBytesRead() const override { return query_bytes_; }

 private:
  std::filesystem::path file_;
  std::mutex verify_mu_;
  std::unique_ptr<SqliteDb> verify_db_;  // opened by the first QueryInSnapshot
  std::atomic<int64_t> query_bytes_{0};
};

// The warehouse type for a SQLite declared type ("varchar(50)" -> string,
// "int" -> bigint, "decimal(12,2)" -> decimal(12,2), "datetime" -> datetime).
ColumnType SqliteTypeToWarehouse(std::string_view declared);

}  // namespace strata
