#include <filesystem>

#include "core/error.h"
#include "source/mysql/mysql_source.h"
#include "source/postgres/postgres_source.h"
#include "source/source.h"
#include "source/sqlite/sqlite_source.h"

namespace strata {

namespace {
constexpr char kNoVerify[] =
    "this source cannot run verify's queries (supported: mysql, mariadb, postgres, sqlite)";
}  // namespace

std::string Source::ReadFromSql(const ReadSpec&, const std::string&) {
  throw Error(kNoVerify);
}

TextRows Source::QueryInSnapshot(const ReadSpec&, const std::string&) {
  throw Error(kNoVerify);
}

std::unique_ptr<Source> OpenSource(const ConnectionConfig& config) {
  const std::string& url = config.url;
  auto starts = [&](const char* p) { return url.rfind(p, 0) == 0; };
  if (starts("sqlite://")) {
    std::filesystem::path file = url.substr(9);  // sqlite:///abs -> "/abs"
    if (file.is_relative()) file = std::filesystem::path(config.base_dir) / file;
    return std::make_unique<SqliteSource>(file);
  }
  if (starts("sqlite:"))
    return std::make_unique<SqliteSource>(std::filesystem::path(config.base_dir) / url.substr(7));
  if (starts("mysql://") || starts("mariadb://")) return OpenMysqlSource(config);
  if (starts("postgres://") || starts("postgresql://") || url.find('=') != std::string::npos)
    return OpenPostgresSource(config);
  std::string scheme = url.substr(0, url.find(':'));
  throw Error("connection '" + config.name + "': unsupported URL scheme '" + scheme +
              "' (supported: sqlite, mysql, mariadb, postgres, postgresql)");
}

}  // namespace strata
