#pragma once
// The statements of a MaxCompute-flavoured SQL script, as strata's SQL nodes
// and `strata sql` run them. strata executes the warehouse DDL/DML itself
// (the structs below) and hands every other statement to DuckDB verbatim
// (Passthrough). A statement that starts like one strata owns (create table,
// drop table, alter table .. drop partition, alter table .. add/change/drop
// column(s), desc, show partitions/tables, insert overwrite, insert into
// table) but does not parse is an error, never a passthrough: DuckDB would
// otherwise run it against the wrong tables.
//
// All names (tables, columns, partition columns) are lower case and have
// passed RequireIdentifier; all partition values passed RequirePartitionValue.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/column_type.h"

namespace strata::sql {

// (ds='20161114', hh='01'), or with dynamic columns (ds='20161114', hh).
// Static columns always precede dynamic ones (MaxCompute's rule).
struct PartitionSpec {
  // value nullopt = dynamic partition column (its values come from the query)
  std::vector<std::pair<std::string, std::optional<std::string>>> parts;

  // True when every column has a value (also when there are no columns).
  bool IsStatic() const;
  // "ds=20161114/hh=01"; "" for no columns. Requires IsStatic(): throws
  // std::logic_error otherwise, since a dynamic spec names no single path.
  std::string ToPath() const;

  friend bool operator==(const PartitionSpec&, const PartitionSpec&) = default;
};

// create table [if not exists] t (col type [comment '..'] [not null], ..)
//   [comment '..'] [partitioned by (col type [comment '..'], ..)] [lifecycle N]
// Comments and "not null" are accepted and dropped (Schema keeps neither).
struct CreateTable {
  std::string name;
  bool if_not_exists = false;
  Schema columns;
  Schema partition_columns;      // string/varchar/char or an integer type
  std::optional<int> lifecycle;  // days, > 0
};

// drop table [if exists] t
struct DropTable {
  std::string name;
  bool if_exists = false;
};

// alter table t drop [if exists] partition (ds='..') [, partition (..)]
struct DropPartition {
  std::string table;
  bool if_exists = false;
  std::vector<PartitionSpec> specs;  // each IsStatic(); at least one
};

// alter table t add columns (c type[, ...])
// alter table t change [column] c c newtype   (a widening; no rename)
// alter table t drop columns c[, ...]         (parentheses allowed)
// "column" for "columns" is accepted too. See warehouse/sql/alter_table.h.
struct AlterColumns {
  enum class Kind { kAdd, kChange, kDrop };
  Kind kind = Kind::kAdd;
  std::string table;
  Schema columns;  // kDrop: names only (types unset)
};

// desc t | describe t | desc table t; "desc t history" lists the table's
// schema changes (added, widened, dropped columns) instead of its columns.
struct DescTable {
  std::string name;
  bool history = false;
};

// show partitions t
struct ShowPartitions {
  std::string name;
};

// show tables
struct ShowTables {};

// insert overwrite table t [partition (..)] <query>
// insert into [table] t [partition (..)] <query>
struct InsertSelect {
  bool overwrite = false;
  std::string table;
  PartitionSpec partition;  // no parts when the statement has no partition clause
  // The query exactly as written: starts with select, with, from, values or
  // '(' and runs to the end of the statement.
  std::string select_sql;
};

// set odps.<name> = <anything>: MaxCompute settings that DataWorks scripts
// carry and that mean nothing to DuckDB.
struct Ignored {
  std::string text;
};

// Anything else: DuckDB runs it as written.
struct Passthrough {
  std::string sql;
};

using StatementBody = std::variant<CreateTable, DropTable, DropPartition, AlterColumns, DescTable,
                                   ShowPartitions, ShowTables, InsertSelect, Ignored, Passthrough>;

struct Statement {
  StatementBody body;
  std::string text;  // as ScriptStatement::text: trimmed, no ';'
  int line = 1;      // where `text` starts in the script, 1-based
  int column = 1;
};

// Parses every statement of `script` (split as SplitScript does). `origin` (a
// file name, or "strata.yaml:12") prefixes error messages, which are thrown
// as strata::Error: "<origin>:<line>:<col>: <what is wrong>, near '<token>'"
// (or ", at end of statement"), the position being the offending token's.
std::vector<Statement> ParseScript(std::string_view script, std::string_view origin);

}  // namespace strata::sql
