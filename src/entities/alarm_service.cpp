#include "entities/alarm_service.h"

#include <algorithm>

#include "entities/record_scan.h"

namespace pacificsoft::entities {
namespace {

using storage::EntityRecord;
using storage::RecordKind;

std::string active_key(const model::EntityId& originator, std::string_view type) {
  return originator.id.to_string() + "/" + std::string(type);
}

std::string status_of(bool cleared, bool acknowledged) {
  return std::string(cleared ? "CLEARED_" : "ACTIVE_") + (acknowledged ? "ACK" : "UNACK");
}

// The derived fields the reference answers with.
void stamp_status(bj::object& alarm) {
  const bool cleared = json::get_bool(alarm, "cleared").value_or(false);
  const bool acknowledged = json::get_bool(alarm, "acknowledged").value_or(false);
  alarm["status"] = status_of(cleared, acknowledged);
}

Result<std::optional<EntityRecord>> find_active(storage::EntityStore& store,
                                                const model::EntityId& originator,
                                                std::string_view type) {
  return store.find_by_unique_key2(RecordKind::kAlarm, active_key(originator, type));
}

// The originator's customer, so the customer's users see its alarms.
Uuid customer_of(storage::EntityStore& store, const model::EntityId& originator) {
  auto kind =
      originator.type == model::EntityType::kAsset ? RecordKind::kAsset : RecordKind::kDevice;
  auto record = store.get(kind, originator.id);
  return record && record->has_value() ? (*record)->customer_id : Uuid();
}

Status write(storage::EntityStore& store, EntityRecord& record, bj::object& alarm, bool is_new) {
  stamp_status(alarm);
  record.body = json::serialize(alarm);
  return is_new ? store.insert(record) : store.update(record);
}

}  // namespace

bool alarm_matches_status(const bj::object& alarm, std::string_view search_status) {
  const bool cleared = json::get_bool(alarm, "cleared").value_or(false);
  const bool acknowledged = json::get_bool(alarm, "acknowledged").value_or(false);
  if (search_status == "ACTIVE") return !cleared;
  if (search_status == "CLEARED") return cleared;
  if (search_status == "ACK") return acknowledged;
  if (search_status == "UNACK") return !acknowledged;
  if (search_status.ends_with("_ACK") || search_status.ends_with("_UNACK")) {
    return status_of(cleared, acknowledged) == search_status;  // a status value as filter
  }
  return true;  // ANY or none
}

Result<AlarmOutcome> AlarmService::raise(const AlarmRaise& raise) {
  AlarmOutcome outcome;
  Status status = entities_.store().transaction([&](storage::EntityStore& store) -> Status {
    auto active = find_active(store, raise.originator, raise.type);
    if (!active) return active.status();
    if (active->has_value()) {
      EntityRecord record = std::move(**active);
      auto alarm = record_json(record);
      if (!alarm) return alarm.status();
      std::string previous(json::get_string(*alarm, "severity").value_or(""));
      (*alarm)["severity"] = raise.severity;
      if (raise.details) (*alarm)["details"] = *raise.details;
      (*alarm)["endTs"] = raise.ts;
      PS_RETURN_IF_ERROR(write(store, record, *alarm, false));
      outcome = {AlarmChange::kUpdated, std::move(*alarm), std::move(previous)};
      return Status::ok();
    }
    EntityRecord record;
    record.kind = RecordKind::kAlarm;
    record.id = Uuid::random();
    record.created_time = raise.ts;
    record.tenant_id = raise.tenant_id;
    record.customer_id = customer_of(store, raise.originator);
    record.parent_id = raise.originator.id;
    record.type = raise.type;
    record.name = raise.type;
    record.unique_key2 = active_key(raise.originator, raise.type);
    bj::object alarm{
        {"id", model::entity_id_json(model::EntityType::kAlarm, record.id)},
        {"createdTime", raise.ts},
        {"tenantId", model::entity_id_json(model::EntityType::kTenant, raise.tenant_id)},
        {"customerId", model::entity_id_json(model::EntityType::kCustomer, record.customer_id)},
        {"type", raise.type},
        {"originator", model::entity_id_json(raise.originator.type, raise.originator.id)},
        {"severity", raise.severity},
        {"acknowledged", false},
        {"cleared", false},
        {"startTs", raise.ts},
        {"endTs", raise.ts},
        {"ackTs", 0},
        {"clearTs", 0},
        {"details", raise.details.value_or(bj::object{})},
        {"propagate", false}};
    PS_RETURN_IF_ERROR(write(store, record, alarm, true));
    outcome = {AlarmChange::kCreated, std::move(alarm), {}};
    return Status::ok();
  });
  if (!status) return status;
  return outcome;
}

Result<AlarmOutcome> AlarmService::clear_active(const Uuid&, const model::EntityId& originator,
                                                const std::string& type, std::int64_t ts) {
  AlarmOutcome outcome;
  Status status = entities_.store().transaction([&](storage::EntityStore& store) -> Status {
    auto active = find_active(store, originator, type);
    if (!active) return active.status();
    if (!active->has_value()) return Status::ok();
    EntityRecord record = std::move(**active);
    auto alarm = record_json(record);
    if (!alarm) return alarm.status();
    (*alarm)["cleared"] = true;
    (*alarm)["clearTs"] = ts;
    record.unique_key2.reset();  // no longer the active one: the next raise starts a new alarm
    PS_RETURN_IF_ERROR(write(store, record, *alarm, false));
    outcome = {AlarmChange::kCleared, std::move(*alarm), {}};
    return Status::ok();
  });
  if (!status) return status;
  return outcome;
}

Result<EntityRecord> AlarmService::visible(const auth::SecurityUser& user, const Uuid& id) {
  auto record = entities_.store().get(RecordKind::kAlarm, id);
  if (!record) return record.status();
  if (!record->has_value()) return not_found("Requested item wasn't found!");
  const EntityRecord& alarm = **record;
  const bool allowed = (user.is_tenant_admin() && alarm.tenant_id == user.tenant_id) ||
                       (user.is_customer_user() && alarm.tenant_id == user.tenant_id &&
                        alarm.customer_id == user.customer_id);
  if (!allowed) return permission_denied();
  return std::move(**record);
}

Result<bj::object> AlarmService::get(const auth::SecurityUser& user, const Uuid& id) {
  auto record = visible(user, id);
  if (!record) return record.status();
  return record_json(*record);
}

Result<bj::object> AlarmService::change(const auth::SecurityUser& user, const Uuid& id,
                                        bool clear) {
  auto record = visible(user, id);
  if (!record) return record.status();
  auto alarm = record_json(*record);
  if (!alarm) return alarm.status();
  const std::int64_t now = entities_.clock().now_ms();
  if (clear && !json::get_bool(*alarm, "cleared").value_or(false)) {
    (*alarm)["cleared"] = true;
    (*alarm)["clearTs"] = now;
    record->unique_key2.reset();
  } else if (!clear && !json::get_bool(*alarm, "acknowledged").value_or(false)) {
    (*alarm)["acknowledged"] = true;
    (*alarm)["ackTs"] = now;
  }
  PS_RETURN_IF_ERROR(write(entities_.store(), *record, *alarm, false));
  return alarm;
}

Result<bj::object> AlarmService::acknowledge(const auth::SecurityUser& user, const Uuid& id) {
  return change(user, id, false);
}

Result<bj::object> AlarmService::clear(const auth::SecurityUser& user, const Uuid& id) {
  return change(user, id, true);
}

Status AlarmService::remove(const auth::SecurityUser& user, const Uuid& id) {
  auto record = visible(user, id);
  if (!record) return record.status();
  return entities_.store().remove(RecordKind::kAlarm, id);
}

Result<EntityPage> AlarmService::list(const auth::SecurityUser& user,
                                      const std::optional<model::EntityId>& originator,
                                      std::string_view search_status, const PageLink& link) {
  if (user.is_sys_admin()) return permission_denied();
  storage::RecordQuery query{RecordKind::kAlarm, user.tenant_id};
  if (user.is_customer_user()) query.customer_id = user.customer_id;
  if (originator) query.parent_id = originator->id;
  // Status is a field of the alarm's JSON: matching alarms are collected, then paged.
  std::vector<bj::object> matching;
  PS_RETURN_IF_ERROR(scan_records(entities_.store(), query, [&](const EntityRecord& record) {
    auto alarm = record_json(record);
    if (!alarm) return alarm.status();
    if (alarm_matches_status(*alarm, search_status)) matching.push_back(std::move(*alarm));
    return Status::ok();
  }));
  std::stable_sort(matching.begin(), matching.end(), [](const bj::object& a, const bj::object& b) {
    return json::get_int(a, "createdTime").value_or(0) >
           json::get_int(b, "createdTime").value_or(0);
  });
  EntityPage page;
  page.link = link;
  page.total_elements = static_cast<std::int64_t>(matching.size());
  const auto start = static_cast<std::size_t>(link.page) * static_cast<std::size_t>(link.page_size);
  for (std::size_t i = start; i < matching.size() && i < start + link.page_size; ++i) {
    page.data.emplace_back(std::move(matching[i]));
  }
  return page;
}

}  // namespace pacificsoft::entities
