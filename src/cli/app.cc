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
  run_cmd->add_option("nodes", run.nodes, "Nodes to run (default: every node not paused)");
  AddForward(run_cmd, &run.forward);

  BackfillOptions backfill;
  auto* backfill_cmd = app.add_subcommand("backfill", "Run nodes for a range of business dates");
  backfill_cmd->add_option("--from", backfill.from, "First business date YYYYMMDD")->required();
  backfill_cmd->add_option("--to", backfill.to, "Last business date YYYYMMDD")->required();
  backfill_cmd->add_flag("--downstream", backfill.downstream, "Also run every descendant");
  backfill_cmd->add_option("--parallel", backfill.parallel, "Instances at once")
      ->check(CLI::Range(1, 64));
  backfill_cmd->add_option("nodes", backfill.nodes, "Nodes (default: every node not paused)");
  AddForward(backfill_cmd, &backfill.forward);
  backfill_cmd->add_flag("--yes", backfill.yes,
                         "Allow more than " + std::to_string(kBackfillMaxDates) + " dates or " +
                             std::to_string(kBackfillMaxInstances) + " instances");

  RerunOptions rerun;
  auto* rerun_cmd = app.add_subcommand("rerun", "Reset and rerun one node's instance");
  rerun_cmd->add_option("node", rerun.node, "Node")->required();
  rerun_cmd->add_option("--date", rerun.date, "Business date YYYYMMDD")->required();
  rerun_cmd->add_flag("--downstream", rerun.downstream, "Rerun its descendants after it");
  AddForward(rerun_cmd, &rerun.forward);

  StatusOptions status;
  auto* status_cmd = app.add_subcommand("status", "Instance states, node x business date");
  AddDate(status_cmd, &status.date);
  status_cmd->add_option("--from", status.from, "First business date YYYYMMDD");
  status_cmd->add_option("--to", status.to, "Last business date YYYYMMDD");

  std::string log_node, log_date;
  auto* log_cmd = app.add_subcommand("log", "Print the log of a node's instance");
  log_cmd->add_option("node", log_node, "Node")->required();
  log_cmd->add_option("--date", log_date, "Business date YYYYMMDD")->required();

  ServeOptionsCli serve;
  auto* serve_cmd = app.add_subcommand("serve", "Run the scheduler until stopped (SIGTERM)");
  serve_cmd->add_option("--until", serve.until, "Stop at this local time (2016-12-15T00:00:00)");

  bool dry_run = false;
  auto* lifecycle_cmd = app.add_subcommand("lifecycle", "Drop partitions past their lifecycle");
  lifecycle_cmd->add_flag("--dry-run", dry_run, "Only list what would be dropped");

  SqlOptions sql;
  auto* sql_cmd = app.add_subcommand("sql", "Run SQL over the warehouse");
  AddDate(sql_cmd, &sql.date);
  sql_cmd->add_option("--format", sql.format, "Output: table, csv or json")
      ->check(CLI::IsMember({"table", "csv", "json"}));
  sql_cmd->add_option("-f,--file", sql.file, "Read the SQL from FILE");
  sql_cmd->add_option("sql", sql.sql, "The SQL text");

  auto* tables_cmd = app.add_subcommand("tables", "List the warehouse tables");
  std::string table;
  auto* parts_cmd = app.add_subcommand("partitions", "List a table's partitions");
  parts_cmd->add_option("table", table, "Table name")->required();

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
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
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
    status.project_dir = serve.project_dir = dir;
    if (*run_cmd) return RunCommand(run);
    if (*backfill_cmd) return BackfillCommand(backfill);
    if (*rerun_cmd) return RerunCommand(rerun);
    if (*status_cmd) return StatusCommand(status);
    if (*log_cmd) return LogCommand(dir, log_node, log_date);
    if (*serve_cmd) return ServeCommand(serve);
    if (*lifecycle_cmd) return LifecycleCommand(dir, dry_run);
    if (*sql_cmd) return SqlCommand(sql);
    if (*tables_cmd) return TablesCommand(dir);
    if (*parts_cmd) return PartitionsCommand(dir, table);
    if (*rebuild_cmd) return CatalogRebuildCommand(dir);
    if (*demo_cmd) return DemoCommand(demo_dir);
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "strata: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace strata::cli
