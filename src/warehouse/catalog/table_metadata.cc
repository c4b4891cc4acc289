#include "warehouse/catalog/table_metadata.h"

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"

namespace strata {
namespace fs = std::filesystem;

std::string SchemaToJson(const Schema& schema) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& c : schema) arr.push_back({{"name", c.name}, {"type", c.type.ToMaxCompute()}});
  return arr.dump();
}

Schema SchemaFromJson(const std::string& text, const std::string& origin) {
  Schema out;
  try {
    for (const auto& c : nlohmann::json::parse(text)) {
      auto type = ParseColumnType(c.at("type").get<std::string>());
      if (!type) throw Error(origin + " holds an unknown type: " + c.dump());
      out.push_back({c.at("name").get<std::string>(), *type});
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(origin + " holds a malformed schema: " + e.what());
  }
  return out;
}

void WriteTableMetadata(const fs::path& table_dir, const TableInfo& t) {
  nlohmann::json j = {
      {"name", t.name},
      {"columns", nlohmann::json::parse(SchemaToJson(t.columns))},
      {"partition_columns", nlohmann::json::parse(SchemaToJson(t.partition_columns))},
      {"lifecycle", t.lifecycle ? nlohmann::json(*t.lifecycle) : nlohmann::json()},
      {"owner", t.owner},
      {"created_at", t.created_at}};
  fs::create_directories(table_dir);
  // Unique per write: two threads of one process (parallel instances of a
  // backfill) may write the same table's file at once; each renames its own.
  static std::atomic<uint64_t> writes{0};
  fs::path tmp = table_dir / (std::string(kTableMetadataFile) + ".tmp-" +
                              std::to_string(::getpid()) + "-" + std::to_string(++writes));
  {
    std::ofstream out(tmp);
    out << j.dump(2) << "\n";
    if (!out.flush()) throw Error("cannot write " + tmp.string());
  }
  fs::rename(tmp, table_dir / kTableMetadataFile);
}

std::optional<TableInfo> ReadTableMetadata(const fs::path& table_dir) {
  fs::path file = table_dir / kTableMetadataFile;
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  try {
    auto j = nlohmann::json::parse(text.str());
    TableInfo t;
    t.name = j.at("name").get<std::string>();
    t.columns = SchemaFromJson(j.at("columns").dump(), file.string());
    t.partition_columns = SchemaFromJson(j.at("partition_columns").dump(), file.string());
    if (!j.at("lifecycle").is_null()) t.lifecycle = j.at("lifecycle").get<int>();
    t.owner = j.value("owner", "");
    t.created_at = j.value("created_at", "");
    return t;
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + ": " + e.what());
  }
}

}  // namespace strata
