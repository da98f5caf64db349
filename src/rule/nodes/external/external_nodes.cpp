// Registration of the nodes that call outside systems.
#include "rule/nodes/external/external_nodes.h"
#include "rule/nodes/core_nodes.h"

namespace pacificsoft::rule {

void register_external_nodes(NodeRegistry& registry) {
  registry.add(node_type("rest.TbRestApiCallNode"), make_rest_api_call_node);
  registry.add(node_type("mqtt.TbMqttNode"), make_mqtt_node);
}

}  // namespace pacificsoft::rule
