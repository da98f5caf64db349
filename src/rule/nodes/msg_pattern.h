// The reference's configuration patterns (TbNodeUtils.processPattern): "${key}" is replaced by
// the message's metadata value of key, "$[key]" by the top-level data field key.
#pragma once

#include <string>
#include <string_view>

#include "model/msg.h"

namespace pacificsoft::rule {

// Placeholders whose key the message lacks stay as written, as in the reference.
std::string process_pattern(std::string_view pattern, const model::Msg& msg);

}  // namespace pacificsoft::rule
