#include "sync/dirty_log.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/private_files.h"

namespace strata {

DirtyLog::DirtyLog(std::filesystem::path file, std::optional<int64_t> max_records)
    : file_(std::move(file)), max_records_(max_records) {
  std::error_code ec;
  std::filesystem::remove(file_, ec);
}

void DirtyLog::Record(const DirtyValue& value, const std::string& record_json) {
  nlohmann::json line = {{"column", value.column},
                         {"value", value.value},
                         {"reason", value.reason},
                         {"record", nlohmann::json::parse(record_json, nullptr, false)}};
  int64_t n = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!out_.is_open()) {
      MakePrivateFile(file_);  // it holds whole source rows
      out_.open(file_, std::ios::app);
    }
    out_ << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    out_.flush();
    n = ++count_;
  }
  if (max_records_ && n > *max_records_)
    throw Error(std::to_string(n) + " dirty records exceed error_limit.records = " +
                std::to_string(*max_records_) + " (first: column '" + value.column + "' value '" +
                value.value + "': " + value.reason + "); see " + file_.string());
}

void DirtyLog::CheckPercent(int64_t read, std::optional<double> max_percent) const {
  int64_t n = count();
  if (!max_percent || read == 0 ||
      100.0 * static_cast<double>(n) / static_cast<double>(read) <= *max_percent)
    return;
  throw Error(fmt::format(
      "{} of {} records are dirty ({:.2f}%), over error_limit.percent = {}; see {}", n, read,
      100.0 * static_cast<double>(n) / static_cast<double>(read), *max_percent, file_.string()));
}

}  // namespace strata
