// Logging: spdlog behind one set-up call, so the level comes from configuration.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

#include "common/status.h"

namespace pacificsoft {

// Sets the default logger's level from a name (trace, debug, info, warn, error, off).
Status set_log_level(std::string_view level_name);

}  // namespace pacificsoft
