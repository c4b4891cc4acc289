// strata snapshot TABLE --date D: a history table as it was on a business date.

#include "cli/commands.h"
#include "core/error.h"
#include "core/names.h"
#include "schedule/project.h"
#include "warehouse/merge/merge_table.h"
#include "warehouse/warehouse.h"

namespace strata::cli {

int SnapshotCommand(const SnapshotOptions& o) {
  RequireIdentifier(o.table, "table name");
  CivilTime date = ParseDateFlag("--date", o.date);
  {
    Project project = LoadProject(o.project_dir);
    Warehouse warehouse(project.warehouse, {project.name});
    TableInfo t = warehouse.RequireTable(o.table);
    MergeOptions history;
    history.history = true;
    if (!EndsWithTrailingColumns(t.columns, history))
      throw Error("table '" + o.table + "' is not a history table (mode: history)");
  }
  SqlOptions sql;
  sql.project_dir = o.project_dir;
  sql.format = o.format;
  sql.sql = "select * from as_of('" + o.table + "', '" + date.FormatYmd() + "') order by all";
  return SqlCommand(sql);
}

}  // namespace strata::cli
