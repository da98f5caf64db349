#include "rule/profile/device_data.h"

#include <array>

namespace pacificsoft::rule::profile {
namespace {

using model::AttributeScope;

// The reference reads a dynamic or ATTRIBUTE value from any scope; server first.
constexpr std::array<AttributeScope, 3> kScopes = {AttributeScope::kServer, AttributeScope::kShared,
                                                   AttributeScope::kClient};

std::vector<std::string> names_of(const std::vector<AlarmKey>& keys, KeyType type) {
  std::vector<std::string> names;
  for (const auto& key : keys) {
    if (key.type == type) names.push_back(key.key);
  }
  return names;
}

Status load_entity_fields(entities::EntityService& entities, const model::Msg& msg,
                          const std::vector<std::string>& fields, DataSnapshot& data) {
  if (fields.empty()) return Status::ok();
  auto record = entities.find_record(storage::RecordKind::kDevice, msg.originator.id);
  if (!record) return record.status();
  if (!record->has_value()) return Status::ok();
  const storage::EntityRecord& device = **record;
  for (const std::string& field : fields) {
    if (field == "name") data.set(KeyType::kEntityField, field, device.name);
    if (field == "type") data.set(KeyType::kEntityField, field, device.type);
    if (field == "label") data.set(KeyType::kEntityField, field, device.label);
    if (field == "createdTime") data.set(KeyType::kEntityField, field, device.created_time);
  }
  return Status::ok();
}

}  // namespace

Status DeviceData::load(const model::Msg& msg, const std::vector<AlarmKey>& keys,
                        DataSnapshot& data, bool attributes_only) const {
  const auto attributes = names_of(keys, KeyType::kAttribute);
  if (!attributes.empty()) {
    // Lowest priority first, so the server scope's value is the one kept.
    for (auto scope = kScopes.rbegin(); scope != kScopes.rend(); ++scope) {
      auto found = services_.telemetry.find_attributes(msg.originator, *scope, attributes);
      if (!found) return found.status();
      for (auto& kv : *found) data.set(KeyType::kAttribute, std::move(kv.key), std::move(kv.value));
    }
  }
  if (attributes_only) return Status::ok();
  const auto series = names_of(keys, KeyType::kTimeseries);
  if (!series.empty()) {
    auto latest = services_.telemetry.latest_timeseries(msg.originator, series);
    if (!latest) return latest.status();
    for (auto& kv : *latest) data.set(KeyType::kTimeseries, std::move(kv.key), std::move(kv.value));
  }
  return load_entity_fields(services_.entities, msg, names_of(keys, KeyType::kEntityField), data);
}

std::optional<model::KvValue> DeviceData::attribute(const model::EntityId& entity,
                                                    const std::string& key) const {
  for (AttributeScope scope : kScopes) {
    auto found = services_.telemetry.find_attributes(entity, scope, {key});
    if (found && !found->empty()) return std::move(found->front().value);
  }
  return std::nullopt;
}

DynamicValues DeviceData::dynamic_values(const model::Msg& msg) const {
  return [this, device = msg.originator, customer = msg.customer_id, tenant = msg.tenant_id](
             std::string_view source, const std::string& key,
             bool inherit) -> std::optional<model::KvValue> {
    const model::EntityId tenant_id{model::EntityType::kTenant, tenant};
    const model::EntityId customer_id{model::EntityType::kCustomer, customer};
    std::optional<model::KvValue> value;
    if (source == "CURRENT_DEVICE") {
      value = attribute(device, key);
      if (!value && inherit && !customer.is_null()) value = attribute(customer_id, key);
    } else if (source == "CURRENT_CUSTOMER" && !customer.is_null()) {
      value = attribute(customer_id, key);
    }
    const bool from_tenant = source == "CURRENT_TENANT" || (inherit && source != "CURRENT_TENANT");
    if (!value && from_tenant) value = attribute(tenant_id, key);
    return value;
  };
}

}  // namespace pacificsoft::rule::profile
