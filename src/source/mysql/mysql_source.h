#pragma once
// Placeholder until the Mysql source lands: OpenSource reaches it by URL scheme.

#include <memory>

#include "source/source.h"

namespace strata {

std::unique_ptr<Source> OpenMysqlSource(const ConnectionConfig& config);

}  // namespace strata
