#pragma once
// CaptureService is `strata serve`'s continuous change capture: it stores
// what the source's log holds for every `capture: log` node that is not
// paused (in strata.yaml or by an operator), each node `capture_interval`
// after its previous read ended, one SpoolContinuously per read: one atomic
// commit of the changes and their position, skipped while the node's run
// holds its capture lock and for a node whose first run has not taken the
// snapshot. The daily run then only seals its date. Up to `max_parallel`
// nodes are read at once, each on a worker thread with its own Warehouse
// and state database, so a source that hangs (a frozen server never
// answers) holds up one worker, not every node. A failure is printed once
// per distinct message (again when it changes, and a note when it clears)
// and retried at the node's next turn; it never stops serve. Stop()
// (serve's SIGTERM) lets the current spools finish, so each stored
// position is the last commit; a process killed mid-spool stored nothing
// of that read, and the next serve resumes at the stored position. After
// each read it notes when the read started in the state database
// (RecordCaptureRead: status's seconds behind). With reads at most 10 s
// apart it keeps each node's stream open between reads, with its source
// table's description (a PostgreSQL walsender then keeps its place instead
// of decoding the WAL again from the slot's restart point every read), and
// closes it at the turn that finds the node's run holding its lock.
// Start/Stop from one thread.

#include <chrono>
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

  // Starts the workers when the project has a `capture: log` node; else nothing.
  void Start();
  // Asks the workers to end after their current spools, and waits for them.
  void Stop();

 private:
  // A node's place in the queue the workers take turns from.
  struct Turn {
    const Node* node;
    std::chrono::steady_clock::time_point due;
    bool busy = false;  // a worker is reading it
  };

  void Work();
  // The turn that has come, marked busy; nullptr once stopping.
  Turn* NextDue();
  // `turn`'s read ended: its next one is capture_interval from now.
  void Done(Turn& turn);
  void Visit(const Node& node, OperationsStore& ops, StateStore& store);
  // One spool of `node`; the start of its read when it read the log.
  std::optional<int64_t> SpoolNode(Warehouse& wh, const Node& node);
  // Prints `message` for `node` unless it is what was printed last for it.
  void Note(const std::string& node, const std::string& message);

  const Project& project_;
  std::ostream* out_;
  std::mutex notes_mu_;  // guards last_note_
  std::map<std::string, std::string> last_note_;
  // Each node's description and stream, kept between reads
  // (SpoolContinuously's `kept`) when they are at most kKeepStreamsUpToMs
  // apart; one entry per node from the start, used by the worker whose
  // Turn holds the node busy.
  std::map<std::string, KeptCapture> kept_;
  std::mutex mu_;  // guards turns_ and stop_
  std::condition_variable cv_;
  std::vector<Turn> turns_;  // the capture: log nodes
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace strata
