#include "source/capture_source.h"

#include "core/error.h"
#include "source/mysql/mysql_change_stream.h"
#include "source/mysql/mysql_source.h"
#include "source/postgres/pg_capture_names.h"
#include "source/postgres/pg_change_stream.h"
#include "source/postgres/postgres_source.h"

namespace strata {
namespace {

enum class Kind { kPostgres, kMysql };

Kind KindOf(const ConnectionConfig& config) {
  const std::string& url = config.url;
  auto starts = [&](const char* p) { return url.rfind(p, 0) == 0; };
  if (starts("mysql://") || starts("mariadb://")) return Kind::kMysql;
  if (starts("postgres://") || starts("postgresql://") || url.find('=') != std::string::npos)
    return Kind::kPostgres;
  throw Error("connection '" + config.name +
              "': change data capture (capture: log) needs a PostgreSQL, MySQL or MariaDB source");
}

std::unique_ptr<PgChangeStream> PgStream(const ConnectionConfig& config, const ReadSpec& spec,
                                         const CaptureOwner& owner) {
  if (spec.table.empty()) throw Error("capture: log needs a source table, not a query");
  PgCaptureNames names = MakePgCaptureNames(owner.project, owner.node);
  return std::make_unique<PgChangeStream>(config,
                                          PgCaptureSpec{spec.table, names.slot, names.publication});
}

}  // namespace

CaptureSnapshot OpenCaptureSnapshot(const ConnectionConfig& config, const ReadSpec& spec,
                                    const CaptureOwner& owner) {
  CaptureSnapshot out;
  if (KindOf(config) == Kind::kPostgres) {
    std::shared_ptr<PgChangeStream> stream = PgStream(config, spec, owner);
    // No position was committed, so a slot of this node is a first run's
    // that failed before its commit: its snapshot is gone with it.
    stream->DropSlot();
    PgSlotSnapshot slot = stream->CreateSlot();
    out.source = std::make_unique<PostgresSource>(config, slot.snapshot_name);
    out.start = [start = slot.start] { return start; };
    out.keep = stream;
    return out;
  }
  // Checks the settings and privileges before a snapshot that would be useless without them.
  auto stream = std::make_shared<MysqlChangeStream>(config, spec);
  out.keep = stream;
  auto source = std::make_unique<MysqlSource>(config);
  MysqlSource* mysql = source.get();
  out.source = std::move(source);
  out.start = [mysql, stream = stream.get(), label = config.name] {
    auto snapshot = mysql->snapshot();
    if (!snapshot || !snapshot->binlog_position())
      throw Error("connection '" + label +
                  "': the snapshot has no binlog position (is log_bin on?)");
    return stream->WithGtid(*snapshot->binlog_position());
  };
  return out;
}

std::unique_ptr<ChangeStream> OpenChangeStream(const ConnectionConfig& config, const ReadSpec& spec,
                                               const CaptureOwner& owner) {
  if (KindOf(config) == Kind::kPostgres) return PgStream(config, spec, owner);
  if (spec.table.empty()) throw Error("capture: log needs a source table, not a query");
  return std::make_unique<MysqlChangeStream>(config, spec);
}

}  // namespace strata
