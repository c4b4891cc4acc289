#pragma once
// PgChangeRow delivers the values of one row that logical replication sent
// (pgoutput, text format) to a ValueSink exactly as a snapshot read of the
// same table delivers them. Columns the snapshot selects as they are
// (PgSelect::kAsIs) go through PgTextToWire and then PgDeliver, the snapshot
// path's own decoder. A column the snapshot selects as `col::text` arrives
// as the log sent it when that cast is PostgreSQL's I/O conversion (the
// type's output function, which the log uses too: intervals, timetz, money
// ...). The others (inet's own text() function; `array_to_json(col)::text`
// for arrays) are rendered by the server: one query per row on the borrowed
// `renderer` connection evaluates the snapshot's expression over the value
// cast back to its type, so they come out byte for byte as in a snapshot.
//
// Errors (a value it cannot read, a value the server did not send) throw
// strata::Error naming the column; the caller adds the connection and table.
// Borrows the renderer connection (a normal one, not the replication
// connection); one thread at a time.

#include <string>
#include <vector>

#include "source/postgres/pg_connection.h"
#include "source/postgres/pg_type_map.h"
#include "source/postgres/pgoutput_decoder.h"
#include "source/source.h"

namespace strata {

class PgChangeRow {
 public:
  // Asks `renderer`'s catalog which text casts are plain output.
  PgChangeRow(std::vector<PgColumn> columns, PgConnection& renderer, std::string table_name);

  const std::vector<PgColumn>& columns() const { return columns_; }

  // Sends `tuple`'s values to `sink`. A value the server did not send
  // (unchanged TOASTed, 'u') is taken from `old` when that holds it, else
  // throws strata::Error naming the column and what to do.
  void Deliver(const PgTuple& tuple, const PgTuple* old, ValueSink& sink);
  // The row as a JSON object of column -> text as the server sent it.
  std::string Json(const PgTuple& tuple) const;

 private:
  const PgTupleValue& Resolve(const PgTuple& tuple, const PgTuple* old, size_t i) const;
  // Server-rendered text of the expression columns, by column index.
  std::vector<std::string> Render(const std::vector<const PgTupleValue*>& values);

  std::vector<PgColumn> columns_;
  PgConnection& renderer_;
  std::string table_name_;
  // Whether `column::text` is exactly the type's output (an I/O conversion cast).
  bool TextCastIsOutput(const PgColumn& column);

  std::vector<size_t> rendered_;  // columns rendered by the server, in order
  std::string render_sql_;        // SELECT expr($1::type), ... for those
  std::string scratch_;
};

}  // namespace strata
