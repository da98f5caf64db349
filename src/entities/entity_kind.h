// One EntityKind per entity family (device, customer, ...): how its JSON maps onto a stored
// record, who may see and change it, and what happens around its creation and removal.
// EntityService runs the generic part of every operation and calls these hooks.
#pragma once

#include <string>
#include <string_view>

#include "auth/security_user.h"
#include "common/json.h"
#include "common/status.h"
#include "model/entity_type.h"
#include "storage/entity_store.h"

namespace pacificsoft::entities {

class EntityService;
namespace bj = boost::json;

// Who may read and write records of a kind, beyond the per-kind overrides.
enum class AccessModel {
  kTenantOwned,         // tenant admins of the owning tenant; customer users may read
  kTenantAdminOnly,     // tenant admins of the owning tenant only
  kCustomerAssignable,  // tenant admins; customer users read what is assigned to them
};

struct KindInfo {
  storage::RecordKind record_kind;
  model::EntityType entity_type;
  std::string_view display_name;  // "Device", for messages such as "Device name should be ..."
  std::string_view name_field;    // the JSON field used as name: "name", "title" or "email"
  AccessModel access = AccessModel::kTenantAdminOnly;
  bool unique_name_per_tenant = false;
};

// Everything a hook may look at or change while one entity is saved, inside the transaction.
struct SaveContext {
  const auth::SecurityUser& user;
  storage::EntityStore& store;            // the transaction's view of the store
  EntityService& service;                 // for dependents (a tenant's default profile)
  bj::object& body;                       // the entity JSON as it will be stored
  storage::EntityRecord& record;          // columns to fill
  const storage::EntityRecord* existing;  // the stored version on update; null on create
  const std::string& access_token;        // ?accessToken= of a device create, else empty
};

// A customer assignment of one entity, inside its transaction.
struct AssignContext {
  storage::EntityStore& store;
  EntityService& service;
  storage::EntityRecord& record;          // the entity; its columns may change
  bj::object& body;                       // its JSON; may change
  const storage::EntityRecord* customer;  // the customer named in the request, if any
};

struct RemoveContext {
  const auth::SecurityUser& user;
  storage::EntityStore& store;
  EntityService& service;
  const storage::EntityRecord& record;
};

class EntityKind {
 public:
  virtual ~EntityKind() = default;
  virtual const KindInfo& info() const = 0;

  // Checks and completes the kind's own fields and sets record.type, label and unique keys
  // (name, ids, created time and owner columns are already filled). Errors end the save.
  virtual Status prepare(SaveContext& context) const;
  // Creates what a new entity needs (credentials, default profiles) in the same transaction.
  virtual Status after_create(SaveContext& context) const;
  // Removes or refuses to orphan what depends on the record, in the removal's transaction.
  virtual Status before_remove(RemoveContext& context) const;

  // Customer assignment of kinds with the kCustomerAssignable access model. The default keeps
  // one customer in the record's customer_id column.
  virtual Status assign(AssignContext& context) const;
  virtual Status unassign(AssignContext& context) const;

  virtual bool can_read(const auth::SecurityUser& user, const storage::EntityRecord& record) const;
  // `record` is the stored version, or the one about to be created.
  virtual bool can_write(const auth::SecurityUser& user, const storage::EntityRecord& record) const;
  // Whether the user may list this kind at all.
  virtual bool can_list(const auth::SecurityUser& user) const;
  // Narrows a list query to what the user may read (a customer user's own customer);
  // PermissionDenied when the query asks for more.
  virtual Status narrow_query(const auth::SecurityUser& user, storage::RecordQuery& query) const;
  // Narrows a query to the records assigned to a customer (customer-assignable kinds).
  virtual void filter_by_customer(storage::RecordQuery& query, const Uuid& customer_id) const;
};

}  // namespace pacificsoft::entities
