#include "sync/merge_target.h"

#include <algorithm>

#include "core/clock.h"
#include "core/error.h"
#include "core/names.h"
#include "sync/target_table.h"

namespace strata {
namespace {

std::vector<std::string> KeyOf(const MergeSyncRequest& req, const SourceTable& src) {
  if (!req.options.key.empty()) return req.options.key;
  std::vector<std::string> key;
  for (const auto& k : src.primary_key) key.push_back(LowerName(k));
  if (key.empty())
    throw Error("source " +
                (req.sync.read.table.empty() ? "query" : "table '" + req.sync.read.table + "'") +
                " has no primary key; set target.key for the merge");
  return key;
}

// A merge table follows its source's schema as a partitioned table does
// (target_table.h), its soft delete columns staying last. Unlike there, the
// catalog changes before the merge runs: the merge reads the table's columns
// from it. A run failing after this leaves the new columns, NULL throughout.
void EvolveMergeTable(Warehouse& wh, const SyncRequest& s, MergeRead& r, const Schema& extra) {
  std::vector<std::string> fixed;
  for (const auto& c : extra) fixed.push_back(c.name);
  // Another kind's columns (a history table's, soft deletes') are no drop at
  // the source: the table is of another kind, which the strict mapping says.
  MergeOptions history, soft;
  history.history = true;
  soft.deletes = DeleteMode::kSoft;
  for (const auto& kind : {TrailingColumns(history), TrailingColumns(soft)})
    for (const auto& c : kind)
      if (std::find(fixed.begin(), fixed.end(), c.name) == fixed.end() &&
          std::any_of(r.target.columns.begin(), r.target.columns.end(),
                      [&](const Column& t) { return t.name == c.name; })) {
        MapColumns(r.src, r.target.columns, r.target.name);  // throws, naming the column
        return;
      }
  EvolutionPlan plan = PlanTargetEvolution(wh, r.target, r.src, s.schema, fixed);
  std::stable_partition(plan.columns.begin(), plan.columns.end(), [&](const Column& c) {
    return std::find(fixed.begin(), fixed.end(), c.name) == fixed.end();
  });
  r.note = plan.note;
  ApplyEvolution(wh, r.target.name, plan, r.src, s.bizdate, s.node);
  r.target = wh.RequireTable(r.target.name);
}

}  // namespace

std::string UtcNowText() {
  std::string iso = UtcNowIso();  // 2016-11-15T00:00:00Z
  return iso.substr(0, 10) + " " + iso.substr(11, 8);
}

const SourceColumn* SourceColumnNamed(const SourceTable& src, const std::string& name) {
  for (const auto& c : src.columns)
    if (LowerName(c.name) == name) return &c;
  return nullptr;
}

MergeRead ResolveMergeRead(Warehouse& wh, const MergeSyncRequest& req) {
  const SyncRequest& s = req.sync;
  RequireIdentifier(s.target_table, "target table");
  if (req.options.deletes != DeleteMode::kNone && !s.read.query.empty())
    throw Error("deletes need a source table: the keys of a query cannot be listed");
  MergeRead r;
  r.source = OpenSource(s.connection);
  r.src = r.source->Describe(s.read);
  r.options = req.options;
  r.options.key = KeyOf(req, r.src);
  for (const auto& k : r.options.key)
    if (!SourceColumnNamed(r.src, k))
      throw Error("key column '" + k + "' is not a column of the source");
  // A table's primary key holds each value once in any one read.
  std::vector<std::string> pk;
  for (const auto& k : r.src.primary_key) pk.push_back(LowerName(k));
  std::vector<std::string> key = r.options.key;
  std::sort(pk.begin(), pk.end());
  std::sort(key.begin(), key.end());
  r.options.unique_key = s.read.query.empty() && !pk.empty() && key == pk;
  Schema extra = TrailingColumns(r.options);
  r.target = ResolveTargetTable(wh, s.target_table, "", r.src, extra);
  EvolveMergeTable(wh, s, r, extra);
  r.data = r.target.columns;
  r.data.resize(r.data.size() - extra.size());
  return r;
}

}  // namespace strata
