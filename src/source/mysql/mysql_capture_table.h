#pragma once
// MysqlCaptureTable is what a binlog change stream knows about its table:
// the schema when the stream was opened (information_schema, the snapshot
// reader's value kind for every column from the metadata of a `LIMIT 0`
// select, ENUM/SET labels from COLUMN_TYPE), which columns a read delivers,
// and whether a logged statement names the table. Promises: construction
// refuses a column whose character set neither stores text as UTF-8 bytes
// nor is latin1 (converted; the binlog carries the stored bytes), naming
// the column, and a read restricted to columns (spec.columns) that leaves
// out a primary key column, naming it (a delete, or the delete half of a key
// update, must carry the key for the warehouse to apply it); Logged()
// refuses a table map whose column count differs from the schema's, naming
// the table (its schema changed). Immutable after construction; thread-safe.

#include <string>
#include <string_view>
#include <vector>

#include "source/mysql/mysql_connection.h"
#include "source/mysql/mysql_row_image.h"
#include "source/mysql/mysql_schema.h"

namespace strata {

class MysqlCaptureTable {
 public:
  // Describes spec.table (optionally "db.table") restricted to spec.columns.
  MysqlCaptureTable(MysqlConnection& conn, const ReadSpec& spec);

  const std::string& database() const { return table_.database; }
  const std::string& name() const { return table_.name; }
  // "db.t", for messages.
  std::string label() const { return table_.database + "." + table_.name; }

  // The logged columns of a TABLE_MAP event of this table, with kinds and labels.
  std::vector<MysqlLoggedColumn> Logged(std::string_view types, std::string_view metadata) const;
  // Table-order indexes of the columns a read delivers, in delivery order.
  const std::vector<size_t>& read() const { return read_; }
  const std::vector<std::string>& read_names() const { return read_names_; }
  // Table-order indexes of the primary key's columns, in key order; empty
  // for a table without a primary key.
  const std::vector<size_t>& key() const { return key_; }

  // True when `statement`, run with default database `database`, names this
  // table (an identifier equal to the table's name, and the database's
  // when the default database is another).
  bool NamedIn(std::string_view statement, std::string_view database) const;

 private:
  MysqlTable table_;
  std::vector<MysqlValueKind> kinds_;             // by table position
  std::vector<std::vector<std::string>> labels_;  // by table position
  std::vector<size_t> read_;
  std::vector<std::string> read_names_;
  std::vector<size_t> key_;
};

// The labels of "enum('a','b')" or "set('x','it''s')", in order; empty for other types.
std::vector<std::string> MysqlEnumLabels(std::string_view column_type);

}  // namespace strata
