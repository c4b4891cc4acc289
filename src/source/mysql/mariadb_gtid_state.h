#pragma once
// MariadbGtidState is a MariaDB GTID position: for each replication domain,
// the GTID (domain-server_id-seq_no) of the last transaction applied, as
// MariaDB writes it in @@gtid_binlog_pos or BINLOG_GTID_POS():
// "0-1-57,1-2-8". Unlike a binlog file:offset it names the same place on
// every server of a replication topology, so a reader can move to a replica.
// Parse() accepts only digits, '-' and ',' (its Text() is safe inside a SQL
// string literal) and throws strata::Error naming the text otherwise; Text()
// lists the domains in ascending order. A value type; no thread-safety
// concerns beyond those of a std::map.

#include <cstdint>
#include <map>
#include <string>

namespace strata {

class MariadbGtidState {
 public:
  struct Gtid {
    uint32_t server_id = 0;
    uint64_t seq_no = 0;
  };

  // "" gives the empty state.
  static MariadbGtidState Parse(const std::string& text);

  // The transaction `domain`-`server_id`-`seq_no` completed: it is its domain's last.
  void Record(uint32_t domain, uint32_t server_id, uint64_t seq_no);
  std::string Text() const;
  // The first GTID of this state that `binlog_state` (a server's
  // @@gtid_binlog_state: the last seq_no of each domain and server id it has
  // logged) does not reach, "" when it reaches them all. A server whose
  // history lacks one cannot continue from this state; MariaDB itself would
  // start a domain it has never logged from its log's beginning.
  std::string MissingFrom(const std::string& binlog_state) const;
  bool empty() const { return domains_.empty(); }

 private:
  std::map<uint32_t, Gtid> domains_;
};

}  // namespace strata
