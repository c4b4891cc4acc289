#include "schedule/sync_target_yaml.h"

#include <algorithm>
#include <sstream>

#include "core/names.h"
#include "schedule/schedule_yaml.h"

namespace strata {
namespace {

void CheckPartitionValue(const YamlValue& where, const std::string& key, const std::string& raw) {
  std::string sample;
  for (size_t i = 0; i < raw.size(); ++i) {
    bool opens = raw[i] == '$' && i + 1 < raw.size() && (raw[i + 1] == '{' || raw[i + 1] == '[');
    if (!opens) {
      sample += raw[i];
      continue;
    }
    size_t close = raw.find(raw[i + 1] == '{' ? '}' : ']', i + 2);
    if (close == std::string::npos)
      where.Fail("partition '" + key + "': unterminated parameter in '" + raw + "'");
    sample += '0';
    i = close;
  }
  if (!IsPartitionValue(sample))
    where.Fail("partition '" + key + "': value '" + raw +
               "' may only hold letters, digits, _ . : + - and parameters");
}

void CheckPartitionSpec(const YamlValue& where, const std::string& spec) {
  if (spec.empty()) where.Fail("empty partition; omit 'partition' for an unpartitioned table");
  std::vector<std::string> keys;
  std::istringstream parts(spec);
  for (std::string part; std::getline(parts, part, '/');) {
    size_t eq = part.find('=');
    if (eq == std::string::npos || eq + 1 == part.size())
      where.Fail("expected key=value parts separated by '/', got '" + part + "'");
    std::string key = part.substr(0, eq);
    if (!IsIdentifier(key)) where.Fail("partition key '" + key + "' is not a valid name");
    if (std::find(keys.begin(), keys.end(), key) != keys.end())
      where.Fail("partition key '" + key + "' appears twice");
    keys.push_back(key);
    CheckPartitionValue(where, key, part.substr(eq + 1));
  }
  if (spec.back() == '/') where.Fail("partition spec '" + spec + "' ends with '/'");
}

WriteMode ParseMode(const YamlValue& mode) {
  std::string text = mode.AsString();
  if (text == "overwrite") return WriteMode::kOverwrite;
  if (text == "append") return WriteMode::kAppend;
  if (text == "merge") return WriteMode::kMerge;
  if (text == "history") return WriteMode::kHistory;
  mode.Fail("expected 'overwrite', 'append', 'merge' or 'history', got '" + text + "'");
}

MergeDeletes ParseDeletes(const YamlValue& value) {
  std::string text = value.node().IsNull() ? "none" : value.AsString();
  if (text == "none") return MergeDeletes::kNone;
  if (text == "keys") return MergeDeletes::kKeys;
  if (text == "soft") return MergeDeletes::kSoft;
  value.Fail("expected 'none', 'keys' or 'soft', got '" + text + "'");
}

// A non-empty list of distinct column names, e.g. key: [uid].
std::vector<std::string> ParseColumnList(const YamlValue& list, const std::string& what) {
  std::vector<YamlValue> items = list.IsMap() ? std::vector<YamlValue>{} : list.Items();
  if (items.empty()) list.Fail("expected a list of column names, e.g. [uid]");
  std::vector<std::string> out;
  for (const YamlValue& item : items) {
    std::string column = item.AsIdentifier(what);
    if (std::find(out.begin(), out.end(), column) != out.end())
      item.Fail(what + " '" + column + "' listed twice");
    out.push_back(column);
  }
  return out;
}

void ParseMerge(const YamlValue& value, MergeSpec& merge) {
  if (std::optional<YamlValue> key = value.Find("key"))
    merge.key = ParseColumnList(*key, "key column");
  if (std::optional<YamlValue> track = value.Find("track"))
    merge.track = ParseColumnList(*track, "track column");
  if (std::optional<YamlValue> compare = value.Find("compare")) {
    if (compare->AsString() != "full")
      compare->Fail("expected 'full' (read the whole table and compare), got '" +
                    compare->AsString() + "'");
    merge.compare_full = true;
  }
  if (std::optional<YamlValue> order = value.Find("order_by"))
    merge.order_by = order->AsIdentifier("order_by column");
  if (std::optional<YamlValue> deletes = value.Find("deletes"))
    merge.deletes = ParseDeletes(*deletes);
  if (std::optional<YamlValue> changes = value.Find("changes"))
    merge.changes = changes->AsIdentifier("change table name");
  // A full compare and a change log find deletes too, unless told otherwise.
  if ((merge.compare_full || merge.capture_log) && !value.Find("deletes"))
    merge.deletes = MergeDeletes::kKeys;
}

}  // namespace

std::string_view ModeName(WriteMode mode) {
  switch (mode) {
    case WriteMode::kAppend: return "append";
    case WriteMode::kMerge: return "merge";
    case WriteMode::kHistory: return "history";
    default: return "overwrite";
  }
}

void ParseSyncTarget(const YamlValue& value, SyncSpec& sync) {
  value.ExpectMap(
      {"table", "partition", "mode", "key", "order_by", "deletes", "changes", "track", "compare"},
      "in target");
  sync.target_table = value.Get("table").AsIdentifier("table name");
  if (std::optional<YamlValue> mode = value.Find("mode")) sync.mode = ParseMode(*mode);
  if (std::optional<YamlValue> partition = value.Find("partition")) {
    if (sync.mode == WriteMode::kMerge)
      partition->Fail(
          "a merge table holds the current state and has no partitions; remove "
          "'partition' (the change table is partitioned by ds)");
    if (sync.mode == WriteMode::kHistory)
      partition->Fail(
          "a history table holds every version with start_ds and end_ds and has no "
          "partitions; remove 'partition'");
    sync.partition = partition->AsString();
    CheckPartitionSpec(*partition, sync.partition);
  }
  if (!IsKeyed(sync.mode)) {
    for (const char* key : {"key", "order_by", "deletes", "changes", "track", "compare"})
      if (std::optional<YamlValue> extra = value.Find(key))
        extra->Fail(std::string("'") + key + "' only applies with mode: merge or history");
    return;
  }
  ParseMerge(value, sync.merge);
  if (sync.mode != WriteMode::kHistory && value.Find("track"))
    value.Get("track").Fail("'track' only applies with mode: history");
  if (sync.merge.changes == sync.target_table)
    value.Get("changes").Fail("the change table must differ from the target table");
}

void ParseCursor(const YamlValue& value, SyncSpec& sync) {
  value.ExpectMap({"column", "lookback"}, "in cursor");
  sync.merge.cursor = value.Get("column").AsIdentifier("cursor column");
  if (std::optional<YamlValue> lookback = value.Find("lookback"))
    sync.merge.lookback = ParseDuration(*lookback);
}

namespace {

// What a capture node cannot have: it reads whole rows of a whole table, in log order.
void CheckCapture(const YamlValue& node, const SyncSpec& sync) {
  YamlValue capture = node.Get("source").Get("capture");
  if (sync.mode == WriteMode::kOverwrite)
    capture.Fail(
        "capture: log needs target mode: merge or history (the change rows then go to "
        "target.changes, default <table>_changes), or append (the target is the change table)");
  if (node.Get("target").Find("partition"))
    node.Get("target")
        .Get("partition")
        .Fail(
            "a change table is partitioned by ds, the business date of each change; remove "
            "'partition'");
  if (!sync.query.empty()) capture.Fail("capture: log needs source.table, not a query");
  for (const char* key : {"columns", "where", "cursor"})
    if (node.Get("source").Find(key))
      node.Get("source").Get(key).Fail(std::string("'") + key +
                                       "' does not apply with capture: log (it reads every "
                                       "change of the whole table)");
  for (const char* key : {"order_by", "compare"})
    if (node.Get("target").Find(key))
      node.Get("target").Get(key).Fail(std::string("'") + key +
                                       "' does not apply with capture: log (the log orders "
                                       "changes)");
}

}  // namespace

void CheckMergeSource(const YamlValue& node, const SyncSpec& sync) {
  std::optional<YamlValue> cursor = node.Get("source").Find("cursor");
  if (cursor && !IsKeyed(sync.mode))
    cursor->Fail("'cursor' only applies with target mode: merge or history");
  if (sync.mode == WriteMode::kHistory && sync.merge.deletes == MergeDeletes::kSoft)
    node.Get("target").Get("deletes").Fail(
        "a history table closes a deleted key's version; use deletes: keys");
  if (cursor && sync.merge.compare_full)
    cursor->Fail("'cursor' reads part of the table; compare: full reads all of it (remove one)");
  if (sync.merge.capture_log) CheckCapture(node, sync);
  if (IsKeyed(sync.mode) && sync.merge.deletes != MergeDeletes::kNone && !sync.query.empty())
    node.Get("target").Get("deletes").Fail(
        "deletes need a source table: the keys of a query cannot be listed");
}

SchemaPolicy ParseSchemaPolicyValue(const YamlValue& value) {
  std::string text = value.AsString();
  if (auto policy = ParseSchemaPolicy(text)) return *policy;
  value.Fail("expected 'evolve', 'freeze' or 'fail', got '" + text + "'");
}

VerifySpec ParseVerifySpec(const YamlValue& value, const SyncSpec& sync) {
  VerifySpec v;
  if (!value.IsMap()) {
    v.enabled = value.AsBool();
    return v;
  }
  value.ExpectMap({"limit", "repair"}, "in verify");
  v.enabled = true;
  if (std::optional<YamlValue> limit = value.Find("limit"))
    v.limit = static_cast<int>(limit->AsInt(0, 1000000));
  if (std::optional<YamlValue> repair = value.Find("repair")) {
    v.repair = repair->AsBool();
    if (v.repair && IsKeyed(sync.mode))
      repair->Fail("'repair' rewrites partitions; a " + std::string(ModeName(sync.mode)) +
                   " table is rebuilt by rerunning its node");
  }
  return v;
}

}  // namespace strata
