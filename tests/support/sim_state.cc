#include "sim_state.h"

#include <gtest/gtest.h>

#include "csv.h"

namespace strata::test {

std::string SimLine(const std::string& op, int id, const SimRow& row) {
  std::string out = op + " " + std::to_string(id);
  for (const auto& v : row) out += " " + v;
  return out;
}

SimTable ToSimTable(const SqlRows& rows) {
  SimTable out;
  for (const auto& r : rows) {
    SimRow row;
    for (size_t i = 1; i < r.size(); ++i) row.push_back(r[i].value_or(kSimNull));
    out[std::stoi(r.at(0).value())] = row;
  }
  return out;
}

int SimDifferences(const SimTable& want, const SimTable& got, std::string* text, int limit) {
  int n = 0;
  auto note = [&](int id, const std::string& w, const std::string& g) {
    if (++n <= limit) *text += "\n  key " + std::to_string(id) + ": expected " + w + ", got " + g;
  };
  auto show = [](const SimTable& t, int id) {
    auto it = t.find(id);
    return it == t.end() ? std::string("(absent)") : SimLine("", id, it->second).substr(1);
  };
  for (const auto& [id, row] : want)
    if (!got.count(id) || got.at(id) != row) note(id, show(want, id), show(got, id));
  for (const auto& [id, row] : got)
    if (!want.count(id)) note(id, "(absent)", show(got, id));
  return n;
}

std::map<std::string, SimTable> ReadSimTables(
    SimSource& source, const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string sql;
  for (const auto& [tag, relation] : parts) {
    std::string quoted;
    for (char c : tag) quoted += c == '\'' ? std::string("''") : std::string(1, c);
    sql += (sql.empty() ? "" : " union all ") + std::string("select '") + quoted + "' as t, " +
           relation;
  }
  ProcessResult r = source.Strata({"sql", "--format", "csv", "--null-as", kSimNull, sql});
  EXPECT_EQ(r.status, 0) << r.err;
  std::map<std::string, SimTable> out;
  for (const auto& [tag, relation] : parts) out[tag];
  auto rows = ParseCsv(r.out);
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& f = rows[i];
    if (f.size() != 5) {
      ADD_FAILURE() << "unexpected line in `strata sql` output: " << f.size() << " fields";
      continue;
    }
    if (!out[f[0]].emplace(std::stoi(f[1]), SimRow{f[2], f[3], f[4]}).second)
      ADD_FAILURE() << "key " << f[1] << " twice in " << f[0];
  }
  return out;
}

int SourceWriter::Write(const WorkloadDay& day) {
  late_.clear();
  for (const auto& op : day.ops) {
    if (op.late) {
      late_.push_back(&op);
      continue;
    }
    source_.Exec(op.Sql());
    Apply(op);
  }
  open_ = !late_.empty();
  if (open_) source_.BeginLate();
  for (const AccountOp* op : late_) source_.ExecLate(op->Sql());
  return static_cast<int>(late_.size());
}

SimTable SourceWriter::RecordTruth(const std::string& where) {
  SimTable truth = ToSimTable(source_.Truth());
  std::string diff;
  EXPECT_EQ(SimDifferences(intended_, truth, &diff), 0)
      << where << ": the source is not the workload's state" << diff;
  for (const AccountOp* op : late_) Apply(*op);
  late_.clear();
  return truth;
}

void SourceWriter::CommitLate() {
  if (open_) source_.CommitLate();
  open_ = false;
}

void SourceWriter::Apply(const AccountOp& op) {
  if (op.kind == AccountOp::kDelete)
    intended_.erase(op.id);
  else
    intended_[op.id] = {op.name.value_or(kSimNull), op.balance.value_or(kSimNull), op.optime};
}

}  // namespace strata::test
