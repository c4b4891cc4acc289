#pragma once
// Cuts the rows of a MySQL table (after its `where`) into splits on one key
// column so that the splits' predicates, evaluated by the server, put every
// row in exactly one split:
//  - integer keys: contiguous ranges between MIN and MAX (SplitIntegerRange),
//    the first and last open-ended;
//  - other keys (DECIMAL, FLOAT/DOUBLE, dates and times, strings, binary):
//    N-1 boundaries at the server's own quantiles (SELECT k … ORDER BY k
//    LIMIT 1 OFFSET x), giving [-inf, b1), [b1, b2) … [bN-1, +inf). String
//    boundaries are written as _charset X'…' COLLATE <the column's
//    collation>, so the comparison uses the same order the server sorted by
//    ('a' and 'A' land in the same split under a case-insensitive collation);
//  - NULL keys always get a split of their own.
// Queries run on the connection given (inside the snapshot, so the cut
// matches what the readers see). Pure planning; not thread-safe (one
// connection).

#include <string>
#include <vector>

#include "source/mysql/mysql_connection.h"
#include "source/source.h"

namespace strata {

struct MysqlSplitKey {
  std::string name;
  std::string column_type;  // as information_schema spells it: "varchar(20)"
  std::string charset;      // strings only: "utf8mb4"
  std::string collation;    // strings only: "utf8mb4_general_ci"
};

// Throws Error for a key type that cannot be ordered exactly (ENUM, SET,
// BIT, JSON …), naming the key and its type.
void RequireSplittable(const MysqlSplitKey& key);

// `from` is "`db`.`t`", `where` the node's filter ("" for none). Checks the
// key with RequireSplittable first.
std::vector<Split> PlanMysqlSplits(MysqlConnection& conn, const std::string& from,
                                   const std::string& where, const MysqlSplitKey& key,
                                   int channels);

}  // namespace strata
