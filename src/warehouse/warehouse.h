#pragma once
// Warehouse is one local warehouse folder: the catalog, the Parquet files in
// Hive layout, and the DuckDB engine that reads them. Opening it recovers any
// commit a crash interrupted. It is the one door through which sync/ and the
// SQL engine change tables and partitions. Not thread-safe: one per process
// thread; several processes may open the same folder.

#include <filesystem>
#include <functional>
#include <memory>
#include <set>
#include <string>

#include "warehouse/catalog/catalog.h"
#include "warehouse/engine/duckdb_engine.h"
#include "warehouse/storage/partition_store.h"

namespace strata {

struct WarehouseOptions {
  // The project that writes through this Warehouse. A table records the
  // project that created it, and another project's writes are refused. ""
  // (tools, tests) writes any table and claims none.
  std::string project;
};

class Warehouse {
 public:
  // Creates the folder and its catalog when missing. Throws if the catalog
  // is missing, empty or corrupt while table folders exist (CheckCatalog).
  // A warehouse whose folder this process cannot write is opened read-only:
  // reading works, every write throws "… is read-only".
  explicit Warehouse(const std::filesystem::path& root, WarehouseOptions options = {});
  // Throws away commits still held (HoldCommits).
  ~Warehouse();
  Warehouse(const Warehouse&) = delete;
  Warehouse& operator=(const Warehouse&) = delete;

  Catalog& catalog() { return *catalog_; }
  PartitionStore& store() { return *store_; }
  DuckEngine& engine() { return *engine_; }
  const std::filesystem::path& root() const { return store_->root(); }
  std::filesystem::path DirtyDir() const { return root() / "_strata" / "dirty"; }

  bool read_only() const { return read_only_; }
  // Throws if the table does not exist, naming it.
  TableInfo RequireTable(const std::string& name);
  // Throws unless this Warehouse may change `table`: not read-only, and the
  // table is not owned by another project.
  void RequireWritable(const std::string& table);
  // Whether `table` is this project's (or nobody's) to change.
  bool OwnedHere(const TableInfo& table) const;
  // Creates the table; with if_not_exists an existing table is kept as is.
  void CreateTable(const TableInfo& table, bool if_not_exists);
  // The table's data columns become `columns` (Catalog::SetColumns), and its
  // _strata_table.json follows. Old files stay as they are: the view reads
  // them by name and casts to the new types.
  void SetColumns(const std::string& table, const Schema& columns,
                  const std::vector<SchemaChange>& changes,
                  const std::optional<Schema>& source = std::nullopt);

  // Builds the partition spec "ds=20161114/hh=01" from `spec_text`, checking
  // it names exactly the table's partition columns, in order.
  std::string CheckPartitionSpec(const TableInfo& table, const std::string& spec_text);

  // Stages a write of one partition, lets `write` fill the staging folder
  // (returning the rows it wrote), then commits atomically. If `write` throws,
  // nothing changes and the exception propagates. A `table_state` lands in
  // the same catalog transaction as the partition (Catalog::TableState). An
  // append keeps only `carry`'s files when it is given (PartitionStore::Stage).
  PartitionInfo WritePartition(const std::string& table, const std::string& spec, CommitMode mode,
                               const std::function<int64_t(const StagedPartition&)>& write,
                               const std::string& table_state = "",
                               const CarriedFiles* carry = nullptr);

  // From now on, WritePartition() stages, writes and gates each partition
  // but holds it instead of publishing it, and returns the partition as it
  // will be. Views (RefreshViews) read a held partition's staged files, and a
  // later write of the same partition builds on them (an append keeps its
  // rows). Nothing is visible to any other reader until PublishHeld(), which
  // publishes every held partition as one commit (PartitionStore::CommitAll):
  // a node's writes, all or nothing. Throws if commits are held already.
  void HoldCommits();
  // Publishes what is held, all together, and stops holding. Returns the
  // partitions as published, in the order first written. On a throw nothing
  // of it is published (or the next open completes all of it).
  std::vector<PartitionInfo> PublishHeld();
  // Throws away what is held and stops holding.
  void AbandonHeld() noexcept;
  // Forgets the held writes of `table` (of its partition `spec`, if given),
  // which a DROP is removing; whether there was one.
  bool ForgetHeld(const std::string& table, const std::string* spec = nullptr) noexcept;

  // From now on `gate` sees every staged partition after its files are
  // written and before it is published (quality rules, quality/): if it
  // throws, the staging is abandoned and nothing changes. Empty: no gate.
  void SetCommitGate(std::function<void(const StagedPartition&)> gate) { gate_ = std::move(gate); }

  // From now on, commit number i of this Warehouse is tagged
  // "<prefix>:<i>/<expected>" in the catalog's commit log: `expected` is how
  // many commits the work will make when it completes.
  void TagCommits(std::string prefix, int expected);
  // Whether the work tagged `prefix` made all its commits (its last one landed).
  bool CompletedTaggedWork(const std::string& prefix);

  // While alive, this Warehouse's commits carry no tag and do not count:
  // for commits that a rerun makes again harmlessly (a capture storing the
  // log), which must not look like the tagged work's completion.
  class UntaggedCommits {
   public:
    explicit UntaggedCommits(Warehouse& wh) : wh_(wh), prefix_(std::move(wh.tag_prefix_)) {
      wh.tag_prefix_.clear();
    }
    ~UntaggedCommits() { wh_.tag_prefix_ = std::move(prefix_); }
    UntaggedCommits(const UntaggedCommits&) = delete;
    UntaggedCommits& operator=(const UntaggedCommits&) = delete;

   private:
    Warehouse& wh_;
    std::string prefix_;
  };

  // Makes every table visible to SQL as a view over its current files. A
  // table whose files cannot be read gets a view that fails with "table 't'
  // is damaged: …" when queried, so SQL over the other tables still works.
  // Also defines the as_of() macro (warehouse/merge/as_of.h).
  void RefreshViews();

 private:
  std::string ViewSql(const TableInfo& table);
  // The published files of `table`'s partitions that nothing held replaces,
  // as a SELECT; "" when there are none.
  std::string PublishedSql(const TableInfo& table);
  // The held write of `table`'s partition `spec`, or null.
  StagedWrite* FindHeld(const std::string& table, const std::string& spec);

  WarehouseOptions options_;
  bool read_only_ = false;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<PartitionStore> store_;
  std::unique_ptr<DuckEngine> engine_;
  std::set<std::string> views_;  // views created in engine_, to drop when their table goes
  std::function<void(const StagedPartition&)> gate_;  // see SetCommitGate
  std::string tag_prefix_;                            // see TagCommits
  int tag_expected_ = 0;
  int tagged_commits_ = 0;
  bool holding_ = false;           // see HoldCommits
  std::vector<StagedWrite> held_;  // in the order first written
};

}  // namespace strata
