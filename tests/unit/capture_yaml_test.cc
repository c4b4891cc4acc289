// `source.capture: log` in strata.yaml: what a capture node may be, and each
// refusal naming the file, line and key.

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.h"
#include "schedule/project.h"

namespace strata {
namespace {

const std::string kHead = R"(name: demo
connections:
  pg: { url: "postgres://etl@127.0.0.1:5432/app" }
nodes:
  - name: n
    type: sync
)";

std::string ErrorOf(const std::string& node) {
  try {
    ParseProject("/tmp", kHead + node);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << node;
  return "";
}

TEST(CaptureYaml, MergeHistoryAndAppendNodesCapture) {
  Project p = ParseProject("/tmp", kHead + R"(    source: { connection: pg, table: t, capture: log }
    target: { table: t_cur, mode: merge }
)");
  EXPECT_TRUE(p.nodes[0].sync.merge.capture_log);
  EXPECT_EQ(p.nodes[0].sync.merge.deletes, MergeDeletes::kKeys);  // the log's deletes, by default
  p = ParseProject("/tmp", kHead + R"(    source: { connection: pg, table: t, capture: log }
    target: { table: t_log, mode: append }
)");
  EXPECT_TRUE(p.nodes[0].sync.merge.capture_log);
  p = ParseProject("/tmp", kHead + R"(    source: { connection: pg, table: t, capture: log }
    target: { table: t_his, mode: history, deletes: none }
)");
  EXPECT_EQ(p.nodes[0].sync.merge.deletes, MergeDeletes::kNone);
}

TEST(CaptureYaml, RefusalsNameTheLineAndKey) {
  EXPECT_NE(ErrorOf("    source: { connection: pg, table: t, capture: binlog }\n"
                    "    target: { table: x, mode: merge }\n")
                .find("strata.yaml:7:"),
            std::string::npos);
  EXPECT_NE(ErrorOf("    source: { connection: pg, table: t, capture: binlog }\n"
                    "    target: { table: x, mode: merge }\n")
                .find("expected 'log' (read the source's change log), got 'binlog'"),
            std::string::npos);
  EXPECT_NE(ErrorOf("    source: { connection: pg, table: t, capture: log }\n"
                    "    target: { table: x }\n")
                .find("or append (the target is the change table)"),
            std::string::npos);
  EXPECT_NE(ErrorOf("    source: { connection: pg, table: t, capture: log, where: \"a > 1\" }\n"
                    "    target: { table: x, mode: merge }\n")
                .find("'where' does not apply with capture: log"),
            std::string::npos);
  EXPECT_NE(ErrorOf("    source: { connection: pg, query: \"select 1\", capture: log }\n"
                    "    target: { table: x, mode: merge, key: [a] }\n")
                .find("capture: log needs source.table, not a query"),
            std::string::npos);
  EXPECT_NE(ErrorOf("    source: { connection: pg, table: t, capture: log }\n"
                    "    target: { table: x, mode: merge, order_by: v }\n")
                .find("'order_by' does not apply with capture: log"),
            std::string::npos);
  EXPECT_NE(ErrorOf("    source: { connection: pg, table: t, capture: log }\n"
                    "    target: { table: x, mode: append, partition: \"ds=${bizdate}\" }\n")
                .find("a change table is partitioned by ds"),
            std::string::npos);
  EXPECT_NE(ErrorOf("    schedule: { every: hour }\n"
                    "    source: { connection: pg, table: t, capture: log }\n"
                    "    target: { table: x, mode: merge }\n")
                .find("use a daily schedule"),
            std::string::npos);
}

// serve's capture rounds: a duration of at least a second, 10s by default.
TEST(CaptureYaml, CaptureInterval) {
  const std::string head =
      "name: demo\nconnections: {}\nnodes:\n  - { name: a, type: sql, sql: x }\n";
  EXPECT_EQ(ParseProject("/tmp", head).capture_interval_ms, 10000);
  EXPECT_EQ(ParseProject("/tmp", head + "capture_interval: 2m\n").capture_interval_ms, 120000);
  EXPECT_EQ(ParseProject("/tmp", head + "capture_interval: 250ms\n").capture_interval_ms, 250);
  auto error = [&](const std::string& line) {
    try {
      ParseProject("/tmp", head + line);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  EXPECT_NE(error("capture_interval: 0s\n")
                .find("strata.yaml:5:19: capture_interval: must be at least 100ms, got '0s'"),
            std::string::npos)
      << error("capture_interval: 0s\n");
  EXPECT_NE(error("capture_interval: 50ms\n").find("must be at least 100ms, got '50ms'"),
            std::string::npos);
  EXPECT_NE(error("capture_interval: 0.5ms\n")
                .find("expected a duration like 250ms, 30s, 5m or 1h, got '0.5ms'"),
            std::string::npos);
  EXPECT_NE(error("capture_interval: soon\n")
                .find("capture_interval: expected a duration like 30s, 5m or 1h, got 'soon'"),
            std::string::npos);
}

}  // namespace
}  // namespace strata
