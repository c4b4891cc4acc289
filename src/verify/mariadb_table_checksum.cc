#include "verify/mariadb_table_checksum.h"

#include <algorithm>
#include <thread>

#include "core/ascii_case.h"
#include "core/names.h"
#include "source/mysql/mysql_capture_table.h"
#include "source/mysql/mysql_record_format.h"

namespace strata {
namespace {

using Form = MysqlRecordForm;

std::string Text(const std::optional<std::string>& v) {
  return v.value_or("");
}

int Int(const std::optional<std::string>& v) {
  return v ? std::stoi(*v) : 0;
}

bool IsVariable(const std::string& data_type) {
  std::string t = AsciiLower(data_type);
  return t == "varchar" || t == "varbinary" || t.ends_with("text") || t.ends_with("blob");
}

std::string Layout(const MysqlRecordColumn& c) {
  return std::to_string(static_cast<int>(c.form)) + "." + std::to_string(c.a) + "." +
         std::to_string(c.b);
}

// An ENUM's label number or a SET's label bits, from the label text.
std::string LabelsValue(Form form, const std::string& column_type, const std::string& c) {
  std::vector<std::string> labels = MysqlEnumLabels(column_type);
  std::string out;
  for (size_t i = 0; i < labels.size(); ++i) {
    std::string label = QuoteLiteral(labels[i]);
    if (form == Form::kEnum) {
      out += " WHEN " + label + " THEN " + std::to_string(i + 1);
    } else {
      // Bit 63 as the BIGINT whose bits it is.
      std::string bit = i == 63 ? "(-9223372036854775807 - 1)" : std::to_string(int64_t{1} << i);
      out += " + CASE WHEN list_contains(string_split(" + c + ", ','), " + label + ") THEN " + bit +
             " ELSE 0 END";
    }
  }
  if (form == Form::kEnum) return "CAST(CASE " + c + out + " WHEN '' THEN 0 END AS BIGINT)";
  return "CASE WHEN " + c + " IS NOT NULL THEN CAST(0 AS BIGINT)" + out + " END";
}

// The warehouse value as strata_my_row_crc takes it for `form` (BIGINT,
// DOUBLE, VARCHAR or BLOB); "" when the warehouse type is not the one the
// sync gives such a column.
std::string WarehouseValue(Form form, const ColumnType& type, const std::string& c) {
  bool integer = form == Form::kLittleEndian || form == Form::kBigEndian || form == Form::kYear;
  if (integer && type.IsInteger()) return "CAST(" + c + " AS BIGINT)";
  // BIGINT UNSIGNED and BIT(64) are DECIMAL(20,0): their bits as a BIGINT.
  if (integer && type.id == TypeId::kDecimal && type.scale == 0)
    return "CAST(CASE WHEN " + c + " >= 9223372036854775808 THEN " + c +
           " - 18446744073709551616 ELSE " + c + " END AS BIGINT)";
  if (form == Form::kDate && type.id == TypeId::kDate)
    return "CAST(" + c + " - DATE '1970-01-01' AS BIGINT)";
  if ((form == Form::kDatetime2 || form == Form::kTimestamp2) && type.IsInstant())
    return "epoch_us(" + c + ")";
  if ((form == Form::kFloat || form == Form::kDouble) &&
      (type.id == TypeId::kFloat || type.id == TypeId::kDouble))
    return "CAST(" + c + " AS DOUBLE)";
  // A decimal of up to 18 digits as its unscaled integer (no text to build
  // and parse); wider ones, and those the warehouse keeps as text, as text.
  if (form == Form::kDecimal && type.id == TypeId::kDecimal && type.precision <= 18) {
    // DuckDB keeps the product in the decimal's width: widen it first when
    // the multiplier's digits would not fit.
    std::string wide = type.precision + type.scale < 18
                           ? c
                           : "CAST(" + c + " AS DECIMAL(38, " + std::to_string(type.scale) + "))";
    return "CAST(" + wide + " * 1" + std::string(static_cast<size_t>(type.scale), '0') +
           " AS BIGINT)";
  }
  if (form == Form::kDecimal && (type.id == TypeId::kDecimal || type.IsText()))
    return "CAST(" + c + " AS VARCHAR)";
  if ((form == Form::kUtf8 || form == Form::kLatin1 || form == Form::kTime2) && type.IsText())
    return c;
  if (form == Form::kBytes && type.id == TypeId::kBinary) return c;
  return "";
}

}  // namespace

MariaDbTableChecksum::MariaDbTableChecksum(VerifySide& source, VerifySide& warehouse,
                                           const ReadSpec& spec, const ComparedColumns& columns)
    : source_(source), warehouse_(warehouse) {
  try {
    if (!Plan(spec, columns)) warehouse_sum_sql_.clear();
  } catch (const std::exception& e) {
    // The buckets will meet whatever this was, and say it.
    Refuse(e.what());
    warehouse_sum_sql_.clear();
  }
}

bool MariaDbTableChecksum::Plan(const ReadSpec& spec, const ComparedColumns& columns) {
  if (source_.dialect() != SqlDialect::kMysql) return Refuse("not a MariaDB source");
  if (!spec.query.empty() || !spec.where.empty() || spec.from || !spec.columns.empty())
    return Refuse("the node reads part of the table");
  // MySQL has no old_mode: ask it only of MariaDB.
  if (Text(source_.Query("SELECT VERSION()").at(0).at(0)).find("MariaDB") == std::string::npos)
    return Refuse("MySQL lays its checksummed rows out otherwise");
  TextRows server = source_.Query("SELECT @@old_mode, DATABASE()");
  if (Text(server.at(0).at(0)).find("COMPAT_5_1_CHECKSUM") != std::string::npos)
    return Refuse("old_mode COMPAT_5_1_CHECKSUM");
  QualifiedName name = ParseQualifiedName(spec.table, "table name");
  std::string db = name.schema.empty() ? Text(server.at(0).at(1)) : name.schema;
  std::string where = " WHERE TABLE_SCHEMA = " + QuoteText(SqlDialect::kMysql, db) +
                      " AND TABLE_NAME = " + QuoteText(SqlDialect::kMysql, name.name);
  TextRows table =
      source_.Query("SELECT ENGINE, CREATE_OPTIONS FROM information_schema.TABLES" + where);
  if (table.empty() || AsciiLower(Text(table[0][0])) != "innodb")
    return Refuse("not an InnoDB table");
  std::string options = AsciiLower(Text(table[0][1]));
  bool dynamic = options.find("row_format=dynamic") != std::string::npos;
  if (!dynamic && options.find("row_format=") != std::string::npos &&
      options.find("row_format=compact") == std::string::npos &&
      options.find("row_format=redundant") == std::string::npos)
    return Refuse("row format " + options);
  TextRows cols = source_.Query(
      "SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, CHARACTER_SET_NAME, "
      "CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION, IS_GENERATED "
      "FROM information_schema.COLUMNS" +
      where + " ORDER BY ORDINAL_POSITION");
  if (cols.size() != columns.source.size()) return Refuse("the node does not read every column");
  table_ = QuoteName(SqlDialect::kMysql, db) + "." + QuoteName(SqlDialect::kMysql, name.name);
  return PlanRecord(cols, columns, dynamic);
}

// The record: null bits first (one per nullable column, in column order,
// after a reserved bit unless rows have variable length; the server sets
// that bit and the last byte's unused ones), then each non-NULL column.
bool MariaDbTableChecksum::PlanRecord(const TextRows& cols, const ComparedColumns& columns,
                                      bool dynamic) {
  bool packed = dynamic;
  for (const auto& c : cols) packed = packed || IsVariable(Text(c[1]));
  int bit = packed ? 0 : 1;
  std::string null_bits, layout, values;
  for (size_t i = 0; i < cols.size(); ++i) {
    const auto& c = cols[i];
    std::string column = "column '" + Text(c[0]) + "'";
    if (!AsciiEqualsIgnoringCase(Text(c[0]), columns.source[i].name) || Text(c[9]) != "NEVER")
      return Refuse(column + " is not read as stored");
    MysqlColumnFacts facts{Text(c[1]), Text(c[2]), Text(c[4]), std::stoll(c[5].value_or("0")),
                           Int(c[6]),  Int(c[7]),  Int(c[8])};
    std::string why;
    std::optional<MysqlRecordColumn> form = MysqlRecordColumnOf(facts, &why);
    if (!form) return Refuse(column + ": " + why);
    std::string wc = QuoteName(SqlDialect::kDuckDb, columns.warehouse[i].name);
    std::string value = form->form == Form::kEnum || form->form == Form::kSet
                            ? LabelsValue(form->form, facts.column_type, wc)
                            : WarehouseValue(form->form, columns.warehouse[i].type, wc);
    if (value.empty()) return Refuse(column + " is stored otherwise");
    if (Text(c[3]) == "YES") {
      if (bit >= 56) return Refuse("more than 55 nullable columns");
      null_bits +=
          " + CASE WHEN " + wc + " IS NULL THEN " + std::to_string(1LL << bit) + " ELSE 0 END";
      ++bit;
    }
    layout += "," + Layout(*form);
    values += ", " + value;
  }
  int null_bytes = (bit + 7) / 8;
  int64_t fixed = packed ? 0 : 1;
  if (bit % 8) fixed |= static_cast<int64_t>(256 - (1 << (bit % 8))) << (8 * (null_bytes - 1));
  MysqlRecordColumn null_form{MysqlRecordForm::kLittleEndian, null_bytes};
  std::string row_crc = "strata_my_row_crc('" + Layout(null_form) + layout + "', CAST(" +
                        std::to_string(fixed) + " AS BIGINT)" + null_bits + values + ")";
  warehouse_sum_sql_ =
      "SELECT COUNT(*), COALESCE(SUM(" + row_crc + "), 0) % 4294967296" + warehouse_.From("");
  return true;
}

bool MariaDbTableChecksum::Refuse(std::string why) {
  why_not_ = std::move(why);
  return false;
}

std::optional<int64_t> MariaDbTableChecksum::EqualRows() {
  if (!usable()) return std::nullopt;
  // The server checksums on one thread, as long as DuckDB's side takes on
  // one; DuckDB's own threads on every core slowed the server's part from
  // 1.85 s to 2.4 s (5,000,000 rows, 2 cores, the server on the same machine).
  std::string threads = Text(warehouse_.Query("SELECT current_setting('threads')").at(0).at(0));
  unsigned cores = std::max(2u, std::thread::hardware_concurrency());
  warehouse_.Query("SET threads = " + std::to_string(cores - 1));
  std::optional<int64_t> rows;
  try {
    auto [s, w] = OnBoth(source_, warehouse_, [&](VerifySide& side) {
      return &side == &source_ ? side.Query("CHECKSUM TABLE " + table_ + " EXTENDED")
                               : side.Query(warehouse_sum_sql_);
    });
    std::optional<std::string> source_sum = s.at(0).at(1), warehouse_sum = w.at(0).at(1);
    if (source_sum && source_sum == warehouse_sum) {
      rows = std::stoll(Text(w.at(0).at(0)));
    } else {
      Refuse("the server's table checksum differs");
      differs_ = source_sum && warehouse_sum;
    }
  } catch (const std::exception& e) {
    // A warehouse value the server's record could not hold; the buckets will show it.
    Refuse(std::string("the table checksum failed: ") + e.what());
  }
  warehouse_.Query("SET threads = " + std::to_string(std::stoi(threads)));
  return rows;
}

}  // namespace strata
