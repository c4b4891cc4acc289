#pragma once
// UiServer is the operations page's HTTP server: the embedded single-page
// app at "/", the JSON API under "/api/", and a server-sent event stream
// ("/api/events") that says "change" within a quarter second of any commit to
// the state database, so the page updates without a reload (it falls back to
// polling when the stream breaks). It owns no state of its own: reads go to
// StateQueries and CatalogQueries, actions to ActionService, access to
// AccessGuard (constructed first: a non-loopback bind without a token throws
// before anything listens). Start() binds and serves on a thread of its own;
// Stop() (or the destructor) ends it, event streams included.

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "schedule/project.h"

namespace httplib {
class Server;
}

namespace strata {

class AccessGuard;
class ActionService;

struct UiServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port (tests)
  std::string token;
  // Where to listen when it differs from `host`, which alone decides whether
  // a token is needed (tests guard as for a network address, listen on loopback).
  std::string listen_host;
  bool scheduler_in_process = false;  // serve --http: the scheduler runs what actions plan
};

class UiServer {
 public:
  UiServer(const Project& project, UiServerOptions options);
  ~UiServer();

  // Binds (throws strata::Error naming the address when it cannot) and serves.
  void Start();
  void Stop();
  int port() const { return port_; }

 private:
  void Routes();
  void ReadRoutes();
  void ActionRoutes();
  void EventRoute();
  void AssetRoutes();

  const Project& project_;
  UiServerOptions options_;
  std::unique_ptr<AccessGuard> guard_;
  std::unique_ptr<ActionService> actions_;
  std::unique_ptr<httplib::Server> http_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  int port_ = 0;
};

// "127.0.0.1:8080" -> host and port; throws strata::Error naming the text.
std::pair<std::string, int> ParseHttpAddress(const std::string& text);

}  // namespace strata
