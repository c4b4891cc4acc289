#include "source/mysql/mariadb_gtid_state.h"

#include <charconv>
#include <string_view>

#include "core/error.h"

namespace strata {
namespace {

template <typename T>
bool ParseNumber(std::string_view s, T& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

[[noreturn]] void Bad(const std::string& text) {
  throw Error("'" + text + "' is not a MariaDB GTID position (domain-server-seq, comma-separated)");
}

// Calls add(domain, server_id, seq_no) for each GTID of a comma-separated list.
template <typename Add>
void ForEachGtid(const std::string& text, Add add) {
  std::string_view rest = text;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view gtid = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (comma != std::string_view::npos && rest.empty()) Bad(text);  // a trailing comma
    size_t a = gtid.find('-');
    size_t b = a == std::string_view::npos ? a : gtid.find('-', a + 1);
    uint32_t domain = 0, server = 0;
    uint64_t seq = 0;
    if (b == std::string_view::npos || !ParseNumber(gtid.substr(0, a), domain) ||
        !ParseNumber(gtid.substr(a + 1, b - a - 1), server) ||
        !ParseNumber(gtid.substr(b + 1), seq))
      Bad(text);
    add(domain, server, seq);
  }
}

}  // namespace

MariadbGtidState MariadbGtidState::Parse(const std::string& text) {
  MariadbGtidState state;
  ForEachGtid(text, [&](uint32_t domain, uint32_t server, uint64_t seq) {
    if (state.domains_.count(domain)) Bad(text);
    state.Record(domain, server, seq);
  });
  return state;
}

std::string MariadbGtidState::MissingFrom(const std::string& binlog_state) const {
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> seen;
  ForEachGtid(binlog_state, [&](uint32_t domain, uint32_t server, uint64_t seq) {
    seen[{domain, server}] = seq;
  });
  for (const auto& [domain, g] : domains_) {
    auto it = seen.find({domain, g.server_id});
    if (it == seen.end() || it->second < g.seq_no)
      return std::to_string(domain) + "-" + std::to_string(g.server_id) + "-" +
             std::to_string(g.seq_no);
  }
  return "";
}

void MariadbGtidState::Record(uint32_t domain, uint32_t server_id, uint64_t seq_no) {
  domains_[domain] = {server_id, seq_no};
}

std::string MariadbGtidState::Text() const {
  std::string out;
  for (const auto& [domain, g] : domains_) {
    if (!out.empty()) out += ',';
    out +=
        std::to_string(domain) + "-" + std::to_string(g.server_id) + "-" + std::to_string(g.seq_no);
  }
  return out;
}

}  // namespace strata
