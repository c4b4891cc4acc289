#pragma once
// CaptureService is `strata serve`'s continuous change capture: on a thread
// of its own, in rounds `capture_interval` apart (from one round's end to
// the next's start), it stores what the source's log holds for every
// `capture: log` node that is not paused (in strata.yaml or by an
// operator), one SpoolContinuously per node: one atomic commit of the
// changes and their position, skipped while the node's run holds its
// capture lock and for a node whose first run has not taken the snapshot.
// The daily run then only seals its date. A failure is printed once per
// distinct message (again when it changes, and a note when it clears) and
// retried next round; it never stops serve. Stop() (serve's SIGTERM) lets
// the current spool finish, so the stored position is the last commit; a
// process killed mid-spool stored nothing of that read, and the next serve
// resumes at the stored position. After each read it notes when the read
// started in the state database (RecordCaptureRead: status's seconds
// behind). With rounds at most 10 s apart it keeps each node's stream open
// between rounds, with its source table's description (a PostgreSQL
// walsender then keeps its place instead of decoding the WAL again from
// the slot's restart point every round), and closes it in the round that
// finds the node's run holding its lock. The thread opens its own Warehouse
// and state database. Start/Stop from one thread.

#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "schedule/project.h"
#include "sync/capture/continuous_spool.h"

namespace strata {

class OperationsStore;
class StateStore;
class Warehouse;

class CaptureService {
 public:
  // `out` receives one line per stored batch and per new failure; may be null.
  CaptureService(const Project& project, std::ostream* out);
  ~CaptureService();  // Stop()
  CaptureService(const CaptureService&) = delete;
  CaptureService& operator=(const CaptureService&) = delete;

  // Starts the thread when the project has a `capture: log` node; else nothing.
  void Start();
  // Asks the thread to end after its current spool, and waits for it.
  void Stop();

 private:
  void Loop();
  void Round(OperationsStore& ops, StateStore& store);
  // One spool of `node`; the start of its read when it read the log.
  std::optional<int64_t> SpoolNode(Warehouse& wh, const Node& node);
  // Prints `message` for `node` unless it is what was printed last for it.
  void Note(const std::string& node, const std::string& message);

  const Project& project_;
  std::ostream* out_;
  std::vector<const Node*> nodes_;  // the capture: log nodes
  std::map<std::string, std::string> last_note_;
  // Each node's description and stream, kept between rounds
  // (SpoolContinuously's `kept`) when rounds are at most kKeepStreamsUpToMs
  // apart; the thread's own.
  std::map<std::string, KeptCapture> kept_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace strata
