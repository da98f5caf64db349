// A thin RAII layer over the SQLite C API for the sqlite backends: one connection, prepared
// statements cached by their SQL text, errors turned into Status values.
// Not thread-safe: each store guards its SqliteDb with its own mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/uuid.h"

namespace pacificsoft::storage::sqlite {

// A prepared statement, reset and cleared when the Statement goes out of scope.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const Uuid& id);  // as a 16-byte blob
  Statement& bind_null(int index);
  Statement& bind_optional(int index, const std::optional<std::string>& text);

  // Advances: true with a row, false when done; an error Status on failure, including a bind
  // that failed earlier (a value too big), so a failed bind never runs with a NULL in its place.
  Result<bool> step();
  // Runs to completion, ignoring rows.
  Status run();

  std::int64_t column_int(int index) const;
  double column_double(int index) const;
  std::string column_text(int index) const;
  Uuid column_uuid(int index) const;
  bool column_is_null(int index) const;

 private:
  Statement& check_bind(int rc);

  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;  // the first failed bind's code
};

// Maps a SQLite result code to our error codes: CONSTRAINT → AlreadyExists, BUSY/LOCKED/IOERR/
// FULL → Unavailable (the caller may retry later), anything else → Internal.
Status status_from_sqlite(int rc, std::string_view message);

class SqliteDb {
 public:
  // Opens (creating) the file with WAL journaling and the given synchronous level.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path,
                                                std::string_view synchronous);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // A cached prepared statement for `sql`.
  Result<std::unique_ptr<Statement>> prepare(const std::string& sql);
  // Runs one or more statements without results (schema, BEGIN/COMMIT).
  Status exec(const std::string& sql);
  // Rows changed by the last statement.
  int changes() const;
  // Maps the connection's last error code to our error codes.
  Status error(std::string_view what) const;

  // Called on this connection's thread after each commit with the pages now in the WAL;
  // replaces SQLite's automatic checkpoint. The hook may call checkpoint().
  using WalHook = std::function<void(SqliteDb& db, int wal_pages)>;
  void set_wal_hook(WalHook hook);
  // Copies what it can of the WAL into the database without waiting for readers or the
  // writer (a PASSIVE checkpoint). Another checkpoint running at the time is no error.
  Status checkpoint();

 private:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*> statements_;
  WalHook wal_hook_;
};

// Runs the schema's ordered migration steps past the version stored in the file's
// schema_version table, each in its own transaction; refuses a file from a newer version.
Status migrate(SqliteDb& db, std::string_view schema_name,
               const std::vector<std::string_view>& steps);

}  // namespace pacificsoft::storage::sqlite
