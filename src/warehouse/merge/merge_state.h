#pragma once
// MergeState is what the catalog remembers of a merge table between runs
// (Catalog::TableState, written in the same transaction as the table's
// files): the business date and cursor watermark of the current version, and
// the version it was built on. Keeping that base lets a rerun of the current
// date rebuild from the same starting point, so reruns give the same table
// and the same change rows. Value type.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// One version of a merge table.
struct MergeVersion {
  std::string ds;         // business date it was built for; "" = before any run
  std::string watermark;  // highest cursor value read so far; "" = none
  std::string commit_id;  // the commit that published it; "" = the empty table
  // Where its files are, relative to the warehouse root, and their names. The
  // current version's files are the table's own; a base's are hard links kept
  // under _strata/versions/<table>/<commit_id>.
  std::string dir;
  std::vector<std::string> files;
};

struct MergeState {
  MergeVersion current;
  MergeVersion base;  // the version `current` was built on
  // A history table's watermark at the end of each business date it ran
  // (the most recent kMaxWatermarks), so a rerun of a past date starts its
  // read where that date's did.
  std::map<std::string, std::string> watermarks;
  static constexpr size_t kMaxWatermarks = 1000;
  // A history table's open versions written after the rest, out of key
  // order, since the last run that sorted them (MergeTable::Apply).
  int64_t unsorted = 0;

  std::string ToJson() const;
  // Throws strata::Error naming the table when the text is not a state.
  static MergeState FromJson(std::string_view text, const std::string& table);
};

}  // namespace strata
