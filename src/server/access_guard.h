#pragma once
// AccessGuard decides who may use the operations page's API. Bound to a
// loopback address without a token, anyone on this machine may (as with the
// CLI); bound to any other address, or given a token, every API request must
// carry the token ("Authorization: Bearer <token>", or "?token=" for the
// event stream, to which a browser cannot add headers). Bound to another
// address without a token, construction throws: strata refuses to start. Every state-changing
// request must be a POST with the header "X-Strata-Request: 1" (a cross-site form cannot send it,
// and a cross-site script cannot without a CORS preflight, which is never answered) and, when the
// browser says where it comes from (Origin, Sec-Fetch-Site), from this same site. The token is
// compared in constant time and never echoed. Immutable after construction; thread-safe.

#include <optional>
#include <string>

namespace httplib {
struct Request;
}

namespace strata {

struct AccessDenied {
  int status = 403;  // 401 (no or wrong token) or 403 (cross-site)
  std::string message;
};

class AccessGuard {
 public:
  // Throws strata::Error when `host` is not loopback and `token` is empty.
  AccessGuard(const std::string& host, std::string token);

  static bool IsLoopback(const std::string& host);
  // Whether `request` (an API call) may proceed; `mutating` for actions.
  std::optional<AccessDenied> Check(const httplib::Request& request, bool mutating) const;

 private:
  bool TokenMatches(const std::string& given) const;
  std::string token_;
  bool token_required_;
};

}  // namespace strata
