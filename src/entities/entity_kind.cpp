// Default hooks and the access rules of the three access models.
#include "entities/entity_kind.h"

#include "entities/entity_service.h"

namespace pacificsoft::entities {

Status EntityKind::prepare(SaveContext&) const { return Status::ok(); }
Status EntityKind::after_create(SaveContext&) const { return Status::ok(); }
Status EntityKind::before_remove(RemoveContext&) const { return Status::ok(); }
Status EntityKind::assign(AssignContext& context) const {
  context.record.customer_id = context.customer->id;
  return Status::ok();
}

Status EntityKind::unassign(AssignContext& context) const {
  context.record.customer_id = Uuid();
  return Status::ok();
}

bool EntityKind::can_read(const auth::SecurityUser& user,
                          const storage::EntityRecord& record) const {
  if (user.tenant_id != record.tenant_id || user.is_sys_admin()) return false;
  if (user.is_tenant_admin()) return true;
  switch (info().access) {
    case AccessModel::kTenantOwned:
      return true;
    case AccessModel::kTenantAdminOnly:
      return false;
    case AccessModel::kCustomerAssignable:
      return !user.customer_id.is_null() && record.customer_id == user.customer_id;
  }
  return false;
}

bool EntityKind::can_write(const auth::SecurityUser& user,
                           const storage::EntityRecord& record) const {
  return user.is_tenant_admin() && user.tenant_id == record.tenant_id;
}

bool EntityKind::can_list(const auth::SecurityUser& user) const {
  if (user.is_sys_admin()) return false;
  return user.is_tenant_admin() || info().access != AccessModel::kTenantAdminOnly;
}

Status EntityKind::narrow_query(const auth::SecurityUser& user, storage::RecordQuery& query) const {
  if (query.tenant_id != user.tenant_id) return permission_denied();
  if (user.is_customer_user() && info().access == AccessModel::kCustomerAssignable) {
    filter_by_customer(query, user.customer_id);
  }
  return Status::ok();
}

void EntityKind::filter_by_customer(storage::RecordQuery& query, const Uuid& customer_id) const {
  query.customer_id = customer_id;
}

}  // namespace pacificsoft::entities
