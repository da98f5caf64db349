// Create, read, update, delete, list and customer assignment for every entity family, with
// the caller's permissions checked on each. The family-specific rules are EntityKind hooks
// registered by app/.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "auth/security_user.h"
#include "common/clock.h"
#include "entities/entity_kind.h"
#include "entities/page.h"
#include "storage/entity_store.h"

namespace pacificsoft::entities {

// Narrows a list beyond what the caller may see anyway.
struct ListFilter {
  std::optional<Uuid> tenant_id;    // system administrator listing one tenant's users
  std::optional<Uuid> customer_id;  // one customer's entities
  std::optional<std::string> type;  // device or asset type
};

// Kinds are registered once at start-up; afterwards every method is thread-safe.
class EntityService {
 public:
  EntityService(storage::EntityStore& store, const Clock& clock);
  ~EntityService();

  void register_kind(std::unique_ptr<EntityKind> kind);
  const EntityKind& kind(storage::RecordKind record_kind) const;
  // The kind's rules, or nullptr for records without any (alarms, settings): entity ids from
  // requests may name those, and get an error rather than the wiring-bug abort of kind().
  const EntityKind* registered(storage::RecordKind record_kind) const;

  // Creates (body without "id") or updates (body with "id") an entity; answers it as stored.
  Result<bj::object> save(const auth::SecurityUser& user, storage::RecordKind kind, bj::object body,
                          const std::string& access_token = {});
  // As save(), inside a running transaction; for hooks that create dependents.
  Result<bj::object> save_in(storage::EntityStore& store, const auth::SecurityUser& user,
                             storage::RecordKind kind, bj::object body,
                             const std::string& access_token = {});

  Result<bj::object> get(const auth::SecurityUser& user, storage::RecordKind kind, const Uuid& id);
  // The stored record after the read check: NotFound when absent, PermissionDenied when hidden.
  Result<storage::EntityRecord> get_record(const auth::SecurityUser& user, storage::RecordKind kind,
                                           const Uuid& id);
  // As get_record(), but requires write permission.
  Result<storage::EntityRecord> get_record_for_write(const auth::SecurityUser& user,
                                                     storage::RecordKind kind, const Uuid& id);
  // An entity of the caller's tenant by its unique name; NotFound when absent.
  Result<bj::object> find_by_name(const auth::SecurityUser& user, storage::RecordKind kind,
                                  const std::string& name);
  Status remove(const auth::SecurityUser& user, storage::RecordKind kind, const Uuid& id);
  Result<EntityPage> list(const auth::SecurityUser& user, storage::RecordKind kind,
                          const ListFilter& filter, const PageLink& link);

  Result<bj::object> assign_to_customer(const auth::SecurityUser& user, storage::RecordKind kind,
                                        const Uuid& id, const Uuid& customer_id);
  // Unassigns from `customer_id`, or from its customer when the kind has at most one.
  Result<bj::object> unassign_from_customer(const auth::SecurityUser& user,
                                            storage::RecordKind kind, const Uuid& id,
                                            const std::optional<Uuid>& customer_id);

  // Replaces a stored record's body after a kind-specific change (set default, set root).
  Status update_body(storage::EntityStore& store, storage::EntityRecord record,
                     const bj::object& body);

  // Reads for callers that check the tenant themselves (the rule engine, which works for the
  // message's tenant): no caller's permissions. Writes go through the methods above or the
  // entity families' services.
  Result<std::optional<storage::EntityRecord>> find_record(storage::RecordKind kind,
                                                           const Uuid& id);
  // By the record's unique key (tenant_scoped_key(tenant, name) for names unique in a tenant).
  Result<std::optional<storage::EntityRecord>> find_record_by_key(storage::RecordKind kind,
                                                                  std::string_view unique_key);
  Result<storage::RecordPage> list_records(const storage::RecordQuery& query);

  const Clock& clock() const { return clock_; }
  // The entity families' own services (this module) only: the rest of the server goes through
  // the methods above, so the store stays this module's to change.
  storage::EntityStore& store() { return store_; }

 private:
  Result<storage::EntityRecord> load_for_update(storage::EntityStore& store,
                                                const auth::SecurityUser& user,
                                                const EntityKind& kind, const Uuid& id);
  void stamp_common_fields(const EntityKind& kind, const storage::EntityRecord& record,
                           bj::object& body) const;
  Result<bj::object> change_assignment(const auth::SecurityUser& user, storage::RecordKind kind,
                                       const Uuid& id, const std::optional<Uuid>& customer_id,
                                       bool assign);

  storage::EntityStore& store_;
  const Clock& clock_;
  std::map<storage::RecordKind, std::unique_ptr<EntityKind>> kinds_;
};

// The JSON of a stored record, as answered by the REST API.
Result<bj::object> record_json(const storage::EntityRecord& record);
// "<tenant id>/<name>": the unique key of names unique within a tenant.
std::string tenant_scoped_key(const Uuid& tenant_id, std::string_view name);
Status permission_denied();

}  // namespace pacificsoft::entities
