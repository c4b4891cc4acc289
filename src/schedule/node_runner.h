#pragma once
// NodeRunner carries out one node of a project for one business date: it
// substitutes the scheduling parameters into everything the node says, then
// hands a sync node to sync/ and a SQL node to the warehouse's SQL engine.
// It also applies the project's table DDL files before the first node.
// Not thread-safe: one runner per thread, each with its own Warehouse.

#include <functional>
#include <ostream>
#include <string>

#include "core/civil_time.h"
#include "core/params.h"
#include "quality/quality_gate.h"
#include "schedule/project.h"
#include "sync/merge_sync.h"
#include "sync/sync_task.h"
#include "verify/verify_task.h"
#include "warehouse/warehouse.h"

namespace strata {

class NodeRunner {
 public:
  // `out` receives the human-readable account of each run (summaries, messages).
  NodeRunner(const Project& project, Warehouse* warehouse, std::ostream* out);

  // Creates the tables the project's DDL files declare, where missing.
  void ApplyTableDdl();
  // Runs `node` once for business date `bizdate`, scheduled at `scheduled`
  // (local time; `$[...]` parameters count from it). Throws strata::Error
  // naming the node on failure, with nothing of it committed. Retries are the
  // caller's (the InstanceExecutor's) business. With a `commit_tag`, every
  // commit of the run is tagged with it (Warehouse::TagCommits), so that
  // Warehouse::CompletedTaggedWork(commit_tag) later tells whether the run
  // published everything it was going to.
  void Run(const Node& node, const CivilTime& bizdate, const CivilTime& scheduled,
           const std::string& commit_tag = "");
  // Live progress (a terminal's status line), about once a second: a sync's
  // records, a SQL node's statement (SyncProgress::stage); may be empty.
  void SetProgress(std::function<void(const SyncProgress&)> fn) { progress_ = std::move(fn); }
  // Lets a merge node run a business date older than its table's.
  void SetForce(bool force) { force_ = force; }
  // Where Run() puts the results of the node's quality rules (`checks:`),
  // failed run included; may be null.
  void SetCheckResults(std::vector<CheckResult>* sink) { check_results_ = sink; }

  // The parameter context of `node` on `bizdate`, scheduled at `scheduled`.
  static ParamContext Context(const Node& node, const CivilTime& bizdate,
                              const CivilTime& scheduled);

 private:
  void RunSync(const Node& node, const ParamContext& ctx, const CivilTime& bizdate);
  void RunMerge(const Node& node, const SyncRequest& request);
  // The node's `verify:` section, right after its sync; throws on a difference.
  void VerifyAfterSync(const Node& node, const ParamContext& ctx, const CivilTime& bizdate);
  void RunSql(const Node& node, const ParamContext& ctx, const std::string& commit_tag);
  // Runs `body` with the node's quality rules gating every commit, then logs
  // their results (also when `body` throws).
  void WithChecks(const Node& node, const ParamContext& ctx, const std::function<void()>& body);

  const Project& project_;
  Warehouse* wh_;
  std::ostream* out_;
  std::function<void(const SyncProgress&)> progress_;
  bool force_ = false;
  std::vector<CheckResult>* check_results_ = nullptr;
};

// Reads a password from the environment variable or file a connection names;
// empty when it names neither. Never echoes the secret in an error.
std::string ReadPassword(const Connection& connection);
// The SyncRequest sync node `node` makes for `bizdate` under `ctx` (its
// parameters substituted); throws naming a connection it cannot resolve.
SyncRequest BuildSyncRequest(const Project& project, const Node& node, const ParamContext& ctx,
                             const CivilTime& bizdate);
// The MergeSyncRequest merge or history node `node` makes of `request`
// (BuildSyncRequest's), its capture included; force off.
MergeSyncRequest BuildMergeSyncRequest(const Project& project, const Node& node,
                                       const SyncRequest& request);
// The change capture of sync node `node` (source.capture: log): its owner
// names, change table (target.changes, default <table>_changes) and the
// calendar of its business dates: its daily schedule's time, or the file
// STRATA_CAPTURE_CUTOFFS names (the simulations' short days).
CaptureRequest BuildCaptureRequest(const Project& project, const Node& node);
// What `strata verify` (and a node's `verify:` section) compares for sync
// node `node` on `bizdate`: its read, its target and how that table keeps
// rows, its key.
VerifyRequest BuildVerifyRequest(const Project& project, const Node& node, const ParamContext& ctx,
                                 const CivilTime& bizdate);
// What a source needs to open the project's connection `name`.
ConnectionConfig ResolveConnection(const Project& project, const std::string& name);

}  // namespace strata
