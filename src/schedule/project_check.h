#pragma once
// Checks of a loaded project that loading leaves to run time: every
// scheduling parameter renders, SQL and table files parse, connections have
// their passwords. Nothing is opened, so `run`, `backfill` and `serve` do
// these before creating instances and a typo fails before anything runs, at
// its place in strata.yaml. Parameters render for the business date a run
// started now gets (CurrentBizdate), so what is checked is what would run.
// CheckConnections goes further and opens the connections nodes use.

#include <filesystem>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "core/params.h"
#include "schedule/project.h"
#include "warehouse/sql/statement.h"

namespace strata {

// Throws strata::Error for the first problem, as one line naming its place:
//   strata.yaml:14:20: nodes[0].target.partition: unknown scheduling parameter '${bizdat}'
//   sql/merge.sql:3:7: expected ..., near 'FORM'
void CheckProject(const Project& project, const CivilTime& bizdate);
// For CurrentBizdate(), taken when called (after loading set the time zone).
void CheckProject(const Project& project);

// The parameters a node's instance for `bizdate` (scheduled the next day at
// 00:00) renders its texts with.
ParamContext NodeContext(const Node& node, const CivilTime& bizdate);

// A node's texts with the parameters of `ctx` substituted; for a sql node
// only `sql` is set, padded with empty lines so that its line numbers are
// those of its origin. Throws strata::Error naming a bad expression.
struct RenderedNode {
  std::string where, query, partition, sql;
};
RenderedNode RenderNode(const Node& node, const ParamContext& ctx);

// The CREATE TABLE statements of a `tables:` file; throws naming the file,
// line and column for a syntax error or any other statement.
std::vector<sql::CreateTable> ReadTableFile(const Project& project,
                                            const std::filesystem::path& file);

// One opened connection, or one sync node's source described through it.
struct ConnectResult {
  std::string what;     // "connection rds" or "node ods_oplog: table oplog"
  std::string error;    // empty = ok
  std::string warning;  // not an error: "no node uses it; not opened"
};
// Opens every connection a sync node uses and describes every sync node's
// table or query, rendered for `bizdate`; a connection no node uses is not
// opened (its server may be gone for good) but listed with a warning.
std::vector<ConnectResult> CheckConnections(const Project& project, const CivilTime& bizdate);

}  // namespace strata
