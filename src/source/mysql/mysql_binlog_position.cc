#include "source/mysql/mysql_binlog_position.h"

#include <charconv>

#include "core/error.h"
#include "source/mysql/mariadb_gtid_state.h"

namespace strata {
namespace {

constexpr uint64_t kMaxOffset = 0xFFFFFFFFULL;
constexpr std::string_view kGtidMark = " gtid=";
constexpr std::string_view kServerMark = " server=";

std::optional<uint64_t> ParseDigits(std::string_view s) {
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

ChangePosition MysqlChangePosition(const std::string& file, uint64_t offset,
                                   const std::string& gtid, uint32_t server_id) {
  size_t dot = file.rfind('.');
  std::optional<uint64_t> seq =
      dot == std::string::npos ? std::nullopt : ParseDigits(std::string_view(file).substr(dot + 1));
  if (!seq || *seq > kMaxOffset || offset > kMaxOffset)
    throw Error("'" + file + ":" + std::to_string(offset) +
                "' is not a binlog position (file.NNNNNN:offset)");
  std::string text = file + ":" + std::to_string(offset);
  if (!gtid.empty()) text += std::string(kGtidMark) + gtid;
  if (server_id != 0) text += std::string(kServerMark) + std::to_string(server_id);
  return {*seq << 32 | offset, text};
}

MysqlBinlogPosition ParseMysqlPosition(const std::string& full) {
  size_t server_mark = full.find(kServerMark);
  std::string text = full.substr(0, server_mark);
  uint32_t server_id = 0;
  if (server_mark != std::string::npos) {
    std::optional<uint64_t> id =
        ParseDigits(std::string_view(full).substr(server_mark + kServerMark.size()));
    if (!id || *id == 0 || *id > kMaxOffset)
      throw Error("'" + full + "' has no server id after 'server='");
    server_id = static_cast<uint32_t>(*id);
  }
  size_t mark = text.find(kGtidMark);
  std::string place = text.substr(0, mark);
  size_t colon = place.rfind(':');
  std::optional<uint64_t> offset = colon == std::string::npos
                                       ? std::nullopt
                                       : ParseDigits(std::string_view(place).substr(colon + 1));
  if (!offset || colon == 0 || *offset > kMaxOffset)
    throw Error("'" + full +
                "' is not a binlog position (file.NNNNNN:offset [gtid=D-S-N,...] [server=N])");
  MysqlBinlogPosition p{place.substr(0, colon), static_cast<uint32_t>(*offset), "", server_id};
  MysqlChangePosition(p.file, p.offset);  // checks the file name
  if (mark != std::string::npos) {
    p.gtid = MariadbGtidState::Parse(text.substr(mark + kGtidMark.size())).Text();
    if (p.gtid.empty()) throw Error("'" + full + "' has no MariaDB GTID position after 'gtid='");
  }
  return p;
}

std::string MariadbGtidAt(MysqlConnection& conn, const std::string& file, uint64_t offset) {
  if (!mariadb_connection(conn.handle())) return "";  // MySQL: no BINLOG_GTID_POS
  MysqlRows rows = conn.Query("SELECT BINLOG_GTID_POS(" + conn.Quote(file) + ", " +
                              std::to_string(offset) + ")");
  if (rows.empty() || rows[0].empty() || !rows[0][0]) return "";
  return MariadbGtidState::Parse(*rows[0][0]).Text();
}

std::optional<ChangePosition> MysqlSnapshotPosition(MysqlConnection& conn) {
  std::string file, pos;
  for (auto& row : conn.Query("SHOW SESSION STATUS LIKE 'binlog_snapshot_%'")) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    if (*row[0] == "Binlog_snapshot_file") file = *row[1];
    if (*row[0] == "Binlog_snapshot_position") pos = *row[1];
  }
  std::optional<uint64_t> offset = ParseDigits(pos);
  if (file.empty() || !offset) return std::nullopt;
  return MysqlChangePosition(file, *offset);
}

ChangePosition MysqlLogEnd(MysqlConnection& conn) {
  MysqlRows rows = conn.Query("SHOW MASTER STATUS");
  if (rows.empty() || rows[0].size() < 2 || !rows[0][0] || !rows[0][1])
    throw Error(conn.Describe() + ": SHOW MASTER STATUS returned nothing: the binary log is off");
  std::optional<uint64_t> offset = ParseDigits(*rows[0][1]);
  if (!offset)
    throw Error(conn.Describe() + ": SHOW MASTER STATUS gave position '" + *rows[0][1] + "'");
  return MysqlChangePosition(*rows[0][0], *offset);
}

}  // namespace strata
