#include "source/mysql/mysql_url.h"

#include <cctype>
#include <charconv>

#include "core/error.h"

namespace strata {
namespace {

class UrlError {
 public:
  explicit UrlError(std::string_view connection) : prefix_("connection '") {
    prefix_ += connection;
    prefix_ += "': mysql URL ";
  }
  [[noreturn]] void Fail(const std::string& problem) const { throw Error(prefix_ + problem); }

 private:
  std::string prefix_;
};

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// %XX-decodes `s`; `what` names the part in the error.
std::string Decode(std::string_view s, const char* what, const UrlError& err) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    int hi = i + 2 < s.size() ? HexDigit(s[i + 1]) : -1;
    int lo = i + 2 < s.size() ? HexDigit(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) err.Fail(std::string("has a bad %-escape in the ") + what);
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

unsigned ParseUnsigned(std::string_view s, unsigned min, unsigned max, const std::string& what,
                       const UrlError& err) {
  unsigned v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < min || v > max)
    err.Fail("has a bad " + what + " '" + std::string(s) + "' (expected " + std::to_string(min) +
             ".." + std::to_string(max) + ")");
  return v;
}

MysqlSslMode ParseSslMode(const std::string& v, const UrlError& err) {
  std::string up;
  for (char c : v) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (up == "DISABLED") return MysqlSslMode::kDisabled;
  if (up == "PREFERRED") return MysqlSslMode::kPreferred;
  if (up == "REQUIRED") return MysqlSslMode::kRequired;
  if (up == "VERIFY_CA") return MysqlSslMode::kVerifyCa;
  if (up == "VERIFY_IDENTITY") return MysqlSslMode::kVerifyIdentity;
  err.Fail("has an unknown ssl-mode '" + v +
           "' (expected DISABLED, PREFERRED, REQUIRED, VERIFY_CA or VERIFY_IDENTITY)");
}

void ApplyParam(MysqlUrl& out, std::string_view pair, const UrlError& err) {
  size_t eq = pair.find('=');
  std::string key = Decode(pair.substr(0, eq), "parameters", err);
  if (eq == std::string_view::npos) err.Fail("parameter '" + key + "' has no value");
  std::string value = Decode(pair.substr(eq + 1), "parameters", err);
  if (key == "ssl-mode" || key == "sslmode") {
    out.ssl_mode = ParseSslMode(value, err);
  } else if (key == "ssl-ca") {
    out.ssl_ca = value;
  } else if (key == "ssl-cert") {
    out.ssl_cert = value;
  } else if (key == "ssl-key") {
    out.ssl_key = value;
  } else if (key == "connect-timeout") {
    out.connect_timeout_seconds = ParseUnsigned(value, 1, 3600, "connect-timeout", err);
  } else if (key == "snapshot-lock-timeout") {
    out.snapshot_lock_timeout_seconds = ParseUnsigned(value, 0, 3600, "snapshot-lock-timeout", err);
  } else if (key == "password") {
    err.Fail("must not hold a password (use password_env or password_file)");
  } else {
    err.Fail("has an unknown parameter '" + key +
             "' (known: ssl-mode, ssl-ca, ssl-cert, ssl-key, connect-timeout, "
             "snapshot-lock-timeout)");
  }
}

// "host", "host:port", "[v6]", "[v6]:port".
void ParseHostPort(std::string_view hp, MysqlUrl& out, const UrlError& err) {
  std::string_view port;
  bool has_port = false;
  if (!hp.empty() && hp[0] == '[') {
    size_t close = hp.find(']');
    if (close == std::string_view::npos) err.Fail("has an unclosed '[' in the host");
    out.host = std::string(hp.substr(1, close - 1));
    std::string_view rest = hp.substr(close + 1);
    if (!rest.empty() && rest[0] != ':') err.Fail("has text after the host's ']'");
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
  } else {
    size_t colon = hp.rfind(':');
    out.host = std::string(hp.substr(0, colon));
    has_port = colon != std::string_view::npos;
    if (has_port) port = hp.substr(colon + 1);
  }
  if (out.host.empty()) err.Fail("has no host (expected mysql://user@host[:port]/database)");
  if (has_port) out.port = ParseUnsigned(port, 1, 65535, "port", err);
}

}  // namespace

std::string MysqlUrl::Endpoint() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

MysqlUrl ParseMysqlUrl(std::string_view url, std::string_view connection_name) {
  UrlError err(connection_name);
  size_t scheme_end = url.find("://");
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme_end == std::string_view::npos || (scheme != "mysql" && scheme != "mariadb"))
    err.Fail("must start with mysql:// or mariadb://");
  std::string_view rest = url.substr(scheme_end + 3);
  size_t q = rest.find('?');
  std::string_view params = q == std::string_view::npos ? std::string_view() : rest.substr(q + 1);
  rest = rest.substr(0, q);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  MysqlUrl out;
  if (slash != std::string_view::npos)
    out.database = Decode(rest.substr(slash + 1), "database", err);
  if (out.database.find('/') != std::string::npos) err.Fail("has a '/' in the database name");
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) err.Fail("has no user (expected mysql://user@host/database)");
  std::string_view userinfo = authority.substr(0, at);
  if (userinfo.find(':') != std::string_view::npos)
    err.Fail("must not hold a password (use password_env or password_file)");
  out.user = Decode(userinfo, "user", err);
  if (out.user.empty()) err.Fail("has an empty user");
  ParseHostPort(authority.substr(at + 1), out, err);
  while (!params.empty()) {
    size_t amp = params.find('&');
    if (amp != 0) ApplyParam(out, params.substr(0, amp), err);
    params = amp == std::string_view::npos ? std::string_view() : params.substr(amp + 1);
  }
  bool has_files = !out.ssl_ca.empty() || !out.ssl_cert.empty() || !out.ssl_key.empty();
  if (out.ssl_mode == MysqlSslMode::kDisabled && has_files)
    err.Fail("has ssl-mode=DISABLED together with ssl-ca/ssl-cert/ssl-key");
  if (out.ssl_cert.empty() != out.ssl_key.empty()) err.Fail("needs ssl-cert and ssl-key together");
  return out;
}

}  // namespace strata
