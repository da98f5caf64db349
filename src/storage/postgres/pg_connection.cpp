// libpq behind RAII handles, and PostgreSQL's errors in our codes.
#include "storage/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <charconv>

namespace pacificsoft::storage::postgres {
namespace {

// SQLSTATE classes and codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
ErrorCode code_of(std::string_view state) {
  if (state == "23505") return ErrorCode::kAlreadyExists;
  if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57P") ||
      state == "40001" || state == "40P01") {
    return ErrorCode::kUnavailable;
  }
  if (state.starts_with("22")) return ErrorCode::kInvalidArgument;
  return ErrorCode::kInternal;
}

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// The error of a failed statement: by SQLSTATE, or Unavailable when the connection is gone.
Status error_of(PGconn* conn, const PGresult* result) {
  if (PQstatus(conn) != CONNECTION_OK) {
    return {ErrorCode::kUnavailable, "PostgreSQL unavailable: " + trimmed(PQerrorMessage(conn))};
  }
  if (result == nullptr) return internal_error("PostgreSQL: " + trimmed(PQerrorMessage(conn)));
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  std::string message = trimmed(PQresultErrorMessage(result));
  ErrorCode code = code_of(state ? state : "");
  if (code == ErrorCode::kAlreadyExists) {
    // The caller says which key clashed by the constraint's name.
    const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
    return {code, "constraint " + std::string(constraint ? constraint : "?") + ": " + message};
  }
  return {code, (code == ErrorCode::kUnavailable ? "PostgreSQL unavailable: " : "PostgreSQL: ") +
                    message};
}

bool succeeded(const PGresult* result) {
  auto status = PQresultStatus(result);
  return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

}  // namespace

std::string PgParams::add(std::string_view text) {
  if (text.find('\0') != std::string_view::npos && status_) {
    status_ = invalid_argument("text with a NUL byte cannot be stored in PostgreSQL");
  }
  values_.emplace_back(std::string(text));
  return placeholder();
}

std::string PgParams::add(std::int64_t value) {
  values_.emplace_back(std::to_string(value));
  return placeholder();
}

std::string PgParams::add(const Uuid& id) {
  values_.emplace_back(id.to_string());
  return placeholder();
}

std::string PgParams::add_optional(const std::optional<std::string>& text) {
  if (text) return add(*text);
  values_.emplace_back(std::nullopt);
  return placeholder();
}

std::vector<const char*> PgParams::pointers() const {
  std::vector<const char*> pointers;
  pointers.reserve(values_.size());
  for (const auto& value : values_) pointers.push_back(value ? value->c_str() : nullptr);
  return pointers;
}

void PgResult::Deleter::operator()(pg_result* result) const { PQclear(result); }

int PgResult::rows() const { return PQntuples(result_.get()); }

bool PgResult::is_null(int row, int column) const {
  return PQgetisnull(result_.get(), row, column) != 0;
}

std::string PgResult::text(int row, int column) const {
  return {PQgetvalue(result_.get(), row, column),
          static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t PgResult::integer(int row, int column) const {
  std::string value = text(row, column);
  std::int64_t number = 0;
  std::from_chars(value.data(), value.data() + value.size(), number);
  return number;
}

Uuid PgResult::uuid(int row, int column) const {
  return Uuid::parse(text(row, column)).value_or(Uuid());
}

std::int64_t PgResult::affected_rows() const {
  std::string_view count = PQcmdTuples(result_.get());
  std::int64_t number = 0;
  std::from_chars(count.data(), count.data() + count.size(), number);
  return number;
}

Result<std::unique_ptr<PgConnection>> PgConnection::connect(const std::string& url) {
  // The URI comes last and expands in place, so what it sets overrides these defaults.
  const char* keywords[] = {"connect_timeout", "application_name", "client_encoding", "dbname",
                            nullptr};
  const char* values[] = {"10", "pacificsoft", "UTF8", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (conn == nullptr) return internal_error("PostgreSQL: out of memory connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    Status status{ErrorCode::kUnavailable, "cannot connect to PostgreSQL at " + describe_url(url) +
                                               ": " + trimmed(PQerrorMessage(conn))};
    PQfinish(conn);
    return status;
  }
  // Notices (CREATE ... IF NOT EXISTS skipping) would go to stderr; they say nothing we need.
  PQsetNoticeProcessor(
      conn, [](void* /*arg*/, const char* /*message*/) {}, nullptr);
  return std::unique_ptr<PgConnection>(new PgConnection(conn));
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Result<PgResult> PgConnection::exec(const std::string& sql, const PgParams& params) {
  if (!params.status()) return params.status();
  auto values = params.pointers();
  PGresult* result =
      PQexecParams(conn_, sql.c_str(), params.size(), nullptr, values.data(), nullptr, nullptr, 0);
  if (!succeeded(result)) {
    Status status = error_of(conn_, result);
    PQclear(result);
    return status;
  }
  return PgResult(result);
}

Status PgConnection::exec_script(const char* sql) {
  PGresult* result = PQexec(conn_, sql);
  Status status = succeeded(result) ? Status::ok() : error_of(conn_, result);
  PQclear(result);
  return status;
}

bool PgConnection::is_open() const { return PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::check_idle() {
  if (!is_open()) return false;
  // An idle connection hears from the server only when it goes: a termination notice, then the
  // end of the stream. A few reads take both.
  for (int reads = 0; reads < 4 && is_open(); ++reads) {
    pollfd fd{PQsocket(conn_), POLLIN, 0};
    if (poll(&fd, 1, 0) <= 0) break;
    if (PQconsumeInput(conn_) == 0) return false;
  }
  return is_open();
}

bool PgConnection::is_idle_in_no_transaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

std::string describe_url(const std::string& url) {
  PQconninfoOption* options = PQconninfoParse(url.c_str(), nullptr);
  if (options == nullptr) return "(an unparsable libpq URI)";
  std::string user;
  std::string host = "localhost";
  std::string port = "5432";
  std::string dbname;
  for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) continue;
    std::string_view keyword = option->keyword;
    if (keyword == "user") user = option->val;
    if (keyword == "host" || keyword == "hostaddr") host = option->val;
    if (keyword == "port") port = option->val;
    if (keyword == "dbname") dbname = option->val;
  }
  PQconninfoFree(options);
  return "postgresql://" + (user.empty() ? "" : user + "@") + host + ":" + port + "/" + dbname;
}

}  // namespace pacificsoft::storage::postgres
