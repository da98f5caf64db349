// Device credentials records and their REST operations.
#include "entities/device_credentials.h"

#include "auth/credentials_id.h"
#include "auth/random_token.h"

namespace pacificsoft::entities {
namespace {

using storage::EntityRecord;
using storage::RecordKind;

constexpr std::size_t kGeneratedTokenLength = 20;
constexpr std::size_t kMaxTokenLength = 255;

Status validate_access_token(std::string_view token) {
  if (token.empty()) return invalid_argument("Device credentials id should be specified!");
  if (token.size() > kMaxTokenLength) return invalid_argument("Device credentials id is too long!");
  for (char c : token) {
    if (c <= ' ' || c == '/' || c == '+' || c == '#' || c == 0x7F) {
      return invalid_argument("Access token must not contain spaces, '/', '+' or '#'!");
    }
  }
  return Status::ok();
}

Status credentials_taken() {
  return invalid_argument("Device credentials are already assigned to another device!");
}

Result<EntityRecord> load_credentials(storage::EntityStore& store, const Uuid& device_id) {
  auto found = store.find_by_unique_key2(RecordKind::kDeviceCredentials, device_id.to_string());
  if (!found) return found.status();
  if (!found->has_value()) return not_found("Device credentials not found");
  return std::move(**found);
}

// What a credentials record holds: its type, the lookup id and the value (null for tokens).
struct Credentials {
  std::string type;
  std::string id;
  bj::value value;
};

Result<Credentials> access_token(std::string token) {
  PS_RETURN_IF_ERROR(validate_access_token(token));
  return Credentials{"ACCESS_TOKEN", std::move(token), nullptr};
}

// credentialsValue may come as the reference sends it (a JSON string) or as an object.
Result<bj::object> basic_value(const bj::object& body) {
  const bj::value* value = body.if_contains("credentialsValue");
  if (value != nullptr && value->is_object()) return value->as_object();
  if (value == nullptr || !value->is_string()) {
    return invalid_argument("MQTT basic credentials value should be specified!");
  }
  return json::parse_object(std::string_view(value->as_string()));
}

Result<Credentials> mqtt_basic(const bj::object& body) {
  auto value = basic_value(body);
  if (!value) return value.status();
  std::string client_id(json::get_string(*value, "clientId").value_or(""));
  std::string user_name(json::get_string(*value, "userName").value_or(""));
  std::string password(json::get_string(*value, "password").value_or(""));
  if (client_id.empty() && user_name.empty()) {
    return invalid_argument("Both mqtt client id and user name are empty!");
  }
  if (user_name.empty() && !password.empty()) {
    return invalid_argument("Password cannot be specified along with client id only!");
  }
  bj::object stored{{"clientId", client_id.empty() ? bj::value(nullptr) : bj::value(client_id)},
                    {"userName", user_name.empty() ? bj::value(nullptr) : bj::value(user_name)},
                    {"password", password.empty() ? bj::value(nullptr) : bj::value(password)}};
  return Credentials{"MQTT_BASIC", auth::mqtt_basic_credentials_id(client_id, user_name),
                     bj::string(json::serialize(stored))};
}

Result<Credentials> certificate(const bj::object& body) {
  auto pem = json::get_string(body, "credentialsValue");
  if (!pem || pem->empty()) return invalid_argument("X509 certificate should be specified!");
  return Credentials{"X509_CERTIFICATE", auth::certificate_credentials_id(*pem), bj::string(*pem)};
}

Result<Credentials> parse_credentials(const bj::object& body) {
  auto type = json::get_string(body, "credentialsType").value_or("ACCESS_TOKEN");
  if (type == "MQTT_BASIC") return mqtt_basic(body);
  if (type == "X509_CERTIFICATE") return certificate(body);
  if (type != "ACCESS_TOKEN") {
    return invalid_argument("Credentials type " + std::string(type) + " is not supported");
  }
  auto token = json::get_string(body, "credentialsId");
  if (!token) return invalid_argument("Device credentials id should be specified!");
  return access_token(std::string(*token));
}

Status write_credentials(storage::EntityStore& store, EntityRecord& record, bool is_new,
                         const Credentials& credentials) {
  bj::object body{{"id", {{"id", record.id.to_string()}}},
                  {"createdTime", record.created_time},
                  {"deviceId", model::entity_id_json(model::EntityType::kDevice, record.parent_id)},
                  {"credentialsType", credentials.type},
                  {"credentialsId", credentials.id},
                  {"credentialsValue", credentials.value}};
  record.unique_key = credentials.id;
  record.body = json::serialize(body);
  Status written = is_new ? store.insert(record) : store.update(record);
  return written.code() == ErrorCode::kAlreadyExists ? credentials_taken() : written;
}

}  // namespace

Status create_device_credentials(storage::EntityStore& store, const EntityRecord& device,
                                 const std::string& token, std::int64_t now_ms) {
  EntityRecord record;
  record.kind = RecordKind::kDeviceCredentials;
  record.id = Uuid::random();
  record.created_time = now_ms;
  record.tenant_id = device.tenant_id;
  record.parent_id = device.id;
  record.unique_key2 = device.id.to_string();
  auto credentials =
      access_token(token.empty() ? auth::random_token(kGeneratedTokenLength) : token);
  if (!credentials) return credentials.status();
  return write_credentials(store, record, true, *credentials);
}

Status remove_device_credentials(storage::EntityStore& store, const Uuid& device_id) {
  auto record = load_credentials(store, device_id);
  if (!record)
    return record.status().code() == ErrorCode::kNotFound ? Status::ok() : record.status();
  return store.remove(RecordKind::kDeviceCredentials, record->id);
}

Result<bj::object> DeviceCredentialsService::get(const auth::SecurityUser& user,
                                                 const Uuid& device_id) {
  auto device = entities_.get_record(user, RecordKind::kDevice, device_id);
  if (!device) return device.status();
  auto record = load_credentials(entities_.store(), device_id);
  if (!record) return record.status();
  return record_json(*record);
}

Result<bj::object> DeviceCredentialsService::update(const auth::SecurityUser& user,
                                                    const bj::object& body) {
  const auto* device_value = body.if_contains("deviceId");
  auto device_id = device_value ? model::parse_entity_id(*device_value) : std::nullopt;
  if (!device_id) return invalid_argument("Device id should be specified!");
  auto credentials = parse_credentials(body);
  if (!credentials) return credentials.status();
  auto device = entities_.get_record_for_write(user, RecordKind::kDevice, device_id->id);
  if (!device) return device.status();
  Result<bj::object> answer = Status();
  Status status = entities_.store().transaction([&](storage::EntityStore& store) -> Status {
    auto record = load_credentials(store, device_id->id);
    if (!record) return record.status();
    PS_RETURN_IF_ERROR(write_credentials(store, *record, false, *credentials));
    answer = record_json(*record);
    return answer.status();
  });
  if (!status) return status;
  return answer;
}

}  // namespace pacificsoft::entities
