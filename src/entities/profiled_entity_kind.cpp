// Devices and assets: names unique in the tenant, assignable to customers, each belonging to a
// profile (by id, by type name, created on first use, or the tenant's default). The profile
// id is kept in the record's parent_id column and its name in the type column.
#include "entities/device_credentials.h"
#include "entities/entity_service.h"
#include "entities/kinds.h"
#include "entities/unique_flag.h"

namespace pacificsoft::entities {
namespace {

using storage::EntityRecord;
using storage::RecordKind;

class ProfiledEntityKind : public EntityKind {
 public:
  ProfiledEntityKind(KindInfo info, RecordKind profile_kind, std::string profile_field,
                     bj::object defaults)
      : info_(info),
        profile_kind_(profile_kind),
        profile_field_(std::move(profile_field)),
        defaults_(std::move(defaults)) {}

  const KindInfo& info() const override { return info_; }

  Status prepare(SaveContext& context) const override {
    auto profile = resolve_profile(context);
    if (!profile) return profile.status();
    auto profile_model = model::EntityType::kDeviceProfile;
    if (profile_kind_ == RecordKind::kAssetProfile)
      profile_model = model::EntityType::kAssetProfile;
    context.body[profile_field_] = model::entity_id_json(profile_model, profile->id);
    context.body["type"] = profile->name;
    context.record.type = profile->name;
    context.record.parent_id = profile->id;
    auto label = json::get_string(context.body, "label");
    context.record.label = label ? std::string(*label) : std::string();
    for (const auto& [key, value] : defaults_) {
      if (!context.body.contains(key)) context.body[key] = value;
    }
    return Status::ok();
  }

 private:
  Result<EntityRecord> resolve_profile(SaveContext& context) const {
    const Uuid& tenant_id = context.record.tenant_id;
    if (const auto* field = context.body.if_contains(profile_field_); field && !field->is_null()) {
      auto id = model::parse_entity_id(*field);
      if (!id) return invalid_argument("Invalid " + profile_field_);
      auto stored = context.store.get(profile_kind_, id->id);
      if (!stored) return stored.status();
      if (!stored->has_value() || (*stored)->tenant_id != tenant_id) {
        return invalid_argument(std::string(info_.display_name) +
                                " is referencing a non-existent profile!");
      }
      return std::move(**stored);
    }
    auto type = json::get_string(context.body, "type");
    if (!type || type->empty())
      return find_flagged(context.store, profile_kind_, tenant_id, "default");
    auto stored =
        context.store.find_by_unique_key(profile_kind_, tenant_scoped_key(tenant_id, *type));
    if (!stored) return stored.status();
    if (stored->has_value()) return std::move(**stored);
    return create_profile(context, *type);
  }

  // A type seen for the first time gets its own profile, as the reference does.
  Result<EntityRecord> create_profile(SaveContext& context, std::string_view name) const {
    auth::SecurityUser admin;
    admin.authority = model::Authority::kTenantAdmin;
    admin.tenant_id = context.record.tenant_id;
    auto created =
        context.service.save_in(context.store, admin, profile_kind_, bj::object{{"name", name}});
    if (!created) return created.status();
    auto id = model::parse_entity_id(created->at("id"));
    auto stored = context.store.get(profile_kind_, id->id);
    if (!stored) return stored.status();
    return std::move(**stored);
  }

  KindInfo info_;
  RecordKind profile_kind_;
  std::string profile_field_;
  bj::object defaults_;
};

class DeviceKind final : public ProfiledEntityKind {
 public:
  DeviceKind()
      : ProfiledEntityKind({RecordKind::kDevice, model::EntityType::kDevice, "Device", "name",
                            AccessModel::kCustomerAssignable, true},
                           RecordKind::kDeviceProfile, "deviceProfileId",
                           {{"label", nullptr},
                            {"deviceData",
                             {{"configuration", {{"type", "DEFAULT"}}},
                              {"transportConfiguration", {{"type", "DEFAULT"}}}}},
                            {"firmwareId", nullptr},
                            {"softwareId", nullptr}}) {}

  Status after_create(SaveContext& context) const override {
    return create_device_credentials(context.store, context.record, context.access_token,
                                     context.record.created_time);
  }

  Status before_remove(RemoveContext& context) const override {
    return remove_device_credentials(context.store, context.record.id);
  }
};

}  // namespace

std::unique_ptr<EntityKind> make_device_kind() { return std::make_unique<DeviceKind>(); }

std::unique_ptr<EntityKind> make_asset_kind() {
  return std::make_unique<ProfiledEntityKind>(
      KindInfo{RecordKind::kAsset, model::EntityType::kAsset, "Asset", "name",
               AccessModel::kCustomerAssignable, true},
      RecordKind::kAssetProfile, "assetProfileId", bj::object{{"label", nullptr}});
}

}  // namespace pacificsoft::entities
