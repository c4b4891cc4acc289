#pragma once
// An attempt's log as it is written. Every complete line goes to the end of
// the instance's log file at once, so `strata log -f` sees it while the
// attempt runs and an attempt killed halfway keeps what it did; with an
// `echo`, the line goes there too (run prints the log as it goes). Use it as
// the buffer of a std::ostream; one thread at a time.

#include <filesystem>
#include <functional>
#include <streambuf>
#include <string>

namespace strata {

class InstanceLog : public std::streambuf {
 public:
  using Echo = std::function<void(const std::string& line)>;
  InstanceLog(std::filesystem::path file, Echo echo);
  ~InstanceLog() override;  // writes a last line that lacks its '\n'
  InstanceLog(const InstanceLog&) = delete;
  InstanceLog& operator=(const InstanceLog&) = delete;

  // Writes `line` (ending in '\n') to the file but not to the echo: for what
  // the caller reports another way (the cause of a failure).
  void FileOnly(const std::string& line);

 protected:
  int_type overflow(int_type c) override;

 private:
  void Emit();

  std::filesystem::path file_;
  Echo echo_;
  std::string line_;
};

}  // namespace strata
