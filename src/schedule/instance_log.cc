#include "schedule/instance_log.h"

#include "core/private_files.h"

namespace strata {

InstanceLog::InstanceLog(std::filesystem::path file, Echo echo)
    : file_(std::move(file)), echo_(std::move(echo)) {}

InstanceLog::~InstanceLog() {
  if (line_.empty()) return;
  line_ += '\n';
  try {
    Emit();
  } catch (...) {  // a destructor must not throw; the log is best effort here
  }
}

void InstanceLog::FileOnly(const std::string& line) {
  if (!line_.empty()) overflow('\n');
  AppendPrivateFile(file_, line);
}

InstanceLog::int_type InstanceLog::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  line_ += traits_type::to_char_type(c);
  if (c == '\n') Emit();
  return c;
}

void InstanceLog::Emit() {
  AppendPrivateFile(file_, line_);
  if (echo_) echo_(line_);
  line_.clear();
}

}  // namespace strata
