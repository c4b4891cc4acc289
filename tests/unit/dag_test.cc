#include "schedule/dag.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "core/error.h"

namespace strata {
namespace {

namespace fs = std::filesystem;

struct NodeDef {
  std::string name;
  std::vector<std::string> depends_on;
  bool paused = false;
};

// A project built in code: only names, dependencies and pause flags matter here.
Project MakeProject(const std::vector<NodeDef>& defs) {
  Project project;
  for (const NodeDef& def : defs) {
    Node node;
    node.name = def.name;
    node.kind = NodeKind::kSql;
    node.depends_on = def.depends_on;
    node.paused = def.paused;
    project.nodes.push_back(node);
  }
  return project;
}

std::vector<std::string> Names(const std::vector<const Node*>& plan) {
  std::vector<std::string> names;
  for (const Node* node : plan) names.push_back(node->name);
  return names;
}

using Strings = std::vector<std::string>;

std::string ErrorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

// Writes `yaml` as strata.yaml in a fresh temp dir and returns LoadProject's error.
std::string LoadError(const std::string& yaml) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("strata_dag_test_" + std::to_string(getpid()) + "_" + std::to_string(counter++));
  fs::create_directories(dir);
  std::ofstream(dir / "strata.yaml") << yaml;
  std::string message = ErrorOf([&] { LoadProject(dir); });
  fs::remove_all(dir);
  return message;
}

TEST(ValidateDagTest, UnknownDependencyNamesLineAndNodes) {
  std::string message = LoadError(R"(name: demo
nodes:
  - { name: a, type: sql, sql: x }
  - name: b
    type: sql
    sql: x
    depends_on: [a, zz]
)");
  EXPECT_EQ(message,
            "strata.yaml:7:21: nodes[1].depends_on[1]: node 'b' depends on unknown node 'zz'");
}

TEST(ValidateDagTest, CycleIsNamedFromItsFirstNodeInFileOrder) {
  // The search enters the cycle at b (through x), yet the message starts at a.
  std::string message = LoadError(R"(name: demo
nodes:
  - { name: x, type: sql, sql: x, depends_on: [b] }
  - { name: a, type: sql, sql: x, depends_on: [b] }
  - { name: b, type: sql, sql: x, depends_on: [c] }
  - { name: c, type: sql, sql: x, depends_on: [a] }
)");
  EXPECT_EQ(message,
            "strata.yaml:4:48: nodes[1].depends_on[0]: dependency cycle: a -> b -> c -> a");
}

TEST(ValidateDagTest, SelfDependencyIsACycle) {
  std::string message = LoadError(
      "name: demo\nnodes:\n"
      "  - { name: a, type: sql, sql: x, depends_on: [a] }\n");
  EXPECT_NE(message.find("dependency cycle: a -> a"), std::string::npos) << message;
}

TEST(ValidateDagTest, ProjectBuiltInCodeHasNoPositions) {
  Project cyclic = MakeProject({{"a", {"b"}}, {"b", {"a"}}});
  EXPECT_EQ(ErrorOf([&] { ValidateDag(cyclic); }),
            "strata.yaml: nodes[0].depends_on[0]: dependency cycle: a -> b -> a");
  EXPECT_EQ(ErrorOf([&] { PlanRun(cyclic, {}); }),
            "strata.yaml: nodes[0].depends_on[0]: dependency cycle: a -> b -> a");
  Project dangling = MakeProject({{"a", {"q"}}});
  EXPECT_EQ(ErrorOf([&] { ValidateDag(dangling); }),
            "strata.yaml: nodes[0].depends_on[0]: node 'a' depends on unknown node 'q'");
  EXPECT_NO_THROW(ValidateDag(MakeProject({{"a", {}}, {"b", {"a"}}})));
}

TEST(PlanRunTest, UpstreamFirstOtherwiseFileOrder) {
  Project project = MakeProject({{"report", {"merge"}},
                                 {"ods_b", {}},
                                 {"merge", {"ods_a", "ods_b"}},
                                 {"ods_a", {}},
                                 {"lonely", {}}});
  EXPECT_EQ(Names(PlanRun(project, {})), (Strings{"ods_b", "ods_a", "merge", "report", "lonely"}));
}

TEST(PlanRunTest, Diamond) {
  Project project = MakeProject({{"d", {"b", "c"}}, {"c", {"a"}}, {"b", {"a"}}, {"a", {}}});
  EXPECT_EQ(Names(PlanRun(project, {})), (Strings{"a", "c", "b", "d"}));
}

TEST(PlanRunTest, PausedNodesRunOnlyWhenNamed) {
  Project project = MakeProject({{"a", {}}, {"b", {"a"}, true}, {"c", {"b"}}});
  // c still runs without its paused upstream: the dependency only orders.
  EXPECT_EQ(Names(PlanRun(project, {})), (Strings{"a", "c"}));
  EXPECT_EQ(Names(PlanRun(project, {"b"})), (Strings{"b"}));
  EXPECT_EQ(Names(PlanRun(project, {"c", "b"})), (Strings{"b", "c"}));
}

TEST(PlanRunTest, NamedSelectionIsExactAndOrderedThroughUnselectedNodes) {
  Project project = MakeProject({{"c", {"b"}}, {"b", {"a"}}, {"a", {}}, {"z", {}}});
  EXPECT_EQ(Names(PlanRun(project, {"c", "a"})), (Strings{"a", "c"}));
  EXPECT_EQ(Names(PlanRun(project, {"z", "c", "z"})), (Strings{"c", "z"}));
}

TEST(PlanRunTest, UnselectedUpstreamDoesNotDelayIndependentNodes) {
  // y waits for nothing that runs, so it keeps its place before x.
  Project project = MakeProject({{"y", {"z"}}, {"x", {}}, {"z", {}, true}});
  EXPECT_EQ(Names(PlanRun(project, {"x", "y"})), (Strings{"y", "x"}));
  EXPECT_EQ(Names(PlanRun(project, {})), (Strings{"y", "x"}));
}

TEST(PlanRunTest, UnknownNameAndEmptyProject) {
  Project project = MakeProject({{"a", {}}});
  EXPECT_EQ(ErrorOf([&] { PlanRun(project, {"a", "nope"}); }), "unknown node 'nope'");
  EXPECT_TRUE(PlanRun(MakeProject({}), {}).empty());
}

TEST(PlanRunTest, ReturnsPointersIntoTheProject) {
  Project project = MakeProject({{"b", {"a"}}, {"a", {}}});
  std::vector<const Node*> plan = PlanRun(project, {});
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0], &project.nodes[1]);
  EXPECT_EQ(plan[1], &project.nodes[0]);
}

TEST(PlanRunTest, LoadedProjectEndToEnd) {
  fs::path dir = fs::temp_directory_path() / ("strata_dag_e2e_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "strata.yaml") << R"(name: demo
nodes:
  - { name: merge, type: sql, sql: x, depends_on: [ods] }
  - { name: ods, type: sql, sql: x }
  - { name: adhoc, type: sql, sql: x, paused: true }
)";
  Project project = LoadProject(dir);
  fs::remove_all(dir);
  EXPECT_EQ(Names(PlanRun(project, {})), (Strings{"ods", "merge"}));
  EXPECT_EQ(Names(PlanRun(project, {"adhoc"})), (Strings{"adhoc"}));
}

}  // namespace
}  // namespace strata
