// Logging set-up.
#include "common/log.h"

#include <string>

namespace pacificsoft {

Status set_log_level(std::string_view level_name) {
  auto level = spdlog::level::from_str(std::string(level_name));
  // from_str answers "off" for names it does not know; only accept "off" when asked for.
  if (level == spdlog::level::off && level_name != "off") {
    return invalid_argument("unknown log level '" + std::string(level_name) + "'");
  }
  spdlog::set_level(level);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%t] %v");
  return Status::ok();
}

}  // namespace pacificsoft
