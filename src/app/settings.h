// The process's settings, read from the configuration into each component's options. The one
// place that knows both the YAML layout and the components.
#pragma once

#include <string>

#include "auth/jwt_codec.h"
#include "common/status.h"
#include "config/config.h"
#include "net/http_server.h"
#include "telemetry/telemetry_service.h"

namespace pacificsoft::app {

struct Settings {
  std::string service_type;
  net::HttpServerOptions http;
  std::string data_dir;
  std::string entities_backend;
  std::string ts_backend;
  telemetry::TelemetryOptions telemetry;
  std::string log_level;
  auth::JwtOptions jwt;  // signing_key may be empty: generated on first start
  int bcrypt_cost = 10;
  bool load_demo = true;
};

// Reads and checks every setting; the first bad one is the error.
Result<Settings> read_settings(const config::Config& config);

}  // namespace pacificsoft::app
