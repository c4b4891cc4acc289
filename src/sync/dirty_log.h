#pragma once
// DirtyLog collects the rows a sync could not convert: each goes, as one JSON
// line with its column, value, reason and the whole source record, to the
// node's dirty-data file (owner-only: 0600, its folder 0700), and is counted
// against the node's error limit.
// Thread-safe: every channel of one sync shares one log.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <string>

#include "sync/row_converter.h"

namespace strata {

class DirtyLog {
 public:
  // Starts an empty log at `file` (a previous run's file is replaced).
  // `max_records`: the most dirty records allowed before the sync fails.
  DirtyLog(std::filesystem::path file, std::optional<int64_t> max_records);

  // Records one dirty row; throws strata::Error once over the record limit.
  void Record(const DirtyValue& value, const std::string& record_json);
  int64_t count() const { return count_.load(); }
  // Throws strata::Error when the dirty records are more than `max_percent`
  // of the `read` records (no limit when unset).
  void CheckPercent(int64_t read, std::optional<double> max_percent) const;
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::optional<int64_t> max_records_;
  std::mutex mu_;
  std::ofstream out_;
  std::atomic<int64_t> count_{0};
};

}  // namespace strata
