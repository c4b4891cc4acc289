#include "source/postgres/postgres_source.h"

#include "core/error.h"

namespace strata {

std::unique_ptr<Source> OpenPostgresSource(const ConnectionConfig& config) {
  throw Error("connection '" + config.name + "': the postgres source is not built yet");
}

}  // namespace strata
