// strata sql: MaxCompute-style SQL over the warehouse, parameters substituted.

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/result_printer.h"
#include "core/error.h"
#include "core/params.h"
#include "schedule/project.h"
#include "warehouse/sql/sql_engine.h"

namespace strata::cli {

int SqlCommand(const SqlOptions& options) {
  if (options.null_as && options.format != "csv")
    throw UsageError("--null-as applies to --format csv only");
  if (options.sql.empty() == options.file.empty())
    throw UsageError("strata sql takes the SQL text or -f FILE (one of them)");
  Project project = LoadProject(options.project_dir);
  std::string text = options.sql, origin = "<command line>";
  if (!options.file.empty()) {
    std::ifstream in(options.file);
    if (!in) throw Error("cannot read " + options.file);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
    origin = options.file;
  }
  CivilTime bizdate = ResolveBizdate(options.date);
  text = SubstituteParams(text, ParamContext::ForBizdate(bizdate));
  Warehouse warehouse(project.warehouse, {project.name});
  if (!project.sql_external_access) warehouse.engine().Confine(project.warehouse);
  SqlEngine engine(&warehouse);
  engine.SetRunContext(bizdate.FormatYmd(), "sql");
  auto outcomes = engine.RunScript(text, origin);
  PrintOptions print{options.format, options.null_as, isatty(STDOUT_FILENO) != 0};
  for (const auto& o : outcomes) {
    if (o.result)
      PrintResult(*o.result, print, std::cout);
    else if (options.format == "table")
      std::cout << o.message << "\n";
  }
  return 0;
}

}  // namespace strata::cli
