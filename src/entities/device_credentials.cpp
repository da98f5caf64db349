// Device credentials records and their REST operations.
#include "entities/device_credentials.h"

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

Status write_credentials(storage::EntityStore& store, EntityRecord& record, bool is_new,
                         const std::string& token) {
  PS_RETURN_IF_ERROR(validate_access_token(token));
  bj::object body{{"id", {{"id", record.id.to_string()}}},
                  {"createdTime", record.created_time},
                  {"deviceId", model::entity_id_json(model::EntityType::kDevice, record.parent_id)},
                  {"credentialsType", "ACCESS_TOKEN"},
                  {"credentialsId", token},
                  {"credentialsValue", nullptr}};
  record.unique_key = token;
  record.body = json::serialize(body);
  Status written = is_new ? store.insert(record) : store.update(record);
  return written.code() == ErrorCode::kAlreadyExists ? credentials_taken() : written;
}

}  // namespace

Status create_device_credentials(storage::EntityStore& store, const EntityRecord& device,
                                 const std::string& access_token, std::int64_t now_ms) {
  EntityRecord record;
  record.kind = RecordKind::kDeviceCredentials;
  record.id = Uuid::random();
  record.created_time = now_ms;
  record.tenant_id = device.tenant_id;
  record.parent_id = device.id;
  record.unique_key2 = device.id.to_string();
  std::string token =
      access_token.empty() ? auth::random_token(kGeneratedTokenLength) : access_token;
  return write_credentials(store, record, true, token);
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
  auto type = json::get_string(body, "credentialsType").value_or("ACCESS_TOKEN");
  if (type != "ACCESS_TOKEN") {
    return invalid_argument("Credentials type " + std::string(type) + " is not supported yet");
  }
  auto token = json::get_string(body, "credentialsId");
  if (!token) return invalid_argument("Device credentials id should be specified!");
  auto device = entities_.get_record_for_write(user, RecordKind::kDevice, device_id->id);
  if (!device) return device.status();
  Result<bj::object> answer = Status();
  Status status = entities_.store().transaction([&](storage::EntityStore& store) -> Status {
    auto record = load_credentials(store, device_id->id);
    if (!record) return record.status();
    PS_RETURN_IF_ERROR(write_credentials(store, *record, false, std::string(*token)));
    answer = record_json(*record);
    return answer.status();
  });
  if (!status) return status;
  return answer;
}

}  // namespace pacificsoft::entities
