#pragma once
// Shared by verify_mysql_test.cc and verify_postgres_test.cc: a table of
// STRATA_VERIFY_ROWS rows (default 100,000) synced, then single-cell changes
// at the source that `strata verify` must each find with the right key, that
// `--repair` must fix; and the bytes a verify of an equal table of
// STRATA_VERIFY_BYTES_ROWS rows (default 1,000,000) reads.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "strata_process.h"

namespace strata::test {

inline int64_t VerifyRows() {
  const char* v = std::getenv("STRATA_VERIFY_ROWS");
  return v && *v ? std::atoll(v) : 100000;
}

// Rows of the equal table whose verify's bytes are counted: the issue's
// 1,000,000 unless STRATA_VERIFY_BYTES_ROWS says otherwise.
inline int64_t VerifyBytesRows() {
  const char* v = std::getenv("STRATA_VERIFY_BYTES_ROWS");
  return v && *v ? std::atoll(v) : 1000000;
}

// The same table on both servers: id, d = id / 2, ts = 2016-11-14 + id
// seconds, s = 'name<id>' ('' every 1000th id), n = id / 100.
struct VerifyDialect {
  std::function<void(const std::string&)> exec;  // runs SQL at the source
  std::function<ProcessResult(std::vector<std::string>)> strata;
  std::string add_microsecond;  // "ts + …" one microsecond later
  std::string append_space;     // "s" with a trailing space
};

// `value` as the exact double literal that comes one ulp after `base`.
inline std::string NextUlp(double base) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", std::nextafter(base, INFINITY));
  return buf;
}

// `n` doubles of every magnitude, subnormals and both zeros included (random
// bit patterns, seeded; no NaN or infinity), as exact literals
// "(1, -1.2345678901234567e-300), (2, …)" for an INSERT of (id, d).
inline std::string RandomDoubleRows(int n, uint64_t seed = 13) {
  std::string out;
  uint64_t x = seed;
  for (int i = 1; i <= n; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;  // 64-bit LCG
    uint64_t bits = x ^ (x >> 29);
    if (((bits >> 52) & 0x7ff) == 0x7ff) bits &= ~(uint64_t{1} << 62);  // no inf/NaN
    if (i % 97 == 0) bits &= 0x800fffffffffffffULL;                     // a subnormal
    if (i == 1) bits = 0x8000000000000000ULL;                           // -0.0
    double d;
    std::memcpy(&d, &bits, sizeof d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    out += (out.empty() ? "(" : ", (") + std::to_string(i) + ", " + buf + ")";
  }
  return out;
}

inline nlohmann::json VerifyJsonOf(const ProcessResult& r) {
  return nlohmann::json::parse(r.out.substr(r.out.find('{')));
}

// Applies the seven changes to table `big`, then checks verify, repair and
// verify again.
inline void ExpectChangesFoundAndRepaired(const VerifyDialect& d, const std::string& node) {
  int64_t n = VerifyRows();
  std::string extra = std::to_string(n + 1), moved = std::to_string(n + 10);
  d.exec("UPDATE big SET d = " + NextUlp(777 * 0.5) + " WHERE id = 777");
  d.exec("UPDATE big SET ts = " + d.add_microsecond + " WHERE id = 1500");
  d.exec("UPDATE big SET s = " + d.append_space + " WHERE id = 2500");
  d.exec("UPDATE big SET s = NULL WHERE id = 5000");  // was ''
  d.exec("DELETE FROM big WHERE id = 12345");
  d.exec("INSERT INTO big VALUES (" + extra + ", 1, '2016-11-14 00:00:00', 'extra', 1)");
  d.exec("UPDATE big SET id = " + moved + " WHERE id = 2222");

  ProcessResult r = d.strata({"verify", node, "--date", "20240101"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("differs: 8 rows"), std::string::npos) << r.out;
  for (const std::string& line :
       {std::string("changed id=777: d source '388.50000000000006' warehouse '388.5'"),
        std::string("changed id=1500: ts source"),
        std::string("changed id=2500: s source 'name2500 ' warehouse 'name2500'"),
        std::string("changed id=5000: s source NULL warehouse ''"),
        // Deleted at the source: still in the warehouse; inserted: not there yet.
        std::string("extra id=12345"), std::string("extra id=2222"), "missing id=" + extra,
        "missing id=" + moved})
    EXPECT_NE(r.out.find(line), std::string::npos) << "no '" << line << "' in\n" << r.out;
  // --limit bounds the rows printed, not the rows counted.
  ProcessResult limited =
      d.strata({"verify", node, "--date", "20240101", "--limit", "2", "--format", "json"});
  EXPECT_EQ(limited.status, 1) << limited.err;
  nlohmann::json j = VerifyJsonOf(limited);
  EXPECT_EQ(j["differing_rows"], 8);
  EXPECT_EQ(j["rows"].size(), 2u);
  EXPECT_EQ(j["source_rows"], n);

  ProcessResult fix = d.strata({"verify", node, "--date", "20240101", "--repair"});
  EXPECT_EQ(fix.status, 0) << fix.out << fix.err;
  EXPECT_NE(fix.out.find("repaired big ds=20240101: 6 rows read again from the source"),
            std::string::npos)
      << fix.out;
  ProcessResult again = d.strata({"verify", node, "--date", "20240101"});
  EXPECT_EQ(again.status, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("verified big ds=20240101: "), std::string::npos) << again.out;
  EXPECT_NE(again.out.find(" rows equal"), std::string::npos) << again.out;
}

// Table `ck` (a int, b varchar(10), v varchar(20), key (a, b)) is synced
// by `node`; a changed value, a deleted and an inserted row under a
// composite key are found (md5-prefix buckets) and repaired.
inline void ExpectCompositeKeyChangesFound(const VerifyDialect& d, const std::string& node) {
  ProcessResult equal = d.strata({"verify", node, "--date", "20240101"});
  EXPECT_EQ(equal.status, 0) << equal.out << equal.err;
  EXPECT_NE(equal.out.find("5,000 rows equal"), std::string::npos) << equal.out;
  d.exec("UPDATE ck SET v = 'changed' WHERE a = 7 AND b = 'k7'");
  d.exec("DELETE FROM ck WHERE a = 8 AND b = 'k8'");
  d.exec("INSERT INTO ck VALUES (8, 'k8 ', 'new')");  // a trailing space: another key
  ProcessResult r = d.strata({"verify", node, "--date", "20240101"});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  for (const char* line : {"differs: 3 rows", "changed a=7, b=k7: v source 'changed'",
                           "extra a=8, b=k8:", "missing a=8, b=k8 :"})
    EXPECT_NE(r.out.find(line), std::string::npos) << "no '" << line << "' in\n" << r.out;
  ProcessResult fix = d.strata({"verify", node, "--date", "20240101", "--repair"});
  EXPECT_EQ(fix.status, 0) << fix.out << fix.err;
  EXPECT_EQ(d.strata({"verify", node, "--date", "20240101"}).status, 0);
}

// "bytes read       : 123" of a sync's summary.
inline int64_t SyncBytesRead(const std::string& out) {
  size_t at = out.find("bytes read");
  if (at == std::string::npos) return -1;
  return std::atoll(out.c_str() + out.find(':', at) + 1);
}

}  // namespace strata::test
