#include "schedule/project.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/error.h"
#include "core/names.h"
#include "core/utf8.h"
#include "schedule/check_yaml.h"
#include "schedule/dag.h"
#include "schedule/env_interpolation.h"
#include "schedule/schedule_yaml.h"
#include "schedule/sync_target_yaml.h"
#include "schedule/yaml_reader.h"

namespace strata {
namespace fs = std::filesystem;

namespace {

constexpr int64_t kNoMax = std::numeric_limits<int64_t>::max();

std::optional<std::string> ReadTextFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return text.str();
}

// yaml-cpp passes bytes that are not UTF-8 through into names and SQL.
void RequireUtf8(std::string_view text) {
  if (std::optional<Utf8Error> bad = FindInvalidUtf8(text))
    throw Error(fmt::format("{}:{}:{}: invalid UTF-8 byte 0x{:02X}", kProjectFile, bad->line,
                            bad->column, bad->byte));
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](unsigned char c) { return std::isspace(c) != 0; });
}

// Relative paths are relative to the project folder, not to the working
// directory, so a project behaves the same wherever strata is started.
fs::path ResolvePath(const fs::path& root, const YamlValue& value) {
  std::string text = AsInterpolatedString(value);
  if (text.empty()) value.Fail("expected a path, got an empty string");
  return (root / text).lexically_normal();
}

fs::path ExistingFile(const fs::path& root, const YamlValue& value) {
  fs::path path = ResolvePath(root, value);
  // The error is set for a missing file too (its type is then not_found), and
  // for a name the file system cannot look up, e.g. one too long.
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  if (fs::is_directory(status))
    value.Fail("'" + value.AsString() + "' is a directory (" + path.string() + ")");
  if (!fs::is_regular_file(status)) {
    bool unchecked = error && status.type() != fs::file_type::not_found;
    value.Fail("file '" + value.AsString() + "' " +
               (unchecked ? "cannot be checked: " + error.message() : "not found") +
               " (looked for " + path.string() + ")");
  }
  return path;
}

// Passwords in strata.yaml end up in version control; only the userinfo
// part and password-style parameters can carry one.
bool UrlHasPassword(std::string_view url) {
  std::string lower(url);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.find("password=") != std::string::npos || lower.find("pwd=") != std::string::npos)
    return true;
  size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return false;
  std::string_view rest = url.substr(scheme_end + 3);
  std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return false;
  size_t colon = authority.substr(0, at).find(':');
  return colon != std::string_view::npos && colon + 1 < at;
}

Connection ParseConnection(const std::string& name, const YamlValue& value, const fs::path& root) {
  value.ExpectMap({"url", "password_env", "password_file"}, "in a connection");
  Connection connection;
  connection.name = name;
  try {
    RequireIdentifier(name, "connection name");
  } catch (const Error& e) {
    value.Fail(e.what());
  }
  YamlValue url = value.Get("url");
  connection.url = AsInterpolatedString(url);
  if (IsBlank(connection.url)) url.Fail("expected a URL, got an empty string");
  if (UrlHasPassword(connection.url))
    url.Fail("the URL for connection '" + name +
             "' contains a password; use password_env or password_file");
  std::optional<YamlValue> env = value.Find("password_env");
  std::optional<YamlValue> file = value.Find("password_file");
  if (env && file) value.Fail("set password_env or password_file, not both");
  if (env) connection.password_env = env->AsIdentifier("environment variable");
  if (file) connection.password_file = ResolvePath(root, *file).string();
  return connection;
}

std::vector<Connection> ParseConnections(const YamlValue& value, const fs::path& root) {
  std::vector<Connection> connections;
  // Entries() rejects a connection name given twice (a duplicate key).
  for (const auto& [name, entry] : value.Entries())
    connections.push_back(ParseConnection(name, entry, root));
  return connections;
}

std::vector<fs::path> ParseDdlFiles(const YamlValue& value, const fs::path& root) {
  std::vector<fs::path> files;
  for (const YamlValue& item : value.Items()) files.push_back(ExistingFile(root, item));
  return files;
}

// Parameters are substituted at run time; what is around them must already
// form a valid partition value, so a typo fails at load, not mid-run.
void ParseSource(const YamlValue& value, const Project& project, SyncSpec& sync) {
  value.ExpectMap(
      {"connection", "table", "query", "columns", "where", "zero_date", "cursor", "capture"},
      "in source");
  if (std::optional<YamlValue> capture = value.Find("capture")) {
    if (capture->AsString() != "log")
      capture->Fail("expected 'log' (read the source's change log), got '" + capture->AsString() +
                    "'");
    sync.merge.capture_log = true;
  }
  if (std::optional<YamlValue> zero = value.Find("zero_date")) {
    // Unquoted `null` is a YAML null, not the string the docs show.
    std::string v = zero->node().IsNull() ? "null" : zero->AsString();
    if (v != "dirty" && v != "null") zero->Fail("expected 'dirty' or 'null', got '" + v + "'");
    sync.zero_date_as_null = v == "null";
  }
  YamlValue connection = value.Get("connection");
  sync.connection = connection.AsIdentifier("connection name");
  if (!project.FindConnection(sync.connection))
    connection.Fail("unknown connection '" + sync.connection + "'");
  std::optional<YamlValue> table = value.Find("table");
  std::optional<YamlValue> query = value.Find("query");
  if (table && query) value.Fail("set exactly one of 'table' and 'query', not both");
  if (!table && !query) value.Fail("missing required key 'table' (or 'query')");
  if (query) {
    sync.query = AsInterpolatedString(*query);
    if (IsBlank(sync.query)) query->Fail("empty query");
    for (const char* key : {"columns", "where"})
      if (std::optional<YamlValue> extra = value.Find(key))
        extra->Fail(std::string("'") + key + "' only applies with 'table', not with 'query'");
    return;
  }
  sync.table = table->AsQualifiedName("table name");
  if (std::optional<YamlValue> columns = value.Find("columns")) {
    std::vector<YamlValue> items = columns->Items();
    if (items.empty()) columns->Fail("empty list; omit 'columns' to copy all columns");
    for (const YamlValue& item : items) {
      std::string column = item.AsIdentifier("column name");
      if (std::find(sync.columns.begin(), sync.columns.end(), column) != sync.columns.end())
        item.Fail("column '" + column + "' listed twice");
      sync.columns.push_back(column);
    }
  }
  if (std::optional<YamlValue> where = value.Find("where"))
    sync.where = AsInterpolatedString(*where);
}

ErrorLimit ParseErrorLimit(const YamlValue& value) {
  value.ExpectMap({"records", "percent"}, "in error_limit");
  ErrorLimit limit;
  limit.records.reset();
  if (std::optional<YamlValue> records = value.Find("records"))
    limit.records = records->AsInt(0, kNoMax);
  if (std::optional<YamlValue> percent = value.Find("percent")) {
    double p = percent->AsDouble();
    if (!(p >= 0 && p <= 100))
      percent->Fail("must be between 0 and 100, got " + percent->AsString());
    limit.percent = p;
  }
  if (!limit.records && !limit.percent) value.Fail("set 'records' and/or 'percent'");
  return limit;
}

void ParseSync(const YamlValue& value, const Project& project, SyncSpec& sync) {
  ParseSource(value.Get("source"), project, sync);
  ParseSyncTarget(value.Get("target"), sync);
  if (std::optional<YamlValue> cursor = value.Get("source").Find("cursor"))
    ParseCursor(*cursor, sync);
  CheckMergeSource(value, sync);
  if (std::optional<YamlValue> limit = value.Find("error_limit"))
    sync.error_limit = ParseErrorLimit(*limit);
  if (std::optional<YamlValue> channels = value.Find("channels"))
    sync.channels = static_cast<int>(channels->AsInt(1, 64));
  sync.schema = project.schema;
  if (std::optional<YamlValue> schema = value.Find("schema"))
    sync.schema = ParseSchemaPolicyValue(*schema);
  if (std::optional<YamlValue> verify = value.Find("verify"))
    sync.verify = ParseVerifySpec(*verify, sync);
  if (std::optional<YamlValue> split_key = value.Find("split_key")) {
    sync.split_key = split_key->AsIdentifier("split key");
    if (sync.table.empty()) split_key->Fail("'split_key' only applies with source.table");
  }
}

void ParseSql(const YamlValue& value, const fs::path& root, SqlSpec& sql) {
  std::optional<YamlValue> text = value.Find("sql");
  std::optional<YamlValue> file = value.Find("sql_file");
  if (text && file) value.Fail("set exactly one of 'sql' and 'sql_file', not both");
  if (!text && !file) value.Fail("missing required key 'sql' (or 'sql_file')");
  if (text) {
    sql.sql = text->AsString();
    sql.origin = std::string(kProjectFile);
    // A block scalar's text starts on the line after its '|' or '>'.
    bool block = text->document().IsBlockScalarAt(text->line() - 1, text->column() - 1);
    sql.first_line = text->line() + (block ? 1 : 0);
  } else {
    fs::path path = ExistingFile(root, *file);
    std::optional<std::string> content = ReadTextFile(path);
    if (!content) file->Fail("cannot read '" + path.string() + "'");
    sql.sql = *content;
    sql.origin = file->AsString();
    sql.first_line = 1;
  }
  if (IsBlank(sql.sql)) (text ? *text : *file).Fail("empty SQL");
}

void ParseDependsOn(const YamlValue& value, std::vector<std::string>& names,
                    std::vector<SourcePos>& positions) {
  for (const YamlValue& item : value.Items()) {
    std::string name = item.AsIdentifier("node name");
    if (std::find(names.begin(), names.end(), name) != names.end())
      item.Fail("node '" + name + "' listed twice");
    names.push_back(name);
    positions.push_back({item.line(), item.column()});
  }
}

void ParseParams(const YamlValue& value, Node& node) {
  for (const auto& [name, entry] : value.Entries()) {
    try {
      RequireIdentifier(name, "parameter name");
    } catch (const Error& e) {
      entry.Fail(e.what());
    }
    node.params.emplace_back(name, entry.AsString());
  }
}

// Unknown keys are checked first: a misspelt key explains most other errors.
NodeKind ParseKind(const YamlValue& value) {
  YamlValue type = value.Get("type");
  std::string kind = type.AsString();
  if (kind == "sync") {
    value.ExpectMap({"name", "type", "description", "depends_on", "depends_on_previous", "schedule",
                     "paused", "params", "retries", "retry_interval", "source", "target",
                     "error_limit", "channels", "split_key", "schema", "checks", "verify"},
                    "in a sync node");
    return NodeKind::kSync;
  }
  if (kind == "sql") {
    value.ExpectMap({"name", "type", "description", "depends_on", "depends_on_previous", "schedule",
                     "paused", "params", "retries", "retry_interval", "sql", "sql_file", "checks"},
                    "in a sql node");
    return NodeKind::kSql;
  }
  type.Fail("expected 'sync' or 'sql', got '" + kind + "'");
}

Node ParseNode(const YamlValue& value, const Project& project) {
  Node node;
  node.line = value.line();
  node.column = value.column();
  node.kind = ParseKind(value);
  node.name = value.Get("name").AsIdentifier("node name");
  if (std::optional<YamlValue> description = value.Find("description"))
    node.description = description->AsString();
  if (std::optional<YamlValue> paused = value.Find("paused")) node.paused = paused->AsBool();
  if (std::optional<YamlValue> depends_on = value.Find("depends_on"))
    ParseDependsOn(*depends_on, node.depends_on, node.depends_on_pos);
  if (std::optional<YamlValue> previous = value.Find("depends_on_previous"))
    ParseDependsOn(*previous, node.depends_on_previous, node.depends_on_previous_pos);
  if (std::optional<YamlValue> schedule = value.Find("schedule"))
    node.schedule = ParseScheduleSpec(*schedule);
  if (std::optional<YamlValue> params = value.Find("params")) ParseParams(*params, node);
  if (std::optional<YamlValue> retries = value.Find("retries"))
    node.retries = static_cast<int>(retries->AsInt(0, 100));
  if (std::optional<YamlValue> interval = value.Find("retry_interval"))
    node.retry_interval_seconds = ParseDuration(*interval);
  if (node.kind == NodeKind::kSync) {
    ParseSync(value, project, node.sync);
    if (node.sync.merge.capture_log && node.schedule.every != ScheduleSpec::Every::kDay)
      value.Get("source").Get("capture").Fail(
          "capture: log assigns changes to business dates by a daily cutoff; use a daily schedule");
  } else {
    ParseSql(value, project.root, node.sql);
  }
  if (std::optional<YamlValue> checks = value.Find("checks"))
    node.checks = ParseChecks(*checks, node);
  return node;
}

std::vector<Node> ParseNodes(const YamlValue& value, const Project& project) {
  std::vector<Node> nodes;
  for (const YamlValue& item : value.Items()) {
    Node node = ParseNode(item, project);
    for (const Node& earlier : nodes)
      if (earlier.name == node.name)
        item.Get("name").Fail("duplicate node name '" + node.name + "' (first defined at line " +
                              std::to_string(earlier.line) + ")");
    nodes.push_back(std::move(node));
  }
  return nodes;
}

void ParseOperations(const YamlValue& top, Project& project) {
  if (std::optional<YamlValue> days = top.Find("log_retention_days"))
    project.log_retention_days = static_cast<int>(days->AsInt(1, 36500));
  if (std::optional<YamlValue> interval = top.Find("capture_interval")) {
    project.capture_interval_ms = ParseDurationMillis(*interval);
    // Shorter rounds would spend more on connecting than on the log.
    if (project.capture_interval_ms < 100)
      interval->Fail("must be at least 100ms, got '" + interval->AsString() + "'");
  }
  if (std::optional<YamlValue> schema = top.Find("schema"))
    project.schema = ParseSchemaPolicyValue(*schema);
  if (std::optional<YamlValue> sql = top.Find("sql")) {
    sql->ExpectMap({"external_access"}, "in sql");
    if (std::optional<YamlValue> access = sql->Find("external_access"))
      project.sql_external_access = access->AsBool();
  }
}

fs::path NormalizedRoot(const fs::path& root) {
  fs::path path = fs::absolute(root).lexically_normal();
  if (!path.has_filename() && path.has_parent_path() && path != path.root_path())
    path = path.parent_path();
  return path;
}

}  // namespace

const Node* Project::FindNode(std::string_view name) const {
  for (const Node& node : nodes)
    if (node.name == name) return &node;
  return nullptr;
}

const Connection* Project::FindConnection(std::string_view name) const {
  for (const Connection& connection : connections)
    if (connection.name == name) return &connection;
  return nullptr;
}

Project LoadProject(const fs::path& root) {
  fs::path file = NormalizedRoot(root) / kProjectFile;
  if (fs::is_directory(file)) throw Error(file.string() + " is a directory");
  if (!fs::is_regular_file(file)) throw Error("no strata.yaml in " + root.string());
  std::optional<std::string> text = ReadTextFile(file);
  if (!text) throw Error("cannot read " + file.string());
  return ParseProject(root, *text);
}

Project ParseProject(const fs::path& root, std::string_view text) {
  RequireUtf8(text);
  Project project;
  project.root = NormalizedRoot(root);
  YamlDocument document{std::string(kProjectFile), std::string(text)};
  YamlValue top(document);
  top.ExpectMap(
      {"name", "warehouse", "timezone", "max_parallel", "catchup", "lifecycle",
       "log_retention_days", "capture_interval", "sql", "schema", "connections", "tables", "nodes"},
      "at the top level");
  ParseProjectSchedule(top, project);
  ParseOperations(top, project);
  project.name = top.Get("name").AsIdentifier("project name");
  project.warehouse = project.root / "warehouse";
  if (std::optional<YamlValue> warehouse = top.Find("warehouse"))
    project.warehouse = ResolvePath(project.root, *warehouse);
  if (std::optional<YamlValue> connections = top.Find("connections"))
    project.connections = ParseConnections(*connections, project.root);
  if (std::optional<YamlValue> tables = top.Find("tables"))
    project.ddl_files = ParseDdlFiles(*tables, project.root);
  if (std::optional<YamlValue> nodes = top.Find("nodes"))
    project.nodes = ParseNodes(*nodes, project);
  ValidateDag(project);
  return project;
}

}  // namespace strata
