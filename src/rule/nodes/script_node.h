// A node that runs the user's jsScript (function(msg, metadata, msgType)) in the script sandbox
// and makes its result into the node's answer; a script error, time-out or refused result sends
// the message to Failure with the error in metadata "error".
#pragma once

#include "rule/node_registry.h"

namespace pacificsoft::rule {

// What a node makes of a script's result: the relations and message, or an error for Failure.
using Interpret = std::function<Result<NodeResult>(model::Msg msg, const bj::value& result)>;

// The factory of such nodes; it refuses a configuration without jsScript or in another language.
NodeFactory script_node(Interpret interpret);

}  // namespace pacificsoft::rule
