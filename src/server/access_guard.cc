#include "server/access_guard.h"

#include <arpa/inet.h>
#include <httplib.h>

#include "core/error.h"

namespace strata {

AccessGuard::AccessGuard(const std::string& host, std::string token)
    : token_(std::move(token)), token_required_(!token_.empty() || !IsLoopback(host)) {
  if (token_required_ && token_.empty())
    throw Error("--http " + host +
                " is not a loopback address: the page would be open to the network, so it "
                "needs a token (--token-file FILE or STRATA_UI_TOKEN); refusing to start");
}

// 127.0.0.0/8, ::1 and "localhost"; spellings such as 0.0.0.0 or a host
// name are not.
bool AccessGuard::IsLoopback(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

bool AccessGuard::TokenMatches(const std::string& given) const {
  // Constant time in the token's content, so timing does not reveal a prefix.
  unsigned char diff = given.size() == token_.size() ? 0 : 1;
  for (size_t i = 0; i < token_.size(); ++i)
    diff |= static_cast<unsigned char>(token_[i] ^ (i < given.size() ? given[i] : 0));
  return diff == 0;
}

std::optional<AccessDenied> AccessGuard::Check(const httplib::Request& req, bool mutating) const {
  if (token_required_) {
    std::string auth = req.get_header_value("Authorization");
    std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : "";
    if (given.empty()) given = req.get_param_value("token");
    if (given.empty())
      return AccessDenied{401, "this server needs a token (Authorization: Bearer)"};
    if (!TokenMatches(given)) return AccessDenied{401, "wrong token"};
  }
  if (!mutating) return std::nullopt;
  if (req.method != "POST") return AccessDenied{405, "actions are POST requests"};
  if (req.get_header_value("X-Strata-Request") != "1")
    return AccessDenied{403, "actions need the header X-Strata-Request: 1 (cross-site request?)"};
  std::string site = req.get_header_value("Sec-Fetch-Site");
  if (!site.empty() && site != "same-origin" && site != "none")
    return AccessDenied{403, "cross-site request refused (Sec-Fetch-Site: " + site + ")"};
  std::string origin = req.get_header_value("Origin");
  std::string host = req.get_header_value("Host");
  if (!origin.empty() && origin != "http://" + host && origin != "https://" + host)
    return AccessDenied{403, "cross-site request refused (Origin " + origin + ")"};
  return std::nullopt;
}

}  // namespace strata
