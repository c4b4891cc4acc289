#include "capture_sim_writer.h"

#include <gtest/gtest.h>

namespace strata::test {
namespace {

// Keys inserted and deleted within one date come from here; renamed keys
// get ids from 1000000 on; the workload's own stay far below both.
constexpr int kFirstEphemeral = 2000000;
constexpr int kMaxTransaction = 20;  // statements

SimRow RowOf(const AccountOp& op) {
  return {op.name.value_or(kSimNull), op.balance.value_or(kSimNull), op.optime};
}

std::string Change(const std::string& op, int id) {
  return op + " " + std::to_string(id);
}

}  // namespace

CaptureSimWriter::CaptureSimWriter(SimSource& source, uint64_t seed)
    : source_(source), rng_(seed ^ 0xcab7u) {}

CaptureSimWriter::Statement CaptureSimWriter::Translate(const AccountOp& op, SimTable& model) {
  AccountOp now = op;
  if (op.kind == AccountOp::kInsert) {
    current_.erase(op.id);  // a re-insert takes the workload's id again
  } else if (auto it = current_.find(op.id); it != current_.end()) {
    now.id = it->second;
  }
  const char* kind = op.kind == AccountOp::kInsert   ? "I"
                     : op.kind == AccountOp::kUpdate ? "U"
                                                     : "D";
  if (op.kind == AccountOp::kDelete)
    model.erase(now.id);
  else
    model[now.id] = RowOf(op);
  return {now.Sql(), {Change(kind, now.id)}};
}

CaptureSimWriter::Statement CaptureSimWriter::Rename(SimTable& model) {
  std::vector<int> keys;
  for (const auto& [id, row] : model)
    if (id < kFirstEphemeral) keys.push_back(id);
  if (keys.empty()) return {};
  int from = keys[Below(keys.size())], to = next_fresh_++;
  int workload_id = from;
  for (const auto& [w, c] : current_)
    if (c == from) workload_id = w;
  current_[workload_id] = to;
  model[to] = model.at(from);
  model.erase(from);
  ++counts_.renames;
  return {"UPDATE accounts SET id = " + std::to_string(to) + " WHERE id = " + std::to_string(from),
          {Change("D", from), Change("I", to)}};
}

void CaptureSimWriter::Write(const WorkloadDay& day, bool hold_late) {
  std::vector<const AccountOp*> ops, late;
  for (const auto& op : day.ops) (op.late && hold_late ? late : ops).push_back(&op);
  size_t n = ops.size();
  bool ephemeral = Below(2) == 0, rename = Below(5) < 3;
  size_t at_in = Below(n + 1), at_out = at_in + Below(n + 1 - at_in), at_rename = Below(n + 1);
  AccountOp gone{AccountOp::kInsert, kFirstEphemeral + counts_.ephemeral, "ephemeral", "1.00",
                 DashedDate(day.date) + " 12:00:00.000000"};
  std::vector<Statement> now;
  for (size_t i = 0; i <= n; ++i) {
    if (ephemeral && i == at_in) now.push_back(Translate(gone, committed_));
    if (ephemeral && i == at_out) {
      gone.kind = AccountOp::kDelete;
      now.push_back(Translate(gone, committed_));
      ++counts_.ephemeral;
    }
    if (rename && i == at_rename)
      if (Statement s = Rename(committed_); !s.sql.empty()) now.push_back(std::move(s));
    if (i < n) now.push_back(Translate(*ops[i], committed_));
  }
  Commit(now);
  if (late.empty()) return;
  held_ = committed_;
  source_.BeginLate();
  open_ = true;
  for (const AccountOp* op : late) {
    Statement s = Translate(*op, held_);
    source_.ExecLate(s.sql);
    held_changes_.insert(held_changes_.end(), s.changes.begin(), s.changes.end());
  }
  held_statements_ = late.size();
  counts_.late += static_cast<int>(late.size());
}

// In random transactions: one statement alone in autocommit, or BEGIN … COMMIT.
void CaptureSimWriter::Commit(const std::vector<Statement>& statements) {
  for (size_t at = 0; at < statements.size();) {
    size_t size = std::min<size_t>(1 + Below(kMaxTransaction), statements.size() - at);
    std::string sql = size == 1 ? statements[at].sql : "BEGIN";
    if (size > 1) {
      for (size_t i = at; i < at + size; ++i) sql += "; " + statements[i].sql;
      sql += "; COMMIT";
    }
    source_.Exec(sql);
    for (size_t i = at; i < at + size; ++i)
      changes_.insert(changes_.end(), statements[i].changes.begin(), statements[i].changes.end());
    ++counts_.transactions;
    counts_.multi_row += size > 1;
    at += size;
  }
}

SimTable CaptureSimWriter::RecordTruth(const std::string& where) {
  SimTable truth = ToSimTable(source_.Truth());
  std::string diff;
  EXPECT_EQ(SimDifferences(committed_, truth, &diff), 0)
      << where << ": the source is not the state the writer committed" << diff;
  return truth;
}

void CaptureSimWriter::CommitLate() {
  if (!open_) return;
  source_.CommitLate();
  open_ = false;
  committed_ = held_;
  changes_.insert(changes_.end(), held_changes_.begin(), held_changes_.end());
  ++counts_.transactions;
  counts_.multi_row += held_statements_ > 1;
  held_changes_.clear();
}

std::vector<std::string> CaptureSimWriter::TakeCommitted() {
  std::vector<std::string> out;
  out.swap(changes_);
  return out;
}

}  // namespace strata::test
