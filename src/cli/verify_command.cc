// strata verify NODE [--date D] [--limit N] [--format text|json] [--repair] [--buckets]:
// compares a sync node's source with the partition it wrote (verify/).
// Exit status: 0 equal, 1 differs, 2 error (the message names what).

#include <iostream>

#include "cli/commands.h"
#include "core/error.h"
#include "schedule/node_runner.h"
#include "schedule/project_check.h"
#include "verify/verify_output.h"
#include "verify/verify_task.h"

namespace strata::cli {
namespace {

VerifyRequest MakeRequest(const Project& project, const VerifyOptions& o) {
  const Node* node = project.FindNode(o.node);
  if (!node) throw Error("unknown node '" + o.node + "'");
  if (node->kind != NodeKind::kSync)
    throw Error("node '" + o.node + "' is a SQL node; verify compares a sync node with its source");
  if (o.limit < 0) throw UsageError("--limit must be 0 or more, not " + std::to_string(o.limit));
  CivilTime bizdate = ResolveBizdate(o.date);
  VerifyRequest req = BuildVerifyRequest(project, *node, NodeContext(*node, bizdate), bizdate);
  req.limit = o.limit;
  req.repair = o.repair;
  req.server_checksum = !o.buckets;
  return req;
}

}  // namespace

int VerifyCommand(const VerifyOptions& o) {
  try {
    Project project = LoadProject(o.project_dir);
    VerifyRequest req = MakeRequest(project, o);
    Warehouse warehouse(project.warehouse, {project.name});
    VerifyReport report = RunVerify(warehouse, req);
    if (o.format == "json")
      std::cout << VerifyJson(report).dump(2) << "\n";
    else
      std::cout << FormatVerifyText(report);
    return report.comparison.differing == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "strata: verify: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace strata::cli
