#include "source/change_log_distance.h"

#include "source/mysql/mysql_binlog_position.h"

namespace strata {

LogDistance MeasureLogDistance(const ChangePosition& from, const ChangePosition& to) {
  LogDistance d;
  if (to.value <= from.value) return d;
  // A binlog position names its file ("binlog.000003:1234"); an LSN ("0/16B3748") does not.
  if (to.text.find(':') == std::string::npos) {
    d.bytes = to.value - from.value;
    return d;
  }
  MysqlBinlogPosition a = ParseMysqlPosition(from.text), b = ParseMysqlPosition(to.text);
  // MysqlChangePosition puts the file's sequence number in the high 32 bits.
  d.files = (to.value >> 32) - (from.value >> 32);
  d.bytes = d.files == 0 ? b.offset - a.offset : b.offset;
  return d;
}

std::string FormatLogDistance(const LogDistance& d) {
  std::string bytes = std::to_string(d.bytes) + " B";
  if (d.files == 0) return bytes;
  return std::to_string(d.files) + (d.files == 1 ? " file + " : " files + ") + bytes;
}

}  // namespace strata
