#pragma once
// The names strata gives the PostgreSQL objects that change data capture of
// one sync node needs: a logical replication slot and a publication, both
// "strata_<project>_<node>" in lower case (slot names may hold only a-z, 0-9
// and _), at most 63 characters (NAMEDATALEN - 1). The project and node names
// must be identifiers; a name that breaks a rule throws strata::Error naming
// it. docs/capture.md states the rule for users. Pure; thread-safe.

#include <string>
#include <string_view>

namespace strata {

struct PgCaptureNames {
  std::string slot;
  std::string publication;
};

PgCaptureNames MakePgCaptureNames(std::string_view project, std::string_view node);

}  // namespace strata
