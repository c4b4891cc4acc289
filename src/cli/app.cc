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

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"strata: sync operational databases into a date-partitioned Parquet warehouse"};
  app.set_version_flag("--version", std::string("strata ") + STRATA_VERSION);
  app.require_subcommand(1);
  std::string dir = ".";
  app.add_option("-C", dir, "Run in project folder DIR (default: the nearest with strata.yaml)")
      ->option_text("DIR");
  app.fallthrough();  // -C after the subcommand too; subcommands inherit this

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run nodes for one business date, upstream first");
  AddDate(run_cmd, &run.date);
  run_cmd->add_option("nodes", run.nodes,
                      "Nodes to run: NODE, NODE+ (and descendants), +NODE (and ancestors); "
                      "default: every node not paused");
  run_cmd->add_flag("--failed", run.failed,
                    "Only the instances of the date that have not succeeded yet");
  AddForward(run_cmd, &run.forward);
  AddForce(run_cmd, &run.force);

  BackfillOptions backfill;
  auto* backfill_cmd = app.add_subcommand("backfill", "Run nodes for a range of business dates");
  backfill_cmd->add_option("--from", backfill.from, "First business date YYYYMMDD")->required();
  backfill_cmd->add_option("--to", backfill.to, "Last business date YYYYMMDD")->required();
  backfill_cmd->add_flag("--downstream", backfill.downstream, "Also run every descendant");
  backfill_cmd->add_option("--parallel", backfill.parallel, "Instances at once")
      ->check(CLI::Range(1, 64));
  backfill_cmd->add_option("nodes", backfill.nodes,
                           "Nodes: NODE, NODE+, +NODE (default: every node not paused)");
  AddForward(backfill_cmd, &backfill.forward);
  AddForce(backfill_cmd, &backfill.force);
  backfill_cmd->add_flag("--yes", backfill.yes,
                         "Allow more than " + std::to_string(kBackfillMaxDates) + " dates or " +
                             std::to_string(kBackfillMaxInstances) + " instances");

  RerunOptions rerun;
  auto* rerun_cmd = app.add_subcommand("rerun", "Reset and rerun nodes' instances of a date");
  rerun_cmd->add_option("nodes", rerun.nodes, "Nodes: NODE, NODE+, +NODE")->required();
  rerun_cmd->add_option("--date", rerun.date, "Business date YYYYMMDD")->required();
  rerun_cmd->add_flag("--downstream", rerun.downstream, "Rerun its descendants after it");
  AddForward(rerun_cmd, &rerun.forward);
  AddForce(rerun_cmd, &rerun.force);

  StatusOptions status;
  auto* status_cmd = app.add_subcommand("status", "Instance states, node x business date");
  AddDate(status_cmd, &status.date);
  status_cmd->add_option("--from", status.from, "First business date YYYYMMDD");
  status_cmd->add_option("--to", status.to, "Last business date YYYYMMDD");
  AddFormat(status_cmd, &status.format, {"table", "json"});
  status_cmd->add_flag("--captures", status.captures,
                       "Only each capture: log node's lag behind its source's log");

  LogOptions log_opts;
  auto* log_cmd = app.add_subcommand("log", "Print the log of a node's instance");
  log_cmd->add_option("node", log_opts.node, "Node")->required();
  log_cmd->add_option("--date", log_opts.date, "Business date YYYYMMDD")->required();
  AddFormat(log_cmd, &log_opts.format, {"text", "json"});
  log_cmd->add_flag("-f,--follow", log_opts.follow,
                    "Print the log as it grows until the instance ends");

  ServeOptionsCli serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the scheduler until stopped (SIGTERM)");
  serve_cmd->add_option("--until", serve.until, "Stop at this local time (2016-12-15T00:00:00)");
  auto add_http = [](CLI::App* cmd, HttpOptionsCli* o) {
    cmd->add_option("--http", o->http, "Serve the operations page on ADDR:PORT (127.0.0.1:8080)");
    cmd->add_option(
        "--token-file", o->token_file,
        "File holding the page's access token (needed off loopback; or STRATA_UI_TOKEN)");
  };
  add_http(serve_cmd, &serve.page);
  HttpOptionsCli ui;
  auto* ui_cmd = app.add_subcommand("ui", "Serve the operations page (without the scheduler)");
  add_http(ui_cmd, &ui);

  bool dry_run = false;
  auto* lifecycle_cmd = app.add_subcommand("lifecycle", "Drop partitions past their lifecycle");
  lifecycle_cmd->add_flag("--dry-run", dry_run, "Only list what would be dropped");

  SqlOptions sql;
  SnapshotOptions snapshot;
  auto* snapshot_cmd =
      app.add_subcommand("snapshot", "A history table as it was on a business date");
  snapshot_cmd->add_option("table", snapshot.table, "History table")->required();
  snapshot_cmd->add_option("--date", snapshot.date, "Business date YYYYMMDD")->required();
  AddFormat(snapshot_cmd, &snapshot.format, {"table", "csv", "json"});

  auto* sql_cmd = app.add_subcommand("sql", "Run SQL over the warehouse");
  AddDate(sql_cmd, &sql.date);
  AddFormat(sql_cmd, &sql.format, {"table", "csv", "json"});
  sql_cmd
      ->add_option("--null-as", sql.null_as,
                   "With --format csv: print NULL as STR (default: an empty field; the "
                   "empty string prints as \"\")")
      ->option_text("STR");
  sql_cmd->add_option("-f,--file", sql.file, "Read the SQL from FILE");
  sql_cmd->add_option("sql", sql.sql, "The SQL text");

  auto* tables_cmd = app.add_subcommand("tables", "List the warehouse tables");
  std::string table, tables_format = "table";
  AddFormat(tables_cmd, &tables_format, {"table", "csv", "json"});
  auto* parts_cmd = app.add_subcommand("partitions", "List a table's partitions");
  parts_cmd->add_option("table", table, "Table name")->required();
  AddFormat(parts_cmd, &tables_format, {"table", "csv", "json"});

  auto* catalog_cmd = app.add_subcommand("catalog", "Inspect or repair the warehouse catalog");
  auto* rebuild_cmd = catalog_cmd->add_subcommand(
      "rebuild", "Rebuild the catalog from the table folders (keeps the old file)");
  catalog_cmd->require_subcommand(1);

  std::string demo_dir = "strata-demo";
  auto* demo_cmd = app.add_subcommand("demo", "Create and run the seed scenario project");
  demo_cmd->add_option("--dir", demo_dir, "Project folder to create (default ./strata-demo)");

  bool connect = false;
  auto* check_cmd = app.add_subcommand("check", "Check the project without running anything");
  check_cmd->add_flag("--connect", connect, "Also open each connection and each source table");
  std::string ls_format = "text";
  auto* ls_cmd = app.add_subcommand("ls", "List the nodes");
  ls_cmd->add_option("--format", ls_format, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}));
  VerifyOptions verify;
  auto* verify_cmd =
      app.add_subcommand("verify", "Compare a sync node's source with the partition it wrote");
  verify_cmd->add_option("node", verify.node, "Sync node")->required();
  AddDate(verify_cmd, &verify.date);
  verify_cmd->add_option("--limit", verify.limit, "Differing rows to print (default 20)");
  AddFormat(verify_cmd, &verify.format, {"text", "json"});
  verify_cmd->add_flag("--repair", verify.repair,
                       "Rewrite the differing keys from the source, as a new version");
  verify_cmd->add_flag("--buckets", verify.buckets,
                       "Compare by 64-bit row hashes even where the server's 32-bit table "
                       "checksum could prove the table equal");
  std::string resnapshot_node;
  auto* resnapshot_cmd =
      app.add_subcommand("resnapshot", "Make a capture: log node's next run take a new snapshot");
  resnapshot_cmd->add_option("node", resnapshot_node, "Sync node with capture: log")->required();
  std::string compile_node;
  std::optional<std::string> compile_date;
  auto* compile_cmd = app.add_subcommand("compile", "Print a node's texts for a business date");
  compile_cmd->add_option("node", compile_node, "Node")->required();
  AddDate(compile_cmd, &compile_date);
  std::string init_dir;
  auto* init_cmd = app.add_subcommand("init", "Write a starter project");
  init_cmd->add_option("dir", init_dir, "Folder (default: -C DIR, else the current one)");

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
    Clock::InitFromEnvironment();
    if (*init_cmd) return InitCommand(init_dir.empty() ? dir : init_dir);
    if (!*demo_cmd) dir = FindProjectDir(dir).string();
    // A typo in strata.yaml or a SQL file fails here, before any instance exists.
    if (*run_cmd || *backfill_cmd || *serve_cmd) CheckProject(LoadProject(dir));
    if (*check_cmd) return CheckCommand(dir, connect);
    if (*ls_cmd) return LsCommand(dir, ls_format);
    if (*compile_cmd) return CompileCommand(dir, compile_node, compile_date);
    run.project_dir = sql.project_dir = backfill.project_dir = rerun.project_dir = dir;
    status.project_dir = snapshot.project_dir = serve.project_dir = log_opts.project_dir = dir;
    if (*run_cmd) return RunCommand(run);
    if (*backfill_cmd) return BackfillCommand(backfill);
    if (*rerun_cmd) return RerunCommand(rerun);
    if (*status_cmd) return StatusCommand(status);
    if (*log_cmd) return LogCommand(log_opts);
    if (*serve_cmd) return ServeCommand(serve);
    if (*ui_cmd) return UiCommand(dir, ui);
    if (*lifecycle_cmd) return LifecycleCommand(dir, dry_run);
    if (*sql_cmd) return SqlCommand(sql);
    if (*snapshot_cmd) return SnapshotCommand(snapshot);
    if (*verify_cmd) {
      verify.project_dir = dir;
      return VerifyCommand(verify);
    }
    if (*resnapshot_cmd) return ResnapshotCommand(dir, resnapshot_node);
    if (*tables_cmd) return TablesCommand(dir, tables_format);
    if (*parts_cmd) return PartitionsCommand(dir, table, tables_format);
    if (*rebuild_cmd) return CatalogRebuildCommand(dir);
    if (*demo_cmd) return DemoCommand(demo_dir);
  } catch (const UsageError& e) {
    std::cout.flush();
    std::cerr << "strata: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "strata: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace strata::cli
