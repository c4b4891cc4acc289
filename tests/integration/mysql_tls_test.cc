// MySQL/MariaDB source, TLS: the ssl-mode, ssl-ca, ssl-cert and ssl-key URL
// parameters reach Connector/C. A server with a test CA's certificate (for
// IP 127.0.0.1) has a user that requires TLS and one that requires a client
// certificate; each mode connects, or fails with the server's or the TLS
// library's reason.

#include <cstdlib>

#include "mysql_test_util.h"

namespace strata::test {
namespace {

// Makes ca.pem, server/client certificates signed by it, and other-ca.pem
// (a CA that signed nothing here) in `dir` with the openssl command.
void MakeCertificates(const std::filesystem::path& dir) {
  WriteFile(dir / "san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
  std::string d = dir.string();
  std::string script =
      "set -e; cd '" + d +
      "';"
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=strata-test-ca "
      "  -keyout ca-key.pem -out ca.pem;"
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca "
      "  -keyout other-ca-key.pem -out other-ca.pem;"
      "for who in server client; do"
      "  openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout \\$who-key.pem"
      "    -out \\$who.csr;"
      "  openssl x509 -req -in \\$who.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2"
      "    -extfile san.ext -out \\$who.pem;"
      "done";
  std::string cmd = "bash -c \"" + script + "\" > '" + d + "/openssl.log' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << ReadFile(dir / "openssl.log");
}

class MysqlTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = new TempDir();
    MakeCertificates(certs_->path());
    if (::testing::Test::HasFatalFailure()) return;
    std::string c = certs_->path().string();
    server_ = new MariadbServer(MariadbServer::Options{
        .binlog = false,
        .extra_args = {"--ssl-ca=" + c + "/ca.pem", "--ssl-cert=" + c + "/server.pem",
                       "--ssl-key=" + c + "/server-key.pem"}});
    server_->Exec(
        "CREATE DATABASE app; CREATE TABLE app.t (id int PRIMARY KEY);"
        "INSERT INTO app.t VALUES (1), (2);"
        "CREATE USER tls@'%' IDENTIFIED BY 'tls-pw' REQUIRE SSL;"
        "CREATE USER x509@'%' IDENTIFIED BY 'x509-pw' REQUIRE X509;"
        "GRANT SELECT ON app.* TO tls@'%'; GRANT SELECT ON app.* TO x509@'%'");
  }
  static void TearDownTestSuite() {
    delete server_;
    delete certs_;
    server_ = nullptr;
    certs_ = nullptr;
  }
  void SetUp() override {
    if (!server_) GTEST_SKIP() << "no test certificates";
  }

  // Syncs app.t as `user` with `params`; returns "" on success, else stderr.
  static std::string Sync(const std::string& user, const std::string& password,
                          const std::string& params) {
    MysqlProject p(*server_, user, password);
    p.Write(SyncNode("t", "table: t", "t_copy"), p.Url(params));
    ProcessResult r = p.Run({"run", "--date", "20240101"});
    if (r.status != 0) return r.err.empty() ? "failed without a message" : r.err;
    EXPECT_EQ(p.Scalar("select count(*) from t_copy"), "2");
    return "";
  }
  static std::string Path(const char* file) { return (certs_->path() / file).string(); }

  static TempDir* certs_;
  static MariadbServer* server_;
};
TempDir* MysqlTls::certs_ = nullptr;
MariadbServer* MysqlTls::server_ = nullptr;

TEST_F(MysqlTls, ModesReachTheConnection) {
  EXPECT_EQ(Sync("tls", "tls-pw", "?ssl-mode=REQUIRED"), "");
  EXPECT_EQ(Sync("tls", "tls-pw", "?ssl-mode=VERIFY_IDENTITY&ssl-ca=" + Path("ca.pem")), "");
  EXPECT_EQ(Sync("tls", "tls-pw", "?ssl-mode=VERIFY_CA&ssl-ca=" + Path("ca.pem")), "");
  std::string err = Sync("tls", "tls-pw", "?ssl-mode=DISABLED");
  EXPECT_NE(err.find("cannot connect as 'tls': Access denied for user 'tls'"), std::string::npos)
      << err;
  EXPECT_EQ(err.find("tls-pw"), std::string::npos) << err;
  err = Sync("tls", "tls-pw", "?ssl-mode=VERIFY_CA&ssl-ca=" + Path("other-ca.pem"));
  EXPECT_NE(err.find("mysql connection 'my' (127.0.0.1:" + std::to_string(server_->port()) +
                     "): cannot connect as 'tls': "),
            std::string::npos)
      << err;
  EXPECT_NE(err.find("certificate"), std::string::npos) << err;
}

TEST_F(MysqlTls, ClientCertificates) {
  EXPECT_EQ(Sync("x509", "x509-pw",
                 "?ssl-mode=VERIFY_IDENTITY&ssl-ca=" + Path("ca.pem") +
                     "&ssl-cert=" + Path("client.pem") + "&ssl-key=" + Path("client-key.pem")),
            "");
  std::string err = Sync("x509", "x509-pw", "?ssl-mode=REQUIRED");
  EXPECT_NE(err.find("Access denied for user 'x509'"), std::string::npos) << err;
}

}  // namespace
}  // namespace strata::test
