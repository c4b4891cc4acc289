#pragma once
// Placeholder until the Postgres source lands: OpenSource reaches it by URL scheme.

#include <memory>

#include "source/source.h"

namespace strata {

std::unique_ptr<Source> OpenPostgresSource(const ConnectionConfig& config);

}  // namespace strata
