// Enrichment node factories that live in their own files, registered by
// register_enrichment_nodes (enrichment_nodes.cpp).
#pragma once

#include "rule/node_registry.h"

namespace pacificsoft::rule {

// metadata.TbGetTelemetryNode (get_telemetry_node.cpp).
Result<std::unique_ptr<RuleNode>> make_get_telemetry_node(const bj::object& configuration,
                                                          NodeServices& services);

}  // namespace pacificsoft::rule
