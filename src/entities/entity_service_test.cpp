// Entity rules on a real SQLite store: ownership, isolation, customer visibility, profiles,
// credentials, uniqueness and cascades.
#include "entities/entity_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "auth/auth_service.h"
#include "entities/device_credentials.h"
#include "entities/installer.h"
#include "entities/kinds.h"
#include "entities/unique_flag.h"
#include "storage/sqlite/sqlite_entity_store.h"

namespace pacificsoft::entities {
namespace {

using storage::RecordKind;

class EntityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ps_entities_" + Uuid::random().to_string());
    std::filesystem::create_directories(dir_);
    auto opened = storage::sqlite::SqliteEntityStore::open((dir_ / "e.db").string());
    ASSERT_TRUE(opened.is_ok());
    store_ = std::move(*opened);
    auth_ = std::make_unique<auth::AuthService>(*store_, jwt_, hasher_, auth::JwtOptions{}, clock_);
    service_ = std::make_unique<EntityService>(*store_, clock_);
    service_->register_kind(make_tenant_kind());
    service_->register_kind(make_customer_kind());
    service_->register_kind(make_user_kind(*auth_));
    service_->register_kind(make_device_profile_kind());
    service_->register_kind(make_asset_profile_kind());
    service_->register_kind(make_device_kind());
    service_->register_kind(make_asset_kind());
    service_->register_kind(make_dashboard_kind());
    service_->register_kind(make_rule_chain_kind());
    sys_admin_.authority = model::Authority::kSysAdmin;
  }

  void TearDown() override {
    service_.reset();
    auth_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Uuid id_of(const bj::object& entity) {
    return model::parse_entity_id(entity.at("id"))->id;
  }

  auth::SecurityUser new_tenant_admin(const std::string& title) {
    auto tenant = service_->save(sys_admin_, RecordKind::kTenant, bj::object{{"title", title}});
    EXPECT_TRUE(tenant.is_ok()) << tenant.status().to_string();
    auth::SecurityUser admin;
    admin.user_id = Uuid::random();
    admin.authority = model::Authority::kTenantAdmin;
    admin.tenant_id = id_of(*tenant);
    return admin;
  }

  bj::object create(const auth::SecurityUser& user, RecordKind kind, bj::object body) {
    auto created = service_->save(user, kind, std::move(body));
    EXPECT_TRUE(created.is_ok()) << created.status().to_string();
    return created.is_ok() ? *created : bj::object{};
  }

  static PageLink first_page() { return PageLink{100, 0}; }

  std::filesystem::path dir_;
  ManualClock clock_{1'700'000'000'000};
  auth::JwtCodec jwt_{{"test-key"}, clock_};
  auth::PasswordHasher hasher_{4};
  std::unique_ptr<storage::EntityStore> store_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<EntityService> service_;
  auth::SecurityUser sys_admin_;
};

TEST_F(EntityServiceTest, NewTenantGetsDefaultProfilesAndRootChain) {
  auto admin = new_tenant_admin("T1");
  auto profile = find_flagged(*store_, RecordKind::kDeviceProfile, admin.tenant_id, "default");
  ASSERT_TRUE(profile.is_ok());
  EXPECT_EQ(profile->name, "default");
  EXPECT_TRUE(find_flagged(*store_, RecordKind::kAssetProfile, admin.tenant_id, "default"));
  EXPECT_TRUE(find_flagged(*store_, RecordKind::kRuleChain, admin.tenant_id, "root"));
}

TEST_F(EntityServiceTest, DeviceGetsDefaultProfileOwnerFieldsAndToken) {
  auto admin = new_tenant_admin("T1");
  auto device = create(admin, RecordKind::kDevice, {{"name", "Thermostat"}});
  EXPECT_EQ(device.at("type").as_string(), "default");
  EXPECT_EQ(device.at("tenantId").at("id").as_string(), admin.tenant_id.to_string());
  EXPECT_EQ(device.at("customerId").at("id").as_string(), Uuid::null_id().to_string());
  DeviceCredentialsService credentials(*service_);
  auto read = credentials.get(admin, id_of(device));
  ASSERT_TRUE(read.is_ok());
  EXPECT_EQ(read->at("credentialsType").as_string(), "ACCESS_TOKEN");
  EXPECT_EQ(read->at("credentialsId").as_string().size(), 20u);
}

TEST_F(EntityServiceTest, DeviceWithGivenTokenAndTakenToken) {
  auto admin = new_tenant_admin("T1");
  auto first = service_->save(admin, RecordKind::kDevice, {{"name", "A"}}, "token-1");
  ASSERT_TRUE(first.is_ok());
  auto second = service_->save(admin, RecordKind::kDevice, {{"name", "B"}}, "token-1");
  EXPECT_EQ(second.status().code(), ErrorCode::kInvalidArgument);
  // The failed create left nothing behind.
  EXPECT_EQ(service_->find_by_name(admin, RecordKind::kDevice, "B").status().code(),
            ErrorCode::kNotFound);
}

TEST_F(EntityServiceTest, DeviceTypeCreatesProfileOnFirstUse) {
  auto admin = new_tenant_admin("T1");
  auto device = create(admin, RecordKind::kDevice, {{"name", "A"}, {"type", "thermostat"}});
  EXPECT_EQ(device.at("type").as_string(), "thermostat");
  auto profiles = service_->list(admin, RecordKind::kDeviceProfile, {}, first_page());
  ASSERT_TRUE(profiles.is_ok());
  EXPECT_EQ(profiles->total_elements, 2);
}

TEST_F(EntityServiceTest, NamesAreUniquePerTenantOnly) {
  auto a = new_tenant_admin("A");
  auto b = new_tenant_admin("B");
  create(a, RecordKind::kDevice, {{"name", "Same"}});
  EXPECT_EQ(service_->save(a, RecordKind::kDevice, {{"name", "Same"}}).status().code(),
            ErrorCode::kAlreadyExists);
  EXPECT_TRUE(service_->save(b, RecordKind::kDevice, {{"name", "Same"}}).is_ok());
}

TEST_F(EntityServiceTest, TenantsAreIsolated) {
  auto a = new_tenant_admin("A");
  auto b = new_tenant_admin("B");
  auto device = create(a, RecordKind::kDevice, {{"name", "Secret"}});
  Uuid id = id_of(device);
  EXPECT_EQ(service_->get(b, RecordKind::kDevice, id).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->remove(b, RecordKind::kDevice, id).code(), ErrorCode::kPermissionDenied);
  bj::object update = device;
  update["name"] = "Stolen";
  EXPECT_EQ(service_->save(b, RecordKind::kDevice, update).status().code(),
            ErrorCode::kPermissionDenied);
  auto listed = service_->list(b, RecordKind::kDevice, {}, first_page());
  ASSERT_TRUE(listed.is_ok());
  EXPECT_EQ(listed->total_elements, 0);
  EXPECT_EQ(service_->get(sys_admin_, RecordKind::kDevice, id).status().code(),
            ErrorCode::kPermissionDenied);
}

TEST_F(EntityServiceTest, CustomerUserSeesOnlyAssignedDevicesAndCannotWrite) {
  auto admin = new_tenant_admin("T");
  auto customer = create(admin, RecordKind::kCustomer, {{"title", "C"}});
  auto mine = create(admin, RecordKind::kDevice, {{"name", "Mine"}});
  auto other = create(admin, RecordKind::kDevice, {{"name", "Other"}});
  ASSERT_TRUE(
      service_->assign_to_customer(admin, RecordKind::kDevice, id_of(mine), id_of(customer)));
  auth::SecurityUser user{Uuid::random(), "u@c.io", model::Authority::kCustomerUser,
                          admin.tenant_id, id_of(customer)};
  EXPECT_TRUE(service_->get(user, RecordKind::kDevice, id_of(mine)).is_ok());
  EXPECT_FALSE(service_->get(user, RecordKind::kDevice, id_of(other)).is_ok());
  auto listed = service_->list(user, RecordKind::kDevice, {}, first_page());
  ASSERT_TRUE(listed.is_ok());
  EXPECT_EQ(listed->total_elements, 1);
  EXPECT_EQ(service_->remove(user, RecordKind::kDevice, id_of(mine)).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_FALSE(service_->list(user, RecordKind::kCustomer, {}, first_page()).is_ok());
}

TEST_F(EntityServiceTest, DefaultProfileCannotBeRemovedButMoves) {
  auto admin = new_tenant_admin("T");
  auto initial = find_flagged(*store_, RecordKind::kDeviceProfile, admin.tenant_id, "default");
  auto other = create(admin, RecordKind::kDeviceProfile, {{"name", "other"}, {"default", true}});
  EXPECT_FALSE(other.at("default").as_bool());  // only move_flag() moves it
  EXPECT_EQ(service_->remove(admin, RecordKind::kDeviceProfile, initial->id).code(),
            ErrorCode::kInvalidArgument);
  ASSERT_TRUE(move_flag(*service_, admin, RecordKind::kDeviceProfile, id_of(other), "default"));
  auto now = find_flagged(*store_, RecordKind::kDeviceProfile, admin.tenant_id, "default");
  EXPECT_EQ(now->id, id_of(other));
  EXPECT_TRUE(service_->remove(admin, RecordKind::kDeviceProfile, initial->id).is_ok());
}

TEST_F(EntityServiceTest, ProfileInUseCannotBeRemoved) {
  auto admin = new_tenant_admin("T");
  auto profile = create(admin, RecordKind::kDeviceProfile, {{"name", "p"}});
  create(admin, RecordKind::kDevice, {{"name", "d"}, {"deviceProfileId", profile.at("id")}});
  EXPECT_EQ(service_->remove(admin, RecordKind::kDeviceProfile, id_of(profile)).code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(EntityServiceTest, RemovingTenantRemovesItsData) {
  auto admin = new_tenant_admin("T");
  auto device = create(admin, RecordKind::kDevice, {{"name", "d"}});
  ASSERT_TRUE(service_->remove(sys_admin_, RecordKind::kTenant, admin.tenant_id).is_ok());
  auto stored = store_->get(RecordKind::kDevice, id_of(device));
  ASSERT_TRUE(stored.is_ok());
  EXPECT_FALSE(stored->has_value());
  EXPECT_FALSE(find_flagged(*store_, RecordKind::kDeviceProfile, admin.tenant_id, "default"));
}

TEST_F(EntityServiceTest, MissingNameIsInvalid) {
  auto admin = new_tenant_admin("T");
  auto result = service_->save(admin, RecordKind::kDevice, {{"label", "x"}});
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "Device name should be specified!");
}

TEST_F(EntityServiceTest, InstallerCreatesLoginsOnceAndTheyLogIn) {
  Status first = install_if_empty(*service_, *auth_, {true});
  ASSERT_TRUE(first.is_ok()) << first.to_string();
  ASSERT_TRUE(install_if_empty(*service_, *auth_, {true}).is_ok());  // second run: no-op
  EXPECT_TRUE(auth_->login("sysadmin@pacificsoft.io", "sysadmin").is_ok());
  EXPECT_TRUE(auth_->login("TENANT@pacificsoft.io", "tenant").is_ok());
  auto customer = auth_->login("customer@pacificsoft.io", "customer");
  ASSERT_TRUE(customer.is_ok());
  auto user = jwt_.verify_access(customer->token);
  ASSERT_TRUE(user.is_ok());
  auto devices = service_->list(*user, RecordKind::kDevice, {}, first_page());
  ASSERT_TRUE(devices.is_ok());
  EXPECT_EQ(devices->total_elements, 2);
  EXPECT_EQ(auth_->login("sysadmin@pacificsoft.io", "wrong").status().code(),
            ErrorCode::kUnauthenticated);
}

TEST_F(EntityServiceTest, NewUserActivatesWithToken) {
  auto admin = new_tenant_admin("T");
  auto user =
      create(sys_admin_, RecordKind::kUser,
             {{"email", "new@t.io"},
              {"authority", "TENANT_ADMIN"},
              {"tenantId", model::entity_id_json(model::EntityType::kTenant, admin.tenant_id)}});
  EXPECT_EQ(auth_->login("new@t.io", "whatever").status().code(), ErrorCode::kUnauthenticated);
  auto token = auth_->activation_token(id_of(user));
  ASSERT_TRUE(token.is_ok());
  EXPECT_FALSE(auth_->activate(*token, "short").is_ok());
  ASSERT_TRUE(auth_->activate(*token, "long-enough").is_ok());
  EXPECT_TRUE(auth_->login("new@t.io", "long-enough").is_ok());
  EXPECT_EQ(auth_->activation_token(id_of(user)).status().code(), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(auth_->activate(*token, "again-123").is_ok());  // single use
}

// Regression: a NUL in a user's own name made the next token for it abort the process.
TEST_F(EntityServiceTest, ControlCharactersInUserNamesAndEmailAreRefused) {
  auto admin = new_tenant_admin("T");
  auto user =
      create(admin, RecordKind::kUser, {{"email", "me@t.io"}, {"authority", "TENANT_ADMIN"}});
  auth::SecurityUser self{id_of(user), "me@t.io", model::Authority::kTenantAdmin, admin.tenant_id};
  auto edit = [&](std::string_view field, std::string value) {
    bj::object body = user;
    body[field] = value;
    return service_->save(self, RecordKind::kUser, std::move(body)).status();
  };
  for (std::string_view field : {"firstName", "lastName"}) {
    Status refused = edit(field, std::string("a\0b", 3));
    EXPECT_EQ(refused.code(), ErrorCode::kInvalidArgument) << field;
    EXPECT_EQ(refused.message(),
              "User " + std::string(field) + " should not contain control characters!");
    EXPECT_EQ(edit(field, "line\nbreak").code(), ErrorCode::kInvalidArgument) << field;
    EXPECT_TRUE(edit(field, "Zoë").is_ok()) << field;
  }
  EXPECT_EQ(edit("email", std::string("me@t.io\0", 8)).code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(edit("email", "me\t@t.io").code(), ErrorCode::kInvalidArgument);
}

TEST_F(EntityServiceTest, TenantAdminCannotCreateUsersElsewhere) {
  auto a = new_tenant_admin("A");
  auto b = new_tenant_admin("B");
  auto customer_of_b = create(b, RecordKind::kCustomer, {{"title", "CB"}});
  auto result = service_->save(a, RecordKind::kUser,
                               {{"email", "x@y.io"},
                                {"authority", "CUSTOMER_USER"},
                                {"customerId", customer_of_b.at("id")}});
  EXPECT_EQ(result.status().code(), ErrorCode::kNotFound);
  auto as_admin =
      service_->save(a, RecordKind::kUser, {{"email", "s@y.io"}, {"authority", "SYS_ADMIN"}});
  EXPECT_EQ(as_admin.status().code(), ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace pacificsoft::entities
