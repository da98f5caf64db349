// The built-in accounts and demo data (README lists them).
#include "entities/installer.h"

#include "common/log.h"

namespace pacificsoft::entities {
namespace {

using storage::RecordKind;

constexpr std::string_view kInstalledMarker = "install.completed";

Result<Uuid> id_of(const Result<bj::object>& entity) {
  if (!entity) return entity.status();
  auto id = model::parse_entity_id(entity->at("id"));
  if (!id) return internal_error("created entity without id");
  return id->id;
}

// Creates a user and gives it a password, so it can log in without activation.
Result<Uuid> create_user(EntityService& entities, auth::AuthService& auth,
                         const auth::SecurityUser& creator, bj::object body,
                         std::string_view password) {
  auto user_id = id_of(entities.save(creator, RecordKind::kUser, std::move(body)));
  if (!user_id) return user_id.status();
  PS_RETURN_IF_ERROR(auth.set_password(*user_id, password));
  return user_id;
}

Status install_demo(EntityService& entities, auth::AuthService& auth,
                    const auth::SecurityUser& sys_admin) {
  auto tenant_id =
      id_of(entities.save(sys_admin, RecordKind::kTenant, bj::object{{"title", "Demo Tenant"}}));
  if (!tenant_id) return tenant_id.status();
  bj::object tenant_admin_body{
      {"email", "tenant@pacificsoft.io"},
      {"authority", "TENANT_ADMIN"},
      {"tenantId", model::entity_id_json(model::EntityType::kTenant, *tenant_id)},
      {"firstName", "Demo"},
      {"lastName", "Tenant Admin"}};
  auto admin_id = create_user(entities, auth, sys_admin, tenant_admin_body, "tenant");
  if (!admin_id) return admin_id.status();

  auth::SecurityUser admin{*admin_id, "tenant@pacificsoft.io", model::Authority::kTenantAdmin,
                           *tenant_id};
  auto customer_id =
      id_of(entities.save(admin, RecordKind::kCustomer, bj::object{{"title", "Demo Customer"}}));
  if (!customer_id) return customer_id.status();
  bj::object customer_user_body{
      {"email", "customer@pacificsoft.io"},
      {"authority", "CUSTOMER_USER"},
      {"customerId", model::entity_id_json(model::EntityType::kCustomer, *customer_id)},
      {"firstName", "Demo"},
      {"lastName", "Customer User"}};
  auto user_id = create_user(entities, auth, admin, customer_user_body, "customer");
  if (!user_id) return user_id.status();

  for (int n = 1; n <= 3; ++n) {
    bj::object device{{"name", "Demo Device " + std::to_string(n)}, {"label", "Demo"}};
    auto device_id = id_of(entities.save(admin, RecordKind::kDevice, std::move(device)));
    if (!device_id) return device_id.status();
    // The first two belong to the demo customer, so its user has something to see.
    if (n <= 2) {
      auto assigned =
          entities.assign_to_customer(admin, RecordKind::kDevice, *device_id, *customer_id);
      if (!assigned) return assigned.status();
    }
  }
  return Status::ok();
}

}  // namespace

Status install_if_empty(EntityService& entities, auth::AuthService& auth,
                        const InstallOptions& options) {
  auto marker = entities.store().find_by_unique_key(RecordKind::kSetting, kInstalledMarker);
  if (!marker) return marker.status();
  if (marker->has_value()) return Status::ok();

  spdlog::info("Empty storage: creating the system administrator{}",
               options.load_demo ? " and demo data" : "");
  auth::SecurityUser sys_admin;
  sys_admin.authority = model::Authority::kSysAdmin;
  bj::object sys_admin_body{{"email", "sysadmin@pacificsoft.io"},
                            {"authority", "SYS_ADMIN"},
                            {"firstName", "System"},
                            {"lastName", "Administrator"}};
  auto created = create_user(entities, auth, sys_admin, sys_admin_body, "sysadmin");
  if (!created) return created.status();
  if (options.load_demo) PS_RETURN_IF_ERROR(install_demo(entities, auth, sys_admin));

  storage::EntityRecord done;
  done.kind = RecordKind::kSetting;
  done.id = Uuid::random();
  done.created_time = entities.clock().now_ms();
  done.name = std::string(kInstalledMarker);
  done.unique_key = std::string(kInstalledMarker);
  done.body = "{}";
  return entities.store().insert(done);
}

}  // namespace pacificsoft::entities
