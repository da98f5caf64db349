#include "app/entity_device_directory.h"

namespace pacificsoft::app {
namespace {

namespace bj = boost::json;
using storage::RecordKind;

Result<Uuid> id_of(const Result<bj::object>& entity) {
  if (!entity) return entity.status();
  const bj::value* id = entity->if_contains("id");
  auto parsed = id != nullptr ? model::parse_entity_id(*id) : std::nullopt;
  if (!parsed) return internal_error("device without id");
  return parsed->id;
}

// The gateway acts with its tenant administrator's rights.
auth::SecurityUser acting_for(const auth::DeviceIdentity& gateway) {
  auth::SecurityUser user;
  user.authority = model::Authority::kTenantAdmin;
  user.tenant_id = gateway.tenant_id;
  return user;
}

}  // namespace

Result<auth::DeviceIdentity> EntityDeviceDirectory::find_or_create_child(
    const auth::DeviceIdentity& gateway, std::string_view name, std::string_view type) {
  const auth::SecurityUser user = acting_for(gateway);
  std::lock_guard lock(create_mutex_);
  auto existing = id_of(entities_.find_by_name(user, RecordKind::kDevice, std::string(name)));
  if (existing) return auth_.device(*existing);
  if (existing.status().code() != ErrorCode::kNotFound) return existing.status();

  bj::object body{{"name", name},
                  {"type", type.empty() ? std::string_view("default") : type},
                  {"additionalInfo", {{"lastConnectedGateway", gateway.device_id.to_string()}}}};
  auto created = id_of(entities_.save(user, RecordKind::kDevice, std::move(body)));
  if (!created) return created.status();
  if (!gateway.customer_id.is_null()) {
    auto assigned =
        entities_.assign_to_customer(user, RecordKind::kDevice, *created, gateway.customer_id);
    if (!assigned) return assigned.status();
  }
  bj::object relation{
      {"from", model::entity_id_json(model::EntityType::kDevice, gateway.device_id)},
      {"to", model::entity_id_json(model::EntityType::kDevice, *created)},
      {"type", "Created"},
      {"typeGroup", "COMMON"}};
  PS_RETURN_IF_ERROR(relations_.save(user, relation));
  return auth_.device(*created);
}

}  // namespace pacificsoft::app
