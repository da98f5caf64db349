// The PostgreSQL telemetry tables shared by PostgresTimeseriesStore and PostgresAttributeStore:
// one writer (thread + connection, group commit), a pool of read connections, the dictionaries.
// Format: docs/formats/timeseries_store_postgres.md.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/status.h"
#include "storage/group_commit_writer.h"
#include "storage/telemetry_rules.h"

namespace pacificsoft::storage::postgres {

class PgConnection;
class PgDictWriter;
class PgLease;
class PgPool;
class PgTelemetryDict;
class PgTsBatch;

struct PgTelemetryOptions {
  std::string url;    // libpq URI or key=value string
  int pool_size = 4;  // read connections open at most (> 0); the writer has its own
  TelemetryWriteOptions write;
  // Monthly ts_kv partitions that ended more than this many days ago are dropped by
  // remove_expired(); 0 keeps every month.
  std::int64_t retention_days = 0;
};

// Thread-safe. Owned through shared_ptr by the stores that use it; destroying the last owner
// commits every queued write (calling its done) and joins the writer thread.
class PgTelemetryDb {
 public:
  using Work = std::function<Status(PgConnection& conn)>;

  // Connects and creates or upgrades the schema ("telemetry" in schema_version). Unavailable
  // when the server cannot be reached.
  static Result<std::shared_ptr<PgTelemetryDb>> open(const PgTelemetryOptions& options);
  ~PgTelemetryDb();
  PgTelemetryDb(const PgTelemetryDb&) = delete;
  PgTelemetryDb& operator=(const PgTelemetryDb&) = delete;

  // Group-committed write; see GroupCommitWriter::submit.
  void submit(Work work, std::size_t points, WriteDone done);
  // A write whose commit the caller waits for; see GroupCommitWriter::run.
  Status run(Work work);
  // A read connection from the pool.
  Result<PgLease> read();

  PgTelemetryDict& dict() { return *dict_; }
  // Writer jobs only: the dictionaries inside the transaction (new rows go in with it).
  PgDictWriter& dict_writer() { return *dict_writer_; }
  // Writer jobs only: the transaction's buffered points and latest values.
  PgTsBatch& batch() { return *batch_; }
  const PgTelemetryOptions& options() const { return options_; }

 private:
  explicit PgTelemetryDb(PgTelemetryOptions options);

  const PgTelemetryOptions options_;
  std::unique_ptr<PgPool> pool_;
  std::unique_ptr<PgTelemetryDict> dict_;      // outlives the writer, whose jobs use it
  std::unique_ptr<PgDictWriter> dict_writer_;  // likewise
  std::unique_ptr<PgTsBatch> batch_;           // likewise
  std::unique_ptr<GroupCommitWriter<PgConnection>> writer_;  // destroyed first: drains the queue
};

}  // namespace pacificsoft::storage::postgres
