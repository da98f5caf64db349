// Opening the telemetry file: schema migration, the writer, the read-connection pool.
#include "storage/sqlite/telemetry_db.h"

#include <string_view>

#include "storage/sqlite/internal/latest_buffer.h"
#include "storage/sqlite/internal/telemetry_dict.h"
#include "storage/sqlite/internal/wal_checkpointer.h"
#include "storage/sqlite/sqlite_db.h"

namespace pacificsoft::storage::sqlite {
namespace {

constexpr std::size_t kMaxIdleReaders = 4;

// Append-only: a released step is never edited (docs/formats/timeseries_store.md).
const std::vector<std::string_view>& schema_steps() {
  static const std::vector<std::string_view> kSteps = {
      R"sql(
CREATE TABLE ts_key (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);
CREATE TABLE ts_entity (id INTEGER PRIMARY KEY, type TEXT NOT NULL, uuid BLOB NOT NULL,
                        UNIQUE (uuid, type));
CREATE TABLE ts_kv (entity_id INTEGER NOT NULL, key_id INTEGER NOT NULL, ts INTEGER NOT NULL,
                    type INTEGER NOT NULL, v, expiry INTEGER,
                    PRIMARY KEY (entity_id, key_id, ts)) WITHOUT ROWID;
CREATE INDEX ts_kv_expiry ON ts_kv (expiry) WHERE expiry IS NOT NULL;
CREATE TABLE ts_kv_latest (entity_id INTEGER NOT NULL, key_id INTEGER NOT NULL,
                           ts INTEGER NOT NULL, type INTEGER NOT NULL, v,
                           PRIMARY KEY (entity_id, key_id)) WITHOUT ROWID;
CREATE TABLE attribute_kv (entity_id INTEGER NOT NULL, scope INTEGER NOT NULL,
                           key_id INTEGER NOT NULL, type INTEGER NOT NULL, v,
                           last_update_ts INTEGER NOT NULL,
                           PRIMARY KEY (entity_id, scope, key_id)) WITHOUT ROWID;
)sql",
  };
  return kSteps;
}

// BEGIN IMMEDIATE ... COMMIT on the write connection; the latest values go in last.
class SqliteTransactions final : public WriterTransactions<SqliteDb> {
 public:
  SqliteTransactions(std::unique_ptr<SqliteDb> db, TelemetryDict& dict, NewestPoints& latest,
                     WalCheckpointer& checkpointer)
      : db_(std::move(db)), dict_(dict), latest_(latest), checkpointer_(checkpointer) {}

  Result<SqliteDb*> begin() override {
    checkpointer_.wait_idle();
    PS_RETURN_IF_ERROR(db_->exec("BEGIN IMMEDIATE"));
    return db_.get();
  }
  Status commit(SqliteDb& db) override {
    PS_RETURN_IF_ERROR(flush_latest(latest_, db));
    return db.exec("COMMIT");
  }
  // After a failed BEGIN this answers "no transaction"; after a failed COMMIT it ends it.
  void rollback(SqliteDb* /*db*/) override { (void)db_->exec("ROLLBACK"); }
  void end(bool committed) override {
    dict_.end_transaction(committed);
    latest_.clear();
  }

 private:
  std::unique_ptr<SqliteDb> db_;
  TelemetryDict& dict_;
  NewestPoints& latest_;
  WalCheckpointer& checkpointer_;
};

}  // namespace

ReadLease::ReadLease(TelemetryDb* owner, std::unique_ptr<SqliteDb> db)
    : owner_(owner), db_(std::move(db)) {}

ReadLease::~ReadLease() {
  if (db_) owner_->release(std::move(db_));
}

Result<std::shared_ptr<TelemetryDb>> TelemetryDb::open(const std::string& path,
                                                       TelemetryDbOptions options) {
  auto db = SqliteDb::open(path, "FULL");
  if (!db) return db.status();
  // A big page cache keeps the upper levels of the growing ts_kv tree in memory for inserts.
  PS_RETURN_IF_ERROR((*db)->exec("PRAGMA cache_size=-65536"));
  // A multi-row INSERT inside the batch's transaction keeps a statement journal (the pages it
  // changes, to undo that statement alone); in a temporary file it was most of the disk writes
  // under load. It holds the few pages of one statement, so memory is the place for it.
  PS_RETURN_IF_ERROR((*db)->exec("PRAGMA temp_store=MEMORY"));
  PS_RETURN_IF_ERROR(migrate(**db, "telemetry", schema_steps()));
  std::shared_ptr<TelemetryDb> telemetry(new TelemetryDb(path, options));
  auto checkpointer = WalCheckpointer::open(path);
  if (!checkpointer) return checkpointer.status();
  telemetry->checkpointer_ = std::move(*checkpointer);
  telemetry->checkpointer_->watch(**db);
  telemetry->writer_ = std::make_unique<GroupCommitWriter<SqliteDb>>(
      std::make_unique<SqliteTransactions>(std::move(*db), *telemetry->dict_, *telemetry->latest_,
                                           *telemetry->checkpointer_),
      options);
  return telemetry;
}

TelemetryDb::TelemetryDb(std::string path, TelemetryDbOptions options)
    : path_(std::move(path)),
      options_(options),
      dict_(std::make_unique<TelemetryDict>()),
      latest_(std::make_unique<NewestPoints>()) {}

TelemetryDb::~TelemetryDb() { writer_.reset(); }

void TelemetryDb::submit(Work work, std::size_t points, WriteDone done) {
  writer_->submit(std::move(work), points, std::move(done));
}

Status TelemetryDb::run(Work work) { return writer_->run(std::move(work)); }

Result<ReadLease> TelemetryDb::read() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!idle_readers_.empty()) {
      auto db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(this, std::move(db));
    }
  }
  auto db = SqliteDb::open(path_, "FULL");
  if (!db) return db.status();
  PS_RETURN_IF_ERROR((*db)->exec("PRAGMA query_only=1; PRAGMA cache_size=-16384"));
  return ReadLease(this, std::move(*db));
}

void TelemetryDb::release(std::unique_ptr<SqliteDb> db) {
  std::lock_guard lock(pool_mutex_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(db));
}

}  // namespace pacificsoft::storage::sqlite
