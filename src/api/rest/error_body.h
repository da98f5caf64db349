// The one table from our error codes to the reference platform's HTTP status and errorCode,
// and its error body {"status", "message", "errorCode", "timestamp"}.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "net/http_types.h"

namespace pacificsoft::api {

struct HttpError {
  int http_status;
  int error_code;  // the reference's ThingsboardErrorCode
};

HttpError http_error_of(ErrorCode code);
net::HttpResponse error_response(const Status& status, std::int64_t now_ms);

}  // namespace pacificsoft::api
