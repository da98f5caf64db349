// What a device profile's alarm conditions read from storage: a device's latest time series,
// attributes and entity fields, and the dynamic values of predicates (attributes of the
// device, its customer or its tenant).
#pragma once

#include "rule/profile/alarm_condition.h"
#include "rule/rule_node.h"

namespace pacificsoft::rule::profile {

class DeviceData {
 public:
  explicit DeviceData(NodeServices& services) : services_(services) {}

  // Sets every key of `keys` the stores have for the device (unavailable storage: an error).
  Status load(const model::Msg& msg, const std::vector<AlarmKey>& keys, DataSnapshot& data,
              bool attributes_only) const;
  // Dynamic values for predicates of the message's device.
  DynamicValues dynamic_values(const model::Msg& msg) const;

 private:
  std::optional<model::KvValue> attribute(const model::EntityId& entity,
                                          const std::string& key) const;

  NodeServices& services_;
};

}  // namespace pacificsoft::rule::profile
