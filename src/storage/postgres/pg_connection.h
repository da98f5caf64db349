// One libpq connection and its results, owned RAII-style; statements take their values only as
// parameters ($1, $2, ...), never spliced into the SQL text.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "common/uuid.h"

struct pg_conn;
struct pg_result;

namespace pacificsoft::storage::postgres {

// The values of one statement, sent in text form. add() answers the placeholder ("$3") to
// write into the SQL, so optional filters number themselves.
class PgParams {
 public:
  std::string add(std::string_view text);
  std::string add(std::int64_t value);
  std::string add(const Uuid& id);
  std::string add_optional(const std::optional<std::string>& text);  // NULL when empty

  // InvalidArgument when a text held a NUL byte (PostgreSQL text cannot).
  const Status& status() const { return status_; }
  int size() const { return static_cast<int>(values_.size()); }
  // The C arrays PQexecParams wants; valid while this object is unchanged.
  std::vector<const char*> pointers() const;

 private:
  std::string placeholder() const { return "$" + std::to_string(values_.size()); }

  std::vector<std::optional<std::string>> values_;
  Status status_;
};

// A statement's result; rows and columns in text form.
class PgResult {
 public:
  explicit PgResult(pg_result* result) : result_(result) {}

  int rows() const;
  bool is_null(int row, int column) const;
  std::string text(int row, int column) const;
  std::int64_t integer(int row, int column) const;  // 0 when not a number
  Uuid uuid(int row, int column) const;             // all-zero when not a uuid
  std::int64_t affected_rows() const;               // of an INSERT, UPDATE or DELETE

 private:
  struct Deleter {
    void operator()(pg_result* result) const;
  };
  std::unique_ptr<pg_result, Deleter> result_;
};

// Not thread-safe: used by one thread at a time (the pool hands it out).
class PgConnection {
 public:
  // Connects to a libpq URI or key=value string; Unavailable when the server cannot be reached.
  static Result<std::unique_ptr<PgConnection>> connect(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // One statement with its parameters.
  Result<PgResult> exec(const std::string& sql, const PgParams& params);
  // Fixed SQL without values, possibly several statements (schema steps, BEGIN, COMMIT).
  Status exec_script(const char* sql);

  // False once the connection failed; such a connection is dropped, never reused.
  bool is_open() const;
  // Checks an idle connection without a round trip: reads what the server sent meanwhile (a
  // termination notice, end of stream) and answers is_open().
  bool check_idle();
  // True when no transaction is open or failed on it.
  bool is_idle_in_no_transaction() const;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}

  pg_conn* conn_;
};

// The URI without its password, for messages: "postgresql://user@host:port/db".
std::string describe_url(const std::string& url);

}  // namespace pacificsoft::storage::postgres
