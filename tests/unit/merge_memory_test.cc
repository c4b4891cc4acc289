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

// The bound's settings hold while it lives and the engine's own come back.
TEST(MergeMemory, SettingsHoldForTheBoundAndAreRestoredAfter) {
  std::filesystem::path spill = std::filesystem::temp_directory_path() /
                                ("merge_memory_settings-" + std::to_string(::getpid()));
  DuckEngine engine;
  auto setting = [&](const std::string& name) {
    return engine.Query("SELECT current_setting('" + name + "')::VARCHAR")
        .rows.at(0)
        .at(0)
        .value_or("");
  };
  const std::string names[] = {"memory_limit", "allocator_bulk_deallocation_flush_threshold",
                               "preserve_insertion_order"};
  std::string before[3];
  for (int i = 0; i < 3; ++i) before[i] = setting(names[i]);
  {
    MergeMemory memory(engine, spill);
    EXPECT_EQ(setting(names[0]), "183.1 MiB");  // 192 MB
    EXPECT_EQ(setting(names[1]), "3.8 MiB");    // 4 MB
    EXPECT_EQ(setting(names[2]), "false");
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(setting(names[i]), before[i]) << names[i];
  EXPECT_NE(before[1], "3.8 MiB");
  std::filesystem::remove_all(spill);
}

}  // namespace
}  // namespace strata
