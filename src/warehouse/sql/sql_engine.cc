#include "warehouse/sql/sql_engine.h"

#include <chrono>
#include <thread>
#include <type_traits>

#include "core/error.h"
#include "core/names.h"
#include "warehouse/catalog/catalog.h"
#include "warehouse/sql/alter_table.h"

namespace strata {
namespace {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

QueryResult TextTable(std::vector<std::string> columns) {
  QueryResult r;
  r.types.assign(columns.size(), "VARCHAR");
  r.columns = std::move(columns);
  return r;
}

std::string JoinNames(const Schema& schema) {
  std::string out;
  for (const auto& c : schema) out += (out.empty() ? "" : ", ") + c.name;
  return out;
}

// SELECT CAST(c1 AS T1) AS "name1", ... FROM (<query>) AS q(c1, ...): maps the
// query's columns to the table's by position, as MaxCompute does.
std::string CastToTable(const Schema& columns, const std::string& query) {
  std::string select, aliases;
  for (size_t i = 0; i < columns.size(); ++i) {
    std::string c = "c" + std::to_string(i + 1);
    select += (i ? ", " : "") + std::string("CAST(") + c + " AS " + columns[i].type.ToDuckDB() +
              ") AS " + QuoteIdentifier(columns[i].name);
    aliases += (i ? ", " : "") + c;
  }
  return "SELECT " + select + " FROM (" + query + ") AS q(" + aliases + ")";
}

std::string PartitionSpecText(const sql::PartitionSpec& spec) {
  std::string out;
  for (const auto& [key, value] : spec.parts) {
    if (!value)
      throw Error("dynamic partition column '" + key + "' is not supported yet; name a value");
    out += (out.empty() ? "" : "/") + key + "=" + *value;
  }
  return out;
}

// A reader lists a partition's files when DuckDB binds the query and opens
// them later; a commit in between moves the old files away. The statement
// then failed before it returned anything, and read nothing of the new files
// (their names are new), so running it again over the refreshed views gives
// the new version: readers see old or new, never an error. (A table that is
// really damaged fails the same way every time, and after the last try the
// error stands.)
bool LostARace(const std::string& message, const std::filesystem::path& root) {
  for (const char* what : {"Cannot open file \"", "No files found that match the pattern \""})
    if (message.find(what + root.string()) != std::string::npos) return true;
  return false;
}

}  // namespace

std::vector<StatementOutcome> SqlEngine::RunScript(
    std::string_view script, std::string_view origin,
    const std::function<void(size_t index, size_t count)>& starting) {
  std::vector<StatementOutcome> out;
  std::vector<sql::Statement> statements = sql::ParseScript(script, origin);
  for (const auto& stmt : statements) {
    if (starting) starting(out.size(), statements.size());
    try {
      out.push_back(Run(stmt));
    } catch (const Error& e) {
      throw Error(std::string(origin) + ":" + std::to_string(stmt.line) + ":" +
                  std::to_string(stmt.column) + ": " + e.what());
    }
  }
  return out;
}

StatementOutcome SqlEngine::Run(const sql::Statement& stmt) {
  constexpr int kTries = 40;  // a writer would have to commit 40 times during one read
  for (int attempt = 1;; ++attempt) try {
      return RunOnce(stmt);
    } catch (const Error& e) {
      if (attempt == kTries || !LostARace(e.what(), wh_->root())) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 10) * 5));
    }
}

StatementOutcome SqlEngine::RunOnce(const sql::Statement& stmt) {
  StatementOutcome out;
  out.text = stmt.text;
  wh_->RefreshViews();
  std::visit(
      Overloaded{
          [&](const sql::CreateTable& c) {
            bool existed = wh_->catalog().FindTable(c.name).has_value();
            if (existed && !c.if_not_exists) throw Error("table '" + c.name + "' already exists");
            wh_->CreateTable({c.name, c.columns, c.partition_columns, c.lifecycle, {}, {}}, true);
            out.message = existed ? "table " + c.name + " exists" : "created table " + c.name;
          },
          [&](const sql::DropTable& d) {
            if (!wh_->catalog().FindTable(d.name)) {
              if (!d.if_exists) throw Error("table '" + d.name + "' does not exist");
              out.message = "table " + d.name + " does not exist";
              return;
            }
            wh_->RequireWritable(d.name);
            wh_->ForgetHeld(d.name);  // the script's own unpublished rows go too
            wh_->store().DropTableFiles(d.name);
            out.message = "dropped table " + d.name;
          },
          [&](const sql::DropPartition& d) { out.message = DropPartitions(d); },
          [&](const sql::AlterColumns& a) {
            out.message = RunAlterColumns(*wh_, a, bizdate_, node_);
          },
          [&](const sql::DescTable& d) {
            out.result = d.history ? SchemaHistory(d.name) : Describe(d.name);
          },
          [&](const sql::ShowPartitions& s) { out.result = ShowPartitions(s.name); },
          [&](const sql::ShowTables&) {
            out.result = TextTable({"table"});
            for (const auto& t : wh_->catalog().ListTables()) out.result->rows.push_back({t.name});
          },
          [&](const sql::InsertSelect& i) { out = Insert(i); },
          [&](const sql::Ignored&) { out.message = "ignored"; },
          [&](const sql::Passthrough& p) { out.result = wh_->engine().Query(p.sql); },
      },
      stmt.body);
  out.text = stmt.text;
  return out;
}

StatementOutcome SqlEngine::Insert(const sql::InsertSelect& insert) {
  TableInfo table = wh_->RequireTable(insert.table);
  std::string spec = wh_->CheckPartitionSpec(table, PartitionSpecText(insert.partition));
  auto cols = wh_->engine().DescribeQuery(insert.select_sql);
  if (cols.size() != table.columns.size())
    throw Error("the query gives " + std::to_string(cols.size()) + " columns; table '" +
                table.name + "' has " + std::to_string(table.columns.size()) + " (" +
                JoinNames(table.columns) + ")");
  std::string query = CastToTable(table.columns, insert.select_sql);
  auto mode = insert.overwrite ? CommitMode::kOverwrite : CommitMode::kAppend;
  // The query reads the views as they are now: an overwrite that reads its
  // own target sees the old files, which stay in place until the swap.
  PartitionInfo p = wh_->WritePartition(table.name, spec, mode, [&](const StagedPartition& s) {
    return wh_->engine().ExecuteCount("COPY (" + query + ") TO " +
                                      QuoteLiteral(s.NewFile(0).string()) +
                                      " (FORMAT parquet, COMPRESSION zstd)");
  });
  StatementOutcome out;
  out.message = std::string(insert.overwrite ? "overwrote " : "appended to ") + table.name +
                (spec.empty() ? "" : " partition " + spec) + ": " + std::to_string(p.rows) +
                " rows";
  return out;
}

QueryResult SqlEngine::Describe(const std::string& name) {
  TableInfo t = wh_->RequireTable(name);
  QueryResult r = TextTable({"column", "type", "partition_key"});
  for (const auto& c : t.columns) r.rows.push_back({c.name, c.type.ToMaxCompute(), "false"});
  for (const auto& c : t.partition_columns)
    r.rows.push_back({c.name, c.type.ToMaxCompute(), "true"});
  return r;
}

QueryResult SqlEngine::SchemaHistory(const std::string& name) {
  TableInfo t = wh_->RequireTable(name);
  QueryResult r = TextTable({"column", "old_type", "new_type", "bizdate", "node", "changed_at"});
  // An empty old type is an added column, an empty new type a dropped one.
  for (const auto& c : wh_->catalog().SchemaHistory(t.name))
    r.rows.push_back({c.column, c.old_type.empty() ? "(added)" : c.old_type,
                      c.new_type.empty() ? "(dropped)" : c.new_type, c.bizdate, c.node, c.at});
  return r;
}

QueryResult SqlEngine::ShowPartitions(const std::string& name) {
  TableInfo t = wh_->RequireTable(name);
  if (t.partition_columns.empty()) throw Error("table '" + name + "' is not partitioned");
  QueryResult r = TextTable({"partition"});
  for (const auto& p : wh_->catalog().ListPartitions(name)) r.rows.push_back({p.spec});
  return r;
}

std::string SqlEngine::DropPartitions(const sql::DropPartition& drop) {
  TableInfo t = wh_->RequireTable(drop.table);
  wh_->RequireWritable(t.name);
  std::string done;
  for (const auto& spec : drop.specs) {
    std::string path = wh_->CheckPartitionSpec(t, PartitionSpecText(spec));
    bool held = wh_->ForgetHeld(t.name, &path);  // the script's own unpublished rows
    if (!wh_->store().DropPartition(t.name, path) && !held && !drop.if_exists)
      throw Error("table '" + t.name + "' has no partition " + path);
    done += (done.empty() ? "" : ", ") + path;
  }
  return "dropped partition " + done + " of " + t.name;
}

}  // namespace strata
