// Tenants: created and removed by the system administrator; each gets its default device and
// asset profiles and a root rule chain, and takes all its data along when removed.
#include "entities/entity_service.h"
#include "entities/kinds.h"
#include "entities/rule_chain_metadata.h"

namespace pacificsoft::entities {
namespace {

class TenantKind final : public EntityKind {
 public:
  const KindInfo& info() const override {
    static const KindInfo kInfo{storage::RecordKind::kTenant, model::EntityType::kTenant, "Tenant",
                                "title"};
    return kInfo;
  }

  Status prepare(SaveContext& context) const override {
    // A tenant owns itself, so "everything of tenant X" includes the tenant record.
    context.record.tenant_id = context.record.id;
    if (!context.body.contains("region")) context.body["region"] = "Global";
    return Status::ok();
  }

  // The root rule chain with the reference's default nodes.
  static Status create_root_chain(SaveContext& context, const auth::SecurityUser& admin,
                                  bj::object body) {
    auto created = context.service.save_in(context.store, admin, storage::RecordKind::kRuleChain,
                                           std::move(body));
    if (!created) return created.status();
    auto id = model::parse_entity_id(created->at("id"));
    if (!id) return internal_error("root rule chain without id");
    auto chain = context.store.get(storage::RecordKind::kRuleChain, id->id);
    if (!chain) return chain.status();
    if (!chain->has_value()) return internal_error("root rule chain not stored");
    return write_rule_chain_metadata(context.store, **chain, default_root_chain_metadata(),
                                     context.service.clock().now_ms())
        .status();
  }

  Status after_create(SaveContext& context) const override {
    auth::SecurityUser admin;
    admin.authority = model::Authority::kTenantAdmin;
    admin.tenant_id = context.record.id;
    bj::object device_profile{
        {"name", "default"}, {"default", true}, {"description", "Default device profile"}};
    bj::object asset_profile{
        {"name", "default"}, {"default", true}, {"description", "Default asset profile"}};
    bj::object root_chain{{"name", "Root Rule Chain"}, {"root", true}};
    for (auto [kind, body] : {std::pair{storage::RecordKind::kDeviceProfile, device_profile},
                              std::pair{storage::RecordKind::kAssetProfile, asset_profile}}) {
      auto created = context.service.save_in(context.store, admin, kind, std::move(body));
      if (!created) return created.status();
    }
    return create_root_chain(context, admin, std::move(root_chain));
  }

  Status before_remove(RemoveContext& context) const override {
    return context.store.remove_tenant_records(context.record.id);
  }

  bool can_read(const auth::SecurityUser& user,
                const storage::EntityRecord& record) const override {
    return user.is_sys_admin() || (user.is_tenant_admin() && user.tenant_id == record.id);
  }
  bool can_write(const auth::SecurityUser& user, const storage::EntityRecord&) const override {
    return user.is_sys_admin();
  }
  bool can_list(const auth::SecurityUser& user) const override { return user.is_sys_admin(); }
  Status narrow_query(const auth::SecurityUser&, storage::RecordQuery& query) const override {
    query.tenant_id.reset();
    return Status::ok();
  }
};

}  // namespace

std::unique_ptr<EntityKind> make_tenant_kind() { return std::make_unique<TenantKind>(); }

}  // namespace pacificsoft::entities
