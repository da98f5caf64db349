// Customers of a tenant: titles unique within the tenant; a customer user reads its own
// customer; removing a customer removes its users and unassigns its devices, assets, dashboards.
#include "entities/entity_service.h"
#include "entities/kinds.h"
#include "entities/record_scan.h"

namespace pacificsoft::entities {
namespace {

class CustomerKind final : public EntityKind {
 public:
  const KindInfo& info() const override {
    static const KindInfo kInfo{storage::RecordKind::kCustomer,
                                model::EntityType::kCustomer,
                                "Customer",
                                "title",
                                AccessModel::kTenantOwned,
                                true};
    return kInfo;
  }

  Status before_remove(RemoveContext& context) const override {
    const Uuid& customer_id = context.record.id;
    storage::RecordQuery users{storage::RecordKind::kUser, context.record.tenant_id, customer_id};
    PS_RETURN_IF_ERROR(scan_records(context.store, users, [&](const storage::EntityRecord& user) {
      PS_RETURN_IF_ERROR(context.store.remove(user.kind, user.id));
      auto credentials = context.store.find_by_unique_key(storage::RecordKind::kUserCredentials,
                                                          user.id.to_string());
      if (!credentials) return credentials.status();
      if (!credentials->has_value()) return Status::ok();
      return context.store.remove(storage::RecordKind::kUserCredentials, (*credentials)->id);
    }));
    for (auto kind : {storage::RecordKind::kDevice, storage::RecordKind::kAsset,
                      storage::RecordKind::kDashboard}) {
      storage::RecordQuery assigned{kind, context.record.tenant_id};
      context.service.kind(kind).filter_by_customer(assigned, customer_id);
      PS_RETURN_IF_ERROR(scan_records(context.store, assigned, [&](storage::EntityRecord record) {
        return unassign(context, std::move(record));
      }));
    }
    return Status::ok();
  }

  bool can_read(const auth::SecurityUser& user,
                const storage::EntityRecord& record) const override {
    if (user.tenant_id != record.tenant_id || user.is_sys_admin()) return false;
    return user.is_tenant_admin() || user.customer_id == record.id;
  }
  bool can_list(const auth::SecurityUser& user) const override { return user.is_tenant_admin(); }

 private:
  static Status unassign(RemoveContext& context, storage::EntityRecord record) {
    auto body = record_json(record);
    if (!body) return body.status();
    AssignContext assignment{context.store, context.service, record, *body, &context.record};
    PS_RETURN_IF_ERROR(context.service.kind(record.kind).unassign(assignment));
    (*body)["customerId"] = model::entity_id_json(model::EntityType::kCustomer, Uuid::null_id());
    return context.service.update_body(context.store, std::move(record), *body);
  }
};

}  // namespace

std::unique_ptr<EntityKind> make_customer_kind() { return std::make_unique<CustomerKind>(); }

}  // namespace pacificsoft::entities
