#pragma once
// As-of reads of history tables: the SQL macro `as_of('table', 'yyyymmdd')`
// that every warehouse session defines. It gives the table's rows as they
// were on that business date — the versions with start_ds <= date < end_ds,
// without the history columns — which is what a daily full snapshot of that
// date held. A date before the table's first version is an error, not an
// empty result. Other engines use the same WHERE on the Parquet files.

#include <string>

namespace strata {

// "CREATE OR REPLACE TEMP MACRO as_of(t, d) AS TABLE ...".
std::string AsOfMacroSql();

}  // namespace strata
