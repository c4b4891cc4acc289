#include "schedule/project_check.h"

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <variant>

#include "core/clock.h"
#include "core/error.h"
#include "schedule/check_plan.h"
#include "schedule/node_runner.h"
#include "schedule/yaml_reader.h"
#include "source/capture_source.h"
#include "source/source.h"
#include "warehouse/engine/duckdb_engine.h"

namespace strata {
namespace fs = std::filesystem;

namespace {

std::string ReadWhole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw Error("cannot read " + file.string());
  return text.str();
}

// The Project keeps values, not where they were written: positions come
// from strata.yaml read again (it was read and accepted moments ago).
class Positions {
 public:
  explicit Positions(const Project& project)
      : doc_(std::string(kProjectFile), ReadWhole(project.root / kProjectFile)) {}

  // The value at `keys` under nodes[index], or the node itself.
  YamlValue NodeValue(size_t index, std::initializer_list<std::string_view> keys) const {
    // emplace, not assignment: assigning a YAML::Node rewrites the node it
    // refers to, inside the document.
    std::optional<YamlValue> value(YamlValue(doc_).Get("nodes").Items().at(index));
    for (std::string_view key : keys) value.emplace(value->Get(key));
    return *value;
  }
  // Line `line` (1-based) of strata.yaml.
  std::string_view Line(int line) const { return doc_.Line(line - 1); }
  YamlValue ConnectionValue(const std::string& name) const {
    return YamlValue(doc_).Get("connections").Get(name);
  }

 private:
  YamlDocument doc_;
};

// The expression a parameter error names, as written: "... '${bizdat}'...".
std::string_view NamedExpression(std::string_view message) {
  size_t open = message.find("'$");
  if (open == std::string_view::npos) return {};
  size_t close = message.find('\'', open + 1);
  return close == std::string_view::npos ? std::string_view{}
                                         : message.substr(open + 1, close - open - 1);
}

// Points at the expression itself when it is on the value's first line, as
// a one-line value is; otherwise at the value.
[[noreturn]] void FailAtExpression(const YamlValue& value, const std::string& message) {
  std::string_view line = value.document().Line(value.line() - 1);
  std::string_view expr = NamedExpression(message);
  size_t at = expr.empty() || value.column() < 1 ? std::string_view::npos
                                                 : line.find(expr, value.column() - 1);
  if (at == std::string_view::npos) value.Fail(message);
  throw Error(value.document().file_name() + ":" + std::to_string(value.line()) + ":" +
              std::to_string(at + 1) + ": " + value.path() + ": " + message);
}

void CheckText(const Node& node, const std::string& text, const ParamContext& ctx,
               const YamlValue& value) {
  try {
    SubstituteParams(text, ctx);
  } catch (const Error& e) {
    FailAtExpression(value, std::string(e.what()) + " in node '" + node.name + "'");
  }
}

// A parameter error inside SQL names the line and column it is on: each line
// is substituted alone (an expression never spans lines) and the expression
// looked up in the line as written (for inline SQL, in strata.yaml, whose
// lines keep their indentation).
void CheckSqlParams(const SqlSpec& sql, const ParamContext& ctx, const Positions& pos) {
  std::istringstream lines(sql.sql);
  int line = sql.first_line;
  for (std::string text; std::getline(lines, text); ++line) {
    try {
      SubstituteParams(text, ctx);
    } catch (const Error& e) {
      std::string_view written = sql.origin == kProjectFile ? pos.Line(line) : text;
      std::string_view expr = NamedExpression(e.what());
      size_t at = expr.empty() ? std::string_view::npos : written.find(expr);
      std::string column = at == std::string_view::npos ? "" : ":" + std::to_string(at + 1);
      throw Error(sql.origin + ":" + std::to_string(line) + column + ": " + e.what());
    }
  }
}

void CheckSyncNode(const Node& node, const ParamContext& ctx, const Positions& pos, size_t i) {
  const SyncSpec& s = node.sync;
  if (!s.where.empty()) CheckText(node, s.where, ctx, pos.NodeValue(i, {"source", "where"}));
  if (!s.query.empty()) CheckText(node, s.query, ctx, pos.NodeValue(i, {"source", "query"}));
  if (!s.partition.empty())
    CheckText(node, s.partition, ctx, pos.NodeValue(i, {"target", "partition"}));
}

// The line and column of `offset` in `stmt`'s text, in its origin.
std::string PlaceIn(const sql::Statement& stmt, size_t offset, const std::string& origin) {
  std::string_view before = std::string_view(stmt.text).substr(0, offset);
  size_t newlines = std::count(before.begin(), before.end(), '\n');
  size_t column = newlines == 0 ? stmt.column + offset : offset - before.rfind('\n');
  return origin + ":" + std::to_string(stmt.line + newlines) + ":" + std::to_string(column);
}

// Where DuckDB's "syntax error at or near "TOKEN"" points: the token's first
// occurrence in `sql` (which starts at `start` in the statement), else its start.
size_t ErrorOffset(const std::string& message, const std::string& sql, size_t start) {
  size_t open = message.find("near \"");
  size_t close = open == std::string::npos ? open : message.find('"', open + 6);
  if (close == std::string::npos) return start;
  size_t at = sql.find(message.substr(open + 6, close - open - 6));
  return at == std::string::npos ? start : start + at;
}

// DuckDB's own parser (no binding, no tables needed) for what strata hands
// it verbatim, so that a typo such as `form` fails at check, not mid-run.
void ParseWithDuckDb(DuckEngine& engine, const sql::Statement& stmt, const std::string& sql,
                     const std::string& origin) {
  duckdb_extracted_statements statements = nullptr;
  idx_t count = duckdb_extract_statements(engine.connection(), sql.c_str(), &statements);
  const char* error = count == 0 ? duckdb_extract_statements_error(statements) : nullptr;
  std::string message = error ? error : "no statement";
  duckdb_destroy_extracted(&statements);
  if (count != 0) return;
  size_t start = std::min(stmt.text.find(sql), stmt.text.size());
  throw Error(PlaceIn(stmt, ErrorOffset(message, sql, start), origin) + ": " + message);
}

void CheckSqlSyntax(const SqlSpec& spec, const std::string& text, DuckEngine& engine) {
  for (const sql::Statement& stmt : sql::ParseScript(text, spec.origin)) {
    if (const auto* insert = std::get_if<sql::InsertSelect>(&stmt.body))
      ParseWithDuckDb(engine, stmt, insert->select_sql, spec.origin);
    if (const auto* other = std::get_if<sql::Passthrough>(&stmt.body))
      ParseWithDuckDb(engine, stmt, other->sql, spec.origin);
  }
}

void CheckNode(const Node& node, const CivilTime& bizdate, const Positions& pos, size_t i,
               DuckEngine& engine) {
  // Custom values are substituted without custom names, as at run time.
  ParamContext builtins = ParamContext::ForBizdate(bizdate);
  for (const auto& [name, value] : node.params)
    CheckText(node, value, builtins, pos.NodeValue(i, {"params", name}));
  ParamContext ctx = NodeContext(node, bizdate);
  if (node.kind == NodeKind::kSync) {
    CheckSyncNode(node, ctx, pos, i);
    return;
  }
  CheckSqlParams(node.sql, ctx, pos);
  CheckSqlSyntax(node.sql, RenderNode(node, ctx).sql, engine);
}

void CheckConnection(const Connection& connection, const Positions& pos) {
  try {
    ReadPassword(connection);
  } catch (const Error& e) {
    pos.ConnectionValue(connection.name).Fail(e.what());
  }
}

void Describe(const Project& project, const Node& node, const CivilTime& bizdate) {
  const SyncSpec& s = node.sync;
  RenderedNode rendered = RenderNode(node, NodeContext(node, bizdate));
  ReadSpec spec;
  spec.table = s.table;
  spec.columns = s.columns;
  spec.where = rendered.where;
  spec.query = rendered.query;
  SourceTable described = OpenSource(ResolveConnection(project, s.connection))->Describe(spec);
  std::vector<std::string> names;
  for (const SourceColumn& c : described.columns) names.push_back(c.name);
  CheckRuleColumns(node, names);
}

template <typename Fn>
ConnectResult Attempt(std::string what, Fn&& fn) {
  try {
    fn();
    return {std::move(what), "", ""};
  } catch (const std::exception& e) {
    return {std::move(what), e.what(), ""};
  }
}

}  // namespace

ParamContext NodeContext(const Node& node, const CivilTime& bizdate) {
  ParamContext ctx = ParamContext::ForBizdate(bizdate);
  return NodeRunner::Context(node, bizdate, ctx.cyctime);
}

RenderedNode RenderNode(const Node& node, const ParamContext& ctx) {
  RenderedNode out;
  if (node.kind == NodeKind::kSql) {
    int first_line = node.sql.first_line;
    out.sql = std::string(first_line > 1 ? first_line - 1 : 0, '\n') +
              SubstituteParams(node.sql.sql, ctx);
    return out;
  }
  out.where = SubstituteParams(node.sync.where, ctx);
  out.query = SubstituteParams(node.sync.query, ctx);
  out.partition = SubstituteParams(node.sync.partition, ctx);
  return out;
}

std::vector<sql::CreateTable> ReadTableFile(const Project& project, const fs::path& file) {
  std::string origin = fs::relative(file, project.root).string();
  std::vector<sql::CreateTable> tables;
  for (const auto& stmt : sql::ParseScript(ReadWhole(file), origin)) {
    const auto* create = std::get_if<sql::CreateTable>(&stmt.body);
    if (!create)
      throw Error(origin + ":" + std::to_string(stmt.line) + ":" + std::to_string(stmt.column) +
                  ": a table file holds only CREATE TABLE statements");
    tables.push_back(*create);
  }
  return tables;
}

void CheckProject(const Project& project, const CivilTime& bizdate) {
  Positions pos(project);
  for (const Connection& connection : project.connections) CheckConnection(connection, pos);
  for (const fs::path& file : project.ddl_files) ReadTableFile(project, file);
  DuckEngine engine;  // in memory, for its parser
  for (size_t i = 0; i < project.nodes.size(); ++i) {
    CheckNode(project.nodes[i], bizdate, pos, i, engine);
    CheckNodeRules(project, project.nodes[i], NodeContext(project.nodes[i], bizdate), engine);
  }
}

void CheckProject(const Project& project) {
  CheckProject(project, CurrentBizdate());
}

std::vector<ConnectResult> CheckConnections(const Project& project, const CivilTime& bizdate) {
  std::vector<ConnectResult> results;
  for (const Connection& c : project.connections) {
    bool used = std::any_of(project.nodes.begin(), project.nodes.end(), [&](const Node& n) {
      return n.kind == NodeKind::kSync && n.sync.connection == c.name;
    });
    if (!used)
      results.push_back({"connection " + c.name, "", "no node uses it; not opened"});
    else
      results.push_back(
          Attempt("connection " + c.name, [&] { OpenSource(ResolveConnection(project, c.name)); }));
  }
  for (const Node& node : project.nodes) {
    if (node.kind != NodeKind::kSync) continue;
    std::string what = node.sync.table.empty() ? "query" : "table " + node.sync.table;
    results.push_back(
        Attempt("node " + node.name + ": " + what, [&] { Describe(project, node, bizdate); }));
    // The server's settings and the role's privileges for reading its log.
    if (node.sync.merge.capture_log)
      results.push_back(Attempt("node " + node.name + ": change log", [&] {
        ReadSpec spec;
        spec.table = node.sync.table;
        OpenChangeStream(ResolveConnection(project, node.sync.connection), spec,
                         {project.name, node.name});
      }));
  }
  return results;
}

}  // namespace strata
