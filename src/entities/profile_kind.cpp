// Device and asset profiles: names unique in the tenant; the default one cannot be removed, nor
// one that devices or assets still use (they point at it through their parent_id column).
#include "entities/entity_service.h"
#include "entities/kinds.h"
#include "entities/unique_flag.h"

namespace pacificsoft::entities {
namespace {

using storage::RecordKind;

bj::object device_profile_data() {
  return {{"configuration", {{"type", "DEFAULT"}}},
          {"transportConfiguration", {{"type", "DEFAULT"}}},
          {"provisionConfiguration", {{"type", "DISABLED"}, {"provisionDeviceSecret", nullptr}}},
          {"alarms", nullptr}};
}

// Device profiles are found by their provision device key, unique over all tenants as in the
// reference: it is the record's unique_key2.
Status index_provision_key(SaveContext& context) {
  auto key = json::get_string(context.body, "provisionDeviceKey").value_or("");
  if (key.empty()) {
    context.record.unique_key2.reset();
    return Status::ok();
  }
  auto holder = context.store.find_by_unique_key2(RecordKind::kDeviceProfile, key);
  if (!holder) return holder.status();
  if (holder->has_value() && (*holder)->id != context.record.id) {
    return invalid_argument("Device profile with such provision device key already exists!");
  }
  context.record.unique_key2 = std::string(key);
  return Status::ok();
}

void set_default_fields(bj::object& body, const bj::object& defaults) {
  for (const auto& [key, value] : defaults) {
    if (!body.contains(key) || body.at(key).is_null()) body[key] = value;
  }
}

class ProfileKind final : public EntityKind {
 public:
  ProfileKind(KindInfo info, RecordKind member_kind, bj::object defaults)
      : info_(info), member_kind_(member_kind), defaults_(std::move(defaults)) {}

  const KindInfo& info() const override { return info_; }

  Status prepare(SaveContext& context) const override {
    set_default_fields(context.body, defaults_);
    if (info_.record_kind == RecordKind::kDeviceProfile) {
      PS_RETURN_IF_ERROR(index_provision_key(context));
    }
    if (context.existing != nullptr) {
      // The default flag only moves through move_flag().
      context.body["default"] = has_flag(*context.existing, "default");
      return Status::ok();
    }
    bool wants_default = json::get_bool(context.body, "default").value_or(false);
    auto current =
        find_flagged(context.store, info_.record_kind, context.record.tenant_id, "default");
    if (!current && current.status().code() != ErrorCode::kNotFound) return current.status();
    context.body["default"] = wants_default && !current;
    return Status::ok();
  }

  Status before_remove(RemoveContext& context) const override {
    if (has_flag(context.record, "default")) {
      return invalid_argument("Deletion of Default " + std::string(info_.display_name) +
                              " is prohibited!");
    }
    storage::RecordQuery members{member_kind_, context.record.tenant_id};
    members.parent_id = context.record.id;
    members.page_size = 1;
    auto page = context.store.list(members);
    if (!page) return page.status();
    if (page->total_elements > 0) {
      return invalid_argument("The " + std::string(info_.display_name) +
                              " referenced by other entities cannot be deleted!");
    }
    return Status::ok();
  }

 private:
  KindInfo info_;
  RecordKind member_kind_;
  bj::object defaults_;
};

}  // namespace

std::unique_ptr<EntityKind> make_device_profile_kind() {
  KindInfo info{RecordKind::kDeviceProfile, model::EntityType::kDeviceProfile,
                "Device profile",           "name",
                AccessModel::kTenantOwned,  true};
  bj::object defaults{{"type", "DEFAULT"},
                      {"transportType", "DEFAULT"},
                      {"provisionType", "DISABLED"},
                      {"profileData", device_profile_data()},
                      {"description", ""},
                      {"defaultRuleChainId", nullptr},
                      {"defaultDashboardId", nullptr},
                      {"defaultQueueName", nullptr},
                      {"provisionDeviceKey", nullptr},
                      {"image", nullptr}};
  return std::make_unique<ProfileKind>(info, RecordKind::kDevice, std::move(defaults));
}

std::unique_ptr<EntityKind> make_asset_profile_kind() {
  KindInfo info{RecordKind::kAssetProfile, model::EntityType::kAssetProfile,
                "Asset profile",           "name",
                AccessModel::kTenantOwned, true};
  bj::object defaults{{"description", ""},
                      {"defaultRuleChainId", nullptr},
                      {"defaultDashboardId", nullptr},
                      {"defaultQueueName", nullptr},
                      {"image", nullptr}};
  return std::make_unique<ProfileKind>(info, RecordKind::kAsset, std::move(defaults));
}

}  // namespace pacificsoft::entities
