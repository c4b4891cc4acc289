#pragma once
// Reads what a sync node writes to: its `target` (table, partition, mode and
// a merge's key, order_by, deletes and changes) and a merge's
// `source.cursor`. Errors name file, line and key, like every project-file
// error; settings that only a merge takes are refused on other modes.

#include "schedule/project.h"
#include "schedule/yaml_reader.h"

namespace strata {

//   target: { table: t, partition: "ds=${bizdate}", mode: overwrite | append }
//   target: { table: t, mode: merge, key: [uid], order_by: optime,
//             deletes: none | keys | soft, changes: t_changes }
void ParseSyncTarget(const YamlValue& value, SyncSpec& sync);

//   cursor: { column: optime, lookback: 2h }   (lookback: a duration, or a
//   plain number: seconds, or units of an integer cursor)
void ParseCursor(const YamlValue& value, SyncSpec& sync);

// What only the whole node can tell: a cursor needs a merge target, and
// deletes need a source table (the keys of a query cannot be listed).
void CheckMergeSource(const YamlValue& node, const SyncSpec& sync);

//   verify: true   or   verify: { limit: 20, repair: false }
// (repair only where the node writes partitions: not merge or history).
VerifySpec ParseVerifySpec(const YamlValue& value, const SyncSpec& sync);

// `schema: evolve | freeze | fail` (a sync node's, or the project default).
SchemaPolicy ParseSchemaPolicyValue(const YamlValue& value);

}  // namespace strata
