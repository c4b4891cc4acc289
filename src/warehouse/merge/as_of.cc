#include "warehouse/merge/as_of.h"

#include "warehouse/merge/merge_table.h"

namespace strata {

std::string AsOfMacroSql() {
  std::string start = kStartDsColumn, end = kEndDsColumn, op = kOpColumn;
  // The check is a scalar subquery of the WHERE: evaluated once, even when
  // no version matches (a cross join with an empty side would skip it).
  return "CREATE OR REPLACE TEMP MACRO as_of(t, d) AS TABLE SELECT * EXCLUDE (" + start + ", " +
         end + ", " + op +
         ") FROM query_table(t) WHERE (SELECT CASE WHEN CAST(d AS VARCHAR) < min(" + start +
         ") THEN error('as_of(''' || t || ''', ''' || d || '''): the table''s first business date "
         "is ' || min(" +
         start + ")) ELSE true END FROM query_table(t)) AND " + start +
         " <= CAST(d AS VARCHAR) AND " + end + " > CAST(d AS VARCHAR)";
}

}  // namespace strata
