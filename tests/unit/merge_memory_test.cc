// MergeMemory on one engine twice, the first time spilling: a capture run
// bounds memory for its netting and then for its merge, and DuckDB refuses
// to switch a temporary directory it has used, so the second must not try.

#include "warehouse/merge/merge_memory.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace strata {
namespace {

TEST(MergeMemory, ASecondBoundAfterASpillKeepsTheSpillFolder) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("merge_memory_test-" + std::to_string(::getpid()));
  std::filesystem::path spill = dir / "spill";
  DuckEngine engine;
  {
    MergeMemory memory(engine, spill);
    // Far below the sort's needs: it spills to the folder.
    engine.Execute("SET memory_limit = '16MB'");
    engine.Query("SELECT count(*) FROM (SELECT i FROM range(4000000) t(i) ORDER BY hash(i))");
  }
  EXPECT_NO_THROW({
    MergeMemory again(engine, spill);
    engine.Query("SELECT count(*) FROM range(10)");
  });
  QueryResult r = engine.Query("SELECT current_setting('temp_directory')");
  EXPECT_EQ(r.rows.at(0).at(0).value_or(""), spill.string());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace strata
