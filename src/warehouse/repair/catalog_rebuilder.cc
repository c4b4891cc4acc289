#include "warehouse/repair/catalog_rebuilder.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>

#include "core/error.h"
#include "core/names.h"
#include "core/sqlite/sqlite_db.h"
#include "warehouse/catalog/catalog.h"
#include "warehouse/catalog/table_metadata.h"
#include "warehouse/engine/duckdb_engine.h"
#include "warehouse/storage/partition_store.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

fs::path CatalogFile(const fs::path& root) {
  return root / "_strata" / "catalog.db";
}

// "" when the catalog opens and holds strata's table list.
std::string CatalogDamage(const fs::path& file, bool read_only) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return "is missing";
  if (fs::file_size(file, ec) == 0) return "is empty";
  try {
    SqliteDb db(file, read_only ? SqliteDb::Mode::kImmutable : SqliteDb::Mode::kReadOnly);
    // Cheap enough for every open: a file that is not SQLite fails here; a
    // damaged page deeper in fails the command that reads it, loudly.
    SqliteStatement tables(db, "SELECT count(*) FROM sqlite_master WHERE name = 'tables'");
    if (!tables.Step() || tables.Int(0) != 1) return "holds no table list";
  } catch (const Error& e) {
    return std::string("is corrupt (") + e.what() + ")";
  }
  return "";
}

std::vector<std::string> ParquetFiles(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".parquet")
      out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The partition folders below `dir`, as specs ("ds=1/hh=2"), `depth` levels down.
void FindPartitions(const fs::path& dir, const std::string& spec, int depth,
                    std::vector<std::string>* out) {
  if (depth == 0) {
    out->push_back(spec);
    return;
  }
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string name = e.path().filename().string();
    if (e.is_directory() && name.find('=') != std::string::npos && name[0] != '_')
      FindPartitions(e.path(), spec.empty() ? name : spec + "/" + name, depth - 1, out);
  }
}

// When the partition was committed: the time its commit marker records, else
// (a folder strata did not write) the folder's modification time.
std::string ModifiedAt(const fs::path& dir) {
  std::ifstream marker(dir / kCommitMarkerFile);
  std::string id, at;
  if (std::getline(marker, id) && std::getline(marker, at) && !at.empty()) return at;
  auto t = fs::last_write_time(dir);
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::file_clock::to_sys(t).time_since_epoch());
  std::time_t tt = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string FileList(const fs::path& dir, const std::vector<std::string>& files) {
  std::string out;
  for (const auto& f : files) out += (out.empty() ? "" : ", ") + QuoteLiteral((dir / f).string());
  return "[" + out + "]";
}

// A table whose folder has no metadata file: columns from a Parquet file's
// schema, partition columns (as strings) from the folder names.
TableInfo InferTable(const std::string& name, const fs::path& dir, DuckEngine& engine) {
  TableInfo t;
  t.name = name;
  fs::path at = dir;
  while (ParquetFiles(at).empty()) {
    std::optional<fs::path> next;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(at, ec))
      if (e.is_directory() && e.path().filename().string().find('=') != std::string::npos)
        next = e.path();
    if (!next) throw Error("table folder " + dir.string() + " holds no Parquet file to learn from");
    std::string key = next->filename().string();
    t.partition_columns.push_back({key.substr(0, key.find('=')), *ParseColumnType("string")});
    at = *next;
  }
  auto cols = engine.DescribeQuery("SELECT * FROM read_parquet(" +
                                   QuoteLiteral((at / ParquetFiles(at).front()).string()) +
                                   ", hive_partitioning = false)");
  for (const auto& [col, duck] : cols) {
    std::string type = duck == "INTEGER"                    ? "int"
                       : duck == "VARCHAR"                  ? "string"
                       : duck == "TIMESTAMP"                ? "datetime"
                       : duck == "TIMESTAMP WITH TIME ZONE" ? "timestamp"
                       : duck == "BLOB"                     ? "binary"
                                                            : duck;
    std::transform(type.begin(), type.end(), type.begin(), ::tolower);
    auto parsed = ParseColumnType(type);
    if (!parsed) throw Error("table " + name + ": column " + col + " has type " + duck);
    t.columns.push_back({col, *parsed});
  }
  return t;
}

void AddPartitions(const fs::path& root, const TableInfo& t, Catalog& catalog, DuckEngine& engine,
                   RebuildReport* report) {
  std::vector<std::string> specs;
  FindPartitions(root / t.name, "", static_cast<int>(t.partition_columns.size()), &specs);
  for (const auto& spec : specs) {
    fs::path dir = spec.empty() ? root / t.name : root / t.name / spec;
    PendingCommit c;
    c.result.file_names = ParquetFiles(dir);
    if (c.result.file_names.empty()) {
      report->lost.push_back(t.name + (spec.empty() ? "" : " " + spec) + ": no data files");
      continue;
    }
    c.result.table = t.name;
    c.result.spec = spec;
    c.result.files = static_cast<int64_t>(c.result.file_names.size());
    for (const auto& f : c.result.file_names)
      c.result.bytes += static_cast<int64_t>(fs::file_size(dir / f));
    auto n = engine.Query("SELECT count(*) FROM read_parquet(" +
                          FileList(dir, c.result.file_names) + ")");
    c.result.rows = std::stoll(*n.rows.at(0).at(0));
    c.result.modified_at = ModifiedAt(dir);
    c.id = "rebuilt-" + t.name + "-" + std::to_string(report->partitions);
    catalog.FinishCommit(c);
    ++report->partitions;
    report->rows += c.result.rows;
  }
}

}  // namespace

std::vector<std::string> TableFolders(const fs::path& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root, ec)) {
    std::string name = e.path().filename().string();
    if (e.is_directory() && name[0] != '_' && name[0] != '.') out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

void CheckCatalog(const fs::path& root, bool read_only) {
  auto tables = TableFolders(root);
  if (tables.empty()) return;
  std::string damage = CatalogDamage(CatalogFile(root), read_only);
  if (damage.empty()) return;
  std::string names;
  for (size_t i = 0; i < tables.size() && i < 5; ++i) names += (i ? ", " : "") + tables[i];
  if (tables.size() > 5) names += ", …";
  throw Error("the warehouse catalog " + CatalogFile(root).string() + " " + damage +
              ", but the warehouse holds table folders (" + names +
              "); strata will not read or write it. Rebuild the catalog from the folders with "
              "`strata catalog rebuild` (the damaged file is kept)");
}

RebuildReport RebuildCatalog(const fs::path& root) {
  RebuildReport report;
  fs::path file = CatalogFile(root);
  fs::path fresh = root / "_strata" / "catalog.rebuild.db";
  fs::create_directories(fresh.parent_path());
  for (const char* ext : {"", "-wal", "-shm"}) fs::remove(fresh.string() + ext);
  DuckEngine engine;
  {
    Catalog catalog(fresh);
    for (const auto& name : TableFolders(root)) {
      auto meta = ReadTableMetadata(root / name);
      if (!meta)
        report.lost.push_back(name + ": no " + std::string(kTableMetadataFile) +
                              "; types read from Parquet, lifecycle and owner unknown");
      TableInfo t = meta ? *meta : InferTable(name, root / name, engine);
      t.name = name;
      catalog.CreateTable(t, false);
      AddPartitions(root, t, catalog, engine, &report);
      ++report.tables;
    }
  }
  if (fs::exists(file)) {
    report.kept_as = file.string() + ".damaged-" + std::to_string(std::time(nullptr));
    for (const char* ext : {"", "-wal", "-shm"})
      if (fs::exists(file.string() + ext)) fs::rename(file.string() + ext, report.kept_as + ext);
  }
  for (const char* ext : {"-wal", "-shm"}) fs::remove(fresh.string() + ext);
  fs::rename(fresh, file);
  return report;
}

}  // namespace strata
