// Issue 8.1 across processes: a serve running eight sync nodes at once while
// other strata processes run more nodes of the same warehouse and read it.
// Every instance must succeed and every committed partition must hold exactly
// the rows its catalog entry says. STRATA_STRESS_DAYS raises the size.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "project_fixture.h"

namespace strata::test {
namespace {

int Days() {
  const char* v = std::getenv("STRATA_STRESS_DAYS");
  return v ? std::atoi(v) : 6;
}

constexpr int kNodes = 8;

std::string Bizdate(int day) {  // of January 2024
  char buf[32];
  std::snprintf(buf, sizeof buf, "202401%02d", day);
  return buf;
}

std::string Nodes() {
  std::string yaml;
  for (int i = 0; i < kNodes; ++i)
    yaml += "  - name: n" + std::to_string(i) +
            "\n    type: sync\n    source: { connection: src, table: t }\n"
            "    target: { table: t" +
            std::to_string(i % 4) + "_" + std::to_string(i / 4) +
            ", partition: \"ds=${bizdate}\" }\n";
  // Two more nodes that other processes run by hand, into the serve's tables.
  for (int i = 0; i < 2; ++i)
    yaml += "  - name: extra" + std::to_string(i) +
            "\n    type: sync\n    paused: true\n    source: { connection: src, table: t }\n"
            "    target: { table: t" +
            std::to_string(i) + "_0, partition: \"ds=1999010" + std::to_string(i) + "\" }\n";
  return yaml;
}

TEST(ParallelWriters, ServeAndRunsAndReadersNeverCollide) {
  ProjectFixture p(
      "create table t (id integer primary key, v text);"
      "with recursive r(i) as (select 1 union all select i + 1 from r where i < 500) "
      "insert into t select i, 'v' || i from r;");
  p.WriteProject(Nodes(), "max_parallel: 8\n");
  std::string end = Bizdate(Days() + 2);
  std::string until = end.substr(0, 4) + "-" + end.substr(4, 2) + "-" + end.substr(6) + "T00:00:00";
  for (const char* node : {"extra0", "extra1"}) p.Ok({"run", "--date", "19990101", node});
  std::vector<BackgroundStrata> procs;
  procs.push_back(StartStrata({"-C", p.dir().string(), "serve", "--until", until},
                              {{"STRATA_NOW", "2024-01-02T00:00:00"}}, p.dir()));
  for (int round = 0; round < Days(); ++round) {
    for (int i = 0; i < 2; ++i)
      procs.push_back(StartStrata(
          {"-C", p.dir().string(), "rerun", "extra" + std::to_string(i), "--date", "19990101"}, {},
          p.dir()));
    procs.push_back(StartStrata(
        {"-C", p.dir().string(), "sql", "select count(*) from t0_0; select count(*) from t1_0"}, {},
        p.dir()));
    for (auto& proc : procs)
      if (proc.pid > 0 && &proc != &procs.front()) {
        ProcessResult r = proc.Wait();
        EXPECT_EQ(r.status, 0) << r.err;
        proc.pid = -1;
      }
  }
  ProcessResult serve = procs.front().Wait();
  EXPECT_EQ(serve.status, 0) << serve.err;

  auto states = StateRows(p.dir(), "select node, bizdate, state, message from instances");
  EXPECT_EQ(states.size(), static_cast<size_t>(kNodes * Days() + 2));
  for (const auto& s : states) EXPECT_EQ(s[2], "succeeded") << s[0] << " " << s[1] << ": " << s[3];
  // Every partition holds the 500 rows its catalog entry promises.
  for (int i = 0; i < kNodes; ++i) {
    std::string table = "t" + std::to_string(i % 4) + "_" + std::to_string(i / 4);
    std::string counts =
        p.Csv("select ds, count(*) as n from " + table + " group by ds order by ds");
    std::string want = "ds,n\n";
    if (i < 2) want += "1999010" + std::to_string(i) + ",500\n";
    for (int d = 1; d <= Days(); ++d) want += Bizdate(d) + ",500\n";
    EXPECT_EQ(counts, want) << table;
  }
}

}  // namespace
}  // namespace strata::test
