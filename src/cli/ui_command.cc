// strata ui: the operations page alone (for a project whose scheduler runs
// elsewhere, or not at all); and the page's start-up shared with serve --http.

#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "core/error.h"
#include "server/ui_server.h"

namespace strata::cli {
namespace {

std::atomic<bool> g_ui_stop{false};

void OnUiSignal(int) {
  g_ui_stop.store(true);
}

// The token from --token-file (its first line) or STRATA_UI_TOKEN; "" if neither.
std::string ReadToken(const HttpOptionsCli& o) {
  if (o.token_file) {
    std::ifstream in(*o.token_file);
    std::string token;
    if (!in || !std::getline(in, token))
      throw Error("--token-file " + *o.token_file + ": cannot read a token from it");
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.size() < 16)
      throw Error("--token-file " + *o.token_file + ": the token must be at least 16 characters");
    return token;
  }
  const char* env = std::getenv("STRATA_UI_TOKEN");
  if (env && *env && std::string(env).size() < 16)
    throw Error("STRATA_UI_TOKEN must be at least 16 characters");
  return env ? env : "";
}

}  // namespace

std::unique_ptr<UiServer> StartPage(const Project& project, const HttpOptionsCli& o,
                                    bool scheduler_in_process) {
  UiServerOptions options;
  std::tie(options.host, options.port) = ParseHttpAddress(o.http.value_or("127.0.0.1:8080"));
  options.token = ReadToken(o);
  options.scheduler_in_process = scheduler_in_process;
  auto server = std::make_unique<UiServer>(project, options);
  server->Start();
  std::string host =
      options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  std::cout << "operations page on http://" << host << ":" << server->port() << "/" << std::endl;
  return server;
}

int UiCommand(const std::filesystem::path& project_dir, const HttpOptionsCli& o) {
  Project project = LoadProject(project_dir);
  struct sigaction sa {};
  sa.sa_handler = OnUiSignal;
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  auto server = StartPage(project, o, false);
  while (!g_ui_stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  server->Stop();
  return 0;
}

}  // namespace strata::cli
