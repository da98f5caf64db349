// SQLite connection, statements and schema migrations.
#include "storage/sqlite/sqlite_db.h"

#include <array>
#include <cstring>
#include <utility>
#include <vector>

namespace pacificsoft::storage::sqlite {

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Status status_from_sqlite(int rc, std::string_view message) {
  int primary = rc & 0xFF;
  if (primary == SQLITE_CONSTRAINT) return Status(ErrorCode::kAlreadyExists, std::string(message));
  if (primary == SQLITE_BUSY || primary == SQLITE_IOERR || primary == SQLITE_FULL ||
      primary == SQLITE_LOCKED) {
    return Status(ErrorCode::kUnavailable, "sqlite: " + std::string(message));
  }
  return internal_error("sqlite: " + std::string(message));
}

Statement& Statement::check_bind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  return check_bind(sqlite3_bind_int64(stmt_, index, value));
}

Statement& Statement::bind(int index, double value) {
  return check_bind(sqlite3_bind_double(stmt_, index, value));
}

Statement& Statement::bind(int index, std::string_view text) {
  // sqlite3_bind_text64 takes the full size_t length: no silent truncation of huge strings.
  return check_bind(
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Statement& Statement::bind(int index, const Uuid& id) {
  return check_bind(sqlite3_bind_blob(stmt_, index, id.bytes().data(), 16, SQLITE_TRANSIENT));
}

Statement& Statement::bind_null(int index) { return check_bind(sqlite3_bind_null(stmt_, index)); }

Statement& Statement::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Result<bool> Statement::step() {
  if (bind_rc_ != SQLITE_OK) {
    return status_from_sqlite(bind_rc_, std::string("bind: ") + sqlite3_errstr(bind_rc_));
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return status_from_sqlite(rc, sqlite3_errmsg(sqlite3_db_handle(stmt_)));
}

Status Statement::run() {
  for (;;) {
    auto row = step();
    if (!row) return row.status();
    if (!*row) return Status::ok();
  }
}

std::int64_t Statement::column_int(int index) const { return sqlite3_column_int64(stmt_, index); }
double Statement::column_double(int index) const { return sqlite3_column_double(stmt_, index); }

std::string Statement::column_text(int index) const {
  const auto* text = sqlite3_column_text(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  return text == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(text), size);
}

Uuid Statement::column_uuid(int index) const {
  std::array<std::uint8_t, 16> bytes{};
  const void* blob = sqlite3_column_blob(stmt_, index);
  if (blob != nullptr && sqlite3_column_bytes(stmt_, index) == 16) {
    std::memcpy(bytes.data(), blob, 16);
  }
  return Uuid(bytes);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path,
                                                 std::string_view synchronous) {
  sqlite3* handle = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &handle,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<SqliteDb> db(new SqliteDb(handle));
  if (rc != SQLITE_OK) {
    return Status(ErrorCode::kUnavailable,
                  "cannot open " + path + ": " + (handle ? sqlite3_errmsg(handle) : "no memory"));
  }
  sqlite3_busy_timeout(handle, 5000);
  PS_RETURN_IF_ERROR(
      db->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=" + std::string(synchronous) + ";"));
  return db;
}

SqliteDb::~SqliteDb() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<std::unique_ptr<Statement>> SqliteDb::prepare(const std::string& sql) {
  auto found = statements_.find(sql);
  if (found != statements_.end()) return std::make_unique<Statement>(found->second);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK) {
    return error("prepare");
  }
  statements_.emplace(sql, stmt);
  return std::make_unique<Statement>(stmt);
}

Status SqliteDb::exec(const std::string& sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::ok();
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return status_from_sqlite(rc, text);
}

int SqliteDb::changes() const { return sqlite3_changes(db_); }

Status SqliteDb::error(std::string_view what) const {
  return status_from_sqlite(sqlite3_extended_errcode(db_),
                            std::string(what) + ": " + sqlite3_errmsg(db_));
}

void SqliteDb::set_wal_hook(WalHook hook) {
  wal_hook_ = std::move(hook);
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3* /*db*/, const char* /*schema*/, int pages) {
        auto* db = static_cast<SqliteDb*>(self);
        db->wal_hook_(*db, pages);
        return SQLITE_OK;
      },
      this);
}

Status SqliteDb::checkpoint() {
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) return Status::ok();
  return error("checkpoint");
}

Status migrate(SqliteDb& db, std::string_view schema_name,
               const std::vector<std::string_view>& steps) {
  PS_RETURN_IF_ERROR(db.exec(
      "CREATE TABLE IF NOT EXISTS schema_version (schema TEXT PRIMARY KEY, version INTEGER NOT "
      "NULL)"));
  auto read = db.prepare("SELECT version FROM schema_version WHERE schema = ?");
  if (!read) return read.status();
  (*read)->bind(1, schema_name);
  auto row = (*read)->step();
  if (!row) return row.status();
  std::int64_t version = *row ? (*read)->column_int(0) : 0;
  read->reset();
  if (version > static_cast<std::int64_t>(steps.size())) {
    return invalid_argument("storage schema '" + std::string(schema_name) + "' is at version " +
                            std::to_string(version) + ", newer than this binary knows (" +
                            std::to_string(steps.size()) + "): upgrade Pacificsoft");
  }
  for (auto next = static_cast<std::size_t>(version); next < steps.size(); ++next) {
    PS_RETURN_IF_ERROR(db.exec("BEGIN IMMEDIATE"));
    Status applied = db.exec(std::string(steps[next]));
    if (applied) {
      auto write = db.prepare(
          "INSERT INTO schema_version (schema, version) VALUES (?, ?) "
          "ON CONFLICT(schema) DO UPDATE SET version = excluded.version");
      applied =
          write ? (*write)->bind(1, schema_name).bind(2, static_cast<std::int64_t>(next + 1)).run()
                : write.status();
    }
    if (!applied) {
      (void)db.exec("ROLLBACK");
      return applied;
    }
    PS_RETURN_IF_ERROR(db.exec("COMMIT"));
  }
  return Status::ok();
}

}  // namespace pacificsoft::storage::sqlite
