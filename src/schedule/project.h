#pragma once
// A strata project: one folder whose strata.yaml names the source databases,
// the warehouse tables, and the nodes that fill them. Schema (every key not
// listed is an error; paths are relative to the project folder):
//
// `${env:NAME}` in a connection url, any path, and a source's where/query is
// replaced at load by that environment variable (schedule/env_interpolation.h).
//
//   name: seed_demo                  # required, identifier
//   warehouse: warehouse             # optional, default "warehouse"
//   timezone: Asia/Shanghai          # optional, default the machine's
//   max_parallel: 2                  # optional, instances run at once by serve/backfill;
//                                    #   also the capture: log nodes serve reads at once
//   catchup: true                    # optional, serve runs cycles missed while down
//   lifecycle: { ods_oplog: 30 }     # optional, days; overrides a DDL's lifecycle
//   log_retention_days: 30           # optional, 1..36500; logs and attempt history older go
//   capture_interval: 10s            # optional, >= 100ms; serve reads capture logs this often
//   sql: { external_access: true }   # optional; false confines SQL to the warehouse folder
//   schema: evolve                   # optional: evolve | freeze | fail, sync nodes' default
//   connections:                     # optional; key = connection name (identifier)
//     rds: { url: "sqlite:///source.db" }   # url required, kept raw for the source
//     pg:  { url: "postgres://etl@db:5432/app", password_env: PG_PASSWORD }
//     my:  { url: "mysql://etl@db/app", password_file: secrets/my.txt }
//                                    # at most one of password_env / password_file;
//                                    # a password inside the url is rejected
//   tables: [ddl/ods_oplog.sql]      # optional; files of CREATE TABLE statements, must exist
//   nodes:                           # optional list, order matters for tie-breaking
//     - name: ods_oplog              # required, identifier, unique
//       type: sync                   # required: sync | sql
//       description: "..."           # optional
//       depends_on: [other_node]     # optional, names of nodes in this file
//       depends_on_previous: [self]  # optional: nodes (or self) whose previous cycle must succeed
//       schedule: daily              # optional: see schedule/schedule_yaml.h; default daily 00:00
//       paused: false                # optional; a paused node runs only when named
//       params: { last_day: "$[yyyymmdd-1]" }  # optional custom scheduling parameters
//       retries: 2                   # optional, 0..100 extra attempts after a failure
//       retry_interval: 30s          # optional, 30s | 5m | 1h | seconds; default 30s
//       checks:                      # optional quality rules on what the node writes,
//         - not_null: [uid]          # checked before it is published: see
//           level: weak              # schedule/check_yaml.h and docs/quality.md
//       # --- sync nodes only ---
//       source:                      # required
//         connection: rds            # required, a key of `connections`
//         table: oplog               # exactly one of table / query
//         query: "SELECT ..."
//         columns: [optime, uname]   # optional, table only; default all columns
//         where: "optime >= '${yyyy-mm-dd}'"  # optional, table only; kept raw
//         zero_date: dirty           # optional: dirty (default) | null (quoted or not),
//                                    # for MySQL zero dates
//         cursor: { column: optime, lookback: 2h }  # optional, merge only: read rows
//                                    # at or after the last run's highest value less lookback
//       target:                      # required
//         table: ods_oplog           # required, identifier
//         partition: "ds=${bizdate}" # optional, "k=v[/k=v...]"; absent = unpartitioned
//         mode: overwrite            # optional: overwrite (default) | append | merge | history
//         key: [uid]                 # merge/history; default the source's primary key
//         order_by: optime           # merge only: the newest of a key's rows wins
//         deletes: keys              # merge only: none (default) | keys | soft
//         changes: ods_user_changes  # merge only: change rows go to its ds=<bizdate>
//       error_limit: { records: 0 }  # optional, and/or percent: 0..100; default records: 0
//       channels: 1                  # optional, 1..64
//       split_key: id                # optional, table only, identifier
//       schema: evolve               # optional: evolve | freeze | fail; default the
//                                    # project's top-level `schema`, else evolve
//       # --- sql nodes only: exactly one of ---
//       sql_file: sql/merge.sql      # must exist
//       sql: |                       # inline text
//         INSERT OVERWRITE TABLE ...

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "quality/check_rule.h"
#include "schedule/schedule_spec.h"
#include "warehouse/catalog/schema_evolution.h"

namespace strata {

// The file LoadProject reads, and the name every error about it starts with.
inline constexpr std::string_view kProjectFile = "strata.yaml";

// A 1-based position in strata.yaml; 0 when the value was built in code.
struct SourcePos {
  int line = 0;
  int column = 0;
};

// A source database. The password never appears in `url`; the source reads it
// from the environment variable or the file at run time.
struct Connection {
  std::string name;
  std::string url;            // raw; the source resolves relative sqlite paths
  std::string password_env;   // empty = not set
  std::string password_file;  // resolved against the project root; empty = not set
};

// How many bad records a sync tolerates. The default tolerates none; an unset
// field sets no limit of its kind, and crossing any set limit fails the sync.
struct ErrorLimit {
  std::optional<int64_t> records = 0;  // >= 0
  std::optional<double> percent;       // in [0, 100]
};

enum class WriteMode { kOverwrite, kAppend, kMerge, kHistory };
// Whether `mode` keeps a table by key (merge and history tables).
inline bool IsKeyed(WriteMode mode) {
  return mode == WriteMode::kMerge || mode == WriteMode::kHistory;
}
// "overwrite", "append", "merge": as strata.yaml spells it.
std::string_view ModeName(WriteMode mode);

// How a merge target learns of deletes: not at all, or by comparing the
// source's keys with the table's, then removing the row (keys) or keeping it
// marked _deleted (soft).
enum class MergeDeletes { kNone, kKeys, kSoft };

// A `mode: merge` target's settings (warehouse/merge/merge_table.h).
struct MergeSpec {
  std::vector<std::string> key;  // empty = the source's primary key
  std::string order_by;          // "" = none
  MergeDeletes deletes = MergeDeletes::kNone;
  std::string changes;  // change table; "" = none
  // History tables: the columns whose change opens a version; empty = all.
  std::vector<std::string> track;
  // compare: full: every run reads the whole table and compares it with the
  // table, deletes included (found from that same read).
  bool compare_full = false;
  // source.capture: log: changes come from the source's change log.
  bool capture_log = false;
  std::string cursor;    // source.cursor.column; "" = none
  int64_t lookback = 0;  // source.cursor.lookback: seconds, or units of an integer cursor
};

// A sync node's `verify:` section: compare the source with what the sync
// wrote right after it (strata verify); a difference fails the node.
struct VerifySpec {
  bool enabled = false;
  int limit = 20;       // differing rows printed into the node's log
  bool repair = false;  // rewrite the differing keys (partitions only), then compare again
};

// Copy of one source table or query into one warehouse table (partition).
struct SyncSpec {
  std::string connection;            // names a Project::connections entry
  std::string table;                 // source table, or
  std::string query;                 // a source query (exactly one of table/query)
  std::vector<std::string> columns;  // only with table; empty = all
  std::string where;                 // only with table; raw, may hold parameters
  std::string target_table;          // warehouse table (identifier)
  std::string partition;             // raw "ds=${bizdate}[/hh=$[hh24]]"; empty = unpartitioned
  WriteMode mode = WriteMode::kOverwrite;
  ErrorLimit error_limit;
  int channels = 1;                // 1..64
  std::string split_key;           // only with table; empty = none
  bool zero_date_as_null = false;  // MySQL zero dates: a dirty record (default) or NULL
  MergeSpec merge;                 // only with modes kMerge and kHistory
  // What a change of the source's columns does (README "Schema changes").
  SchemaPolicy schema = SchemaPolicy::kEvolve;
  VerifySpec verify;
};

// SQL over the warehouse. `origin` and `first_line` let SQL errors point at
// the line the user wrote, inline sql included.
struct SqlSpec {
  std::string sql;
  std::string origin;  // "sql/merge.sql" as written, or "strata.yaml" for inline sql
  int first_line = 1;  // line of `origin` on which `sql` starts
};

enum class NodeKind { kSync, kSql };

// One schedulable unit. Only the spec matching `kind` is meaningful.
struct Node {
  std::string name;
  NodeKind kind = NodeKind::kSync;
  bool paused = false;
  std::string description;
  std::vector<std::string> depends_on;
  std::vector<SourcePos> depends_on_pos;  // parallel to depends_on; may be empty
  // Nodes (or "self") whose previous cycle must have succeeded first.
  std::vector<std::string> depends_on_previous;
  std::vector<SourcePos> depends_on_previous_pos;
  ScheduleSpec schedule;                                    // default: daily at 00:00
  std::vector<std::pair<std::string, std::string>> params;  // in file order
  int retries = 0;                  // extra attempts after a failure, 0..100
  int retry_interval_seconds = 30;  // wait between attempts
  SyncSpec sync;
  SqlSpec sql;
  std::vector<CheckRule> checks;  // quality rules, evaluated before each commit is published
  int line = 0;                   // where the node starts in strata.yaml; 0 if built in code
  int column = 0;
};

// A loaded, validated project: names are unique and valid, references
// resolve, the dependency graph is acyclic.
struct Project {
  std::filesystem::path root;  // absolute
  std::string name;
  std::filesystem::path warehouse;  // absolute; default root/"warehouse"
  std::vector<Connection> connections;
  std::vector<std::filesystem::path> ddl_files;  // absolute, existing
  std::string timezone;                          // IANA name; empty = the machine's
  int max_parallel = 2;                          // instances `serve` runs at once
  bool catchup = true;                           // serve: run cycles missed while it was down
  std::map<std::string, int> lifecycles;         // table -> days, overrides the DDL
  int log_retention_days = 30;                   // instance logs and attempt rows kept this long
  int64_t capture_interval_ms = 10000;           // serve spools `capture: log` nodes this often
  bool sql_external_access = true;  // false: SQL reads and writes only under `warehouse`
  SchemaPolicy schema = SchemaPolicy::kEvolve;  // sync nodes' default `schema`
  std::vector<Node> nodes;                      // in file order

  // nullptr when absent.
  const Node* FindNode(std::string_view name) const;
  const Connection* FindConnection(std::string_view name) const;
};

// Reads and validates root/strata.yaml (and checks that the files it names
// exist). Throws Error "strata.yaml:L:C: key.path: problem" on the first
// problem found, or "no strata.yaml in <root>".
Project LoadProject(const std::filesystem::path& root);

// LoadProject on `text` given as the content of root/strata.yaml, without
// reading that file (files the text names are still looked up under `root`).
Project ParseProject(const std::filesystem::path& root, std::string_view text);

}  // namespace strata
