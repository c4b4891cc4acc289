// ChunkPipeline and WriteParquet: every row of every stream arrives once, the
// queue stays bounded, a stream's failure reaches the caller, and a pipeline
// stopped early neither hangs nor leaks its fillers.

#include "warehouse/ingest/chunk_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>

#include "core/error.h"
#include "warehouse/ingest/parquet_ingest.h"

namespace strata {
namespace {

const Schema kSchema = {{"id", {TypeId::kBigInt}}, {"label", {TypeId::kString}}};

// What the rows of a RangeProducer look like.
struct RowShape {
  int64_t fail_at = -1;    // throw at this row id
  size_t label_bytes = 0;  // pad each label with 'x' to this length
};

// Stream `first`..`first + count - 1`, labelled "row number <id>".
class CountingStream : public RowStream {
 public:
  CountingStream(int64_t first, int64_t count, RowShape shape, std::atomic<int64_t>* filled)
      : next_(first), end_(first + count), shape_(shape), filled_(filled) {}

  idx_t Fill(ChunkWriter& out) override {
    idx_t n = 0;
    for (; n < out.capacity() && next_ < end_; ++n, ++next_) {
      if (next_ == shape_.fail_at) throw Error("source failed at row " + std::to_string(next_));
      std::string label = "row number " + std::to_string(next_);
      if (label.size() < shape_.label_bytes) label.resize(shape_.label_bytes, 'x');
      out.SetInt(0, n, next_);
      out.SetString(1, n, label);
    }
    if (n > 0) ++*filled_;
    return n;
  }

 private:
  int64_t next_;
  int64_t end_;
  RowShape shape_;
  std::atomic<int64_t>* filled_;
};

class RangeProducer : public RowProducer {
 public:
  RangeProducer(int streams, int64_t rows_each, int parallelism, RowShape shape = {})
      : streams_(streams), rows_each_(rows_each), parallelism_(parallelism), shape_(shape) {}

  int Parallelism() const override { return parallelism_; }
  std::unique_ptr<RowStream> NextStream() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (handed_ == streams_) return nullptr;
    int64_t first = handed_++ * rows_each_;
    return std::make_unique<CountingStream>(first, rows_each_, shape_, &filled);
  }

  std::atomic<int64_t> filled{0};  // chunks filled so far

 private:
  std::mutex mu_;
  int streams_;
  int64_t rows_each_;
  int parallelism_;
  RowShape shape_;
  int handed_ = 0;
};

TEST(ChunkPipelineTest, EveryRowOfEveryStreamOnce) {
  RangeProducer producer(5, 10'000, 3);
  ChunkPipeline pipeline(kSchema, producer, 4);
  std::set<int64_t> seen;
  int64_t popped = 0;
  while (duckdb_data_chunk chunk = pipeline.Pop()) {
    ++popped;
    // Bounded: what was filled but not yet popped fits the queue plus one
    // chunk in the hands of each filler.
    EXPECT_LE(producer.filled.load() - popped, 4 + 3);
    auto* ids =
        static_cast<int64_t*>(duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk, 0)));
    for (idx_t i = 0; i < duckdb_data_chunk_get_size(chunk); ++i)
      EXPECT_TRUE(seen.insert(ids[i]).second) << "row " << ids[i] << " twice";
    duckdb_destroy_data_chunk(&chunk);
  }
  ASSERT_EQ(seen.size(), 50'000u);
  EXPECT_EQ(*seen.begin(), 0);
  EXPECT_EQ(*seen.rbegin(), 49'999);
}

TEST(ChunkPipelineTest, StreamFailureReachesPop) {
  RangeProducer producer(4, 10'000, 2, {.fail_at = 25'000});
  ChunkPipeline pipeline(kSchema, producer, 2);
  try {
    while (duckdb_data_chunk chunk = pipeline.Pop()) duckdb_destroy_data_chunk(&chunk);
    FAIL() << "the failure was lost";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "source failed at row 25000");
  }
}

TEST(ChunkPipelineTest, StoppedWhileFillersWaitForRoom) {
  RangeProducer producer(8, 100'000, 2);
  {
    ChunkPipeline pipeline(kSchema, producer, 1);
    duckdb_data_chunk chunk = pipeline.Pop();
    ASSERT_NE(chunk, nullptr);
    duckdb_destroy_data_chunk(&chunk);
    pipeline.Cancel();
    // A cancelled pipeline never passes for a finished one.
    EXPECT_THROW(pipeline.Pop(), Error);
  }  // joins the fillers: returning at all is part of the test
  // One chunk popped, one queued, one in the hands of each of two fillers.
  EXPECT_LE(producer.filled.load(), 4);
}

TEST(ChunkPipelineTest, NoStreamsIsAnEmptyResult) {
  RangeProducer producer(0, 10, 3);
  ChunkPipeline pipeline(kSchema, producer, 2);
  EXPECT_EQ(pipeline.Pop(), nullptr);
  EXPECT_EQ(pipeline.failure(), nullptr);
}

class WriteParquetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("strata_pipeline_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(WriteParquetTest, WritesEveryRowAndTheEngineIsUsableAfter) {
  DuckEngine engine;
  RangeProducer producer(3, 70'000, 2);
  auto file = dir_ / "out.parquet";
  EXPECT_EQ(WriteParquet(engine, kSchema, producer, file), 210'000);
  auto r = engine.Query(
      "SELECT count(*), count(DISTINCT id), sum(id), min(label), "
      "current_setting('preserve_insertion_order') FROM read_parquet('" +
      file.string() + "')");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][0], "210000");
  EXPECT_EQ(r.rows[0][1], "210000");
  EXPECT_EQ(r.rows[0][2], std::to_string(int64_t{209'999} * 210'000 / 2));
  EXPECT_EQ(r.rows[0][3], "row number 0");
  EXPECT_EQ(r.rows[0][4], "true");  // the write's own settings are undone
}

// Wide rows: row groups end at 16 MB, not only at 122,880 rows, so an
// encoder thread never holds more than that.
TEST_F(WriteParquetTest, RowGroupsOfWideRowsStopAtSixteenMegabytes) {
  DuckEngine engine;
  RangeProducer producer(1, 40'000, 1, {.label_bytes = 2000});
  auto file = dir_ / "wide.parquet";
  EXPECT_EQ(WriteParquet(engine, kSchema, producer, file), 40'000);
  auto r = engine.Query(
      "SELECT count(DISTINCT row_group_id), max(row_group_num_rows) FROM "
      "parquet_metadata('" +
      file.string() + "')");
  // 40,000 rows of 2 KB are 80 MB: five row groups or more, each well under
  // the 122,880-row limit.
  EXPECT_GE(std::stoi(*r.rows[0][0]), 5);
  EXPECT_LE(std::stoi(*r.rows[0][1]), 10'000);
}

// DuckDB fails (the folder is missing) while the fillers wait for room: its
// error comes back, and the fillers are stopped rather than left waiting.
TEST_F(WriteParquetTest, EngineFailureStopsTheFillers) {
  DuckEngine engine;
  RangeProducer producer(8, 100'000, 2);
  EXPECT_THROW(WriteParquet(engine, kSchema, producer, dir_ / "missing" / "out.parquet"), Error);
  EXPECT_LT(producer.filled.load(), 800'000 / 2048);
  EXPECT_EQ(engine.Query("SELECT 42").rows[0][0], "42");
}

TEST_F(WriteParquetTest, StreamFailureIsRethrownAsItWas) {
  DuckEngine engine;
  RangeProducer producer(3, 70'000, 2, {.fail_at = 150'001});
  try {
    WriteParquet(engine, kSchema, producer, dir_ / "out.parquet");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "source failed at row 150001");
  }
  EXPECT_EQ(engine.Query("SELECT 42").rows[0][0], "42");
}

}  // namespace
}  // namespace strata
