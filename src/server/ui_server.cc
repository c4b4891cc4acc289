#include "server/ui_server.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/sqlite/sqlite_db.h"
#include "schedule/check_results.h"
#include "schedule/operations_store.h"
#include "schedule/state_store.h"
#include "server/access_guard.h"
#include "server/action_service.h"
#include "server/catalog_queries.h"
#include "server/state_queries.h"
#include "server/web_assets.h"

namespace strata {
namespace {

using json = nlohmann::json;
using httplib::Request;
using httplib::Response;

constexpr int64_t kMaxGridDays = 366;
constexpr int kEventPollMs = 250;
constexpr int kKeepAliveSeconds = 15;
constexpr size_t kThreads = 32;

void Reply(Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// Runs `fn` and turns what it throws into a JSON error with a status code:
// the page and scripts see a 4xx with a sentence, never a dropped connection.
template <typename F>
void Answer(Response& res, F&& fn) {
  try {
    Reply(res, 200, fn());
  } catch (const ActionError& e) {
    Reply(res, e.status, {{"error", e.what()}});
  } catch (const json::exception& e) {
    Reply(res, 400, {{"error", std::string("bad request body: ") + e.what()}});
  } catch (const Error& e) {
    Reply(res, 400, {{"error", e.what()}});
  } catch (const std::exception& e) {
    Reply(res, 500, {{"error", e.what()}});
  }
}

std::string Param(const Request& req, const char* name, const std::string& fallback) {
  return req.has_param(name) ? req.get_param_value(name) : fallback;
}

int IntParam(const Request& req, const char* name, int fallback, int lo, int hi) {
  if (!req.has_param(name)) return fallback;
  std::string v = req.get_param_value(name);
  try {
    size_t used = 0;
    int n = std::stoi(v, &used);
    if (used == v.size() && n >= lo && n <= hi) return n;
  } catch (const std::exception&) {
  }
  throw ActionError(400, std::string(name) + " '" + v + "' is not a number in " +
                             std::to_string(lo) + ".." + std::to_string(hi));
}

// Who asked, for the operations journal: X-Strata-User when it is a plain
// name, and the client's address.
// (No std::regex here: GCC 12 under ASan warns inside libstdc++'s regex.)
bool OnlyOf(const std::string& text, std::string_view extra) {
  return std::all_of(text.begin(), text.end(), [&](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || extra.find(c) != std::string_view::npos;
  });
}

std::string Who(const Request& req) {
  std::string user = req.get_header_value("X-Strata-User");
  bool plain = !user.empty() && user.size() <= 64 && OnlyOf(user, "_.@-");
  return (plain ? user : "ui") + "@" + req.remote_addr;
}

json Body(const Request& req) {
  json body = req.body.empty() ? json::object() : json::parse(req.body);
  if (!body.is_object()) throw ActionError(400, "the request body must be a JSON object");
  return body;
}

int64_t IdFrom(const Request& req) {
  try {
    return std::stoll(req.matches[1].str());
  } catch (const std::exception&) {
    throw ActionError(400, "instance id '" + req.matches[1].str() + "' is not a number");
  }
}

// The grid's dates, filters and page from the request; 400 for bad ones.
GridQuery GridQueryOf(const Request& req) {
  GridQuery q;
  q.to = RequireDate("to", Param(req, "to", CurrentBizdate().FormatYmd()));
  q.from =
      RequireDate("from", Param(req, "from", CivilTime::ParseYmd(q.to)->AddDays(-13).FormatYmd()));
  int64_t days = CivilTime::ParseYmd(q.to)->ToDays() - CivilTime::ParseYmd(q.from)->ToDays() + 1;
  if (days < 1 || days > kMaxGridDays)
    throw ActionError(400, "the grid shows 1.." + std::to_string(kMaxGridDays) +
                               " dates at once, not " + std::to_string(days));
  q.node_filter = Param(req, "node", "");
  q.state = Param(req, "state", "");
  const auto& names = ShownStateNames();
  if (!q.state.empty() && std::find(names.begin(), names.end(), q.state) == names.end()) {
    std::string all;
    for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
    throw ActionError(400, "state '" + q.state + "' is not one of " + all);
  }
  q.offset = IntParam(req, "offset", 0, 0, 1000000);
  q.limit = IntParam(req, "limit", 100, 1, 1000);
  return q;
}

}  // namespace

// HOST:PORT or [IPV6]:PORT; HOST of letters, digits, '.' and '-'.
std::pair<std::string, int> ParseHttpAddress(const std::string& text) {
  size_t colon = text.rfind(':');
  std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
  std::string port = colon == std::string::npos ? "" : text.substr(colon + 1);
  bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  bool host_ok = !host.empty() && (bracketed ? OnlyOf(host, ":.") : OnlyOf(host, ".-"));
  bool port_ok = !port.empty() && port.size() <= 5 &&
                 std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!host_ok || !port_ok || std::stoi(port) > 65535)
    throw Error("--http '" + text + "' is not an address like 127.0.0.1:8080");
  return {host, std::stoi(port)};
}

UiServer::UiServer(const Project& project, UiServerOptions options)
    : project_(project),
      options_(std::move(options)),
      guard_(std::make_unique<AccessGuard>(options_.host, options_.token)),
      actions_(std::make_unique<ActionService>(project, options_.scheduler_in_process)),
      http_(std::make_unique<httplib::Server>()) {
  // The page reads the state database read-only; make sure its tables exist.
  StateStore(project.root / ".strata" / "state.db");
  OperationsStore(project.root / ".strata" / "state.db");
  CheckResultStore(project.root / ".strata" / "state.db");
  // Each open page holds a thread with its event stream; leave room for many.
  http_->new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  Routes();
}

UiServer::~UiServer() {
  Stop();
}

void UiServer::Start() {
  const std::string& host = options_.listen_host.empty() ? options_.host : options_.listen_host;
  port_ = options_.port == 0 ? http_->bind_to_any_port(host)
                             : (http_->bind_to_port(host, options_.port) ? options_.port : -1);
  if (port_ <= 0)
    throw Error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                " (in use, or not an address of this machine)");
  thread_ = std::thread([this] { http_->listen_after_bind(); });
}

void UiServer::Stop() {
  stopping_.store(true);
  if (thread_.joinable()) {
    http_->stop();
    thread_.join();
  }
}

void UiServer::Routes() {
  ReadRoutes();
  ActionRoutes();
  EventRoute();
  AssetRoutes();
}

void UiServer::ReadRoutes() {
  auto read = [this](const char* pattern, auto fn) {
    http_->Get(pattern, [this, fn](const Request& req, Response& res) {
      if (auto denied = guard_->Check(req, false))
        return Reply(res, denied->status, {{"error", denied->message}});
      Answer(res, [&] { return fn(req); });
    });
  };
  auto date = [](const Request& req) {
    return RequireDate("date", Param(req, "date", CurrentBizdate().FormatYmd()));
  };
  read("/api/overview", [this, date](const Request& req) {
    return StateQueries(project_).Overview(date(req), IntParam(req, "days", 7, 1, 366));
  });
  read("/api/captures", [this](const Request&) { return StateQueries(project_).Captures(); });
  read("/api/dag",
       [this, date](const Request& req) { return StateQueries(project_).Dag(date(req)); });
  read("/api/grid",
       [this](const Request& req) { return StateQueries(project_).Grid(GridQueryOf(req)); });
  read(R"(/api/instances/(\d+))", [this](const Request& req) {
    auto out = StateQueries(project_).Instance(IdFrom(req));
    if (!out) throw ActionError(404, "no instance " + req.matches[1].str());
    return *out;
  });
  read("/api/operations", [this](const Request& req) {
    return StateQueries(project_).Operations(IntParam(req, "limit", 50, 1, 1000));
  });
  read("/api/tables", [this](const Request&) { return CatalogQueries(project_).Tables(); });
  read(R"(/api/tables/([A-Za-z0-9_]+))",
       [this](const Request& req) { return CatalogQueries(project_).Table(req.matches[1]); });
  read(R"(/api/tables/([A-Za-z0-9_]+)/preview)", [this](const Request& req) {
    return CatalogQueries(project_).Preview(req.matches[1], Param(req, "spec", ""),
                                            IntParam(req, "limit", 20, 1, 200));
  });
}

void UiServer::ActionRoutes() {
  auto act = [this](const char* pattern, auto fn) {
    http_->Post(pattern, [this, fn](const Request& req, Response& res) {
      if (auto denied = guard_->Check(req, true))
        return Reply(res, denied->status, {{"error", denied->message}});
      Answer(res, [&] { return fn(req); });
    });
  };
  auto run = [this](const Request& req, bool range) {
    json b = Body(req);
    RunRequest r;
    r.node = b.at("node").get<std::string>();
    r.from = range ? b.at("from").get<std::string>() : b.at("date").get<std::string>();
    r.to = range ? b.at("to").get<std::string>() : r.from;
    r.descendants = b.value("descendants", false);
    r.forward = b.value("forward", false);
    r.parallel = b.value("parallel", 1);
    return json{{"instances", actions_->Run(r, Who(req))}};
  };
  act("/api/actions/run", [run](const Request& req) { return run(req, false); });
  act("/api/actions/rerun", [run](const Request& req) { return run(req, false); });
  act("/api/actions/backfill", [run](const Request& req) { return run(req, true); });
  act(R"(/api/instances/(\d+)/set-success)", [this](const Request& req) {
    actions_->SetSuccess(IdFrom(req), Who(req));
    return json{{"ok", true}};
  });
  act(R"(/api/instances/(\d+)/stop)", [this](const Request& req) {
    bool done = actions_->Stop(IdFrom(req), Who(req));
    return json{{"ok", true}, {"state", done ? "failed" : "stopping"}};
  });
  act(R"(/api/nodes/([^/]+)/pause)", [this](const Request& req) {
    actions_->Pause(req.matches[1], Who(req));
    return json{{"ok", true}};
  });
  act(R"(/api/nodes/([^/]+)/resume)", [this](const Request& req) {
    actions_->Resume(req.matches[1], Who(req));
    return json{{"ok", true}};
  });
}

// Server-sent events: "change" whenever another connection committed to the
// state database (SQLite's data_version), a comment every few seconds to
// keep proxies from closing the stream.
void UiServer::EventRoute() {
  http_->Get("/api/events", [this](const Request& req, Response& res) {
    if (auto denied = guard_->Check(req, false))
      return Reply(res, denied->status, {{"error", denied->message}});
    auto db = std::make_shared<SqliteDb>(project_.root / ".strata" / "state.db",
                                         SqliteDb::Mode::kReadOnly);
    auto last = std::make_shared<int64_t>(-1);
    res.set_header("Cache-Control", "no-store");
    res.set_chunked_content_provider(
        "text/event-stream", [this, db, last](size_t, httplib::DataSink& sink) {
          auto version = [&] {
            SqliteStatement s(*db, "PRAGMA data_version");
            s.Step();
            return s.Int(0);
          };
          if (*last < 0) {
            *last = version();
            std::string hello = "retry: 1000\nevent: hello\ndata: {}\n\n";
            return sink.write(hello.data(), hello.size());
          }
          for (int waited = 0; waited < kKeepAliveSeconds * 1000; waited += kEventPollMs) {
            if (stopping_.load()) {
              sink.done();
              return false;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(kEventPollMs));
            if (int64_t v = version(); v != *last) {
              *last = v;
              std::string event = "event: change\ndata: " + std::to_string(v) + "\n\n";
              return sink.write(event.data(), event.size());
            }
          }
          std::string ping = ": keepalive\n\n";
          return sink.write(ping.data(), ping.size());
        });
  });
}

void UiServer::AssetRoutes() {
  for (const WebAsset& a : WebAssets()) {
    auto serve = [a](const Request&, Response& res) {
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; style-src 'self' 'unsafe-inline'");
      res.set_content(std::string(a.data), std::string(a.content_type));
    };
    http_->Get(std::string(a.path), serve);
    if (a.path == "/index.html") http_->Get("/", serve);
  }
}

}  // namespace strata
