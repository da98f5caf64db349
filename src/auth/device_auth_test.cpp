// DeviceAuth's cache: what it keeps answers without the store, and what it is told to forget is
// read again.
#include "auth/device_auth.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/sqlite/sqlite_entity_store.h"

namespace pacificsoft::auth {
namespace {

namespace fs = std::filesystem;

class DeviceAuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ps-device-auth-" + Uuid::random().to_string());
    fs::create_directories(dir_);
    auto opened = storage::sqlite::SqliteEntityStore::open((dir_ / "entities.db").string());
    ASSERT_TRUE(opened);
    store_ = std::move(*opened);
    device_.kind = storage::RecordKind::kDevice;
    device_.id = Uuid::random();
    device_.tenant_id = Uuid::random();
    device_.name = "before";
    device_.body = "{}";
    ASSERT_TRUE(store_->insert(device_));
    credentials_.kind = storage::RecordKind::kDeviceCredentials;
    credentials_.id = Uuid::random();
    credentials_.tenant_id = device_.tenant_id;
    credentials_.parent_id = device_.id;
    credentials_.unique_key = "token-1";
    credentials_.body = R"({"credentialsType":"ACCESS_TOKEN","credentialsId":"token-1"})";
    ASSERT_TRUE(store_->insert(credentials_));
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::string name_by(std::string_view token) {
    auto identity = auth_->by_access_token(token);
    return identity ? identity->name : identity.status().message();
  }
  void change_token(std::string token) {
    credentials_.unique_key = token;
    credentials_.body = R"({"credentialsType":"ACCESS_TOKEN","credentialsId":")" + token + "\"}";
    ASSERT_TRUE(store_->update(credentials_));
  }

  fs::path dir_;
  std::unique_ptr<storage::sqlite::SqliteEntityStore> store_;
  std::unique_ptr<DeviceAuth> auth_;
  storage::EntityRecord device_;
  storage::EntityRecord credentials_;
};

TEST_F(DeviceAuthTest, KeepsWhatItReadUntilToldToForget) {
  auth_ = std::make_unique<DeviceAuth>(*store_);
  EXPECT_EQ(name_by("token-1"), "before");
  device_.name = "after";
  ASSERT_TRUE(store_->update(device_));  // behind its back: the kept identity answers
  EXPECT_EQ(name_by("token-1"), "before");
  auth_->forget_device(device_.id);
  EXPECT_EQ(name_by("token-1"), "after");
}

TEST_F(DeviceAuthTest, ChangedCredentialsTakeEffectOnceForgotten) {
  auth_ = std::make_unique<DeviceAuth>(*store_);
  EXPECT_EQ(name_by("token-1"), "before");
  change_token("token-2");
  EXPECT_EQ(name_by("token-2"), "before") << "unknown credentials are always read";
  auth_->forget_device(device_.id);
  EXPECT_EQ(name_by("token-1"), "Invalid device credentials");
  EXPECT_EQ(name_by("token-2"), "before");
}

TEST_F(DeviceAuthTest, ARemovedCredentialsRecordIsForgottenByItsId) {
  auth_ = std::make_unique<DeviceAuth>(*store_);
  EXPECT_EQ(name_by("token-1"), "before");
  ASSERT_TRUE(store_->remove(storage::RecordKind::kDeviceCredentials, credentials_.id));
  auth_->forget_credentials_record(credentials_.id);
  EXPECT_EQ(name_by("token-1"), "Invalid device credentials");
}

TEST_F(DeviceAuthTest, PastItsSizeItDropsEverythingAndReadsAgain) {
  auth_ = std::make_unique<DeviceAuth>(*store_, 1);
  EXPECT_EQ(name_by("token-1"), "before");
  device_.name = "after";
  ASSERT_TRUE(store_->update(device_));
  storage::EntityRecord other = device_;
  other.id = Uuid::random();
  other.name = "other";
  ASSERT_TRUE(store_->insert(other));
  storage::EntityRecord other_token = credentials_;
  other_token.id = Uuid::random();
  other_token.parent_id = other.id;
  other_token.unique_key = "token-2";
  ASSERT_TRUE(store_->insert(other_token));
  EXPECT_EQ(name_by("token-2"), "other");  // a second token and identity: the first are dropped
  EXPECT_EQ(name_by("token-1"), "after");
}

// What comes once per connection is read through: kept answers are used, nothing is added.
TEST_F(DeviceAuthTest, MqttCredentialsAndLookupsByIdAreNotKept) {
  auth_ = std::make_unique<DeviceAuth>(*store_);
  ASSERT_TRUE(auth_->by_mqtt_credentials("client", "token-1", ""));
  ASSERT_TRUE(auth_->device(device_.id));
  device_.name = "after";
  ASSERT_TRUE(store_->update(device_));
  EXPECT_EQ(auth_->by_mqtt_credentials("client", "token-1", "")->name, "after");
  EXPECT_EQ(auth_->device(device_.id)->name, "after");
}

}  // namespace
}  // namespace pacificsoft::auth
