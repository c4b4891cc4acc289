#include "schedule/node_runner.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/error.h"
#include "core/failpoint.h"
#include "core/private_files.h"
#include "core/ticker.h"
#include "schedule/check_plan.h"
#include "schedule/check_results.h"
#include "schedule/project_check.h"
#include "sync/capture/capture_sync.h"
#include "sync/merge_sync.h"
#include "verify/verify_output.h"
#include "warehouse/sql/sql_engine.h"
#include "warehouse/sql/statement.h"

namespace strata {
namespace {

std::string ReadFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot read " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

std::string ReadPassword(const Connection& c) {
  if (!c.password_env.empty()) {
    const char* v = std::getenv(c.password_env.c_str());
    if (!v)
      throw Error("connection '" + c.name + "': environment variable " + c.password_env +
                  " (password_env) is not set");
    return v;
  }
  if (!c.password_file.empty()) {
    WarnIfReadableByOthers(c.password_file, "password_file");
    std::string s = ReadFile(c.password_file);
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }
  return {};
}

NodeRunner::NodeRunner(const Project& project, Warehouse* warehouse, std::ostream* out)
    : project_(project), wh_(warehouse), out_(out) {}

ParamContext NodeRunner::Context(const Node& node, const CivilTime& bizdate,
                                 const CivilTime& scheduled) {
  ParamContext ctx = ParamContext::ForBizdate(bizdate);
  ctx.cyctime = scheduled;
  ctx.custom = node.params;
  return ctx;
}

void NodeRunner::ApplyTableDdl() {
  for (const auto& file : project_.ddl_files)
    for (const sql::CreateTable& create : ReadTableFile(project_, file))
      wh_->CreateTable(
          {create.name, create.columns, create.partition_columns, create.lifecycle, {}, {}}, true);
}

void NodeRunner::Run(const Node& node, const CivilTime& bizdate, const CivilTime& scheduled,
                     const std::string& commit_tag) {
  ParamContext ctx = Context(node, bizdate, scheduled);
  try {
    InjectedFailure(node.name + "@" + bizdate.FormatYmd());
    WithChecks(node, ctx, [&] {
      if (node.kind == NodeKind::kSync) {
        // A merge with a change table commits the changes, then the table.
        bool two = IsKeyed(node.sync.mode) && !node.sync.merge.changes.empty();
        if (!commit_tag.empty()) wh_->TagCommits(commit_tag, two ? 2 : 1);
        RunSync(node, ctx, bizdate);
      } else {
        RunSql(node, ctx, commit_tag);
      }
    });
  } catch (const Error& e) {
    throw Error("node '" + node.name + "' failed: " + e.what());
  }
}

void NodeRunner::WithChecks(const Node& node, const ParamContext& ctx,
                            const std::function<void()>& body) {
  if (node.checks.empty()) return body();
  std::string text = node.kind == NodeKind::kSql ? RenderNode(node, ctx).sql : "";
  QualityGate gate(wh_, ResolveRules(node, ctx, text), ctx.bizdate.FormatYmd(),
                   ctx.bizdate.AddDays(-1).FormatYmd());
  wh_->SetCommitGate([&gate](const StagedPartition& staged) { gate.Inspect(staged); });
  auto report = [&] {
    wh_->SetCommitGate({});
    for (const CheckResult& r : gate.results()) *out_ << "check " << FormatCheckResult(r) << "\n";
    if (check_results_) *check_results_ = gate.results();
  };
  try {
    body();
  } catch (...) {
    report();
    throw;
  }
  report();
}

ConnectionConfig ResolveConnection(const Project& project, const std::string& name) {
  const Connection* c = project.FindConnection(name);
  if (!c) throw Error("unknown connection '" + name + "'");
  return {c->name, c->url, ReadPassword(*c), project.root.string()};
}

SyncRequest BuildSyncRequest(const Project& project, const Node& node, const ParamContext& ctx,
                             const CivilTime& bizdate) {
  const SyncSpec& s = node.sync;
  SyncRequest req;
  req.node = node.name;
  req.bizdate = bizdate.FormatYmd();
  RenderedNode rendered = RenderNode(node, ctx);
  req.connection = ResolveConnection(project, s.connection);
  req.read.table = s.table;
  req.read.columns = s.columns;
  req.read.where = rendered.where;
  req.read.query = rendered.query;
  req.read.split_key = s.split_key;
  req.read.zero_date_as_null = s.zero_date_as_null;
  req.target_table = s.target_table;
  req.partition = rendered.partition;
  req.mode = s.mode == WriteMode::kAppend ? CommitMode::kAppend : CommitMode::kOverwrite;
  req.max_dirty_records = s.error_limit.records;
  req.max_dirty_percent = s.error_limit.percent;
  req.channels = s.channels;
  req.schema = s.schema;
  return req;
}

VerifyRequest BuildVerifyRequest(const Project& project, const Node& node, const ParamContext& ctx,
                                 const CivilTime& bizdate) {
  VerifyRequest req;
  req.sync = BuildSyncRequest(project, node, ctx, bizdate);
  req.key = node.sync.merge.key;
  if (node.sync.mode == WriteMode::kMerge) req.table = VerifiedTable::kMerge;
  if (node.sync.mode == WriteMode::kHistory) req.table = VerifiedTable::kHistory;
  req.soft_deletes = node.sync.merge.deletes == MergeDeletes::kSoft;
  req.limit = node.sync.verify.limit;
  req.repair = node.sync.verify.repair;
  return req;
}

void NodeRunner::RunSync(const Node& node, const ParamContext& ctx, const CivilTime& bizdate) {
  const SyncSpec& s = node.sync;
  SyncRequest req = BuildSyncRequest(project_, node, ctx, bizdate);
  if (IsKeyed(s.mode)) {
    RunMerge(node, req);
  } else if (s.merge.capture_log) {
    CaptureRun r = RunChangeCapture(*wh_, req, BuildCaptureRequest(project_, node), progress_);
    *out_ << "capture " << node.name << " -> " << s.target_table << "\n" << FormatCaptureRun(r);
  } else {
    SyncReport r = strata::RunSync(*wh_, req, progress_);
    *out_ << "sync " << node.name << " -> " << s.target_table
          << (r.partition.spec.empty() ? "" : " partition " + r.partition.spec) << "\n"
          << FormatSyncReport(r);
  }
  if (s.verify.enabled) VerifyAfterSync(node, ctx, bizdate);
}

void NodeRunner::VerifyAfterSync(const Node& node, const ParamContext& ctx,
                                 const CivilTime& bizdate) {
  VerifyReport r = RunVerify(*wh_, BuildVerifyRequest(project_, node, ctx, bizdate));
  *out_ << FormatVerifyText(r);
  if (r.comparison.differing > 0)
    throw Error("verify: the source and table '" + r.table + "' differ in " +
                std::to_string(r.comparison.differing) + " rows after the sync");
}

void NodeRunner::RunMerge(const Node& node, const SyncRequest& request) {
  MergeSyncRequest req = BuildMergeSyncRequest(project_, node, request);
  req.options.force = force_;
  MergeSyncReport r = RunMergeSync(*wh_, req, progress_);
  *out_ << ModeName(node.sync.mode) << " " << node.name << " -> " << node.sync.target_table << "\n"
        << FormatMergeReport(r);
}

MergeSyncRequest BuildMergeSyncRequest(const Project& project, const Node& node,
                                       const SyncRequest& request) {
  const MergeSpec& m = node.sync.merge;
  MergeSyncRequest req;
  req.sync = request;
  req.options.key = m.key;
  req.options.order_by = m.order_by;
  req.options.cursor = m.cursor;
  req.options.deletes = m.deletes == MergeDeletes::kKeys   ? DeleteMode::kHard
                        : m.deletes == MergeDeletes::kSoft ? DeleteMode::kSoft
                                                           : DeleteMode::kNone;
  req.options.changes_table = m.changes;
  req.options.history = node.sync.mode == WriteMode::kHistory;
  req.options.track = m.track;
  req.lookback = m.lookback;
  if (m.capture_log) req.capture = BuildCaptureRequest(project, node);
  return req;
}

CaptureRequest BuildCaptureRequest(const Project& project, const Node& node) {
  CaptureRequest c;
  c.owner = {project.name, node.name};
  // A merge or history node keeps the change rows beside its table; an
  // append node's target is the change table.
  c.change_table = !IsKeyed(node.sync.mode)          ? node.sync.target_table
                   : node.sync.merge.changes.empty() ? node.sync.target_table + "_changes"
                                                     : node.sync.merge.changes;
  // The simulations pass business days in seconds: their cutoffs come from a file.
  if (const char* file = std::getenv("STRATA_CAPTURE_CUTOFFS"); file && *file) {
    c.calendar = CaptureCalendar::FromFile(file);
  } else {
    c.calendar = CaptureCalendar::Daily(node.schedule.hour, node.schedule.minute);
  }
  return c;
}

void NodeRunner::RunSql(const Node& node, const ParamContext& ctx, const std::string& commit_tag) {
  std::string text = RenderNode(node, ctx).sql;
  // The script's writes are published together at its end (HoldCommits),
  // tagged as one group: its last commit lands with all the others.
  if (!commit_tag.empty()) wh_->TagCommits(commit_tag, 0);
  SqlEngine engine(wh_);
  engine.SetRunContext(ctx.bizdate.FormatYmd(), node.name);
  std::atomic<size_t> index = 0, count = 0;  // written by this thread, read by the ticker's
  std::vector<StatementOutcome> outcomes;
  {
    Ticker ticker(!progress_ ? std::function<void(double)>() : [&](double seconds) {
      SyncProgress p;
      p.seconds = seconds;
      if (count > 0) p.stage = fmt::format("statement {}/{}", index + 1, count.load());
      if (!p.stage.empty()) progress_(p);
    });
    // All or nothing: a failing statement or strong rule publishes none of
    // the script's inserts; later statements read the earlier ones' rows.
    wh_->HoldCommits();
    try {
      outcomes = engine.RunScript(text, node.sql.origin, [&](size_t i, size_t n) {
        index = i;
        count = n;
      });
    } catch (...) {
      wh_->AbandonHeld();
      throw;
    }
  }
  wh_->PublishHeld();
  for (const auto& outcome : outcomes)
    if (!outcome.message.empty()) *out_ << "sql " << node.name << ": " << outcome.message << "\n";
}

}  // namespace strata
