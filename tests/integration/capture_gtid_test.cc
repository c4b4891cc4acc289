// capture: log across a MariaDB failover, on real servers: a merge node
// captures a primary, a replica (its own binlog basename and numbering)
// follows it by GTID, the replica is promoted and the node's connection
// moved to it. The stored position carries the GTID position, so the read
// goes on from the same transaction on the replica: the merge table equals
// the replica's table at each cutoff, and each change is stored once (the
// date's change rows listed exactly). Moving the node back to the stale old
// primary, whose binlog lacks the replica's GTIDs, fails with "a new
// snapshot is needed" and stores nothing; so do an unrelated server and a
// replica that purged the binlog after the stored GTID position. Dates are
// seconds long (cutoffs from STRATA_CAPTURE_CUTOFFS).

#include <gtest/gtest.h>

#include "capture_cutoffs.h"
#include "capture_servers.h"
#include "mariadb_replication.h"
#include "mysql_test_util.h"

namespace strata::test {
namespace {

constexpr char kNode[] = R"(  - name: acct
    type: sync
    source: { connection: my, table: accounts, capture: log }
    target: { table: dw_accounts, mode: merge }
)";

std::vector<std::string> Truth(const MariadbServer& server) {
  return FlattenRows(server.Query(
      "SELECT CAST(id AS CHAR), name, CAST(balance AS CHAR) FROM app.accounts ORDER BY id"));
}

std::vector<std::string> Merged(const MysqlProject& project) {
  std::vector<std::string> out;
  for (const auto& r : project.Rows("SELECT id, coalesce(name, 'NULL'), coalesce(CAST(balance AS "
                                    "VARCHAR), 'NULL') FROM dw_accounts ORDER BY id"))
    out.push_back(r.at(0) + "|" + r.at(1) + "|" + r.at(2));
  return out;
}

std::string Ops(const MysqlProject& project, const std::string& ds) {
  std::string out;
  for (const auto& r : project.Rows("SELECT _op || id FROM dw_accounts_changes WHERE ds = '" + ds +
                                    "' ORDER BY _seq"))
    out += r.at(0) + " ";
  return out;
}

// The position of the last change stored.
std::string LastPosition(const MysqlProject& project) {
  return project.Scalar("SELECT max_by(_pos, _seq) FROM dw_accounts_changes");
}

void RunOk(const MysqlProject& project, const std::string& ds) {
  ProcessResult r = project.Run({"run", "acct", "--date", ds});
  EXPECT_EQ(r.status, 0) << ds << "\n" << r.out << r.err;
}

TEST(CaptureGtid, MergeTableFollowsAFailoverToAReplica) {
  MariadbServer primary(MariadbServer::Options{true, {"--binlog-format=ROW"}});
  MariadbServer replica(ReplicaOptions(2, "replbin"));
  Replicate(replica, primary);
  PrepareCaptureMariadb(primary);
  MysqlProject project(primary, "cdc", kCdcMysqlPassword);
  project.Write(kNode);
  MariadbSession p(primary.port(), "root", "", "app");
  CaptureCutoffs cal;

  p.Exec("INSERT INTO accounts VALUES (1, 'a', 1.50), (2, 'b', 2.00), (3, NULL, NULL)");
  cal.Cut("20240101");
  RunOk(project, "20240101");
  EXPECT_EQ(Merged(project), Truth(primary));
  EXPECT_NE(LastPosition(project).find(" gtid=0-1-"), std::string::npos) << LastPosition(project);

  p.Exec("INSERT INTO accounts VALUES (4, 'd', 4.00)");
  p.Exec("UPDATE accounts SET name = 'B' WHERE id = 2");
  p.Exec(
      "BEGIN; DELETE FROM accounts WHERE id = 3; INSERT INTO accounts VALUES (9, 'i', 0); COMMIT");
  cal.Cut("20240102");
  std::vector<std::string> at_cutoff = Truth(primary);
  // Committed on the primary after the cutoff: read later, through the replica.
  p.Exec("UPDATE accounts SET name = 'late' WHERE id = 1");
  p.Exec("INSERT INTO accounts VALUES (5, 'e', 5.00)");
  RunOk(project, "20240102");
  EXPECT_EQ(Merged(project), at_cutoff);
  EXPECT_EQ(Ops(project, "20240102"), "I4 U2 D3 I9 ");
  EXPECT_EQ(LastPosition(project).rfind("binlog.", 0), 0u) << LastPosition(project);

  // Failover: the replica, whose binlog files have other names and
  // numbers, becomes the primary; the node reads from it.
  CatchUp(replica, primary);
  replica.Exec("FLUSH BINARY LOGS; FLUSH BINARY LOGS");
  Promote(replica);
  EXPECT_EQ(replica.Scalar("SHOW MASTER STATUS"), "replbin.000003");
  project.Write(kNode, replica.Url("cdc", "app"));
  MariadbSession r(replica.port(), "root", "", "app");
  r.Exec("DELETE FROM accounts WHERE id = 4");
  r.Exec("INSERT INTO accounts VALUES (6, 'f', 6.00)");
  r.Exec("UPDATE accounts SET balance = 2.25 WHERE id = 2");
  cal.Cut("20240103");
  RunOk(project, "20240103");
  EXPECT_EQ(Merged(project), Truth(replica));
  EXPECT_EQ(Ops(project, "20240103"), "U1 I5 D4 I6 U2 ");
  std::string on_replica = LastPosition(project);
  EXPECT_EQ(on_replica.rfind("replbin.000003:", 0), 0u) << on_replica;
  EXPECT_NE(on_replica.find(" gtid=0-2-"), std::string::npos) << on_replica;

  // The stale old primary lacks the replica's GTIDs (and has one of its
  // own since): a new snapshot is needed, nothing is stored.
  p.Exec("INSERT INTO accounts VALUES (7, 'split', 7.00)");
  r.Exec("UPDATE accounts SET name = 'F' WHERE id = 6");
  cal.Cut("20240104");
  std::vector<std::string> before = Merged(project);
  std::string rows_before = project.Scalar("SELECT count(*) FROM dw_accounts_changes");
  project.Write(kNode);
  ProcessResult stale = project.Run({"run", "acct", "--date", "20240104"});
  EXPECT_NE(stale.status, 0) << stale.out;
  EXPECT_NE(stale.err.find("a new snapshot is needed"), std::string::npos) << stale.err;
  EXPECT_NE(stale.err.find("strata resnapshot acct"), std::string::npos) << stale.err;
  EXPECT_EQ(Merged(project), before);
  EXPECT_EQ(project.Scalar("SELECT count(*) FROM dw_accounts_changes"), rows_before);

  // So does a server unrelated to the topology (its GTIDs in another
  // replication domain), whose log has rows of the table.
  MariadbServer other(MariadbServer::Options{true, {"--binlog-format=ROW", "--gtid-domain-id=5"}});
  PrepareCaptureMariadb(other);
  other.Exec("INSERT INTO app.accounts VALUES (8, 'other', 8.00)");
  project.Write(kNode, other.Url("cdc", "app"));
  ProcessResult unrelated = project.Run({"run", "acct", "--date", "20240104"});
  EXPECT_NE(unrelated.status, 0) << unrelated.out;
  EXPECT_NE(unrelated.err.find("a new snapshot is needed"), std::string::npos) << unrelated.err;
  EXPECT_EQ(Merged(project), before);
  EXPECT_EQ(project.Scalar("SELECT count(*) FROM dw_accounts_changes"), rows_before);

  // Back on the replica the date completes, each change once.
  project.Write(kNode, replica.Url("cdc", "app"));
  RunOk(project, "20240104");
  EXPECT_EQ(Merged(project), Truth(replica));
  EXPECT_EQ(Ops(project, "20240104"), "U6 ");

  // A GTID position whose binlog the server has purged: a new snapshot is needed.
  r.Exec("UPDATE accounts SET name = 'lost' WHERE id = 2");
  LoseBinlog(replica);
  cal.Cut("20240105");
  before = Merged(project);
  ProcessResult purged = project.Run({"run", "acct", "--date", "20240105"});
  EXPECT_NE(purged.status, 0) << purged.out;
  EXPECT_NE(purged.err.find("a new snapshot is needed"), std::string::npos) << purged.err;
  EXPECT_EQ(Merged(project), before);
}

}  // namespace
}  // namespace strata::test
