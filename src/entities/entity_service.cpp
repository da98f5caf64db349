// The generic part of entity operations: owner columns, permissions, transactions, paging.
#include "entities/entity_service.h"

#include <cstdlib>

namespace pacificsoft::entities {
namespace {

using storage::EntityRecord;
using storage::RecordKind;

bool is_customer_assignable(const EntityKind& kind) {
  return kind.info().access == AccessModel::kCustomerAssignable;
}

Status name_missing(const KindInfo& info) {
  return invalid_argument(std::string(info.display_name) + " " + std::string(info.name_field) +
                          " should be specified!");
}

Status name_taken(const KindInfo& info) {
  return {ErrorCode::kAlreadyExists, std::string(info.display_name) + " with such " +
                                         std::string(info.name_field) + " already exists!"};
}

// The "id" of a body ({"id": "<uuid>", ...} or a bare uuid string): nullopt when absent or
// null (a create), InvalidArgument when malformed.
Result<std::optional<Uuid>> body_id(const bj::object& body) {
  const auto* id = body.if_contains("id");
  if (id == nullptr || id->is_null()) return std::optional<Uuid>();
  std::optional<std::string_view> text;
  if (const auto* object = id->if_object()) {
    text = json::get_string(*object, "id");
  } else if (id->is_string()) {
    text = std::string_view(id->get_string());
  }
  auto parsed = text ? Uuid::parse(*text) : std::nullopt;
  if (!parsed) return invalid_argument("Invalid entity id");
  return std::optional<Uuid>(*parsed);
}

}  // namespace

Status permission_denied() {
  return {ErrorCode::kPermissionDenied, "You don't have permission to perform this operation!"};
}

std::string tenant_scoped_key(const Uuid& tenant_id, std::string_view name) {
  return tenant_id.to_string() + "/" + std::string(name);
}

Result<bj::object> record_json(const EntityRecord& record) {
  auto body = json::parse_object(record.body);
  if (!body) return internal_error("stored entity " + record.id.to_string() + " is not JSON");
  return body;
}

EntityService::EntityService(storage::EntityStore& store, const Clock& clock)
    : store_(store), clock_(clock) {}

EntityService::~EntityService() = default;

void EntityService::register_kind(std::unique_ptr<EntityKind> kind) {
  RecordKind record_kind = kind->info().record_kind;
  kinds_[record_kind] = std::move(kind);
}

const EntityKind& EntityService::kind(RecordKind record_kind) const {
  const EntityKind* found = registered(record_kind);
  // Every kind the API manages is registered by app/ at start-up; a miss is a wiring bug.
  if (found == nullptr) std::abort();
  return *found;
}

const EntityKind* EntityService::registered(RecordKind record_kind) const {
  auto it = kinds_.find(record_kind);
  return it == kinds_.end() ? nullptr : it->second.get();
}

Result<bj::object> EntityService::save(const auth::SecurityUser& user, RecordKind kind_id,
                                       bj::object body, const std::string& access_token) {
  Result<bj::object> saved = Status();
  Status status = store_.transaction([&](storage::EntityStore& store) {
    saved = save_in(store, user, kind_id, std::move(body), access_token);
    return saved.status();
  });
  if (!status) return status;
  return saved;
}

Result<bj::object> EntityService::save_in(storage::EntityStore& store,
                                          const auth::SecurityUser& user, RecordKind kind_id,
                                          bj::object body, const std::string& access_token) {
  const EntityKind& kind = this->kind(kind_id);
  const KindInfo& info = kind.info();
  auto name = json::get_string(body, info.name_field);
  if (!name || name->empty()) return name_missing(info);

  auto id = body_id(body);
  if (!id) return id.status();
  EntityRecord existing;
  bool is_update = id->has_value();
  if (is_update) {
    auto loaded = load_for_update(store, user, kind, **id);
    if (!loaded) return loaded.status();
    existing = std::move(*loaded);
  }

  EntityRecord record;
  record.kind = kind_id;
  record.name = std::string(*name);
  if (is_update) {
    record.id = existing.id;
    record.created_time = existing.created_time;
    record.tenant_id = existing.tenant_id;
    record.customer_id = existing.customer_id;
    record.parent_id = existing.parent_id;
  } else {
    record.id = Uuid::random();
    record.created_time = clock_.now_ms();
    record.tenant_id = user.tenant_id;
    if (is_customer_assignable(kind) && user.is_customer_user()) {
      record.customer_id = user.customer_id;
    }
  }
  if (info.unique_name_per_tenant) record.unique_key = tenant_scoped_key(record.tenant_id, *name);

  SaveContext context{user,        store, *this, body, record, is_update ? &existing : nullptr,
                      access_token};
  PS_RETURN_IF_ERROR(kind.prepare(context));
  if (!kind.can_write(user, record)) return permission_denied();
  stamp_common_fields(kind, record, body);
  record.body = json::serialize(body);

  Status written = is_update ? store.update(record) : store.insert(record);
  if (written.code() == ErrorCode::kAlreadyExists) return name_taken(info);
  PS_RETURN_IF_ERROR(written);
  if (!is_update) PS_RETURN_IF_ERROR(kind.after_create(context));
  return body;
}

Result<EntityRecord> EntityService::load_for_update(storage::EntityStore& store,
                                                    const auth::SecurityUser& user,
                                                    const EntityKind& kind, const Uuid& id) {
  auto stored = store.get(kind.info().record_kind, id);
  if (!stored) return stored.status();
  if (!stored->has_value()) return not_found("Requested item wasn't found!");
  if (!kind.can_write(user, **stored)) return permission_denied();
  return std::move(**stored);
}

void EntityService::stamp_common_fields(const EntityKind& kind, const EntityRecord& record,
                                        bj::object& body) const {
  const KindInfo& info = kind.info();
  body["id"] = model::entity_id_json(info.entity_type, record.id);
  body["createdTime"] = record.created_time;
  if (info.record_kind != RecordKind::kTenant) {
    body["tenantId"] =
        model::entity_id_json(model::EntityType::kTenant,
                              record.tenant_id.is_null() ? Uuid::null_id() : record.tenant_id);
  }
  if (is_customer_assignable(kind) || info.record_kind == RecordKind::kUser) {
    body["customerId"] =
        model::entity_id_json(model::EntityType::kCustomer,
                              record.customer_id.is_null() ? Uuid::null_id() : record.customer_id);
  }
  if (info.name_field != "name") body["name"] = record.name;
  if (!body.contains("additionalInfo")) body["additionalInfo"] = nullptr;
}

Result<bj::object> EntityService::get(const auth::SecurityUser& user, RecordKind kind,
                                      const Uuid& id) {
  auto record = get_record(user, kind, id);
  if (!record) return record.status();
  return record_json(*record);
}

Result<EntityRecord> EntityService::get_record(const auth::SecurityUser& user, RecordKind kind_id,
                                               const Uuid& id) {
  auto stored = store_.get(kind_id, id);
  if (!stored) return stored.status();
  if (!stored->has_value()) return not_found("Requested item wasn't found!");
  const EntityKind* kind = registered(kind_id);
  if (kind == nullptr) return invalid_argument("Unsupported entity type");
  if (!kind->can_read(user, **stored)) return permission_denied();
  return std::move(**stored);
}

Result<EntityRecord> EntityService::get_record_for_write(const auth::SecurityUser& user,
                                                         RecordKind kind_id, const Uuid& id) {
  auto stored = store_.get(kind_id, id);
  if (!stored) return stored.status();
  if (!stored->has_value()) return not_found("Requested item wasn't found!");
  const EntityKind* kind = registered(kind_id);
  if (kind == nullptr) return invalid_argument("Unsupported entity type");
  if (!kind->can_write(user, **stored)) return permission_denied();
  return std::move(**stored);
}

Result<std::optional<EntityRecord>> EntityService::find_record(RecordKind kind, const Uuid& id) {
  return store_.get(kind, id);
}

Result<std::optional<EntityRecord>> EntityService::find_record_by_key(RecordKind kind,
                                                                      std::string_view unique_key) {
  return store_.find_by_unique_key(kind, unique_key);
}

Result<storage::RecordPage> EntityService::list_records(const storage::RecordQuery& query) {
  return store_.list(query);
}

Result<bj::object> EntityService::find_by_name(const auth::SecurityUser& user, RecordKind kind_id,
                                               const std::string& name) {
  auto stored = store_.find_by_unique_key(kind_id, tenant_scoped_key(user.tenant_id, name));
  if (!stored) return stored.status();
  if (!stored->has_value()) return not_found("Requested item wasn't found!");
  if (!kind(kind_id).can_read(user, **stored)) return permission_denied();
  return record_json(**stored);
}

Status EntityService::remove(const auth::SecurityUser& user, RecordKind kind_id, const Uuid& id) {
  const EntityKind& kind = this->kind(kind_id);
  return store_.transaction([&](storage::EntityStore& store) -> Status {
    auto stored = store.get(kind_id, id);
    if (!stored) return stored.status();
    if (!stored->has_value()) return not_found("Requested item wasn't found!");
    if (!kind.can_write(user, **stored)) return permission_denied();
    RemoveContext context{user, store, *this, **stored};
    PS_RETURN_IF_ERROR(kind.before_remove(context));
    PS_RETURN_IF_ERROR(store.delete_relations_of({kind.info().entity_type, id}));
    Status removed = store.remove(kind_id, id);
    // A hook may have removed the record with its dependents (a tenant with its data).
    return removed.code() == ErrorCode::kNotFound ? Status::ok() : removed;
  });
}

Result<EntityPage> EntityService::list(const auth::SecurityUser& user, RecordKind kind_id,
                                       const ListFilter& filter, const PageLink& link) {
  const EntityKind& kind = this->kind(kind_id);
  if (!kind.can_list(user)) return permission_denied();
  storage::RecordQuery query;
  query.kind = kind_id;
  query.tenant_id = filter.tenant_id.value_or(user.tenant_id);
  query.type = filter.type;
  query.text_search = link.text_search;
  query.sort = link.sort;
  query.descending = link.descending;
  query.page_size = link.page_size;
  query.page = link.page;
  if (filter.customer_id) {
    if (user.is_customer_user() && *filter.customer_id != user.customer_id) {
      return permission_denied();
    }
    kind.filter_by_customer(query, *filter.customer_id);
  }
  PS_RETURN_IF_ERROR(kind.narrow_query(user, query));
  auto page = store_.list(query);
  if (!page) return page.status();
  EntityPage result;
  result.total_elements = page->total_elements;
  result.link = link;
  for (const auto& record : page->records) {
    if (!kind.can_read(user, record)) return permission_denied();
    auto body = record_json(record);
    if (!body) return body.status();
    result.data.emplace_back(std::move(*body));
  }
  return result;
}

Result<bj::object> EntityService::assign_to_customer(const auth::SecurityUser& user,
                                                     RecordKind kind, const Uuid& id,
                                                     const Uuid& customer_id) {
  return change_assignment(user, kind, id, customer_id, true);
}

Result<bj::object> EntityService::unassign_from_customer(const auth::SecurityUser& user,
                                                         RecordKind kind, const Uuid& id,
                                                         const std::optional<Uuid>& customer_id) {
  return change_assignment(user, kind, id, customer_id, false);
}

Result<bj::object> EntityService::change_assignment(const auth::SecurityUser& user,
                                                    RecordKind kind_id, const Uuid& id,
                                                    const std::optional<Uuid>& customer_id,
                                                    bool assign) {
  const EntityKind& kind = this->kind(kind_id);
  if (!is_customer_assignable(kind)) return permission_denied();
  std::optional<EntityRecord> customer;
  if (customer_id) {
    auto loaded = get_record_for_write(user, RecordKind::kCustomer, *customer_id);
    if (!loaded) return loaded.status();
    customer = std::move(*loaded);
  }
  auto record = get_record_for_write(user, kind_id, id);
  if (!record) return record.status();
  auto body = record_json(*record);
  if (!body) return body.status();
  Status status = store_.transaction([&](storage::EntityStore& store) -> Status {
    AssignContext context{store, *this, *record, *body, customer ? &*customer : nullptr};
    PS_RETURN_IF_ERROR(assign ? kind.assign(context) : kind.unassign(context));
    stamp_common_fields(kind, *record, *body);
    return update_body(store, *record, *body);
  });
  if (!status) return status;
  return body;
}

Status EntityService::update_body(storage::EntityStore& store, EntityRecord record,
                                  const bj::object& body) {
  record.body = json::serialize(body);
  return store.update(record);
}

}  // namespace pacificsoft::entities
