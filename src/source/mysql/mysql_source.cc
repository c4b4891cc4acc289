#include "source/mysql/mysql_source.h"

#include "core/error.h"

namespace strata {

std::unique_ptr<Source> OpenMysqlSource(const ConnectionConfig& config) {
  throw Error("connection '" + config.name + "': the mysql source is not built yet");
}

}  // namespace strata
