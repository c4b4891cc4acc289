#pragma once
// The source interface: one implementation per database (source/sqlite,
// later mysql and postgres). As in DataX, each connector has a planning half
// (Describe, PlanSplits: what to read and how to cut it) and a doing half
// (SplitReader: read one split, row by row, into a ValueSink). No source
// knows about the warehouse: it reports values in the few shapes a database
// delivers them, and sync/ converts them to the target column types.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/column_type.h"

namespace strata {

struct SourceColumn {
  std::string name;
  std::string native_type;    // as the database spells it, e.g. "varchar(50)"
  ColumnType warehouse_type;  // the type a new target table gets for it
};

struct SourceTable {
  std::vector<SourceColumn> columns;  // in read order
  std::vector<std::string> primary_key;
};

// What a sync node reads: a table (optionally some columns and a filter) or a query.
// A lower bound a read adds to its filter, `column >= value` (a merge's
// cursor). Each source writes it in its own dialect, quoting the name and
// escaping the value itself: a value that came from data is never spliced
// into a source's SQL by anyone else.
struct CursorBound {
  std::string column;    // as the source names it
  std::string value;     // the bound, as text
  bool integer = false;  // compared as a number: the value is digits, maybe '-' first
  bool operator==(const CursorBound&) const = default;
};

struct ReadSpec {
  std::string table;
  std::vector<std::string> columns;  // empty: all
  std::string where;                 // sent to the server as written (parameters substituted)
  std::optional<CursorBound> from;   // ANDed with `where`
  std::string query;                 // instead of table/columns/where
  std::string split_key;             // empty: the primary key
  bool zero_date_as_null = false;    // MySQL '0000-00-00' and the like: NULL instead of dirty
};

// One piece of the work: an extra predicate on the split key ("" = everything).
struct Split {
  std::string predicate;
  std::string description;  // for logs: "id in [1, 5000)"
};

// Receives the values of one row, column by column, in read order.
class ValueSink {
 public:
  virtual ~ValueSink() = default;
  virtual void Null(int col) = 0;
  virtual void Int(int col, int64_t v) = 0;
  virtual void UInt(int col, uint64_t v) = 0;
  virtual void Double(int col, double v) = 0;
  virtual void Text(int col, std::string_view v) = 0;  // also decimals, dates, times as text
  virtual void Blob(int col, std::string_view v) = 0;

  // Values a source decoded from a binary protocol: days or microseconds
  // since 1970-01-01, and an exact decimal (unscaled digits, scale). A sink
  // that stores the value as it is returns true; false (the default) asks the
  // source to send its text through Text instead, so that every conversion
  // and its dirty-record reason stay in one place.
  virtual bool TakeDate(int /*col*/, int32_t /*days*/) { return false; }
  virtual bool TakeTimestamp(int /*col*/, int64_t /*micros*/) { return false; }
  virtual bool TakeDecimal(int /*col*/, __int128 /*unscaled*/, int /*scale*/) { return false; }
};

// Reads one split. Owns its own connection; used by one thread at a time.
class SplitReader {
 public:
  virtual ~SplitReader() = default;
  // Delivers the next row to `sink` and returns true, or returns false at the end.
  virtual bool Next(ValueSink& sink) = 0;
  // The current row as a JSON object of column -> text, for dirty-data records.
  virtual std::string CurrentRowJson() = 0;
  // Bytes of values read so far (for throughput figures).
  virtual int64_t BytesRead() const = 0;
};

// A small query result: rows of column values as text, NULL as nullopt.
using TextRows = std::vector<std::vector<std::optional<std::string>>>;

// How many rows a read will deliver, as far as the database can say cheaply.
struct RowEstimate {
  int64_t rows = 0;
  bool exact = false;  // a count, not the planner's guess
};

// A connection to one database. Describe, EstimateRows and PlanSplits are
// called once per node; Open may be called from several threads at once.
class Source {
 public:
  virtual ~Source() = default;
  virtual SourceTable Describe(const ReadSpec& spec) = 0;
  // The rows a read of `spec` will deliver, for a progress line's total and
  // ETA; nullopt when the database cannot say cheaply. Never throws and
  // never takes long: a sync must not fail or wait for its progress line.
  virtual std::optional<RowEstimate> EstimateRows(const ReadSpec& /*spec*/) { return std::nullopt; }
  virtual std::vector<Split> PlanSplits(const ReadSpec& spec, int channels) = 0;
  virtual std::unique_ptr<SplitReader> Open(const ReadSpec& spec, const Split& split) = 0;

  // For verify/, which has the source compute counts and checksums in its
  // own SQL. A source that supports it names its dialect ("mysql",
  // "postgres"); the default "" means verify cannot run against it, and the
  // other two then throw Error.
  virtual std::string SqlDialect() const { return ""; }
  // " FROM <table, or (query) AS alias> WHERE (node filter) AND (predicate)":
  // the rows a read of `spec` delivers, narrowed by `predicate` (may be "").
  virtual std::string ReadFromSql(const ReadSpec& spec, const std::string& predicate);
  // Runs `sql`, a read-only query strata built, inside the same snapshot the
  // readers of this source read, and returns its (small) result as text.
  virtual TextRows QueryInSnapshot(const ReadSpec& spec, const std::string& sql);
  // How many QueryInSnapshot calls may run at once (from as many threads),
  // all in the one snapshot; call before the first. Default: one at a time.
  virtual void SetQueryConnections(int /*connections*/) {}
  // Whether the server spreads one query over workers of its own (parallel
  // query): one query over the whole table then beats one per key range,
  // which the server answers with index scans.
  virtual bool ParallelizesQueries() const { return false; }
  // Bytes of values that QueryInSnapshot results carried so far.
  virtual int64_t QueryBytesRead() const { return 0; }
};

// What it takes to reach a database. The password never appears in errors.
struct ConnectionConfig {
  std::string name;
  std::string url;       // sqlite:///abs/path.db, sqlite:relative.db, mysql://…, postgres://…
  std::string password;  // from password_env / password_file; may be empty
  std::string base_dir;  // relative sqlite paths are relative to this
};

// Opens the source a URL names, by its scheme. Throws strata::Error naming the
// connection for an unknown scheme or an unreachable database.
std::unique_ptr<Source> OpenSource(const ConnectionConfig& config);

}  // namespace strata
