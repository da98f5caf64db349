#include "entities/device_provisioning.h"

#include <future>

namespace pacificsoft::entities {
namespace {

using storage::RecordKind;

constexpr std::string_view kNotFound = "Provision data was not found!";
constexpr std::string_view kFailure = "Failed to provision device!";

std::string refusal(std::string_view status, std::string_view message) {
  return json::serialize(bj::object{{"errorMsg", message}, {"status", status}});
}

// The credentials as the device gets them: MQTT basic ones as an object, others as text.
std::string success(const bj::object& credentials) {
  bj::value value = credentials.contains("credentialsValue") ? credentials.at("credentialsValue")
                                                             : bj::value(nullptr);
  if (json::get_string(credentials, "credentialsType") == "MQTT_BASIC" && value.is_string()) {
    if (auto parsed = json::parse_object(std::string_view(value.as_string()))) value = *parsed;
  }
  if (json::get_string(credentials, "credentialsType") == "ACCESS_TOKEN") {
    value = credentials.at("credentialsId");
  }
  return json::serialize(bj::object{{"credentialsType", credentials.at("credentialsType")},
                                    {"credentialsValue", value},
                                    {"status", "SUCCESS"}});
}

// Provisioning acts for the profile's tenant, as its administrator would.
auth::SecurityUser tenant_admin(const Uuid& tenant_id) {
  auth::SecurityUser user;
  user.authority = model::Authority::kTenantAdmin;
  user.tenant_id = tenant_id;
  return user;
}

std::optional<Uuid> id_of(const bj::object& entity) {
  const bj::value* id = entity.if_contains("id");
  auto parsed = id != nullptr ? model::parse_entity_id(*id) : std::nullopt;
  if (!parsed) return std::nullopt;
  return parsed->id;
}

// The credentials the request asks for, in the shape of the credentials REST API.
std::optional<bj::object> requested_credentials(const bj::object& request) {
  auto type = json::get_string(request, "credentialsType").value_or("ACCESS_TOKEN");
  if (type == "MQTT_BASIC") {
    bj::object value{{"clientId", json::get_string(request, "clientId").value_or("")},
                     {"userName", json::get_string(request, "username").value_or("")},
                     {"password", json::get_string(request, "password").value_or("")}};
    return bj::object{{"credentialsType", type}, {"credentialsValue", json::serialize(value)}};
  }
  if (type == "X509_CERTIFICATE") {
    return bj::object{{"credentialsType", type},
                      {"credentialsValue", json::get_string(request, "hash").value_or("")}};
  }
  return std::nullopt;  // an access token: given at creation
}

}  // namespace

std::string DeviceProvisioning::provision(std::string_view request_json) {
  auto request = json::parse_object(request_json);
  if (!request) return refusal("FAILURE", request.status().message());
  auto name = json::get_string(*request, "deviceName").value_or("");
  auto key = json::get_string(*request, "provisionDeviceKey").value_or("");
  auto secret = json::get_string(*request, "provisionDeviceSecret").value_or("");
  if (key.empty() || secret.empty()) return refusal("NOT_FOUND", kNotFound);
  if (name.empty()) return refusal("FAILURE", kFailure);

  auto profile = entities_.store().find_by_unique_key2(RecordKind::kDeviceProfile, key);
  if (!profile) return refusal("FAILURE", profile.status().message());
  if (!profile->has_value()) return refusal("NOT_FOUND", kNotFound);
  auto profile_body = json::parse_object((*profile)->body);
  if (!profile_body) return refusal("FAILURE", kFailure);
  const bj::object* data = json::get_object(*profile_body, "profileData");
  const bj::object* configuration =
      data != nullptr ? json::get_object(*data, "provisionConfiguration") : nullptr;
  if (configuration == nullptr ||
      json::get_string(*configuration, "provisionDeviceSecret").value_or("") != secret) {
    return refusal("NOT_FOUND", kNotFound);
  }
  std::lock_guard lock(mutex_);
  const auth::SecurityUser user = tenant_admin((*profile)->tenant_id);
  auto type = json::get_string(*profile_body, "provisionType").value_or("DISABLED");
  if (type == "ALLOW_CREATE_NEW_DEVICES") {
    return create_device(user, **profile, std::string(name), *request);
  }
  if (type == "CHECK_PRE_PROVISIONED_DEVICES") {
    return hand_out_existing(user, **profile, std::string(name));
  }
  return refusal("NOT_FOUND", kNotFound);
}

std::string DeviceProvisioning::create_device(const auth::SecurityUser& user,
                                              const storage::EntityRecord& profile,
                                              const std::string& name, const bj::object& request) {
  bj::object body{
      {"name", name},
      {"deviceProfileId", model::entity_id_json(model::EntityType::kDeviceProfile, profile.id)},
      {"additionalInfo", {{"gateway", json::get_bool(request, "gateway").value_or(false)}}}};
  auto created = entities_.save(user, RecordKind::kDevice, std::move(body),
                                std::string(json::get_string(request, "token").value_or("")));
  auto device_id = created ? id_of(*created) : std::nullopt;
  if (!device_id) return refusal("FAILURE", kFailure);  // the name is taken, most often
  auto credentials = credentials_.get(user, *device_id);
  if (auto requested = requested_credentials(request); requested && credentials) {
    (*credentials)["credentialsType"] = requested->at("credentialsType");
    (*credentials)["credentialsValue"] = requested->at("credentialsValue");
    credentials = credentials_.update(user, *credentials);
  }
  if (!credentials) {
    (void)entities_.remove(user, RecordKind::kDevice, *device_id);
    return refusal("FAILURE", credentials.status().message());
  }
  return success(*credentials);
}

std::string DeviceProvisioning::hand_out_existing(const auth::SecurityUser& user,
                                                  const storage::EntityRecord& profile,
                                                  const std::string& name) {
  auto device = entities_.find_by_name(user, RecordKind::kDevice, name);
  auto device_id = device ? id_of(*device) : std::nullopt;
  const bj::value* profile_id = device ? device->if_contains("deviceProfileId") : nullptr;
  auto parsed_profile = profile_id != nullptr ? model::parse_entity_id(*profile_id) : std::nullopt;
  if (!device_id || !parsed_profile || parsed_profile->id != profile.id) {
    return refusal("FAILURE", kFailure);
  }
  const model::EntityId entity{model::EntityType::kDevice, *device_id};
  auto state = attributes_.find(entity, model::AttributeScope::kServer, {"provisionState"});
  if (!state || !state->empty()) return refusal("FAILURE", kFailure);  // provisioned already
  std::promise<Status> written;
  attributes_.save(entity, model::AttributeScope::kServer,
                   {{"provisionState", std::string("provisioned"), entities_.clock().now_ms()}},
                   [&written](const Status& status) { written.set_value(status); });
  if (!written.get_future().get()) return refusal("FAILURE", kFailure);
  auto credentials = credentials_.get(user, *device_id);
  if (!credentials) return refusal("FAILURE", kFailure);
  return success(*credentials);
}

}  // namespace pacificsoft::entities
