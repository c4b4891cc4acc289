// mysql:// URL parsing and the MySQL -> warehouse type mapping, no server.

#include "source/mysql/mysql_url.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "source/mysql/mysql_type_map.h"

namespace strata {
namespace {

std::string UrlError(const std::string& url) {
  try {
    ParseMysqlUrl(url, "my");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(MysqlUrl, ParsesEveryPart) {
  MysqlUrl u = ParseMysqlUrl(
      "mysql://etl%40corp@db.internal:3307/my%20db?ssl-mode=verify_identity&ssl-ca=/c/ca.pem"
      "&ssl-cert=/c/cert.pem&ssl-key=/c/key.pem&connect-timeout=3&snapshot-lock-timeout=0",
      "my");
  EXPECT_EQ(u.user, "etl@corp");
  EXPECT_EQ(u.host, "db.internal");
  EXPECT_EQ(u.port, 3307u);
  EXPECT_EQ(u.database, "my db");
  EXPECT_EQ(u.ssl_mode, MysqlSslMode::kVerifyIdentity);
  EXPECT_EQ(u.ssl_ca, "/c/ca.pem");
  EXPECT_EQ(u.ssl_cert, "/c/cert.pem");
  EXPECT_EQ(u.ssl_key, "/c/key.pem");
  EXPECT_EQ(u.connect_timeout_seconds, 3u);
  EXPECT_EQ(u.snapshot_lock_timeout_seconds, 0u);
  EXPECT_EQ(u.Endpoint(), "db.internal:3307");

  MysqlUrl d = ParseMysqlUrl("mariadb://etl@[::1]", "my");
  EXPECT_EQ(d.host, "::1");
  EXPECT_EQ(d.port, 3306u);
  EXPECT_EQ(d.database, "");
  EXPECT_EQ(d.ssl_mode, MysqlSslMode::kDefault);
  EXPECT_EQ(d.snapshot_lock_timeout_seconds, 5u);
  EXPECT_EQ(d.Endpoint(), "[::1]:3306");
}

TEST(MysqlUrl, RejectsWhatItDoesNotUnderstandWithoutEchoingPasswords) {
  EXPECT_EQ(UrlError("postgres://etl@h/db"),
            "connection 'my': mysql URL must start with mysql:// or mariadb://");
  EXPECT_EQ(UrlError("mysql://h/db"),
            "connection 'my': mysql URL has no user (expected mysql://user@host/database)");
  EXPECT_EQ(UrlError("mysql://etl:Hunter2@h/db"),
            "connection 'my': mysql URL must not hold a password (use password_env or "
            "password_file)");
  EXPECT_EQ(UrlError("mysql://etl@h/db?password=Hunter2"),
            "connection 'my': mysql URL must not hold a password (use password_env or "
            "password_file)");
  EXPECT_EQ(UrlError("mysql://etl@h:99999/db"),
            "connection 'my': mysql URL has a bad port '99999' (expected 1..65535)");
  EXPECT_EQ(UrlError("mysql://etl@h:/db"),
            "connection 'my': mysql URL has a bad port '' (expected 1..65535)");
  EXPECT_EQ(UrlError("mysql://etl@/db"),
            "connection 'my': mysql URL has no host (expected mysql://user@host[:port]/database)");
  EXPECT_NE(UrlError("mysql://etl@h/db?ssl-mode=ON").find("unknown ssl-mode 'ON'"),
            std::string::npos);
  EXPECT_NE(UrlError("mysql://etl@h/db?sslca=x").find("unknown parameter 'sslca'"),
            std::string::npos);
  EXPECT_NE(UrlError("mysql://etl@h/db?ssl-mode=DISABLED&ssl-ca=x").find("DISABLED together"),
            std::string::npos);
  EXPECT_NE(UrlError("mysql://etl@h/db?ssl-cert=x").find("ssl-cert and ssl-key together"),
            std::string::npos);
  EXPECT_NE(UrlError("mysql://etl@h/d%zz").find("bad %-escape"), std::string::npos);
}

TEST(MysqlTypeMap, EveryTypeHasAnExactHome) {
  auto t = [](const char* native) { return MysqlTypeToWarehouse(native).ToMaxCompute(); };
  EXPECT_EQ(t("tinyint(4)"), "tinyint");
  EXPECT_EQ(t("tinyint(1)"), "tinyint");
  EXPECT_EQ(t("tinyint(3) unsigned"), "smallint");
  EXPECT_EQ(t("smallint unsigned zerofill"), "int");
  EXPECT_EQ(t("mediumint(8) unsigned"), "bigint");
  EXPECT_EQ(t("int(10) unsigned"), "bigint");
  EXPECT_EQ(t("int(11)"), "int");
  EXPECT_EQ(t("bigint(20)"), "bigint");
  EXPECT_EQ(t("bigint(20) unsigned"), "decimal(20,0)");
  EXPECT_EQ(t("bit(1)"), "bigint");
  EXPECT_EQ(t("bit(63)"), "bigint");
  EXPECT_EQ(t("bit(64)"), "decimal(20,0)");
  EXPECT_EQ(t("float"), "float");
  EXPECT_EQ(t("double"), "double");
  EXPECT_EQ(t("decimal(10,2) unsigned"), "decimal(10,2)");
  EXPECT_EQ(t("decimal(38,10)"), "decimal(38,10)");
  EXPECT_EQ(t("decimal(39,0)"), "string");
  EXPECT_EQ(t("datetime(6)"), "datetime");
  EXPECT_EQ(t("timestamp"), "timestamp");
  EXPECT_EQ(t("time(3)"), "string");
  EXPECT_EQ(t("year(4)"), "int");
  EXPECT_EQ(t("varchar(20)"), "string");
  EXPECT_EQ(t("longtext"), "string");
  EXPECT_EQ(t("varbinary(16)"), "binary");
  EXPECT_EQ(t("mediumblob"), "binary");
  EXPECT_EQ(t("enum('a)','unsigned')"), "string");
  EXPECT_EQ(t("set('x','y')"), "string");
  EXPECT_EQ(t("json"), "string");
  EXPECT_EQ(t("point"), "binary");
  EXPECT_EQ(t("uuid"), "string");
  EXPECT_FALSE(ParseMysqlType("enum('unsigned')").is_unsigned);
  EXPECT_TRUE(MysqlNeedsDoubleCast("float(7,3)"));
  EXPECT_FALSE(MysqlNeedsDoubleCast("double"));
  EXPECT_EQ(QuoteMysqlIdentifier("a`b"), "`a``b`");
}

TEST(MysqlTypeMap, SplitKeyKinds) {
  EXPECT_EQ(MysqlSplitKeyKind("bigint unsigned"), MysqlKeyKind::kInteger);
  EXPECT_EQ(MysqlSplitKeyKind("year"), MysqlKeyKind::kInteger);
  EXPECT_EQ(MysqlSplitKeyKind("decimal(65,30)"), MysqlKeyKind::kNumber);
  EXPECT_EQ(MysqlSplitKeyKind("float"), MysqlKeyKind::kNumber);
  EXPECT_EQ(MysqlSplitKeyKind("datetime(6)"), MysqlKeyKind::kTemporal);
  EXPECT_EQ(MysqlSplitKeyKind("varchar(10)"), MysqlKeyKind::kText);
  EXPECT_EQ(MysqlSplitKeyKind("varbinary(10)"), MysqlKeyKind::kBinary);
  EXPECT_EQ(MysqlSplitKeyKind("enum('a')"), MysqlKeyKind::kUnsplittable);
  EXPECT_EQ(MysqlSplitKeyKind("bit(3)"), MysqlKeyKind::kUnsplittable);
  EXPECT_EQ(MysqlSplitKeyKind("json"), MysqlKeyKind::kUnsplittable);
}

}  // namespace
}  // namespace strata
