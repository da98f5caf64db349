// Opening the telemetry tables: schema migration, the writer and its transactions, the pool.
#include "storage/postgres/pg_telemetry_db.h"

#include <optional>

#include "storage/postgres/internal/pg_dict_writer.h"
#include "storage/postgres/internal/pg_schema.h"
#include "storage/postgres/internal/pg_telemetry_dict.h"
#include "storage/postgres/internal/pg_ts_batch.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_pool.h"

namespace pacificsoft::storage::postgres {
namespace {

// Append-only: a released step is never edited (docs/formats/timeseries_store_postgres.md).
const std::vector<const char*>& schema_steps() {
  static const std::vector<const char*> kSteps = {
      R"sql(
CREATE TABLE ts_key (id SERIAL PRIMARY KEY, key TEXT COLLATE "C" NOT NULL UNIQUE);
CREATE TABLE ts_entity (id SERIAL PRIMARY KEY, type TEXT COLLATE "C" NOT NULL, uuid UUID NOT NULL,
                        UNIQUE (uuid, type));
CREATE TABLE ts_kv (entity_id INTEGER NOT NULL, key_id INTEGER NOT NULL, ts BIGINT NOT NULL,
                    type SMALLINT NOT NULL, long_v BIGINT, dbl_v DOUBLE PRECISION, str_v BYTEA,
                    expiry BIGINT, PRIMARY KEY (entity_id, key_id, ts))
  PARTITION BY RANGE (ts);
CREATE INDEX ts_kv_expiry ON ts_kv (expiry) WHERE expiry IS NOT NULL;
CREATE TABLE ts_kv_before_1970 PARTITION OF ts_kv FOR VALUES FROM (MINVALUE) TO (0);
CREATE TABLE ts_kv_from_10000 PARTITION OF ts_kv FOR VALUES FROM (253402300800000) TO (MAXVALUE);
CREATE TABLE ts_kv_latest (entity_id INTEGER NOT NULL, key_id INTEGER NOT NULL,
                           ts BIGINT NOT NULL, type SMALLINT NOT NULL, long_v BIGINT,
                           dbl_v DOUBLE PRECISION, str_v BYTEA,
                           PRIMARY KEY (entity_id, key_id));
CREATE TABLE attribute_kv (entity_id INTEGER NOT NULL, scope SMALLINT NOT NULL,
                           key_id INTEGER NOT NULL, type SMALLINT NOT NULL, long_v BIGINT,
                           dbl_v DOUBLE PRECISION, str_v BYTEA, last_update_ts BIGINT NOT NULL,
                           PRIMARY KEY (entity_id, scope, key_id));
)sql",
  };
  return kSteps;
}

// BEGIN ... COMMIT on the writer's own connection (a pool of one, so a connection the server
// closed is replaced at the next batch); the buffered points and latest values go in last.
class PgTransactions final : public WriterTransactions<PgConnection> {
 public:
  PgTransactions(const std::string& url, PgDictWriter& dict, PgTsBatch& batch)
      : pool_(PgPoolOptions{url, 1}), dict_(dict), batch_(batch) {}

  Result<PgConnection*> begin() override {
    auto conn = pool_.acquire();
    if (!conn) return conn.status();
    lease_.emplace(std::move(*conn));
    PS_RETURN_IF_ERROR((*lease_)->exec_script("BEGIN"));
    return &**lease_;
  }
  Status commit(PgConnection& conn) override {
    PS_RETURN_IF_ERROR(batch_.flush(conn));
    Status status = conn.exec_script("COMMIT");
    if (!status && !conn.is_open()) {
      // Replays are idempotent, so Unavailable (retry) is right either way.
      return {ErrorCode::kUnavailable,
              status.message() + " (lost during COMMIT: the batch may or may not be stored)"};
    }
    return status;
  }
  void rollback(PgConnection* conn) override {
    // A connection the ROLLBACK cannot clean is dropped by the pool when the lease ends.
    if (conn != nullptr) (void)conn->exec_script("ROLLBACK");
  }
  void end(bool committed) override {
    batch_.end_transaction(committed);
    dict_.end_transaction(committed);
    lease_.reset();
  }

 private:
  PgPool pool_;
  std::optional<PgLease> lease_;  // the open transaction's connection
  PgDictWriter& dict_;
  PgTsBatch& batch_;
};

}  // namespace

Result<std::shared_ptr<PgTelemetryDb>> PgTelemetryDb::open(const PgTelemetryOptions& options) {
  if (options.pool_size <= 0) return invalid_argument("PostgreSQL pool size must be positive");
  std::shared_ptr<PgTelemetryDb> db(new PgTelemetryDb(options));
  {
    auto conn = db->pool_->acquire();
    if (!conn) return conn.status();
    PS_RETURN_IF_ERROR(migrate(**conn, "telemetry", schema_steps()));
  }
  db->writer_ = std::make_unique<GroupCommitWriter<PgConnection>>(
      std::make_unique<PgTransactions>(options.url, *db->dict_writer_, *db->batch_), options.write);
  return db;
}

PgTelemetryDb::PgTelemetryDb(PgTelemetryOptions options)
    : options_(std::move(options)),
      pool_(std::make_unique<PgPool>(PgPoolOptions{options_.url, options_.pool_size})),
      dict_(std::make_unique<PgTelemetryDict>()),
      dict_writer_(std::make_unique<PgDictWriter>(*dict_)),
      batch_(std::make_unique<PgTsBatch>(*dict_writer_)) {}

PgTelemetryDb::~PgTelemetryDb() { writer_.reset(); }

void PgTelemetryDb::submit(Work work, std::size_t points, WriteDone done) {
  writer_->submit(std::move(work), points, std::move(done));
}

Status PgTelemetryDb::run(Work work) { return writer_->run(std::move(work)); }

Result<PgLease> PgTelemetryDb::read() { return pool_->acquire(); }

}  // namespace pacificsoft::storage::postgres
