// The node library built so far, registered under the reference's type names.
#pragma once

#include "rule/node_registry.h"

namespace pacificsoft::rule {

// Filters: message type switch and filter, originator type filter, check message fields.
void register_filter_nodes(NodeRegistry& registry);
// Save time series, save attributes.
void register_telemetry_nodes(NodeRegistry& registry);
// Log.
void register_action_nodes(NodeRegistry& registry);
// JavaScript filter, switch and transform (run in the script sandbox).
void register_script_nodes(NodeRegistry& registry);
// RPC call reply (answers a device's client-side RPC), RPC call request (server-side RPC).
void register_rpc_nodes(NodeRegistry& registry);
// Create alarm, clear alarm.
void register_alarm_nodes(NodeRegistry& registry);
// Device profile (its alarm rules; rule/profile/).
void register_profile_nodes(NodeRegistry& registry);
// Originator, customer, tenant and related entity attributes, telemetry and fields.
void register_enrichment_nodes(NodeRegistry& registry);
// Change originator; rename, delete and copy keys.
void register_transform_nodes(NodeRegistry& registry);
// REST API call, MQTT publish (nodes/external/).
void register_external_nodes(NodeRegistry& registry);
// Delay, generator, message count (on the engine's timers).
void register_timed_nodes(NodeRegistry& registry);
// Rule chain input and output (calls between chains).
void register_flow_nodes(NodeRegistry& registry);

inline void register_core_nodes(NodeRegistry& registry) {
  register_filter_nodes(registry);
  register_telemetry_nodes(registry);
  register_action_nodes(registry);
  register_script_nodes(registry);
  register_rpc_nodes(registry);
  register_alarm_nodes(registry);
  register_profile_nodes(registry);
  register_enrichment_nodes(registry);
  register_transform_nodes(registry);
  register_external_nodes(registry);
  register_timed_nodes(registry);
  register_flow_nodes(registry);
}

}  // namespace pacificsoft::rule
