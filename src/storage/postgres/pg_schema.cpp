// Migration steps under a transaction-level advisory lock.
#include "storage/postgres/internal/pg_schema.h"

namespace pacificsoft::storage::postgres {
namespace {

// The lock is the bytes of "psschema"; the table is shared by every postgres store.
constexpr const char* kBeginMigration =
    "BEGIN; SELECT pg_advisory_xact_lock(8102947025360088417); "
    "CREATE TABLE IF NOT EXISTS schema_version (schema TEXT PRIMARY KEY, version INTEGER NOT NULL)";

// One step, or none when the schema is current. Sets `done` when nothing was left to do.
Status migrate_one(PgConnection& conn, std::string_view schema,
                   const std::vector<const char*>& steps, bool& done) {
  PgParams params;
  auto read =
      conn.exec("SELECT version FROM schema_version WHERE schema = " + params.add(schema), params);
  if (!read) return read.status();
  std::int64_t version = read->rows() == 0 ? 0 : read->integer(0, 0);
  auto known = static_cast<std::int64_t>(steps.size());
  if (version > known) {
    return invalid_argument("the PostgreSQL schema '" + std::string(schema) + "' is at version " +
                            std::to_string(version) + ", newer than this binary knows (" +
                            std::to_string(known) + "): upgrade Pacificsoft");
  }
  done = version == known;
  if (done) return Status::ok();
  PS_RETURN_IF_ERROR(conn.exec_script(steps[static_cast<std::size_t>(version)]));
  PgParams row;
  std::string sql = "INSERT INTO schema_version (schema, version) VALUES (" + row.add(schema) +
                    ", " + row.add(version + 1) +
                    ") ON CONFLICT (schema) DO UPDATE SET version = EXCLUDED.version";
  return conn.exec(sql, row).status();
}

}  // namespace

Status migrate(PgConnection& conn, std::string_view schema, const std::vector<const char*>& steps) {
  for (;;) {
    bool done = false;
    Status status = conn.exec_script(kBeginMigration);
    if (status) status = migrate_one(conn, schema, steps, done);
    if (status) status = conn.exec_script("COMMIT");
    if (!status) {
      (void)conn.exec_script("ROLLBACK");
      return status;
    }
    if (done) return Status::ok();
  }
}

}  // namespace pacificsoft::storage::postgres
