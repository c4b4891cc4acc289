#pragma once
// Test support: runs the real `strata` binary (STRATA_BIN) in a scratch
// folder and captures its exit status, stdout and stderr. Each TempDir is
// removed when the test ends.

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace strata::test {

struct ProcessResult {
  int status = -1;  // exit code, or 128 + signal
  std::string out;
  std::string err;
};

// Runs strata with `args`; `env` entries are added to the environment.
ProcessResult RunStrata(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env = {});

// A strata process running in the background; its output goes to files.
struct BackgroundStrata {
  int pid = -1;
  std::filesystem::path out, err;
  // Waits for it to exit; returns what RunStrata would have.
  ProcessResult Wait();
};
// Calls `done` every 100 ms until it returns true (then true) or two
// minutes have passed (then false): a wait for what a background process
// will do, with no claim on how soon.
bool PollUntil(const std::function<bool()>& done);

// Kills (SIGKILL) and reaps, when it goes, each process it holds that has
// not been reaped yet: what a test started before an assertion failed.
struct Reaper {
  std::vector<int> pids;
  ~Reaper();
};
BackgroundStrata StartStrata(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env,
                             const std::filesystem::path& output_dir);

// `strata -C dir sql --format csv <sql>`, returning stdout; fails the test if
// the command fails.
std::string SqlCsv(const std::filesystem::path& dir, const std::string& sql);

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& file, const std::string& text);
std::string ReadFile(const std::filesystem::path& file);

}  // namespace strata::test
