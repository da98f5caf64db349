// The embedded telemetry file shared by SqliteTimeseriesStore and SqliteAttributeStore: one
// writer (thread + connection, group commit), a pool of read connections, the dictionaries.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"
#include "storage/group_commit_writer.h"
#include "storage/newest_points.h"
#include "storage/telemetry_rules.h"
#include "storage/timeseries_store.h"

namespace pacificsoft::storage::sqlite {

class SqliteDb;
class TelemetryDict;
class WalCheckpointer;

using TelemetryDbOptions = TelemetryWriteOptions;

class TelemetryDb;

// A read connection borrowed from the pool, returned when the lease ends. One thread at a time.
class ReadLease {
 public:
  ReadLease(TelemetryDb* owner, std::unique_ptr<SqliteDb> db);
  ReadLease(ReadLease&& other) noexcept = default;
  ReadLease& operator=(ReadLease&&) = delete;
  ~ReadLease();
  SqliteDb& db() { return *db_; }

 private:
  TelemetryDb* owner_;
  std::unique_ptr<SqliteDb> db_;
};

// Thread-safe. Owned through shared_ptr by the stores that use it; destroying the last owner
// commits every queued write (calling its done) and joins the writer thread.
class TelemetryDb {
 public:
  using Work = std::function<Status(SqliteDb& db)>;

  // Opens or creates the file (WAL, synchronous=FULL) and brings its schema ("telemetry" in
  // schema_version) to this binary's version.
  static Result<std::shared_ptr<TelemetryDb>> open(const std::string& path,
                                                   TelemetryDbOptions options = {});
  ~TelemetryDb();
  TelemetryDb(const TelemetryDb&) = delete;
  TelemetryDb& operator=(const TelemetryDb&) = delete;

  // Group-committed write; see GroupCommitWriter::submit.
  void submit(Work work, std::size_t points, WriteDone done);
  // A write whose commit the caller waits for; see GroupCommitWriter::run.
  Status run(Work work);
  // A read connection (pooled, opened on demand).
  Result<ReadLease> read();

  TelemetryDict& dict() { return *dict_; }
  // Writer jobs only: latest values written at the transaction's end.
  NewestPoints& latest() { return *latest_; }
  const TelemetryDbOptions& options() const { return options_; }

 private:
  friend class ReadLease;
  TelemetryDb(std::string path, TelemetryDbOptions options);
  void release(std::unique_ptr<SqliteDb> db);

  const std::string path_;
  const TelemetryDbOptions options_;
  std::unique_ptr<TelemetryDict> dict_;   // outlives the writer, whose jobs use it
  std::unique_ptr<NewestPoints> latest_;  // likewise
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<SqliteDb>> idle_readers_;  // guarded by pool_mutex_
  std::unique_ptr<WalCheckpointer> checkpointer_;        // outlives the writer's connection
  std::unique_ptr<GroupCommitWriter<SqliteDb>> writer_;  // destroyed first: drains the queue
};

}  // namespace pacificsoft::storage::sqlite
