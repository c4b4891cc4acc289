#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "core/error.h"

#ifndef STRATA_VERSION
#define STRATA_VERSION "dev"
#endif

namespace strata::cli {
namespace {

void AddDate(CLI::App* cmd, std::optional<std::string>* date) {
  cmd->add_option("--date", *date, "Business date YYYYMMDD (default: yesterday)");
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"strata: sync operational databases into a date-partitioned Parquet warehouse"};
  app.set_version_flag("--version", std::string("strata ") + STRATA_VERSION);
  app.require_subcommand(1);
  std::string dir = ".";
  app.add_option("-C", dir, "Run in project folder DIR")->option_text("DIR");

  RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run nodes for one business date, upstream first");
  AddDate(run_cmd, &run.date);
  run_cmd->add_option("nodes", run.nodes, "Nodes to run (default: every node not paused)");

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

  std::string demo_dir = "strata-demo";
  auto* demo_cmd = app.add_subcommand("demo", "Create and run the seed scenario project");
  demo_cmd->add_option("--dir", demo_dir, "Project folder to create (default ./strata-demo)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    run.project_dir = sql.project_dir = dir;
    if (*run_cmd) return RunCommand(run);
    if (*sql_cmd) return SqlCommand(sql);
    if (*tables_cmd) return TablesCommand(dir);
    if (*parts_cmd) return PartitionsCommand(dir, table);
    if (*demo_cmd) return DemoCommand(demo_dir);
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "strata: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace strata::cli
