// What script nodes share: a message's metadata as the JSON object scripts see, and a script's
// {msg, metadata, msgType} result applied to a message.
#pragma once

#include <string>

#include "common/json.h"
#include "model/msg.h"

namespace pacificsoft::rule {

std::string metadata_json(const model::Msg& msg);

// Each part of `result` that is there replaces the message's; InvalidArgument when `result` is
// not an object.
Status apply_script_result(model::Msg& msg, const boost::json::value& result);

}  // namespace pacificsoft::rule
