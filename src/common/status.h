// Errors as values: Status for operations without a result, Result<T> for those with one.
// Used on every I/O and per-message path; exceptions stay at start-up and the REST edge.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace pacificsoft {

// What went wrong, independent of the protocol that reports it. api/ maps these to the
// reference platform's HTTP status and errorCode in one table.
enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,   // malformed or missing input
  kBadRequestParams,  // a request parameter out of range or unknown
  kUnauthenticated,   // no or bad credentials
  kTokenExpired,      // a JWT past its expiry
  kPermissionDenied,  // authenticated but not allowed
  kNotFound,          // the item does not exist (or is invisible to the caller)
  kAlreadyExists,     // a unique name or key is taken
  kTooManyRequests,   // a rate or size limit was hit
  kUnavailable,       // a dependency (storage, queue) cannot serve now
  kInternal,          // a bug or an environment failure
};

const char* error_code_name(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }

  bool is_ok() const { return code_ == ErrorCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

inline Status invalid_argument(std::string message) {
  return {ErrorCode::kInvalidArgument, std::move(message)};
}
inline Status not_found(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
inline Status internal_error(std::string message) {
  return {ErrorCode::kInternal, std::move(message)};
}

// A value or the Status that explains its absence. Never holds an ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // The error; an ok Status when a value is held.
  Status status() const { return is_ok() ? Status() : std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace pacificsoft

// Returns the Status of an expression from the enclosing function when it is not ok.
#define PS_RETURN_IF_ERROR(expr)                \
  do {                                          \
    ::pacificsoft::Status ps_status_ = (expr);  \
    if (!ps_status_.is_ok()) return ps_status_; \
  } while (0)
