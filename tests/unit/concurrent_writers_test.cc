// Issue 8.1: writers of different tables, and of different partitions of one
// table, never disturb each other, while other threads open the warehouse
// (which runs recovery) at the same time. Every committed partition's files
// must then agree with the catalog. The stress size is bounded for CI;
// STRATA_STRESS_ROUNDS raises it.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/names.h"
#include "warehouse/sql/sql_engine.h"
#include "warehouse/warehouse.h"

namespace strata {
namespace {
namespace fs = std::filesystem;

int Rounds() {
  const char* v = std::getenv("STRATA_STRESS_ROUNDS");
  return v ? std::atoi(v) : 12;
}

fs::path TempRoot() {
  fs::path p = fs::temp_directory_path() / ("strata-writers-" + std::to_string(::getpid()));
  fs::remove_all(p);
  return p;
}

// Writes `rows` rows of the value `value` into file `index` of a staged partition.
void StageRows(Warehouse& wh, const StagedPartition& s, int64_t rows, int64_t value, int index) {
  wh.engine().Execute("COPY (SELECT " + std::to_string(value) + "::BIGINT AS v FROM range(" +
                      std::to_string(rows) + ")) TO " + QuoteLiteral(s.NewFile(index).string()) +
                      " (FORMAT parquet)");
}

// Writes `rows` rows into one partition; the value of every row is `rows`,
// so a reader can tell which write a file came from.
PartitionInfo WriteRows(Warehouse& wh, const std::string& table, const std::string& spec,
                        int rows) {
  return wh.WritePartition(table, spec, CommitMode::kOverwrite, [&](const StagedPartition& s) {
    StageRows(wh, s, rows, rows, 0);
    return int64_t{rows};
  });
}

TableInfo Table(const std::string& name) {
  return {name, {{"v", *ParseColumnType("bigint")}}, {{"ds", *ParseColumnType("string")}}, {}, {},
          {}};
}

int64_t CountRows(Warehouse& wh, const fs::path& dir) {
  auto r = wh.engine().Query("SELECT count(*) FROM read_parquet(" +
                             QuoteLiteral((dir / "*.parquet").string()) + ")");
  return std::stoll(*r.rows.at(0).at(0));
}

TEST(ConcurrentWriters, ThreadsWritingAndRecoveringNeverCollide) {
  fs::path root = TempRoot();
  constexpr int kWriters = 6;
  {
    Warehouse wh(root);
    for (int t = 0; t < kWriters / 2; ++t) wh.CreateTable(Table("t" + std::to_string(t)), true);
  }
  std::atomic<int> failures{0};
  std::string first_failure;
  std::mutex mu;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(mu);
    if (failures++ == 0) first_failure = what;
  };
  std::vector<std::thread> threads;
  // Two writers per table, each on partitions of its own.
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back([&, w] {
      for (int r = 0; r < Rounds(); ++r) try {
          Warehouse wh(root);  // opening recovers: it must leave live writers alone
          std::string spec = "ds=2024" + std::to_string(1000 + w * 100 + r % 5);
          PartitionInfo p = WriteRows(wh, "t" + std::to_string(w / 2), spec, 10 + r);
          if (p.files != 1 || p.rows != 10 + r) fail("bad commit of " + spec);
        } catch (const std::exception& e) {
          fail(e.what());
        }
    });
  std::atomic<bool> stop{false};
  threads.emplace_back([&] {  // a stream of other commands opening the warehouse
    while (!stop) try {
        Warehouse wh(root);
      } catch (const std::exception& e) {
        fail(e.what());
      }
  });
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  stop = true;
  threads.back().join();
  EXPECT_EQ(failures.load(), 0) << first_failure;

  Warehouse wh(root);
  int partitions = 0;
  for (const auto& t : wh.catalog().ListTables())
    for (const auto& p : wh.catalog().ListPartitions(t.name)) {
      ++partitions;
      fs::path dir = wh.store().PartitionDir(t.name, p.spec);
      int files = 0;
      for (const auto& e : fs::directory_iterator(dir)) files += e.path().extension() == ".parquet";
      EXPECT_EQ(files, p.files) << dir;
      EXPECT_EQ(CountRows(wh, dir), p.rows) << dir;
    }
  EXPECT_EQ(partitions, kWriters * std::min(Rounds(), 5));
  fs::remove_all(root);
}

// A commit whose staged files vanished (removed by anyone) is refused: it
// can never publish a partition without its data.
TEST(ConcurrentWriters, CommitWithMissingFilesIsRefused) {
  fs::path root = TempRoot();
  Warehouse wh(root);
  wh.CreateTable(Table("t"), true);
  WriteRows(wh, "t", "ds=1", 5);
  EXPECT_THROW(wh.WritePartition("t", "ds=1", CommitMode::kOverwrite,
                                 [&](const StagedPartition& s) {
                                   StageRows(wh, s, 1, 1, 0);
                                   fs::remove(s.NewFile(0));
                                   return int64_t{1};
                                 }),
               Error);
  EXPECT_EQ(wh.catalog().FindPartition("t", "ds=1")->rows, 5);
  EXPECT_EQ(CountRows(wh, wh.store().PartitionDir("t", "ds=1")), 5);
  fs::remove_all(root);
}

// One damaged partition folder (its files gone) breaks only its own table.
TEST(ConcurrentWriters, DamagedPartitionBreaksOnlyItsTable) {
  fs::path root = TempRoot();
  Warehouse wh(root);
  wh.CreateTable(Table("bad"), true);
  wh.CreateTable(Table("good"), true);
  WriteRows(wh, "bad", "ds=1", 3);
  WriteRows(wh, "good", "ds=1", 4);
  for (const auto& e : fs::directory_iterator(wh.store().PartitionDir("bad", "ds=1")))
    if (e.path().extension() == ".parquet") fs::remove(e.path());
  wh.RefreshViews();
  EXPECT_EQ(*wh.engine().Query("SELECT count(*) FROM good").rows.at(0).at(0), "4");
  EXPECT_EQ(*wh.engine().Query("SELECT 1").rows.at(0).at(0), "1");
  try {
    wh.engine().Query("SELECT count(*) FROM bad");
    ADD_FAILURE() << "a damaged table read without an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("table 'bad' is damaged"), std::string::npos) << e.what();
  }
  fs::remove_all(root);
}

// Issue 8.4: a reader through strata sees the old partition or the new one,
// never an error and never a mix, while another writer overwrites it.
TEST(ConcurrentWriters, ReadersDuringOverwritesSeeOldOrNew) {
  fs::path root = TempRoot();
  {
    Warehouse wh(root);
    wh.CreateTable(Table("t"), true);
    WriteRows(wh, "t", "ds=1", 1000);
  }
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    Warehouse wh(root);
    for (int r = 0; r < Rounds() * 8 && !stop; ++r)  // several files, so a read spans them
      wh.WritePartition("t", "ds=1", CommitMode::kOverwrite, [&](const StagedPartition& s) {
        int64_t n = 1000 + r % 7;
        for (int f = 0; f < 4; ++f) StageRows(wh, s, n / 4, n, f);
        return n / 4 * 4;
      });
    stop = true;
  });
  Warehouse wh(root);
  SqlEngine sql(&wh);
  int reads = 0, errors = 0, mixes = 0;
  std::string first_error, first_mix;
  while (!stop) try {
      ++reads;
      auto out = sql.RunScript("select count(*), min(v), max(v) from t where ds = '1'", "test");
      const auto& row = out.at(0).result->rows.at(0);
      int64_t count = std::stoll(*row[0]);
      int64_t lo = std::stoll(row[1].value_or("0")), hi = std::stoll(row[2].value_or("0"));
      if ((lo != hi || count != lo / 4 * 4) && mixes++ == 0)
        first_mix =
            *row[0] + " rows, values " + row[1].value_or("NULL") + ".." + row[2].value_or("NULL");
    } catch (const std::exception& e) {
      if (errors++ == 0) first_error = e.what();
    }
  writer.join();
  EXPECT_GT(reads, 10);
  EXPECT_EQ(errors, 0) << first_error;
  EXPECT_EQ(mixes, 0) << first_mix;
  fs::remove_all(root);
}

}  // namespace
}  // namespace strata
