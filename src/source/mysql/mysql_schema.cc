#include "source/mysql/mysql_schema.h"

#include <algorithm>

#include "core/ascii_case.h"
#include "core/error.h"
#include "core/names.h"
#include "source/mysql/mysql_type_map.h"

namespace strata {
namespace {

// The database a table lives in: the one named, or the URL's.
std::string ResolveDatabase(MysqlConnection& conn, const std::string& named,
                            const std::string& table) {
  if (!named.empty()) return named;
  MysqlRows r = conn.Query("SELECT DATABASE()");
  if (r.empty() || !r[0][0])
    throw Error(conn.Describe() + ": table '" + table +
                "' names no database; put one in the URL (mysql://user@host/db) or write db.table");
  return *r[0][0];
}

std::vector<MysqlColumn> ReadColumns(MysqlConnection& conn, const std::string& where) {
  std::vector<MysqlColumn> cols;
  for (auto& row : conn.Query("SELECT COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, "
                              "COLLATION_NAME FROM information_schema.COLUMNS WHERE " +
                              where + " ORDER BY ORDINAL_POSITION")) {
    cols.push_back({row[0].value_or(""), row[1].value_or(""), row[2].value_or("") == "YES",
                    row[3].value_or(""), row[4].value_or("")});
  }
  return cols;
}

std::vector<std::string> ReadPrimaryKey(MysqlConnection& conn, const std::string& where) {
  std::vector<std::string> pk;
  for (auto& row : conn.Query("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
                              "WHERE " +
                              where +
                              " AND CONSTRAINT_NAME = 'PRIMARY' "
                              "ORDER BY ORDINAL_POSITION"))
    pk.push_back(row[0].value_or(""));
  return pk;
}

// The columns a node asked for, in its order; all of them if it named none.
std::vector<MysqlColumn> PickColumns(const MysqlConnection& conn, const MysqlTable& t,
                                     const ReadSpec& spec) {
  if (spec.columns.empty()) return t.all;
  std::vector<MysqlColumn> out;
  for (const auto& name : spec.columns) {
    const MysqlColumn* c = FindMysqlColumn(t.all, name);
    if (!c)
      throw Error(conn.Describe() + ": table '" + spec.table + "' has no column '" + name + "'");
    out.push_back(*c);
  }
  return out;
}

}  // namespace

const MysqlColumn* FindMysqlColumn(const std::vector<MysqlColumn>& cols, const std::string& name) {
  for (const auto& c : cols)
    if (c.name == name) return &c;
  for (const auto& c : cols)
    if (AsciiEqualsIgnoringCase(c.name, name)) return &c;
  return nullptr;
}

MysqlTable DescribeMysqlTable(MysqlConnection& conn, const ReadSpec& spec) {
  auto [named_db, name] = ParseQualifiedName(spec.table, "table name");
  std::string db = ResolveDatabase(conn, named_db, spec.table);
  std::string where = "TABLE_SCHEMA = " + conn.Quote(db) + " AND TABLE_NAME = " + conn.Quote(name);
  MysqlTable t;
  t.from = QuoteMysqlIdentifier(db) + "." + QuoteMysqlIdentifier(name);
  t.database = db;
  t.name = name;
  t.all = ReadColumns(conn, where);
  if (t.all.empty())
    throw Error(conn.Describe() + ": table '" + spec.table + "' does not exist in database '" + db +
                "' (or the user may not read it)");
  t.primary_key = ReadPrimaryKey(conn, where);
  t.read = PickColumns(conn, t, spec);
  return t;
}

MysqlTable DescribeMysqlQuery(MysqlConnection& conn, const ReadSpec& spec) {
  MYSQL_STMT* stmt = mysql_stmt_init(conn.handle());
  if (!stmt) throw Error(conn.ErrorText("cannot prepare the query"));
  MysqlTable t;
  std::string error;
  if (mysql_stmt_prepare(stmt, spec.query.data(), spec.query.size()) != 0) {
    error = std::string(mysql_stmt_error(stmt)) + " (error " +
            std::to_string(mysql_stmt_errno(stmt)) + ")";
  } else if (MYSQL_RES* meta = mysql_stmt_result_metadata(stmt)) {
    unsigned n = mysql_num_fields(meta);
    MYSQL_FIELD* fields = mysql_fetch_fields(meta);
    for (unsigned i = 0; i < n; ++i)
      t.all.push_back({std::string(fields[i].name, fields[i].name_length),
                       MysqlFieldTypeName(fields[i]), (fields[i].flags & NOT_NULL_FLAG) == 0, "",
                       ""});
    mysql_free_result(meta);
  } else {
    error = "it returns no rows";
  }
  mysql_stmt_close(stmt);
  if (!error.empty())
    throw Error(conn.Describe() + ": query '" + ShortSql(spec.query) + "' failed: " + error);
  t.read = t.all;
  return t;
}

}  // namespace strata
