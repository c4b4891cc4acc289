#pragma once
// Starts a database server (or its bootstrap tool) as a child of the test
// process, the way both harnesses need it: stdin from /dev/null, stdout and
// stderr appended to a log, no inherited descriptors, and a signal to the
// child should the starting thread die, so a crashed test leaves no server
// behind. Start servers from the test's main thread.

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace strata::test {

// Rows a test server returns: each field as text, NULL as nullopt.
using SqlRows = std::vector<std::vector<std::optional<std::string>>>;

struct ServerProcessSpec {
  std::vector<std::string> args;  // args[0] is the program's path
  std::filesystem::path log;
  int death_signal = 9;  // SIGKILL
  // Run as this user and group (the server refuses root), in this folder.
  std::optional<std::pair<uid_t, gid_t>> user;
  std::filesystem::path cwd;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
int FreeLoopbackPort();

// Forks and execs `spec`; returns the child's pid. Throws on fork failure;
// an exec failure shows as exit status 126/127 of the child.
pid_t SpawnServerProcess(const ServerProcessSpec& spec);

}  // namespace strata::test
