// Per-tenant unique flags over the entity store.
#include "entities/unique_flag.h"

#include "entities/record_scan.h"

namespace pacificsoft::entities {

bool has_flag(const storage::EntityRecord& record, std::string_view flag) {
  auto body = record_json(record);
  return body && json::get_bool(*body, flag).value_or(false);
}

Result<storage::EntityRecord> find_flagged(storage::EntityStore& store, storage::RecordKind kind,
                                           const Uuid& tenant_id, std::string_view flag) {
  // Flagged kinds have a handful of records per tenant, so a scan is cheap.
  std::optional<storage::EntityRecord> found;
  storage::RecordQuery query{kind, tenant_id};
  PS_RETURN_IF_ERROR(scan_records(store, query, [&](const storage::EntityRecord& record) {
    if (has_flag(record, flag)) found = record;
    return Status::ok();
  }));
  if (!found) return not_found("No record holds " + std::string(flag));
  return std::move(*found);
}

Result<storage::EntityRecord> find_flagged(EntityService& service, storage::RecordKind kind,
                                           const Uuid& tenant_id, std::string_view flag) {
  return find_flagged(service.store(), kind, tenant_id, flag);
}

Result<bj::object> move_flag(EntityService& service, const auth::SecurityUser& user,
                             storage::RecordKind kind, const Uuid& id, std::string_view flag) {
  auto target = service.get_record_for_write(user, kind, id);
  if (!target) return target.status();
  Result<bj::object> answer = Status();
  Status status = service.store().transaction([&](storage::EntityStore& store) -> Status {
    auto current = find_flagged(store, kind, target->tenant_id, flag);
    if (current && current->id != id) {
      auto body = record_json(*current);
      if (!body) return body.status();
      (*body)[flag] = false;
      PS_RETURN_IF_ERROR(service.update_body(store, *current, *body));
    }
    auto body = record_json(*target);
    if (!body) return body.status();
    (*body)[flag] = true;
    answer = *body;
    return service.update_body(store, *target, *body);
  });
  if (!status) return status;
  return answer;
}

}  // namespace pacificsoft::entities
