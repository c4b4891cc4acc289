#pragma once
// One function per `strata` command. Each returns the process exit status
// and throws strata::Error for failures that app.cc prints as one line.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/civil_time.h"
#include "schedule/instance_executor.h"
#include "schedule/project.h"

namespace strata {
class UiServer;
}

namespace strata::cli {

// strata catalog rebuild: a new catalog from the warehouse folders.
int CatalogRebuildCommand(const std::filesystem::path& dir);

struct RunOptions {
  std::filesystem::path project_dir;
  std::optional<std::string> date;  // YYYYMMDD business date; default yesterday
  std::vector<std::string> nodes;   // selectors: NODE, NODE+ (descendants), +NODE (ancestors)
  bool forward = false;             // also every later cycle of self-dependent nodes (--forward)
  bool failed = false;              // only instances not yet succeeded (--failed)
  bool force = false;               // merge nodes may run a date older than their table's
};
int RunCommand(const RunOptions& options);

struct BackfillOptions {
  std::filesystem::path project_dir;
  std::string from, to;  // YYYYMMDD
  std::vector<std::string> nodes;
  bool downstream = false;
  int parallel = 1;
  bool forward = false;
  bool force = false;
  bool yes = false;  // allow more than kBackfillMaxDates dates or kBackfillMaxInstances instances
};
// A backfill larger than either needs --yes: a mistyped range must not
// quietly create (and run) hundreds of thousands of instances.
inline constexpr int64_t kBackfillMaxDates = 366;
inline constexpr int64_t kBackfillMaxInstances = 1000;
int BackfillCommand(const BackfillOptions& options);

struct RerunOptions {
  std::filesystem::path project_dir;
  std::vector<std::string> nodes;  // selectors, as for run
  std::string date;
  bool downstream = false;
  bool forward = false;
  bool force = false;
};
int RerunCommand(const RerunOptions& options);

struct StatusOptions {
  std::filesystem::path project_dir;
  std::optional<std::string> date, from, to;
  std::string format = "table";  // table | json
  bool captures = false;         // only the capture: log nodes' lags
};
int StatusCommand(const StatusOptions& options);
struct LogOptions {
  std::filesystem::path project_dir;
  std::string node, date;
  std::string format = "text";  // text (a header line per instance, then its log) | json
  bool follow = false;          // -f: print the log as it grows until the instance finishes
};
int LogCommand(const LogOptions& options);

struct HttpOptionsCli {
  std::optional<std::string> http;  // ADDR:PORT of the operations page
  std::optional<std::string> token_file;
};
struct ServeOptionsCli {
  std::filesystem::path project_dir;
  std::optional<std::string> until;  // local time 2016-12-15T00:00:00
  HttpOptionsCli page;               // serve --http: the page in the same process
};
int ServeCommand(const ServeOptionsCli& options);
// Starts the operations page for `project` as --http/--token-file say
// (server/ui_server.h), printing its address; it stops when destroyed.
std::unique_ptr<UiServer> StartPage(const Project& project, const HttpOptionsCli& options,
                                    bool scheduler_in_process);
// strata ui: the operations page alone, until SIGTERM.
int UiCommand(const std::filesystem::path& project_dir, const HttpOptionsCli& options);
int LifecycleCommand(const std::filesystem::path& project_dir, bool dry_run);

struct SqlOptions {
  std::filesystem::path project_dir;
  std::optional<std::string> date;
  std::string format = "table";        // table | csv | json
  std::optional<std::string> null_as;  // csv: what NULL prints as
  std::string sql;
  std::string file;
};
int SqlCommand(const SqlOptions& options);

// strata snapshot TABLE --date D: a history table as of a business date.
struct SnapshotOptions {
  std::filesystem::path project_dir;
  std::string table;
  std::string date;
  std::string format = "table";  // table | csv | json
};
int SnapshotCommand(const SnapshotOptions& options);

// strata resnapshot NODE: forget where a `capture: log` node's stream is,
// so its next run takes a new snapshot (after a purged log, a dropped slot
// or a schema change). Prints what it cleared.
int ResnapshotCommand(const std::filesystem::path& project_dir, const std::string& node);

// strata verify NODE: the node's source against the partition it wrote.
struct VerifyOptions {
  std::filesystem::path project_dir;
  std::string node;
  std::optional<std::string> date;  // YYYYMMDD business date; default yesterday
  int limit = 20;                   // rows to describe
  std::string format = "text";      // text | json
  bool repair = false;              // rewrite the differing keys from the source
  bool buckets = false;             // never accept the server's own table checksum
};
// 0 equal, 1 differs, 2 error (printed here, as one line).
int VerifyCommand(const VerifyOptions& options);

// format: table | csv | json, as for strata sql.
int TablesCommand(const std::filesystem::path& project_dir, const std::string& format);
int PartitionsCommand(const std::filesystem::path& project_dir, const std::string& table,
                      const std::string& format);
int DemoCommand(const std::filesystem::path& dir);

// strata check [--connect]: CheckProject; with `connect`, also opens every
// connection and describes every source, one line each; 1 if any failed.
int CheckCommand(const std::filesystem::path& project_dir, bool connect);
// strata ls: the nodes, as aligned text or (format "json") a JSON array.
int LsCommand(const std::filesystem::path& project_dir, const std::string& format);
// strata compile NODE: the node's texts with the parameters of `date` substituted.
int CompileCommand(const std::filesystem::path& project_dir, const std::string& node,
                   const std::optional<std::string>& date);
// strata init [DIR]: a starter project that `check` accepts and `run` runs.
int InitCommand(const std::filesystem::path& dir);
// The nearest folder from `start` upwards holding strata.yaml, as git finds
// its repository; `start` itself when there is none.
std::filesystem::path FindProjectDir(const std::filesystem::path& start);

// The business date a --date flag names, or yesterday (local time) without one.
CivilTime ResolveBizdate(const std::optional<std::string>& date);
// A YYYYMMDD flag value; throws naming `flag` if malformed.
CivilTime ParseDateFlag(const std::string& flag, const std::string& value);
// Throws a UsageError naming both flags if `from` is after `to`.
void CheckDateRange(const CivilTime& from, const CivilTime& to);

// Runs `nodes` (upstream first; all unpaused ones if empty) for `bizdate` as
// recorded instances, printing each attempt's log to `out`. Returns the exit
// status: 0 if every instance succeeded. `unfinished_only` leaves out the
// instances that already succeeded (or were skipped); `force` lets merge
// nodes run a date older than their table's.
int RunNodesForDate(const Project& project, const std::vector<std::string>& nodes,
                    const CivilTime& bizdate, std::ostream& out, bool forward = false,
                    bool unfinished_only = false, bool force = false);
// Adds instances to a run as it proceeds; see InstanceExecutor::RunAll.
using InstanceFeed = std::function<bool(InstanceExecutor& executor, bool idle)>;
// Executes the instances (and those `feed` adds) and prints a closing
// summary; 0 if all succeeded.
int ExecuteInstances(const Project& project, const std::vector<int64_t>& ids,
                     ExecutorOptions options, std::ostream& out, const InstanceFeed& feed = {});

}  // namespace strata::cli
