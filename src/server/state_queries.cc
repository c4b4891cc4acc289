#include "server/state_queries.h"

#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/params.h"
#include "core/sqlite/sqlite_db.h"
#include "schedule/capture_lag.h"
#include "schedule/check_results.h"
#include "schedule/dag.h"
#include "schedule/node_runner.h"
#include "schedule/operations_store.h"
#include "schedule/shown_states.h"
#include "warehouse/catalog/catalog.h"

namespace strata {
namespace {

using json = nlohmann::json;

constexpr std::streamoff kLogTail = 256 * 1024;  // a page shows the end of a long log
constexpr int kDirtyLines = 100;

// The last kLogTail bytes of `file`, "" if it is missing.
std::string Tail(const std::filesystem::path& file, std::streamoff max) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return "";
  std::streamoff size = in.tellg();
  in.seekg(size > max ? size - max : 0);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Only files under `root`: a log path comes from the database, and the page
// must not become a way to read any file.
bool Inside(const std::filesystem::path& file, const std::filesystem::path& root) {
  std::error_code ec;
  auto f = std::filesystem::weakly_canonical(file, ec);
  auto r = std::filesystem::weakly_canonical(root, ec);
  auto rel = f.lexically_relative(r);
  return !ec && !rel.empty() && *rel.begin() != "..";
}

json ResolvedParams(const Node& node, const std::string& bizdate, const std::string& scheduled) {
  json out = json::object();
  auto b = CivilTime::ParseYmd(bizdate);
  auto s = ParseLocalDateTime(scheduled);
  if (!b || !s) return out;
  ParamContext ctx = NodeRunner::Context(node, *b, *s);
  out["bizdate"] = bizdate;
  out["cyctime"] = scheduled;
  for (const auto& [name, value] : node.params) {
    try {
      out[name] = SubstituteParams(value, ctx);
    } catch (const std::exception& e) {
      out[name] = std::string("error: ") + e.what();
    }
  }
  return out;
}

json DirtyRecords(const Project& project, const std::string& node, const std::string& bizdate) {
  json out = json::array();
  std::ifstream in(project.warehouse / "_strata" / "dirty" / node / (bizdate + ".jsonl"));
  std::string line;
  for (int i = 0; i < kDirtyLines && std::getline(in, line); ++i) out.push_back(line);
  return out;
}

// The partition a sync node's instance writes, as the catalog has it now
// (rows, bytes, last modified); null when it has none (yet).
json CommittedPartition(const Project& project, const Node& node, const std::string& bizdate,
                        const std::string& scheduled) {
  auto catalog_file = project.warehouse / "_strata" / "catalog.db";
  auto b = CivilTime::ParseYmd(bizdate);
  auto s = ParseLocalDateTime(scheduled);
  if (!b || !s || !std::filesystem::exists(catalog_file)) return nullptr;
  std::string spec;
  try {
    spec = SubstituteParams(node.sync.partition, NodeRunner::Context(node, *b, *s));
  } catch (const std::exception&) {
    return nullptr;
  }
  Catalog catalog(catalog_file);
  auto p = catalog.FindPartition(node.sync.target_table, spec);
  if (!p) return nullptr;
  return {{"table", node.sync.target_table},
          {"spec", spec},
          {"rows", p->rows},
          {"bytes", p->bytes},
          {"files", p->files},
          {"modified", p->modified_at}};
}

// Nodes of `names` with an instance in `state` between the dates (the
// (state, bizdate) index).
std::set<std::string> NodesInState(SqliteDb& db, const GridQuery& q) {
  SqliteStatement s(db,
                    "SELECT DISTINCT node FROM instances WHERE state = ? AND bizdate >= ? AND "
                    "bizdate <= ?");
  s.Bind(1, q.state).Bind(2, q.from).Bind(3, q.to);
  std::set<std::string> out;
  while (s.Step()) out.insert(s.Text(0));
  return out;
}

// The instances of `nodes` (all of the project's when `all`) on from..to:
// one range scan of the bizdate index for all, else the (node, scheduled)
// index node by node (`+bizdate` keeps SQLite off the bizdate index).
InstanceCells ReadCells(SqliteDb& db, const std::vector<std::string>& nodes, bool all,
                        const std::string& from, const std::string& to) {
  std::string sql = "SELECT id, node, bizdate, state, message FROM instances WHERE ";
  sql += all ? "bizdate >= ? AND bizdate <= ?" : "+bizdate >= ? AND +bizdate <= ? AND node = ?";
  SqliteStatement s(db, sql + " ORDER BY scheduled, id");
  InstanceCells cells;
  auto read = [&] {
    while (s.Step()) {
      Instance i;
      i.id = s.Int(0);
      i.node = s.Text(1);
      i.bizdate = s.Text(2);
      i.state = ParseState(s.Text(3));
      i.message = s.Text(4);
      cells[{i.node, i.bizdate}].push_back(std::move(i));
    }
  };
  for (size_t k = 0; k < (all ? 1 : nodes.size()); ++k) {
    s.Reset();
    s.Bind(1, from).Bind(2, to);
    if (!all) s.Bind(3, nodes[k]);
    read();
  }
  return cells;
}

std::vector<std::string> Dates(const std::string& from, const std::string& to) {
  std::vector<std::string> out;
  for (auto d = *CivilTime::ParseYmd(from); d <= *CivilTime::ParseYmd(to); d = d.AddDays(1))
    out.push_back(d.FormatYmd());
  return out;
}

bool ShownOnlyAsWaiting(const std::string& state) {
  return state == "waiting" || state == "blocked" || state == "interrupted";
}

}  // namespace

const std::vector<std::string>& ShownStateNames() {
  static const std::vector<std::string> names = {"succeeded", "running", "waiting",     "blocked",
                                                 "failed",    "skipped", "interrupted", "not-run"};
  return names;
}

StateQueries::StateQueries(const Project& project) : project_(project) {}

std::filesystem::path StateQueries::StateFile() const {
  return project_.root / ".strata" / "state.db";
}

json StateQueries::Overview(const std::string& bizdate, int failure_days) {
  SqliteDb db(StateFile(), SqliteDb::Mode::kReadOnly);
  json counts = {{"succeeded", 0}, {"running", 0}, {"waiting", 0},
                 {"failed", 0},    {"skipped", 0}, {"not-run", 0}};
  SqliteStatement c(db, "SELECT state, count(*) FROM instances WHERE bizdate = ? GROUP BY state");
  c.Bind(1, bizdate);
  while (c.Step()) counts[c.Text(0)] = c.Int(1);
  auto from = CivilTime::ParseYmd(bizdate)->AddDays(-failure_days + 1).FormatYmd();
  SqliteStatement f(db,
                    "SELECT id, node, bizdate, ended_at, message FROM instances "
                    "WHERE bizdate >= ? AND bizdate <= ? AND state = 'failed' "
                    "ORDER BY bizdate DESC, node LIMIT 100");
  f.Bind(1, from).Bind(2, bizdate);
  json failures = json::array();
  while (f.Step()) {
    std::string msg = f.Text(4);
    failures.push_back({{"id", f.Int(0)},
                        {"node", f.Text(1)},
                        {"bizdate", f.Text(2)},
                        {"ended", f.Text(3)},
                        {"error", msg.substr(0, msg.find('\n'))}});
  }
  return {{"project", project_.name}, {"bizdate", bizdate},   {"now", FormatLocal(Clock::Now())},
          {"counts", counts},         {"failures", failures}, {"nodes", project_.nodes.size()}};
}

json StateQueries::Dag(const std::string& bizdate) {
  std::map<std::string, PauseInfo> paused = OperationsStore(StateFile()).Paused();
  SqliteDb db(StateFile(), SqliteDb::Mode::kReadOnly);
  InstanceCells cells = ReadCells(db, {}, true, bizdate, bizdate);
  std::map<int64_t, std::string> shown = ShownStates(project_, cells, {bizdate});
  std::map<std::string, std::pair<std::string, int64_t>> state;  // node -> (shown state, id)
  for (const auto& [key, insts] : cells)
    state[key.first] = {shown.at(insts.back().id), insts.back().id};
  json nodes = json::array(), edges = json::array();
  for (const auto& n : project_.nodes) {
    auto st = state.find(n.name);
    auto p = paused.find(n.name);
    json node = {{"name", n.name},
                 {"kind", n.kind == NodeKind::kSync ? "sync" : "sql"},
                 {"description", n.description},
                 {"state", st == state.end() ? "none" : st->second.first},
                 {"instance", st == state.end() ? json(nullptr) : json(st->second.second)},
                 {"paused", p != paused.end() || n.paused},
                 {"paused_in_yaml", n.paused}};
    if (p != paused.end()) node["paused_by"] = p->second.by, node["paused_at"] = p->second.at;
    nodes.push_back(node);
    for (const auto& d : n.depends_on)
      edges.push_back({{"from", d}, {"to", n.name}, {"kind", "same-cycle"}});
    for (const auto& d : n.depends_on_previous)
      edges.push_back(
          {{"from", d == "self" ? n.name : d}, {"to", n.name}, {"kind", "previous-cycle"}});
  }
  return {{"bizdate", bizdate}, {"nodes", nodes}, {"edges", edges}};
}

// One page of the grid: per node, the shown states (shown_states.h) and
// instance ids aligned with `dates` (null where there is none; a node
// running several times a day shows its latest) and the first message line
// of each instance that has one. Arrays, not an object per cell: a page is
// up to 1,000 nodes x 366 dates.
json StateQueries::Grid(const GridQuery& q) {
  SqliteDb db(StateFile(), SqliteDb::Mode::kReadOnly);
  std::vector<std::string> dates = Dates(q.from, q.to);
  // A waiting instance shows as waiting, blocked or interrupted: filtering
  // on those needs every cell's shown state, which then serves the page too.
  bool by_shown = ShownOnlyAsWaiting(q.state);
  InstanceCells cells;
  std::map<int64_t, std::string> shown;
  std::set<std::string> in_state;
  if (by_shown) {
    cells = ReadCells(db, {}, true, q.from, q.to);
    shown = ShownStates(project_, cells, dates);
    for (const auto& [key, instances] : cells)
      if (shown.at(instances.back().id) == q.state) in_state.insert(key.first);
  } else if (!q.state.empty()) {
    in_state = NodesInState(db, q);
  }
  std::vector<std::string> matching;
  for (const auto& n : project_.nodes)
    if ((q.node_filter.empty() || n.name.find(q.node_filter) != std::string::npos) &&
        (q.state.empty() || in_state.count(n.name)))
      matching.push_back(n.name);
  std::vector<std::string> page;
  for (size_t i = q.offset; i < matching.size() && i < size_t(q.offset + q.limit); ++i)
    page.push_back(matching[i]);
  if (!by_shown) {
    // A waiting instance is blocked when an ancestor failed: read those too.
    std::vector<std::string> needed = WithAncestors(project_, page);
    cells = ReadCells(db, needed, needed.size() == project_.nodes.size(), q.from, q.to);
    shown = ShownStates(project_, cells, dates);
  }
  json rows = json::array();
  for (const auto& node : page) {
    json states = json::array(), ids = json::array(), messages = json::object();
    for (const auto& d : dates) {
      auto it = cells.find({node, d});
      if (it == cells.end()) {
        states.push_back(nullptr);
        ids.push_back(nullptr);
        continue;
      }
      const auto& i = it->second.back();
      states.push_back(shown.at(i.id));
      ids.push_back(i.id);
      if (!i.message.empty()) messages[d] = i.message.substr(0, i.message.find('\n'));
    }
    rows.push_back({{"node", node}, {"states", states}, {"ids", ids}, {"messages", messages}});
  }
  return {{"dates", dates}, {"rows", rows}, {"total", matching.size()}, {"offset", q.offset}};
}

std::optional<json> StateQueries::Instance(int64_t id) {
  SqliteDb db(StateFile(), SqliteDb::Mode::kReadOnly);
  SqliteStatement s(db,
                    "SELECT node, bizdate, scheduled_local, state, attempt, started_at, ended_at, "
                    "message, log_path FROM instances WHERE id = ?");
  s.Bind(1, id);
  if (!s.Step()) return std::nullopt;
  json out = {{"id", id},
              {"node", s.Text(0)},
              {"bizdate", s.Text(1)},
              {"scheduled", s.Text(2)},
              {"state", s.Text(3)},
              {"attempt", s.Int(4)},
              {"started", s.Text(5)},
              {"ended", s.Text(6)},
              {"message", s.Text(7)}};
  std::filesystem::path log = s.Text(8);
  out["log"] = Inside(log, project_.root / ".strata") ? Tail(log, kLogTail) : "";
  SqliteStatement a(db,
                    "SELECT attempt, started, ended, state FROM attempts WHERE instance = ? "
                    "ORDER BY started, attempt");
  a.Bind(1, id);
  json attempts = json::array();
  while (a.Step()) {
    int64_t start = a.Int(1), end = a.Int(2);
    attempts.push_back({{"attempt", a.Int(0)},
                        {"started", FormatLocal(start)},
                        {"ended", end ? json(FormatLocal(end)) : json(nullptr)},
                        {"seconds", end ? json(end - start) : json(nullptr)},
                        {"state", a.Text(3)}});
  }
  out["attempts"] = attempts;
  out["checks"] = CheckResults(db, id);
  if (const Node* node = project_.FindNode(out["node"].get<std::string>())) {
    out["params"] = ResolvedParams(*node, out["bizdate"], out["scheduled"]);
    out["dirty"] = DirtyRecords(project_, node->name, out["bizdate"]);
    if (node->kind == NodeKind::kSync) {
      out["target"] = node->sync.target_table;
      out["partition"] = CommittedPartition(project_, *node, out["bizdate"], out["scheduled"]);
    }
  }
  return out;
}

// The quality rules the instance's last attempt evaluated (`checks:`).
json StateQueries::CheckResults(SqliteDb& db, int64_t instance) {
  json out = json::array();
  auto results = ReadCheckResults(db, {instance});
  for (const auto& r : results[instance])
    out.push_back({{"attempt", r.attempt},
                   {"rule", r.result.rule},
                   {"level", r.result.level == CheckLevel::kStrong ? "strong" : "weak"},
                   {"table", r.result.table},
                   {"partition", r.result.partition},
                   {"passed", r.result.passed},
                   {"failing", r.result.failing},
                   {"detail", r.result.detail}});
  return out;
}

json StateQueries::Captures() {
  using namespace std::chrono;
  int64_t now = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
  json out = json::array();
  for (const CaptureLag& lag : MeasureCaptureLags(project_, now)) {
    json j = {{"node", lag.node},     {"change_table", lag.change_table},
              {"stored", lag.stored}, {"log_end", lag.log_end},
              {"behind", nullptr},    {"seconds_behind", nullptr},
              {"error", lag.error}};
    if (lag.behind) {
      j["behind"] = FormatLogDistance(*lag.behind);
      j["behind_bytes"] = lag.behind->bytes;
      j["behind_files"] = lag.behind->files;
      j["seconds_behind"] = lag.seconds_behind;
    }
    out.push_back(j);
  }
  return out;
}

json StateQueries::Operations(int limit) {
  json out = json::array();
  for (const auto& r : OperationsStore(StateFile()).Recent(limit))
    out.push_back(
        {{"id", r.id}, {"at", r.at}, {"who", r.who}, {"action", r.action}, {"detail", r.detail}});
  return out;
}

}  // namespace strata
