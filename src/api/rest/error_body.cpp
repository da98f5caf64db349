// Error mapping and the error body.
#include "api/rest/error_body.h"

#include "common/json.h"
#include "common/log.h"

namespace pacificsoft::api {

HttpError http_error_of(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
      return {200, 0};
    // The reference answers data validation failures (duplicates included) 400 / 31.
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kBadRequestParams:
    case ErrorCode::kAlreadyExists:
      return {400, 31};
    case ErrorCode::kUnauthenticated:
      return {401, 10};
    case ErrorCode::kTokenExpired:
      return {401, 11};
    case ErrorCode::kPermissionDenied:
      return {403, 20};
    case ErrorCode::kNotFound:
      return {404, 32};
    case ErrorCode::kTooManyRequests:
      return {429, 33};
    case ErrorCode::kUnavailable:
      return {503, 2};
    case ErrorCode::kInternal:
      return {500, 2};
  }
  return {500, 2};
}

net::HttpResponse error_response(const Status& status, std::int64_t now_ms) {
  HttpError error = http_error_of(status.code());
  std::string message = status.message();
  if (error.http_status >= 500) {
    spdlog::error("request failed: {}", status.to_string());
    // Internal details stay in the log.
    if (status.code() == ErrorCode::kInternal) message = "Internal server error";
  }
  boost::json::object body{{"status", error.http_status},
                           {"message", message},
                           {"errorCode", error.error_code},
                           {"timestamp", now_ms}};
  return net::HttpResponse::json(error.http_status, json::serialize(body));
}

}  // namespace pacificsoft::api
