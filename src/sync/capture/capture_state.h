#pragma once
// CaptureState is what the catalog keeps of a node's change capture, as the
// table state of its change table (Catalog::TableState), written in the same
// catalog transaction as the change rows it accounts for: where the next
// read of the log starts, and the next change row's sequence number. So a
// crash at any moment leaves rows and position agreeing: nothing is lost or
// stored twice. Value type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "source/change_stream.h"

namespace strata {

struct CaptureState {
  ChangePosition position;         // the next read starts after it
  int64_t next_seq = 0;            // the _seq of the next change row
  std::string snapshot_ds;         // the date of the first run's snapshot
  int64_t last_commit_micros = 0;  // commit time of the newest change stored; 0 = none yet
  int64_t stored_micros = 0;       // when the last commit that stored changes started its read

  std::string ToJson() const;
  // nullopt for "" (nothing captured yet); throws strata::Error naming the
  // table when the text is not a capture state.
  static std::optional<CaptureState> FromJson(std::string_view text, const std::string& table);
};

}  // namespace strata
