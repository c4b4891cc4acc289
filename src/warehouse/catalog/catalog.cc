#include "warehouse/catalog/catalog.h"

#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "warehouse/catalog/table_metadata.h"

namespace strata {
namespace {

constexpr const char* kPragmas = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS tables (
  name TEXT PRIMARY KEY,
  columns TEXT NOT NULL,
  partition_columns TEXT NOT NULL,
  lifecycle INTEGER,
  created_at TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS partitions (
  table_name TEXT NOT NULL,
  spec TEXT NOT NULL,
  rows INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  files INTEGER NOT NULL,
  modified_at TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  file_names TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (table_name, spec));
CREATE TABLE IF NOT EXISTS commits (
  id TEXT PRIMARY KEY,
  staging TEXT NOT NULL,
  table_name TEXT NOT NULL,
  spec TEXT NOT NULL,
  rows INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  files INTEGER NOT NULL,
  modified_at TEXT NOT NULL,
  tag TEXT NOT NULL DEFAULT '',
  file_names TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS commit_log (
  tag TEXT NOT NULL,
  commit_id TEXT NOT NULL,
  table_name TEXT NOT NULL,
  spec TEXT NOT NULL,
  committed_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS commit_log_tag ON commit_log (tag);
CREATE TABLE IF NOT EXISTS table_state (
  table_name TEXT PRIMARY KEY,
  state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS schema_changes (
  table_name TEXT NOT NULL,
  column_name TEXT NOT NULL,
  old_type TEXT NOT NULL,
  new_type TEXT NOT NULL,
  bizdate TEXT NOT NULL,
  node TEXT NOT NULL,
  changed_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS source_schemas (
  table_name TEXT PRIMARY KEY,
  columns TEXT NOT NULL);
)sql";

// Catalogs written before a column existed get it on open.
void AddColumnIfMissing(SqliteDb& db, const char* table, const char* column, const char* decl) {
  SqliteStatement s(db, std::string("SELECT 1 FROM pragma_table_info('") + table +
                            "') WHERE name = '" + column + "'");
  if (!s.Step())
    db.Exec(std::string("ALTER TABLE ") + table + " ADD COLUMN " + column + " " + decl);
}

TableInfo ReadTable(const SqliteStatement& s) {
  TableInfo t;
  t.name = s.Text(0);
  t.columns = SchemaFromJson(s.Text(1));
  t.partition_columns = SchemaFromJson(s.Text(2));
  if (!s.IsNull(3)) t.lifecycle = static_cast<int>(s.Int(3));
  t.created_at = s.Text(4);
  t.owner = s.Text(5);
  return t;
}

// One name a line; "" (catalogs written before names were kept) is unknown.
std::string FileNamesText(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += n + "\n";
  return out;
}
std::vector<std::string> FileNamesFromText(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    out.push_back(text.substr(start, nl - start));
  return out;
}

PartitionInfo ReadPartition(const SqliteStatement& s, int first) {
  PartitionInfo p;
  p.table = s.Text(first);
  p.spec = s.Text(first + 1);
  p.rows = s.Int(first + 2);
  p.bytes = s.Int(first + 3);
  p.files = s.Int(first + 4);
  p.modified_at = s.Text(first + 5);
  p.file_names = FileNamesFromText(s.Text(first + 6));
  return p;
}

constexpr const char* kTableCols = "name, columns, partition_columns, lifecycle, created_at, owner";
constexpr const char* kPartCols = "table_name, spec, rows, bytes, files, modified_at, file_names";

}  // namespace

std::string UtcNowIso() {
  std::time_t now = static_cast<std::time_t>(Clock::Now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Catalog::Catalog(const std::filesystem::path& file, bool read_only)
    : db_(file, read_only ? SqliteDb::Mode::kImmutable : SqliteDb::Mode::kReadWriteCreate) {
  if (read_only) return;
  db_.EnableWal();  // retries the switch two processes would deadlock on
  db_.Exec(kPragmas);
  // One transaction, so that processes opening a new or older catalog at the
  // same time do not both add a column.
  SqliteTransaction(db_, [&] {
    db_.Exec(kSchema);
    AddColumnIfMissing(db_, "commits", "tag", "TEXT NOT NULL DEFAULT ''");
    AddColumnIfMissing(db_, "commits", "file_names", "TEXT NOT NULL DEFAULT ''");
    AddColumnIfMissing(db_, "partitions", "file_names", "TEXT NOT NULL DEFAULT ''");
    AddColumnIfMissing(db_, "tables", "owner", "TEXT NOT NULL DEFAULT ''");
    AddColumnIfMissing(db_, "commits", "table_state", "TEXT NOT NULL DEFAULT ''");
    AddColumnIfMissing(db_, "commits", "group_id", "TEXT NOT NULL DEFAULT ''");
  });
}

std::optional<TableInfo> Catalog::FindTable(const std::string& name) {
  SqliteStatement s(db_, std::string("SELECT ") + kTableCols + " FROM tables WHERE name = ?");
  s.Bind(1, name);
  if (!s.Step()) return std::nullopt;
  return ReadTable(s);
}

std::vector<TableInfo> Catalog::ListTables() {
  SqliteStatement s(db_, std::string("SELECT ") + kTableCols + " FROM tables ORDER BY name");
  std::vector<TableInfo> out;
  while (s.Step()) out.push_back(ReadTable(s));
  return out;
}

void Catalog::CreateTable(const TableInfo& t, bool if_not_exists) {
  // OR IGNORE: two writers creating the same new table at once both succeed.
  SqliteStatement s(db_, std::string("INSERT ") + (if_not_exists ? "OR IGNORE " : "") +
                             "INTO tables (" + kTableCols + ") VALUES (?, ?, ?, ?, ?, ?)");
  s.Bind(1, t.name).Bind(2, SchemaToJson(t.columns)).Bind(3, SchemaToJson(t.partition_columns));
  if (t.lifecycle) s.Bind(4, static_cast<int64_t>(*t.lifecycle));
  s.Bind(5, t.created_at.empty() ? UtcNowIso() : t.created_at).Bind(6, t.owner);
  if (!if_not_exists && FindTable(t.name)) throw Error("table '" + t.name + "' already exists");
  s.Run();
}

void Catalog::SetLifecycle(const std::string& table, std::optional<int> days) {
  SqliteStatement s(db_, "UPDATE tables SET lifecycle = ? WHERE name = ?");
  if (days) s.Bind(1, static_cast<int64_t>(*days));
  s.Bind(2, table).Run();
}

void Catalog::SetOwner(const std::string& table, const std::string& owner) {
  SqliteStatement(db_, "UPDATE tables SET owner = ? WHERE name = ?")
      .Bind(1, owner)
      .Bind(2, table)
      .Run();
}

void Catalog::DropTable(const std::string& name) {
  SqliteTransaction(db_, [&] {
    SqliteStatement(db_, "DELETE FROM partitions WHERE table_name = ?").Bind(1, name).Run();
    SqliteStatement(db_, "DELETE FROM tables WHERE name = ?").Bind(1, name).Run();
    SqliteStatement(db_, "DELETE FROM table_state WHERE table_name = ?").Bind(1, name).Run();
    SqliteStatement(db_, "DELETE FROM schema_changes WHERE table_name = ?").Bind(1, name).Run();
    SqliteStatement(db_, "DELETE FROM source_schemas WHERE table_name = ?").Bind(1, name).Run();
  });
}

std::vector<PartitionInfo> Catalog::ListPartitions(const std::string& table) {
  SqliteStatement s(db_, std::string("SELECT ") + kPartCols + ", commit_id FROM partitions " +
                             "WHERE table_name = ? ORDER BY spec");
  s.Bind(1, table);
  std::vector<PartitionInfo> out;
  while (s.Step()) {
    out.push_back(ReadPartition(s, 0));
    out.back().commit_id = s.Text(7);
  }
  return out;
}

std::optional<PartitionInfo> Catalog::FindPartition(const std::string& table,
                                                    const std::string& spec) {
  for (auto& p : ListPartitions(table))
    if (p.spec == spec) return p;
  return std::nullopt;
}

void Catalog::DeletePartition(const std::string& table, const std::string& spec) {
  SqliteStatement(db_, "DELETE FROM partitions WHERE table_name = ? AND spec = ?")
      .Bind(1, table)
      .Bind(2, spec)
      .Run();
}

void Catalog::PrepareCommit(const PendingCommit& c) {
  PrepareCommits({c});
}

void Catalog::PrepareCommits(const std::vector<PendingCommit>& commits) {
  SqliteTransaction(db_, [&] {
    for (const PendingCommit& c : commits) {
      SqliteStatement s(db_,
                        "INSERT INTO commits (id, staging, table_name, spec, rows, bytes, files, "
                        "modified_at, tag, file_names, table_state, group_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      s.Bind(1, c.id).Bind(2, c.staging).Bind(3, c.result.table).Bind(4, c.result.spec);
      s.Bind(5, c.result.rows).Bind(6, c.result.bytes).Bind(7, c.result.files);
      s.Bind(8, c.result.modified_at).Bind(9, c.tag).Bind(10, FileNamesText(c.result.file_names));
      s.Bind(11, c.table_state).Bind(12, c.group).Run();
    }
  });
}

void Catalog::FinishCommit(const PendingCommit& c) {
  FinishCommits({c});
}

void Catalog::FinishCommits(const std::vector<PendingCommit>& commits) {
  SqliteTransaction(db_, [&] {
    for (const PendingCommit& c : commits) LandCommit(c);
  });
}

void Catalog::LandCommit(const PendingCommit& c) {
  SqliteStatement s(db_,
                    "INSERT OR REPLACE INTO partitions (table_name, spec, rows, bytes, files, "
                    "modified_at, commit_id, file_names) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s.Bind(1, c.result.table).Bind(2, c.result.spec).Bind(3, c.result.rows);
  s.Bind(4, c.result.bytes).Bind(5, c.result.files).Bind(6, c.result.modified_at);
  s.Bind(7, c.id).Bind(8, FileNamesText(c.result.file_names)).Run();
  SqliteStatement(db_, "DELETE FROM commits WHERE id = ?").Bind(1, c.id).Run();
  if (!c.table_state.empty())
    SqliteStatement(db_, "INSERT OR REPLACE INTO table_state VALUES (?, ?)")
        .Bind(1, c.result.table)
        .Bind(2, c.table_state)
        .Run();
  if (c.tag.empty()) return;
  SqliteStatement log(db_, "INSERT INTO commit_log VALUES (?, ?, ?, ?, ?)");
  log.Bind(1, c.tag).Bind(2, c.id).Bind(3, c.result.table).Bind(4, c.result.spec);
  log.Bind(5, UtcNowIso()).Run();
}

void Catalog::SetColumns(const std::string& table, const Schema& columns,
                         const std::vector<SchemaChange>& changes,
                         const std::optional<Schema>& source) {
  SqliteTransaction(db_, [&] {
    SqliteStatement(db_, "UPDATE tables SET columns = ? WHERE name = ?")
        .Bind(1, SchemaToJson(columns))
        .Bind(2, table)
        .Run();
    if (source)
      SqliteStatement(db_, "INSERT OR REPLACE INTO source_schemas VALUES (?, ?)")
          .Bind(1, table)
          .Bind(2, SchemaToJson(*source))
          .Run();
    for (const auto& c : changes) {
      SqliteStatement s(db_, "INSERT INTO schema_changes VALUES (?, ?, ?, ?, ?, ?, ?)");
      s.Bind(1, table).Bind(2, c.column).Bind(3, c.old_type).Bind(4, c.new_type);
      s.Bind(5, c.bizdate).Bind(6, c.node).Bind(7, UtcNowIso()).Run();
    }
  });
}

std::optional<Schema> Catalog::SourceSchema(const std::string& table) {
  SqliteStatement s(db_, "SELECT columns FROM source_schemas WHERE table_name = ?");
  s.Bind(1, table);
  if (!s.Step()) return std::nullopt;
  return SchemaFromJson(s.Text(0));
}

std::vector<SchemaChange> Catalog::SchemaHistory(const std::string& table) {
  SqliteStatement s(db_,
                    "SELECT column_name, old_type, new_type, bizdate, node, changed_at "
                    "FROM schema_changes WHERE table_name = ? ORDER BY rowid");
  s.Bind(1, table);
  std::vector<SchemaChange> out;
  while (s.Step())
    out.push_back({table, s.Text(0), s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5)});
  return out;
}

void Catalog::SetTableState(const std::string& table, const std::string& state) {
  SqliteStatement(db_, "INSERT OR REPLACE INTO table_state VALUES (?, ?)")
      .Bind(1, table)
      .Bind(2, state)
      .Run();
}

std::string Catalog::TableState(const std::string& table) {
  SqliteStatement s(db_, "SELECT state FROM table_state WHERE table_name = ?");
  s.Bind(1, table);
  return s.Step() ? s.Text(0) : std::string();
}

std::vector<std::string> Catalog::CommitsTagged(const std::string& prefix) {
  SqliteStatement s(db_, "SELECT tag FROM commit_log WHERE substr(tag, 1, ?) = ? ORDER BY rowid");
  s.Bind(1, static_cast<int64_t>(prefix.size())).Bind(2, prefix);
  std::vector<std::string> out;
  while (s.Step()) out.push_back(s.Text(0));
  return out;
}

void Catalog::ForgetCommit(const std::string& id) {
  SqliteStatement(db_, "DELETE FROM commits WHERE id = ?").Bind(1, id).Run();
}

std::vector<PendingCommit> Catalog::PendingCommits() {
  SqliteStatement s(db_, std::string("SELECT ") + kPartCols +
                             ", id, staging, tag, table_state, group_id FROM commits ORDER BY id");
  std::vector<PendingCommit> out;
  while (s.Step()) {
    PendingCommit c;
    c.result = ReadPartition(s, 0);
    c.id = s.Text(7);
    c.staging = s.Text(8);
    c.tag = s.Text(9);
    c.table_state = s.Text(10);
    c.group = s.Text(11);
    c.result.commit_id = c.id;
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace strata
