#include "warehouse/warehouse.h"

#include <unistd.h>

#include <algorithm>

#include "core/error.h"
#include "core/names.h"
#include "warehouse/catalog/table_metadata.h"
#include "warehouse/engine/parquet_select.h"
#include "warehouse/merge/as_of.h"
#include "warehouse/repair/catalog_rebuilder.h"
#include "warehouse/storage/staged_select.h"

namespace strata {
namespace fs = std::filesystem;
namespace {

// A view with the table's columns and no rows; `where` filters them.
std::string EmptyView(const TableInfo& t, const std::string& where = "false") {
  Schema all = t.columns;
  all.insert(all.end(), t.partition_columns.begin(), t.partition_columns.end());
  return EmptySelect(all, where);
}

}  // namespace

Warehouse::Warehouse(const fs::path& root, WarehouseOptions options)
    : options_(std::move(options)) {
  read_only_ = fs::exists(root / "_strata") && ::access((root / "_strata").c_str(), W_OK) != 0;
  if (!read_only_) {
    fs::create_directories(root / "_strata");
    fs::permissions(root / "_strata", fs::perms::owner_all);
  }
  CheckCatalog(root, read_only_);
  catalog_ = std::make_unique<Catalog>(root / "_strata" / "catalog.db", read_only_);
  store_ = std::make_unique<PartitionStore>(fs::absolute(root), catalog_.get());
  if (!read_only_) store_->Recover();
  engine_ = std::make_unique<DuckEngine>();
}

bool Warehouse::OwnedHere(const TableInfo& t) const {
  return options_.project.empty() || t.owner.empty() || t.owner == options_.project;
}

void Warehouse::RequireWritable(const std::string& table) {
  if (read_only_)
    throw Error("warehouse " + root().string() + " is read-only: cannot write table '" + table +
                "'");
  auto t = catalog_->FindTable(table);
  if (!t || OwnedHere(*t)) return;
  throw Error("table '" + table + "' belongs to project '" + t->owner + "', not '" +
              options_.project + "': a project writes only its own tables");
}

TableInfo Warehouse::RequireTable(const std::string& name) {
  auto t = catalog_->FindTable(name);
  if (!t) throw Error("table '" + name + "' does not exist");
  return *t;
}

void Warehouse::CreateTable(const TableInfo& table, bool if_not_exists) {
  RequireIdentifier(table.name, "table name");
  RequireWritable(table.name);
  TableInfo owned = table;
  owned.owner = options_.project;
  catalog_->CreateTable(owned, if_not_exists);
  TableInfo now = *catalog_->FindTable(table.name);
  if (now.owner.empty() && !options_.project.empty()) {  // created by an older strata
    catalog_->SetOwner(now.name, options_.project);
    now.owner = options_.project;
  }
  WriteTableMetadata(store_->TableDir(now.name), now);
}

void Warehouse::SetColumns(const std::string& table, const Schema& columns,
                           const std::vector<SchemaChange>& changes,
                           const std::optional<Schema>& source) {
  RequireWritable(table);
  catalog_->SetColumns(table, columns, changes, source);
  WriteTableMetadata(store_->TableDir(table), RequireTable(table));
}

std::string Warehouse::CheckPartitionSpec(const TableInfo& table, const std::string& spec_text) {
  std::string spec;
  size_t i = 0;
  std::string_view rest = spec_text;
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view part = rest.substr(0, slash);
    size_t eq = part.find('=');
    std::string key(part.substr(0, eq == std::string_view::npos ? part.size() : eq));
    if (eq == std::string_view::npos || i >= table.partition_columns.size() ||
        key != table.partition_columns[i].name)
      break;
    std::string value(part.substr(eq + 1));
    RequirePartitionValue(value, "partition value of " + key);
    spec += (spec.empty() ? "" : "/") + key + "=" + value;
    ++i;
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
  }
  if (!rest.empty() || i != table.partition_columns.size()) {
    std::string want;
    for (const auto& c : table.partition_columns) want += (want.empty() ? "" : "/") + c.name + "=…";
    throw Error("partition '" + spec_text + "' does not match table '" + table.name + "' (" +
                (want.empty() ? "it is not partitioned" : "expected " + want) + ")");
  }
  return spec;
}

Warehouse::~Warehouse() {
  AbandonHeld();
}

PartitionInfo Warehouse::WritePartition(const std::string& table, const std::string& spec,
                                        CommitMode mode,
                                        const std::function<int64_t(const StagedPartition&)>& write,
                                        const std::string& table_state, const CarriedFiles* carry) {
  RequireWritable(table);
  StagedWrite* over = holding_ ? FindHeld(table, spec) : nullptr;
  StagedWrite w{store_->Stage(table, spec, mode, carry, over), 0};
  StagedPartition& staged = w.staged;
  staged.table_state = table_state;
  if (!tag_prefix_.empty() && !holding_)
    staged.tag = tag_prefix_ + ":" + std::to_string(tagged_commits_ + 1) + "/" +
                 std::to_string(tag_expected_);
  try {
    w.new_rows = write(staged);
    if (gate_) gate_(staged);
  } catch (...) {
    store_->Abandon(staged);
    throw;
  }
  if (holding_) {
    PartitionInfo p{table, spec, w.rows(), 0, 0, "", staged.commit_id, {}};
    if (over) {
      store_->Abandon(over->staged);
      *over = std::move(w);
    } else {
      held_.push_back(std::move(w));
    }
    return p;
  }
  PartitionInfo p = store_->Commit(staged, w.new_rows);
  if (!staged.tag.empty()) ++tagged_commits_;
  return p;
}

void Warehouse::HoldCommits() {
  if (holding_) throw Error("commits are held already");
  holding_ = true;
}

std::vector<PartitionInfo> Warehouse::PublishHeld() {
  std::vector<StagedWrite> writes = std::move(held_);
  held_.clear();
  holding_ = false;
  if (writes.empty()) return {};
  // The group lands whole or not at all: tagged as n commits of n.
  for (size_t i = 0; i < writes.size() && !tag_prefix_.empty(); ++i)
    writes[i].staged.tag = tag_prefix_ + ":" + std::to_string(tagged_commits_ + i + 1) + "/" +
                           std::to_string(tagged_commits_ + writes.size());
  std::vector<PartitionInfo> out = store_->CommitAll(writes);
  if (!tag_prefix_.empty()) tagged_commits_ += static_cast<int>(writes.size());
  return out;
}

void Warehouse::AbandonHeld() noexcept {
  for (const StagedWrite& w : held_) store_->Abandon(w.staged);
  held_.clear();
  holding_ = false;
}

bool Warehouse::ForgetHeld(const std::string& table, const std::string* spec) noexcept {
  auto gone = [&](const StagedWrite& w) {
    return w.staged.table == table && (!spec || w.staged.spec == *spec);
  };
  bool any = false;
  for (const StagedWrite& w : held_)
    if (gone(w)) {
      store_->Abandon(w.staged);
      any = true;
    }
  held_.erase(std::remove_if(held_.begin(), held_.end(), gone), held_.end());
  return any;
}

StagedWrite* Warehouse::FindHeld(const std::string& table, const std::string& spec) {
  for (StagedWrite& w : held_)
    if (w.staged.table == table && w.staged.spec == spec) return &w;
  return nullptr;
}

void Warehouse::TagCommits(std::string prefix, int expected) {
  tag_prefix_ = std::move(prefix);
  tag_expected_ = expected;
  tagged_commits_ = 0;
}

bool Warehouse::CompletedTaggedWork(const std::string& prefix) {
  for (const auto& tag : catalog_->CommitsTagged(prefix + ":")) {
    std::string_view count = std::string_view(tag).substr(prefix.size() + 1);
    size_t slash = count.find('/');
    if (slash != std::string_view::npos && count.substr(0, slash) == count.substr(slash + 1))
      return true;
  }
  return false;
}

std::string Warehouse::ViewSql(const TableInfo& t) {
  std::string select = PublishedSql(t);
  for (const StagedWrite& w : held_)
    if (w.staged.table == t.name)
      select += (select.empty() ? "" : "\nUNION ALL ") + StagedSelect(t, w.staged);
  return select.empty() ? EmptyView(t) : select;
}

std::string Warehouse::PublishedSql(const TableInfo& t) {
  std::string files;
  // The files the catalog names, not a glob: a glob racing a commit could
  // list part of a folder, while a named file that a commit moved away fails
  // the read (and SqlEngine reads again).
  for (const auto& p : catalog_->ListPartitions(t.name)) {
    if (FindHeld(t.name, p.spec)) continue;  // the held write replaces it
    fs::path dir = store_->PartitionDir(t.name, p.spec);
    if (p.file_names.empty() && p.files > 0) {
      files += (files.empty() ? "" : ", ") + QuoteLiteral((dir / "*.parquet").string());
      continue;
    }
    for (const auto& f : p.file_names)
      files += (files.empty() ? "" : ", ") + QuoteLiteral((dir / f).string());
  }
  if (files.empty()) return "";
  std::string select = CastList(t.columns);
  std::string hive_types;
  for (const auto& c : t.partition_columns) {
    select += ", CAST(" + QuoteIdentifier(c.name) + " AS " + c.type.ToDuckDB() + ") AS " +
              QuoteIdentifier(c.name);
    hive_types += (hive_types.empty() ? "" : ", ") + QuoteLiteral(c.name) + ": 'VARCHAR'";
  }
  std::string opts = t.partition_columns.empty()
                         ? "hive_partitioning = false"
                         : "hive_partitioning = true, hive_types = {" + hive_types + "}";
  std::string read = "read_parquet([" + files + "], " + opts + ", union_by_name = true)";
  // Only tables whose schema changed pay for the union.
  if (!catalog_->SchemaHistory(t.name).empty()) read = WithMissingColumns(read, EmptyView(t));
  return "SELECT " + select + " FROM " + read;
}

void Warehouse::RefreshViews() {
  engine_->Execute(AsOfMacroSql());
  std::set<std::string> now;
  for (const auto& t : catalog_->ListTables()) {
    std::string create = "CREATE OR REPLACE VIEW " + QuoteIdentifier(t.name) + " AS ";
    try {
      engine_->Execute(create + ViewSql(t));
    } catch (const Error& e) {
      std::string why = "table '" + t.name + "' is damaged: " + e.what();
      engine_->Execute(create + EmptyView(t, "error(" + QuoteLiteral(why) + ") IS NULL"));
    }
    now.insert(t.name);
  }
  for (const auto& v : views_)
    if (!now.count(v)) engine_->Execute("DROP VIEW IF EXISTS " + QuoteIdentifier(v));
  views_ = std::move(now);
}

}  // namespace strata
