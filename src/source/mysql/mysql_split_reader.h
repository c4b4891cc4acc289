#pragma once
// MysqlSplitReader streams the rows of one SELECT from a connection lent by
// a MysqlSnapshot. Promises:
//  - bounded memory: the result is read with mysql_use_result, one row at a
//    time, and each value goes to the ValueSink as it arrives, binary-safe
//    (lengths from mysql_fetch_lengths);
//  - values are delivered in the shape their metadata says (see
//    MysqlValueKind): integers as Int/UInt, BIT as UInt, FLOAT/DOUBLE as
//    Double, DATE/DATETIME/TIMESTAMP/DECIMAL/TIME/strings as Text, binary
//    strings as Blob; a zero date ('0000-00-00', '2016-00-10' …) becomes
//    NULL when asked, otherwise its text (the converter marks it dirty);
//  - a lost connection or a server error mid-read throws strata::Error
//    naming the connection, host:port and the server's message;
//  - at the end of the rows the connection goes back to the pool; a reader
//    destroyed before the end shuts its connection down instead (the rest
//    of the result is never read) and the pool drops it.
// Thread-safety: one thread at a time, like every SplitReader.

#include <mysql.h>

#include <optional>
#include <string>
#include <vector>

#include "source/mysql/mysql_snapshot.h"
#include "source/mysql/mysql_type_map.h"
#include "source/source.h"

namespace strata {

class MysqlSplitReader : public SplitReader {
 public:
  // Sends `sql` on the leased connection. `what` names the read in errors
  // ("reading table 't' (id in [1, 500))").
  MysqlSplitReader(MysqlSnapshot::Lease lease, const std::string& sql, bool zero_date_as_null,
                   std::string what);
  ~MysqlSplitReader() override;

  bool Next(ValueSink& sink) override;
  std::string CurrentRowJson() override;
  int64_t BytesRead() const override { return bytes_; }

 private:
  void Deliver(unsigned i, ValueSink& sink);
  void DeliverText(unsigned i, std::string_view v, ValueSink& sink);
  [[noreturn]] void Fail(const std::string& step);

  std::optional<MysqlSnapshot::Lease> lease_;
  std::string what_;
  bool zero_date_as_null_;
  MYSQL_RES* res_ = nullptr;
  std::vector<MysqlValueKind> kinds_;
  std::vector<std::string> names_;
  MYSQL_ROW row_ = nullptr;
  unsigned long* lengths_ = nullptr;
  int64_t bytes_ = 0;
};

}  // namespace strata
