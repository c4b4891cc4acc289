#pragma once
// Checks that a PostgreSQL server and role can serve change data capture
// through logical replication, and says exactly what is missing, one item
// each ("wal_level is replica; set wal_level=logical and restart the
// server"): the settings (wal_level, max_replication_slots, max_wal_senders,
// a free slot when strata's own does not exist yet) and the role's
// REPLICATION (or superuser) attribute. Runs plain queries on a borrowed
// normal connection; not thread-safe.

#include <string>
#include <vector>

#include "source/postgres/pg_connection.h"

namespace strata {

// What stands in the way of capturing through slot `slot`; empty when nothing.
std::vector<std::string> PgCaptureProblems(PgConnection& conn, const std::string& slot);
// Throws strata::Error "<connection>: change data capture is not possible: a; b".
void RequirePgCaptureReady(PgConnection& conn, const std::string& slot);

}  // namespace strata
