// DESIGN.md invariant 3: a value that cannot be represented is a dirty record
// with its reason, counted against the node's error limit; over the limit
// the node fails and commits nothing.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "project_fixture.h"

namespace strata::test {
namespace {

constexpr const char* kSource = R"(
create table events (id int, event_time text, amount text);
insert into events values (1, '2024-01-01 10:00:00', '1.50');
insert into events values (2, '2024-01-01 11:00:00.123456', '2.25');
insert into events values (3, 'not a date', '3.00');
insert into events values (4, '2024-02-30 00:00:00', '4.00');
insert into events values (5, '2024-01-01 12:00:00', '5.125');
)";

constexpr const char* kDdl =
    "create table ev (id bigint, event_time datetime, amount decimal(10,2)) partitioned by (ds "
    "string);";

std::string Node(const std::string& limit) {
  return "  - name: load\n    type: sync\n    source: { connection: src, table: events }\n"
         "    target: { table: ev, partition: \"ds=${bizdate}\" }\n" +
         (limit.empty() ? "" : "    error_limit: " + limit + "\n");
}

class DirtyData : public ::testing::Test {
 protected:
  DirtyData() : p_(kSource) { p_.Write("tables.sql", kDdl); }
  void Project(const std::string& limit) { p_.WriteProject(Node(limit), "tables: [tables.sql]\n"); }
  std::filesystem::path DirtyFile() const {
    return p_.dir() / "warehouse/_strata/dirty/load/20240101.jsonl";
  }
  ProjectFixture p_;
};

TEST_F(DirtyData, DefaultLimitIsZeroAndNothingIsCommitted) {
  Project("");
  ProcessResult r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("dirty records exceed error_limit.records = 0"), std::string::npos) << r.err;
  EXPECT_EQ(p_.Csv("show partitions ev"), "partition\n");
  EXPECT_FALSE(std::filesystem::exists(p_.dir() / "warehouse/ev/ds=20240101"));
}

TEST_F(DirtyData, WithinARecordLimitGoodRowsLandAndBadOnesAreLogged) {
  Project("{ records: 3 }");
  std::string out = p_.Ok({"run", "--date", "20240101"});
  EXPECT_NE(out.find("dirty records    : 3"), std::string::npos) << out;
  // Microseconds and decimals kept exactly.
  EXPECT_EQ(
      p_.Csv("select id, event_time, amount from ev order by id"),
      "id,event_time,amount\n1,2024-01-01 10:00:00,1.50\n2,2024-01-01 11:00:00.123456,2.25\n");
  std::stringstream lines(ReadFile(DirtyFile()));
  std::string line;
  std::vector<nlohmann::json> records;
  while (std::getline(lines, line)) records.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(records.size(), 3u);
  std::map<std::string, nlohmann::json> by_id;
  for (const auto& rec : records) by_id[rec["record"]["id"].get<std::string>()] = rec;
  EXPECT_EQ(by_id["3"]["column"], "event_time");
  EXPECT_EQ(by_id["3"]["value"], "not a date");
  EXPECT_NE(by_id["3"]["reason"].get<std::string>().find("not a date"), std::string::npos);
  EXPECT_EQ(by_id["4"]["reason"], "not a real calendar date");
  EXPECT_EQ(by_id["5"]["column"], "amount");
  EXPECT_NE(by_id["5"]["reason"].get<std::string>().find("more than 2 digits after the point"),
            std::string::npos);
}

TEST_F(DirtyData, OverARecordLimitFailsAndKeepsTheOldPartition) {
  Project("{ records: 3 }");
  p_.Ok({"run", "--date", "20240101"});
  Project("{ records: 2 }");
  p_.Source("insert into events values (6, '2024-01-01 13:00:00', '6.00');");
  ProcessResult r = p_.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("node 'load' failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(DirtyFile().string()), std::string::npos) << r.err;
  EXPECT_EQ(p_.Csv("select count(*) as n from ev"), "n\n2\n");
}

TEST_F(DirtyData, PercentLimitAloneLiftsTheRecordLimit) {
  Project("{ percent: 70 }");  // 3 of 5 records are dirty: 60%
  p_.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p_.Csv("select count(*) as n from ev"), "n\n2\n");
  Project("{ percent: 50 }");
  ProcessResult r = p_.Strata({"run", "--date", "20240102"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("3 of 5 records are dirty (60.00%), over error_limit.percent = 50"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(p_.Csv("show partitions ev"), "partition\nds=20240101\n");
}

}  // namespace
}  // namespace strata::test
