#pragma once
// PgTextToWire turns a value as PostgreSQL prints it in text format (what
// logical replication's pgoutput sends, in a session with strata's settings:
// UTC, ISO dates, hex bytea) into the binary wire form a binary COPY would
// have carried for the same value. The log path then hands those bytes to
// PgDeliver, the very function the snapshot path uses, so a value arriving
// through the log reaches the ValueSink exactly as it does through a
// snapshot. Only for the wire forms of columns selected as they are
// (PgSelect::kAsIs); columns the snapshot selects through an expression are
// rendered by the server instead. Text that is not what PostgreSQL prints
// throws strata::Error naming the type and the value. Pure; thread-safe.

#include <string>
#include <string_view>

#include "source/postgres/pg_binary_decoder.h"

namespace strata {

std::string PgTextToWire(PgWire wire, std::string_view text);

}  // namespace strata
