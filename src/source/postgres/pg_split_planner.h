#pragma once
// Cuts one PostgreSQL read into splits whose predicates together select
// every row exactly once, computed on the planning connection inside the
// source's snapshot. The split key is `split_key`, else the first column of
// the primary key (a composite key splits on its leading column); without
// one, or with one channel, there is a single split. An integer key splits
// [min, max] into equal ranges (SplitIntegerRange); any other orderable key
// splits at server-computed quantiles (percentile_disc, on a TABLESAMPLE for
// tables of over a million rows), compared by the server under the column's
// own collation and operators. NULL keys get their own split. Stateless.

#include <string>
#include <vector>

#include "source/postgres/pg_connection.h"
#include "source/postgres/pg_read_plan.h"

namespace strata {

std::vector<Split> PlanPgSplits(PgConnection& planner, const PgReadPlan& plan,
                                const std::string& split_key, int channels);

}  // namespace strata
