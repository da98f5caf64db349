// Nodes that call outside systems, each in its own file with its client beside it; their network
// I/O runs on NodeServices::network, never on the engine's threads.
#pragma once

#include "rule/node_registry.h"

namespace pacificsoft::rule {

// rest.TbRestApiCallNode (rest_api_call_node.cpp).
Result<std::unique_ptr<RuleNode>> make_rest_api_call_node(const bj::object& configuration,
                                                          NodeServices& services);

// mqtt.TbMqttNode (mqtt_node.cpp).
Result<std::unique_ptr<RuleNode>> make_mqtt_node(const bj::object& configuration,
                                                 NodeServices& services);

}  // namespace pacificsoft::rule
