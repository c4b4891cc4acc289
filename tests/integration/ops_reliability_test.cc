// Reliability under concurrency and damage (issue 8): two schedulers on one
// project share the work and never die of a busy database; an owner whose pid
// now belongs to another process is recovered; the state folder, logs and
// dirty records are owner-only; logs are pruned; SQL cannot fetch extensions
// and can be confined to the warehouse; oversized backfills, full disks,
// non-UTF-8 project files and folders where files belong get clear errors.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <sstream>
#include <thread>

#include "core/sqlite/sqlite_db.h"
#include "project_fixture.h"

namespace strata::test {
namespace {
namespace fs = std::filesystem;

constexpr const char* kSource =
    "create table t (id integer primary key, v text); insert into t values (1, 'a'), (2, 'b');";
// Node a copies source table t; node b counts a's rows per business date.
constexpr const char* kNodeA =
    "  - { name: a, type: sync, source: { connection: src, table: t },\n"
    "      target: { table: a_out, partition: \"ds=${bizdate}\" } }\n";
constexpr const char* kNodeB =
    "  - { name: b, type: sql, depends_on: [a], sql: \"insert overwrite table b_out partition "
    "(ds='${bizdate}') select count(*) from a_out where ds = '${bizdate}'\" }\n";

// strata.yaml with node a and connection src given as `connection` (a flow map).
std::string WithConnection(const std::string& connection) {
  return "name: test\nconnections:\n  src: " + connection + "\nnodes:\n" + kNodeA;
}

void WriteTwoNodes(const ProjectFixture& p, const std::string& extra_top = "") {
  p.Write("tables.sql", "create table b_out (n bigint) partitioned by (ds string);");
  p.WriteProject(std::string(kNodeA) + kNodeB, "tables: [tables.sql]\n" + extra_top);
}

std::string One(const ProjectFixture& p, const std::string& sql) {
  auto rows = StateRows(p.dir(), sql);
  return rows.empty() || rows[0].empty() ? "" : rows[0][0];
}

void ExpectOneLineError(const ProcessResult& r, const std::vector<std::string>& parts) {
  EXPECT_NE(r.status, 0) << r.out;
  for (const auto& part : parts) EXPECT_NE(r.err.find(part), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
}

// --- 5. Two schedulers on one project ---

// host, pid, boot, start: the fields of an owner token.
std::vector<std::string> OwnerParts(const std::string& owner) {
  std::vector<std::string> parts;
  std::istringstream in(owner);
  for (std::string part; std::getline(in, part, ':');) parts.push_back(part);
  return parts;
}

// Sets columns of node a's instances in the state database, as another
// strata process would.
void SetInstanceA(const ProjectFixture& p, const std::string& assignments) {
  SqliteDb db(p.dir() / ".strata" / "state.db", SqliteDb::Mode::kReadWriteCreate);
  db.Exec("update instances set " + assignments + " where node = 'a'");
}

// Both serves start at once on a fresh project, the moment the state and
// catalog databases are created (where a journal-mode switch used to fail
// one of them with "database is locked"); each round, both exit 0 and every
// instance ran exactly once.
TEST(TwoServes, StartTogetherAndShareTheWork) {
  constexpr int kRounds = 12;
  int failures = 0;
  for (int round = 0; round < kRounds; ++round) {
    ProjectFixture p(kSource);
    WriteTwoNodes(p);
    std::map<std::string, std::string> env{{"STRATA_NOW", "2024-01-02T00:00:30"}};
    std::vector<std::string> args{"-C", p.dir().string(), "serve", "--until",
                                  "2024-01-05T00:00:00"};
    BackgroundStrata one = StartStrata(args, env, p.dir());
    BackgroundStrata two = StartStrata(args, env, p.dir());
    ProcessResult r1 = one.Wait(), r2 = two.Wait();
    if (r1.status != 0 || r2.status != 0) {
      ++failures;
      ADD_FAILURE() << "round " << round << ": " << r1.err << r2.err;
      continue;
    }
    // 3 business dates x 2 nodes, each succeeded on its first and only attempt.
    EXPECT_EQ(One(p, "select count(*) from instances where state = 'succeeded' and attempt = 1"),
              "6");
    EXPECT_EQ(One(p, "select count(*) from instances"), "6");
    EXPECT_EQ(One(p, "select count(*) from attempts"), "6");
  }
  EXPECT_EQ(failures, 0) << "of " << kRounds << " rounds";
}

// Polls `sql` on the state database until it returns `want` (bounded).
bool Eventually(const ProjectFixture& p, const std::string& sql, const std::string& want) {
  for (int i = 0; i < 6000; ++i) {
    try {
      if (fs::exists(p.dir() / ".strata/state.db") && One(p, sql) == want) return true;
    } catch (const std::exception&) {  // the database may be half made while strata starts
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// The serve still up takes over the instance a killed serve was running. Each
// serve runs one instance at a time, so two holding the second proves it is
// past its start (where it would have recovered the first anyway).
TEST(TwoServes, TheSurvivorRunsWhatAKilledServeWasRunning) {
  ProjectFixture p(
      "create table t (id integer primary key, v text); with recursive c(x) as (select 1 union "
      "all select x + 1 from c where x < 1500000) insert into t select x, printf('v%08d', x) "
      "from c;");
  p.WriteProject(std::string(kNodeA) +
                     "  - { name: a2, type: sync, source: { connection: src, table: t },\n"
                     "      target: { table: a2_out, partition: \"ds=${bizdate}\" } }\n",
                 "max_parallel: 1\n");
  std::vector<std::string> args{"-C", p.dir().string(), "serve"};
  BackgroundStrata one = StartStrata(args, {}, p.dir());
  ASSERT_TRUE(Eventually(p, "select count(*) from instances where state = 'running'", "1"));
  BackgroundStrata two = StartStrata(args, {}, p.dir());
  bool both = Eventually(p, "select count(*) from instances where state = 'running'", "2");
  kill(one.pid, SIGKILL);
  EXPECT_EQ(one.Wait().status, 128 + SIGKILL);
  bool done =
      both && Eventually(p, "select group_concat(state) from instances", "succeeded,succeeded");
  kill(two.pid, SIGTERM);
  ProcessResult r = two.Wait();
  ASSERT_TRUE(both && done) << r.out << r.err;
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(One(p, "select group_concat(node || ' ' || attempt) from instances"), "a 2,a2 1");
  EXPECT_EQ(p.Csv("select count(*) as n from a_out"), "n\n1500000\n");
}

// An instance left running by an owner whose pid now belongs to another live
// process (here: this test, with another process's start time) is
// interrupted, not waited for forever.
TEST(OwnerToken, APidReusedByAnotherProcessDoesNotKeepAnInstanceRunning) {
  ProjectFixture p(kSource);
  WriteTwoNodes(p);
  p.Ok({"run", "--date", "20240101"});
  // host:pid:boot:start of the strata process that ran, now gone.
  std::string owner = One(p, "select owner from attempts limit 1");
  std::vector<std::string> parts = OwnerParts(owner);
  ASSERT_EQ(parts.size(), 4u) << owner;
  std::string reused = parts[0] + ":" + std::to_string(getpid()) + ":" + parts[2] + ":" + parts[3];
  auto mark_running = [&] { SetInstanceA(p, "state = 'running', owner = '" + reused + "'"); };

  mark_running();
  ProcessResult run = p.Strata({"run", "--date", "20240101", "a"});
  ASSERT_EQ(run.status, 0) << run.out << run.err;
  EXPECT_EQ(One(p, "select state || ' ' || attempt from instances where node = 'a'"),
            "succeeded 2");

  mark_running();
  ProcessResult serve = p.Strata({"serve", "--until", "2024-01-02T00:00:40"},
                                 {{"STRATA_NOW", "2024-01-02T00:00:30"}});
  ASSERT_EQ(serve.status, 0) << serve.out << serve.err;
  EXPECT_EQ(One(p, "select state || ' ' || attempt from instances where node = 'a'"),
            "succeeded 3");
}

// While another live process runs an instance, `run` says so and waits, then
// takes that process's result instead of running it again.
TEST(OwnerToken, RunSaysItWaitsForALiveOwner) {
  ProjectFixture p(kSource);
  WriteTwoNodes(p);
  p.Ok({"run", "--date", "20240101"});
  std::vector<std::string> parts = OwnerParts(One(p, "select owner from attempts limit 1"));
  ASSERT_EQ(parts.size(), 4u);
  std::string stat = ReadFile("/proc/self/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 1));
  std::string start;
  for (int i = 3; i <= 22; ++i) fields >> start;
  std::string live = parts[0] + ":" + std::to_string(getpid()) + ":" + parts[2] + ":" + start;
  SetInstanceA(p, "state = 'running', owner = '" + live + "'");

  BackgroundStrata run =
      StartStrata({"-C", p.dir().string(), "run", "--date", "20240101", "a"}, {}, p.dir());
  std::string wait_line = "a bizdate 20240101 is running in " + live + "; waiting for it";
  bool said = false;
  for (int i = 0; i < 1200 && !said; ++i) {
    said = ReadFile(run.out).find(wait_line) != std::string::npos;
    if (!said) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  SetInstanceA(p, "state = 'succeeded', owner = ''");  // the live owner finishes
  ProcessResult r = run.Wait();
  EXPECT_TRUE(said) << r.out;
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("1 of 1 instances succeeded"), std::string::npos) << r.out;
  EXPECT_EQ(One(p, "select attempt from instances where node = 'a'"), "1");  // not run again
}

// --- 6. Ownership of files, logs, DuckDB extensions ---

mode_t Mode(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

TEST(PrivateFiles, StateLogsAndDirtyRecordsAreOwnerOnly) {
  mode_t old_umask = umask(022);  // what a default shell gives strata
  ProjectFixture p(
      "create table t (id integer primary key, d text); insert into t values (1, "
      "'2024-01-01'), (2, 'not a date');");
  p.Write("tables.sql", "create table dated (id bigint, d date) partitioned by (ds string);");
  p.WriteProject(R"(  - name: dated
    type: sync
    source: { connection: src, table: t }
    target: { table: dated, partition: "ds=${bizdate}" }
    error_limit: { records: 5 }
)",
                 "tables: [tables.sql]\n");
  p.Ok({"run", "--date", "20240101"});
  umask(old_umask);
  EXPECT_EQ(Mode(p.dir() / ".strata"), 0700u);
  EXPECT_EQ(Mode(p.dir() / ".strata/state.db"), 0600u);
  EXPECT_EQ(Mode(p.dir() / ".strata/logs"), 0700u);
  EXPECT_EQ(Mode(p.dir() / ".strata/logs/dated"), 0700u);
  EXPECT_EQ(Mode(p.dir() / ".strata/logs/dated/20240101_000000.log"), 0600u);
  fs::path dirty = p.dir() / "warehouse/_strata/dirty/dated/20240101.jsonl";
  ASSERT_TRUE(fs::exists(dirty));
  EXPECT_EQ(Mode(dirty), 0600u);
  EXPECT_EQ(Mode(dirty.parent_path()), 0700u);
}

TEST(PrivateFiles, APasswordFileOthersCanReadIsWarnedAboutByNameOnly) {
  ProjectFixture p(kSource);
  p.Write("secret.txt", "hunter2\n");
  chmod((p.dir() / "secret.txt").c_str(), 0644);
  p.Write("strata.yaml",
          WithConnection("{ url: \"sqlite:source.db\", password_file: secret.txt }"));
  ProcessResult r = p.Strata({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("warning: password_file " + (p.dir() / "secret.txt").string() +
                       " is readable by other users (mode 0644)"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos);
  chmod((p.dir() / "secret.txt").c_str(), 0600);
  r = p.Strata({"run", "--date", "20240101"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

void Age(const fs::path& file, int days) {
  fs::last_write_time(file, fs::last_write_time(file) - std::chrono::hours(24 * days));
}

TEST(LogRetention, LifecycleAndServePruneOldLogsAndAttempts) {
  ProjectFixture p(kSource);
  WriteTwoNodes(p, "log_retention_days: 10\n");
  // Attempts recorded at a simulated 2020 time are long past retention.
  ProcessResult run =
      p.Strata({"run", "--date", "20191231"}, {{"STRATA_NOW", "2020-01-01T08:00:00"}});
  ASSERT_EQ(run.status, 0) << run.err;
  p.Ok({"run", "--date", "20240101"});
  fs::path old_log = p.dir() / ".strata/logs/a/20191231_000000.log";
  fs::path new_log = p.dir() / ".strata/logs/a/20240101_000000.log";
  ASSERT_TRUE(fs::exists(old_log));
  Age(old_log, 11);
  Age(new_log, 9);

  std::string dry = p.Ok({"lifecycle", "--dry-run"});
  EXPECT_NE(dry.find("would remove .strata/logs/a/20191231_000000.log"), std::string::npos) << dry;
  EXPECT_TRUE(fs::exists(old_log));
  std::string done = p.Ok({"lifecycle"});
  EXPECT_NE(done.find("1 log files older than 10 days removed"), std::string::npos) << done;
  EXPECT_NE(done.find("2 attempt records pruned"), std::string::npos) << done;
  EXPECT_FALSE(fs::exists(old_log));
  EXPECT_TRUE(fs::exists(new_log));
  std::string log = p.Ok({"log", "a", "--date", "20191231"});
  EXPECT_NE(log.find("20191231_000000.log removed: older than log_retention_days = 10"),
            std::string::npos)
      << log;
  EXPECT_EQ(One(p, "select count(*) from attempts"), "2");
  EXPECT_EQ(One(p, "select count(*) from instances where state = 'succeeded'"), "4");

  // serve prunes after each cycle, by its own clock: two days from now, the
  // log aged 9 days is past 10.
  std::time_t later = std::time(nullptr) + 2 * 86400;
  char now[32], until[32];
  std::strftime(now, sizeof now, "%Y-%m-%dT00:00:30", std::localtime(&later));
  std::strftime(until, sizeof until, "%Y-%m-%dT00:01:00", std::localtime(&later));
  ProcessResult serve = p.Strata({"serve", "--until", until}, {{"STRATA_NOW", now}});
  ASSERT_EQ(serve.status, 0) << serve.err;
  EXPECT_NE(serve.out.find("log retention 10 days: removed 1 log files"), std::string::npos)
      << serve.out;
  EXPECT_FALSE(fs::exists(new_log));
}

TEST(SqlAccess, ExtensionsAreNeverFetchedAndBuiltInOnesWork) {
  ProjectFixture p(kSource);
  WriteTwoNodes(p);
  for (const char* sql : {"INSTALL httpfs", "load httpfs", "/* x */ FORCE INSTALL spatial"})
    ExpectOneLineError(p.Strata({"sql", sql}), {"is not allowed", "never downloads or loads"});
  EXPECT_EQ(p.Csv("select ('{\"k\": 7}'::json)->>'k' as j, "
                  "timezone('Asia/Shanghai', timestamptz '2024-01-01 00:00:00+00') as t"),
            "j,t\n7,2024-01-01 08:00:00\n");
}

TEST(SqlAccess, ExternalAccessOffConfinesSqlToTheWarehouse) {
  ProjectFixture p(kSource);
  const std::string outside =
      "select count(*) as n from read_csv('" + (p.dir() / "outside.csv").string() + "')";
  p.Write("outside.csv", "x\n1\n2\n");
  WriteTwoNodes(p);
  p.Ok({"run", "--date", "20240101"});
  EXPECT_EQ(p.Csv(outside), "n\n2\n");

  WriteTwoNodes(p, "sql: { external_access: false }\n");
  ExpectOneLineError(p.Strata({"sql", outside}), {"outside.csv", "sql.external_access: false"});
  ExpectOneLineError(p.Strata({"sql", "copy (select 1) to '" + (p.dir() / "x.csv").string() + "'"}),
                     {"sql.external_access: false"});
  EXPECT_FALSE(fs::exists(p.dir() / "x.csv"));
  // The warehouse itself still reads, and the sync and SQL nodes still run.
  EXPECT_EQ(p.Csv("select n from b_out"), "n\n2\n");
  p.Ok({"run", "--date", "20240102"});
  EXPECT_EQ(p.Csv("select count(*) as c from b_out"), "c\n2\n");
  // A SQL node that reads outside fails, naming the setting.
  p.Write("tables.sql", "create table b_out (n bigint) partitioned by (ds string);");
  p.WriteProject(
      std::string(kNodeA) + kNodeB + "  - name: c\n    type: sql\n    sql: \"" + outside + "\"\n",
      "tables: [tables.sql]\nsql: { external_access: false }\n");
  ProcessResult r = p.Strata({"run", "--date", "20240102", "c"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("sql.external_access: false"), std::string::npos) << r.err;
}

// --- 7. Smaller failures ---

TEST(Backfill, AHugeRangeNeedsYesAndCreatesNothing) {
  ProjectFixture p(kSource);
  WriteTwoNodes(p);
  ExpectOneLineError(
      p.Strata({"backfill", "--from", "00010101", "--to", "99991231"}),
      {"3652059 business dates", "more than 366 dates or 1000 instances needs --yes"});
  EXPECT_FALSE(fs::exists(p.dir() / ".strata/state.db"));
  // Under 366 dates but over 1000 instances: an hourly node, 24 a day.
  p.WriteProject(R"(  - name: hourly
    type: sync
    schedule: { every: hour, at: ":00" }
    source: { connection: src, table: t }
    target: { table: h, partition: "ds=${bizdate}/hh=$[hh24]" }
)");
  ExpectOneLineError(p.Strata({"backfill", "--from", "20240101", "--to", "20240301"}),
                     {"61 business dates and 1464 instances", "needs --yes"});
  EXPECT_FALSE(fs::exists(p.dir() / ".strata/state.db"));
}

TEST(Backfill, PlansDateByDateWithAProgressLineEach) {
  ProjectFixture p(kSource);
  WriteTwoNodes(p);
  std::string out = p.Ok({"backfill", "--from", "20240101", "--to", "20240103"});
  EXPECT_NE(out.find("3 dates, 6 instances"), std::string::npos) << out;
  // A date's instances are created a couple of dates ahead of the run, not
  // all up front: the third date's after the first date's ran.
  size_t third = out.find("[3/3] bizdate 20240103: 2 instances");
  ASSERT_NE(third, std::string::npos) << out;
  EXPECT_LT(out.find("[1/3] bizdate 20240101: 2 instances"), third);
  EXPECT_LT(out.find("a bizdate 20240101 succeeded"), third) << out;
  EXPECT_NE(out.find("6 of 6 instances succeeded"), std::string::npos);
}

TEST(BadFiles, NonUtf8ProjectFileNamesLineColumnAndByte) {
  ProjectFixture p(kSource);
  p.Write("strata.yaml", "name: test\nnodes: []\n# caf\xe9\xff\n");
  ExpectOneLineError(p.Strata({"status"}), {"strata.yaml:3:6: invalid UTF-8 byte 0xE9"});
  p.Write("strata.yaml", "name: te\xffst\n");
  ExpectOneLineError(p.Strata({"status"}), {"strata.yaml:1:9: invalid UTF-8 byte 0xFF"});
  p.Write("strata.yaml", "name: test  # caf\xc3\xa9 \xe2\x9c\x93\nnodes: []\n");  // valid UTF-8
  p.Ok({"status"});
}

TEST(BadFiles, AFolderWhereAFileBelongsIsNamedAsOne) {
  ProjectFixture p(kSource);
  fs::create_directories(p.dir() / "strata.yaml");
  ExpectOneLineError(p.Strata({"status"}), {"strata.yaml is a directory"});
  fs::remove(p.dir() / "strata.yaml");

  fs::create_directories(p.dir() / "sql" / "merge.sql");
  p.WriteProject("  - name: m\n    type: sql\n    sql_file: sql/merge.sql\n");
  ExpectOneLineError(p.Strata({"status"}), {"strata.yaml:7:", "'sql/merge.sql' is a directory"});

  fs::create_directories(p.dir() / "ddl");
  p.WriteProject("", "tables: [ddl]\n");
  ExpectOneLineError(p.Strata({"status"}), {"strata.yaml:4:", "'ddl' is a directory"});

  fs::create_directories(p.dir() / "folder.db");
  p.Write("strata.yaml", WithConnection("{ url: \"sqlite:folder.db\" }"));
  ProcessResult r = p.Strata({"run", "--date", "20240101"});
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find((p.dir() / "folder.db").string() + " is a directory"), std::string::npos)
      << r.err;

  fs::remove_all(p.dir() / ".strata");
  fs::create_directories(p.dir() / ".strata" / "state.db");
  ExpectOneLineError(p.Strata({"status"}), {"state.db is a directory"});
}

// A full disk names the file it could not write. Needs a tmpfs (root).
TEST(BadFiles, AFullDiskSaysNoSpaceLeftAndNamesTheFile) {
  TempDir mount_point;
  std::string dir = mount_point.path().string();
  if (std::system(("mount -t tmpfs -o size=512k tmpfs " + dir + " 2>/dev/null").c_str()) != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here";
  ProjectFixture p(kSource);
  fs::copy_file(p.dir() / "source.db", mount_point.path() / "source.db");
  WriteFile(mount_point.path() / "strata.yaml", WithConnection("{ url: \"sqlite:source.db\" }"));
  // Fill what is left of the 512 KB.
  std::system(("dd if=/dev/zero of=" + dir + "/fill bs=4k 2>/dev/null").c_str());
  ProcessResult r = RunStrata({"-C", dir, "run", "--date", "20240101"});
  std::system(("umount " + dir).c_str());
  ExpectOneLineError(r, {"no space left on device for " + dir + "/.strata/state.db"});
}

}  // namespace
}  // namespace strata::test
