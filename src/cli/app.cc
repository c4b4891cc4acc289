#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "core/clock.h"
#include "core/error.h"
#include "schedule/project_check.h"

#ifndef STRATA_VERSION
#define STRATA_VERSION "dev"
#endif

namespace strata::cli {
namespace {

void AddDate(CLI::App* cmd, std::optional<std::string>* date) {
  cmd->add_option("--date", *date, "Business date YYYYMMDD (default: yesterday)");
}

// Self-dependent nodes (incremental merges) that already ran later dates.
void AddForward(CLI::App* cmd, bool* forward) {
  cmd->add_flag("--forward", *forward,
                "Also run every later cycle of nodes that depend on their own previous cycle");
}

// Merge nodes whose table is already at a later date.
void AddForce(CLI::App* cmd, bool* force) {
  cmd->add_flag("--force", *force,
                "Let merge nodes apply a date older than the one their table is at");
}

// What a parse error says: CLI11's text, but naming an unknown command.
std::string UsageMessage(CLI::App& app, const CLI::ParseError& e) {
  if (app.get_subcommands().empty())
    for (const auto& arg : app.remaining())
      if (!arg.empty() && arg[0] != '-') return "unknown command '" + arg + "'";
  return e.what();
}

// --format, one of `formats` (the first is the default).
void AddFormat(CLI::App* cmd, std::string* format, const std::vector<std::string>& formats) {
  std::string names;
  for (const auto& f : formats) names += (names.empty() ? "" : ", ") + f;
  cmd->add_option("--format", *format, "Output: " + names + " (default " + formats[0] + ")")
      ->check(CLI::IsMember(formats));
}

// The command line as parsed: each command's options, and which command
// was given (the CLI::App that owns the commands outlives it).
struct CommandLine {
  std::string dir = ".";
  RunOptions run;
  BackfillOptions backfill;
  RerunOptions rerun;
  StatusOptions status;
  LogOptions log;
  ServeOptionsCli serve;
  HttpOptionsCli ui;
  bool dry_run = false;
  SnapshotOptions snapshot;
  SqlOptions sql;
  std::string table, tables_format = "table";
  std::string demo_dir = "strata-demo";
  bool connect = false;
  std::string ls_format = "text";
  VerifyOptions verify;
  std::string resnapshot_node;
  std::string compile_node;
  std::optional<std::string> compile_date;
  std::string init_dir;

  CLI::App *run_cmd, *backfill_cmd, *rerun_cmd, *status_cmd, *log_cmd, *serve_cmd, *ui_cmd,
      *lifecycle_cmd, *snapshot_cmd, *sql_cmd, *tables_cmd, *parts_cmd, *rebuild_cmd, *demo_cmd,
      *check_cmd, *ls_cmd, *verify_cmd, *resnapshot_cmd, *compile_cmd, *init_cmd;
};

void AddHttp(CLI::App* cmd, HttpOptionsCli* o) {
  cmd->add_option("--http", o->http, "Serve the operations page on ADDR:PORT (127.0.0.1:8080)");
  cmd->add_option("--token-file", o->token_file,
                  "File holding the page's access token (needed off loopback; or STRATA_UI_TOKEN)");
}

// run, backfill, rerun: instances of business dates.
void AddRunCommands(CLI::App& app, CommandLine& c) {
  c.run_cmd = app.add_subcommand("run", "Run nodes for one business date, upstream first");
  AddDate(c.run_cmd, &c.run.date);
  c.run_cmd->add_option("nodes", c.run.nodes,
                        "Nodes to run: NODE, NODE+ (and descendants), +NODE (and ancestors); "
                        "default: every node not paused");
  c.run_cmd->add_flag("--failed", c.run.failed,
                      "Only the instances of the date that have not succeeded yet");
  AddForward(c.run_cmd, &c.run.forward);
  AddForce(c.run_cmd, &c.run.force);

  BackfillOptions& b = c.backfill;
  c.backfill_cmd = app.add_subcommand("backfill", "Run nodes for a range of business dates");
  c.backfill_cmd->add_option("--from", b.from, "First business date YYYYMMDD")->required();
  c.backfill_cmd->add_option("--to", b.to, "Last business date YYYYMMDD")->required();
  c.backfill_cmd->add_flag("--downstream", b.downstream, "Also run every descendant");
  c.backfill_cmd->add_option("--parallel", b.parallel, "Instances at once")
      ->check(CLI::Range(1, 64));
  c.backfill_cmd->add_option("nodes", b.nodes,
                             "Nodes: NODE, NODE+, +NODE (default: every node not paused)");
  AddForward(c.backfill_cmd, &b.forward);
  AddForce(c.backfill_cmd, &b.force);
  c.backfill_cmd->add_flag("--yes", b.yes,
                           "Allow more than " + std::to_string(kBackfillMaxDates) + " dates or " +
                               std::to_string(kBackfillMaxInstances) + " instances");

  c.rerun_cmd = app.add_subcommand("rerun", "Reset and rerun nodes' instances of a date");
  c.rerun_cmd->add_option("nodes", c.rerun.nodes, "Nodes: NODE, NODE+, +NODE")->required();
  c.rerun_cmd->add_option("--date", c.rerun.date, "Business date YYYYMMDD")->required();
  c.rerun_cmd->add_flag("--downstream", c.rerun.downstream, "Rerun its descendants after it");
  AddForward(c.rerun_cmd, &c.rerun.forward);
  AddForce(c.rerun_cmd, &c.rerun.force);
}

// status, log, serve, ui, lifecycle: watching and operating the schedule.
void AddOperationCommands(CLI::App& app, CommandLine& c) {
  c.status_cmd = app.add_subcommand("status", "Instance states, node x business date");
  AddDate(c.status_cmd, &c.status.date);
  c.status_cmd->add_option("--from", c.status.from, "First business date YYYYMMDD");
  c.status_cmd->add_option("--to", c.status.to, "Last business date YYYYMMDD");
  AddFormat(c.status_cmd, &c.status.format, {"table", "json"});
  c.status_cmd->add_flag("--captures", c.status.captures,
                         "Only each capture: log node's lag behind its source's log");

  c.log_cmd = app.add_subcommand("log", "Print the log of a node's instance");
  c.log_cmd->add_option("node", c.log.node, "Node")->required();
  c.log_cmd->add_option("--date", c.log.date, "Business date YYYYMMDD")->required();
  AddFormat(c.log_cmd, &c.log.format, {"text", "json"});
  c.log_cmd->add_flag("-f,--follow", c.log.follow,
                      "Print the log as it grows until the instance ends");

  c.serve_cmd = app.add_subcommand("serve", "Run the scheduler until stopped (SIGTERM)");
  c.serve_cmd->add_option("--until", c.serve.until,
                          "Stop at this local time (2016-12-15T00:00:00)");
  AddHttp(c.serve_cmd, &c.serve.page);
  c.ui_cmd = app.add_subcommand("ui", "Serve the operations page (without the scheduler)");
  AddHttp(c.ui_cmd, &c.ui);

  c.lifecycle_cmd = app.add_subcommand("lifecycle", "Drop partitions past their lifecycle");
  c.lifecycle_cmd->add_flag("--dry-run", c.dry_run, "Only list what would be dropped");
}

// snapshot, sql, tables, partitions, catalog: reading the warehouse.
void AddWarehouseCommands(CLI::App& app, CommandLine& c) {
  c.snapshot_cmd = app.add_subcommand("snapshot", "A history table as it was on a business date");
  c.snapshot_cmd->add_option("table", c.snapshot.table, "History table")->required();
  c.snapshot_cmd->add_option("--date", c.snapshot.date, "Business date YYYYMMDD")->required();
  AddFormat(c.snapshot_cmd, &c.snapshot.format, {"table", "csv", "json"});

  c.sql_cmd = app.add_subcommand("sql", "Run SQL over the warehouse");
  AddDate(c.sql_cmd, &c.sql.date);
  AddFormat(c.sql_cmd, &c.sql.format, {"table", "csv", "json"});
  c.sql_cmd
      ->add_option("--null-as", c.sql.null_as,
                   "With --format csv: print NULL as STR (default: an empty field; the "
                   "empty string prints as \"\")")
      ->option_text("STR");
  c.sql_cmd->add_option("-f,--file", c.sql.file, "Read the SQL from FILE");
  c.sql_cmd->add_option("sql", c.sql.sql, "The SQL text");

  c.tables_cmd = app.add_subcommand("tables", "List the warehouse tables");
  AddFormat(c.tables_cmd, &c.tables_format, {"table", "csv", "json"});
  c.parts_cmd = app.add_subcommand("partitions", "List a table's partitions");
  c.parts_cmd->add_option("table", c.table, "Table name")->required();
  AddFormat(c.parts_cmd, &c.tables_format, {"table", "csv", "json"});

  auto* catalog_cmd = app.add_subcommand("catalog", "Inspect or repair the warehouse catalog");
  c.rebuild_cmd = catalog_cmd->add_subcommand(
      "rebuild", "Rebuild the catalog from the table folders (keeps the old file)");
  catalog_cmd->require_subcommand(1);
}

// demo, check, ls, verify, resnapshot, compile, init: the project and its nodes.
void AddProjectCommands(CLI::App& app, CommandLine& c) {
  c.demo_cmd = app.add_subcommand("demo", "Create and run the seed scenario project");
  c.demo_cmd->add_option("--dir", c.demo_dir, "Project folder to create (default ./strata-demo)");

  c.check_cmd = app.add_subcommand("check", "Check the project without running anything");
  c.check_cmd->add_flag("--connect", c.connect, "Also open each connection and each source table");
  c.ls_cmd = app.add_subcommand("ls", "List the nodes");
  c.ls_cmd->add_option("--format", c.ls_format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));

  VerifyOptions& v = c.verify;
  c.verify_cmd =
      app.add_subcommand("verify", "Compare a sync node's source with the partition it wrote");
  c.verify_cmd->add_option("node", v.node, "Sync node")->required();
  AddDate(c.verify_cmd, &v.date);
  c.verify_cmd->add_option("--limit", v.limit, "Differing rows to print (default 20)");
  AddFormat(c.verify_cmd, &v.format, {"text", "json"});
  c.verify_cmd->add_flag("--repair", v.repair,
                         "Rewrite the differing keys from the source, as a new version");
  c.verify_cmd->add_flag("--buckets", v.buckets,
                         "Compare by 64-bit row hashes even where the server's 32-bit table "
                         "checksum could prove the table equal");

  c.resnapshot_cmd =
      app.add_subcommand("resnapshot", "Make a capture: log node's next run take a new snapshot");
  c.resnapshot_cmd->add_option("node", c.resnapshot_node, "Sync node with capture: log")
      ->required();
  c.compile_cmd = app.add_subcommand("compile", "Print a node's texts for a business date");
  c.compile_cmd->add_option("node", c.compile_node, "Node")->required();
  AddDate(c.compile_cmd, &c.compile_date);
  c.init_cmd = app.add_subcommand("init", "Write a starter project");
  c.init_cmd->add_option("dir", c.init_dir, "Folder (default: -C DIR, else the current one)");
}

// Runs the command given; throws what it throws.
int Dispatch(CommandLine& c) {
  Clock::InitFromEnvironment();
  if (*c.init_cmd) return InitCommand(c.init_dir.empty() ? c.dir : c.init_dir);
  const std::string dir = *c.demo_cmd ? c.dir : FindProjectDir(c.dir).string();
  // A typo in strata.yaml or a SQL file fails here, before any instance exists.
  if (*c.run_cmd || *c.backfill_cmd || *c.serve_cmd) CheckProject(LoadProject(dir));
  if (*c.check_cmd) return CheckCommand(dir, c.connect);
  if (*c.ls_cmd) return LsCommand(dir, c.ls_format);
  if (*c.compile_cmd) return CompileCommand(dir, c.compile_node, c.compile_date);
  c.run.project_dir = c.sql.project_dir = c.backfill.project_dir = c.rerun.project_dir = dir;
  c.status.project_dir = c.snapshot.project_dir = c.serve.project_dir = c.log.project_dir = dir;
  c.verify.project_dir = dir;
  if (*c.run_cmd) return RunCommand(c.run);
  if (*c.backfill_cmd) return BackfillCommand(c.backfill);
  if (*c.rerun_cmd) return RerunCommand(c.rerun);
  if (*c.status_cmd) return StatusCommand(c.status);
  if (*c.log_cmd) return LogCommand(c.log);
  if (*c.serve_cmd) return ServeCommand(c.serve);
  if (*c.ui_cmd) return UiCommand(dir, c.ui);
  if (*c.lifecycle_cmd) return LifecycleCommand(dir, c.dry_run);
  if (*c.sql_cmd) return SqlCommand(c.sql);
  if (*c.snapshot_cmd) return SnapshotCommand(c.snapshot);
  if (*c.verify_cmd) return VerifyCommand(c.verify);
  if (*c.resnapshot_cmd) return ResnapshotCommand(dir, c.resnapshot_node);
  if (*c.tables_cmd) return TablesCommand(dir, c.tables_format);
  if (*c.parts_cmd) return PartitionsCommand(dir, c.table, c.tables_format);
  if (*c.rebuild_cmd) return CatalogRebuildCommand(dir);
  if (*c.demo_cmd) return DemoCommand(c.demo_dir);
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"strata: sync operational databases into a date-partitioned Parquet warehouse"};
  app.set_version_flag("--version", std::string("strata ") + STRATA_VERSION);
  app.require_subcommand(1);
  CommandLine c;
  app.add_option("-C", c.dir, "Run in project folder DIR (default: the nearest with strata.yaml)")
      ->option_text("DIR");
  app.fallthrough();  // -C after the subcommand too; subcommands inherit this
  AddRunCommands(app, c);
  AddOperationCommands(app, c);
  AddWarehouseCommands(app, c);
  AddProjectCommands(app, c);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line like every other error, not CLI11's text and exit codes.
    std::cerr << "strata: " << UsageMessage(app, e) << " (see strata --help)\n";
    return 2;
  }
  try {
    return Dispatch(c);
  } catch (const UsageError& e) {
    std::cout.flush();
    std::cerr << "strata: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "strata: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace strata::cli
