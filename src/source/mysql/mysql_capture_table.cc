#include "source/mysql/mysql_capture_table.h"

#include <mysql.h>

#include <algorithm>
#include <cctype>

#include "core/ascii_case.h"
#include "core/error.h"

namespace strata {
namespace {

bool IdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The statement's words and quoted identifiers, lower case.
std::vector<std::string> Identifiers(std::string_view sql) {
  std::vector<std::string> out;
  for (size_t i = 0; i < sql.size();) {
    if (sql[i] == '`') {
      std::string id;
      for (++i; i < sql.size(); ++i) {
        if (sql[i] == '`' && i + 1 < sql.size() && sql[i + 1] == '`')
          id += sql[++i];
        else if (sql[i] == '`')
          break;
        else
          id += sql[i];
      }
      ++i;
      out.push_back(AsciiLower(id));
    } else if (IdentifierChar(sql[i])) {
      size_t start = i;
      while (i < sql.size() && IdentifierChar(sql[i])) ++i;
      out.push_back(AsciiLower(sql.substr(start, i - start)));
    } else {
      ++i;
    }
  }
  return out;
}

// Character sets whose stored bytes are the UTF-8 the snapshot receives, or
// latin1, which the row image decoder converts.
bool Utf8Bytes(const std::string& charset) {
  return charset.empty() || charset == "latin1" || charset == "utf8mb4" || charset == "utf8mb3" ||
         charset == "utf8" || charset == "ascii" || charset == "binary";
}

}  // namespace

std::vector<std::string> MysqlEnumLabels(std::string_view column_type) {
  MysqlType t = ParseMysqlType(column_type);
  std::vector<std::string> out;
  if (t.base != "enum" && t.base != "set") return out;
  std::string_view a = t.args;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != '\'') continue;
    std::string label;
    for (++i; i < a.size(); ++i) {
      if (a[i] == '\'' && i + 1 < a.size() && a[i + 1] == '\'')
        label += a[++i];
      else if (a[i] == '\'')
        break;
      else
        label += a[i];
    }
    out.push_back(std::move(label));
  }
  return out;
}

MysqlCaptureTable::MysqlCaptureTable(MysqlConnection& conn, const ReadSpec& spec)
    : table_(DescribeMysqlTable(conn, spec)) {
  std::string list;
  for (const MysqlColumn& c : table_.all) {
    if (!Utf8Bytes(c.charset))
      throw Error(conn.Describe() + ": table " + label() + " column " + c.name +
                  " has character set " + c.charset +
                  "; change data capture reads only utf8mb4, utf8mb3, ascii, latin1 and binary "
                  "columns");
    list += (list.empty() ? "" : ", ") + QuoteMysqlIdentifier(c.name);
    labels_.push_back(MysqlEnumLabels(c.column_type));
  }
  // The kinds the snapshot reader derives from a result's metadata, from the same metadata.
  std::string sql = "SELECT " + list + " FROM " + table_.from + " LIMIT 0";
  MYSQL* m = conn.handle();
  if (mysql_real_query(m, sql.data(), sql.size()) != 0)
    throw Error(conn.ErrorText("reading the columns of table " + label()));
  MYSQL_RES* res = mysql_store_result(m);
  if (!res) throw Error(conn.ErrorText("reading the columns of table " + label()));
  MYSQL_FIELD* fields = mysql_fetch_fields(res);
  for (unsigned i = 0; i < mysql_num_fields(res); ++i) kinds_.push_back(MysqlFieldKind(fields[i]));
  mysql_free_result(res);
  for (const MysqlColumn& r : table_.read)
    for (size_t i = 0; i < table_.all.size(); ++i)
      if (table_.all[i].name == r.name) {
        read_.push_back(i);
        read_names_.push_back(r.name);
      }
  for (const std::string& k : table_.primary_key) {
    for (size_t i = 0; i < table_.all.size(); ++i)
      if (table_.all[i].name == k) key_.push_back(i);
    bool read = std::find(read_names_.begin(), read_names_.end(), k) != read_names_.end();
    if (!read)
      throw Error(conn.Describe() + ": table " + label() + ": change data capture must read " +
                  "the primary key column " + k + " (columns: leaves it out)");
  }
}

std::vector<MysqlLoggedColumn> MysqlCaptureTable::Logged(std::string_view types,
                                                         std::string_view metadata) const {
  if (types.size() != kinds_.size())
    throw Error("table " + label() + " changed while capturing: the binlog logs " +
                std::to_string(types.size()) + " columns, the table had " +
                std::to_string(kinds_.size()) + "; a new snapshot is needed");
  std::vector<MysqlLoggedColumn> out = ParseMysqlTableMap(types, metadata, label());
  for (size_t i = 0; i < out.size(); ++i) {
    out[i].kind = kinds_[i];
    out[i].labels = labels_[i];
    out[i].latin1 = table_.all[i].charset == "latin1";
  }
  return out;
}

bool MysqlCaptureTable::NamedIn(std::string_view statement, std::string_view database) const {
  std::vector<std::string> ids = Identifiers(statement);
  std::string name = AsciiLower(table_.name), db = AsciiLower(table_.database);
  bool named = false, db_named = AsciiLower(database) == db;
  for (const std::string& id : ids) {
    named = named || id == name;
    db_named = db_named || id == db;
  }
  return named && db_named;
}

}  // namespace strata
