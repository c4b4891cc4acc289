#pragma once
// Schema discovery for MySQL/MariaDB. A table is described from
// information_schema (COLUMNS for names, COLUMN_TYPE, nullability, character
// set and collation; KEY_COLUMN_USAGE for the primary key, in key order); a
// query from the metadata of the prepared statement (the query is prepared,
// never run). Promises: a missing table, a missing column and a query that
// does not prepare are errors naming the connection, the server and the
// object. Stateless functions; the connection is used by the calling thread.

#include <string>
#include <vector>

#include "source/mysql/mysql_connection.h"
#include "source/source.h"

namespace strata {

struct MysqlColumn {
  std::string name;
  std::string column_type;  // "int(10) unsigned", "varchar(20)", "decimal(65,30)"
  bool nullable = true;
  std::string charset;    // strings only
  std::string collation;  // strings only
};

struct MysqlTable {
  std::string from;               // "`db`.`t`", or "" for a query
  std::string database, name;     // the table's, unquoted; "" for a query
  std::vector<MysqlColumn> all;   // every column, in table order
  std::vector<MysqlColumn> read;  // the columns a sync reads, in read order
  std::vector<std::string> primary_key;
};

// Describes spec.table (optionally "db.table") restricted to spec.columns.
MysqlTable DescribeMysqlTable(MysqlConnection& conn, const ReadSpec& spec);
// Describes the result columns of spec.query.
MysqlTable DescribeMysqlQuery(MysqlConnection& conn, const ReadSpec& spec);

// The column called `name` (exact match first, then case-insensitive), or nullptr.
const MysqlColumn* FindMysqlColumn(const std::vector<MysqlColumn>& cols, const std::string& name);

}  // namespace strata
