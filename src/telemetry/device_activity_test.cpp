#include "telemetry/device_activity.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "storage/sqlite/sqlite_attribute_store.h"
#include "storage/sqlite/sqlite_entity_store.h"
#include "storage/sqlite/sqlite_timeseries_store.h"
#include "telemetry/subscription_hub.h"

namespace pacificsoft::telemetry {
namespace {

namespace fs = std::filesystem;
using model::AttributeScope;

class DeviceActivityTest : public ::testing::Test {
 protected:
  DeviceActivityTest()
      : dir_(fs::temp_directory_path() / ("ps-activity-" + Uuid::random().to_string())) {
    fs::create_directories(dir_);
    db_ = *storage::sqlite::TelemetryDb::open((dir_ / "telemetry.db").string(), {});
    timeseries_ = std::make_unique<storage::sqlite::SqliteTimeseriesStore>(db_);
    attributes_ = std::make_unique<storage::sqlite::SqliteAttributeStore>(db_);
    telemetry_ = std::make_unique<TelemetryService>(*timeseries_, *attributes_, hub_, clock_);
    auto opened = storage::sqlite::SqliteEntityStore::open((dir_ / "e.db").string());
    entities_ = std::move(*opened);
  }
  ~DeviceActivityTest() override {
    entities_.reset();
    telemetry_.reset();
    attributes_.reset();
    timeseries_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  // Two partitions: a device's is the parity of its id's last byte.
  static std::uint32_t partition_of(const Uuid& device) { return device.bytes()[15] & 1U; }

  // A new DeviceActivity (a server start) owning `partitions`, recording the changes it reports.
  std::unique_ptr<DeviceActivity> start(std::vector<std::uint32_t> partitions = {0, 1}) {
    auto activity = std::make_unique<DeviceActivity>(
        *telemetry_, *entities_, DeviceActivityOptions{std::chrono::seconds(60)}, partition_of,
        [this](const Uuid& device, bool active) { changes_.emplace_back(device, active); });
    for (std::uint32_t partition : partitions) activity->on_assigned(partition);
    return activity;
  }

  Uuid add_device(std::uint32_t partition = 0) {
    storage::EntityRecord record;
    record.kind = storage::RecordKind::kDevice;
    do {
      record.id = Uuid::random();
    } while (partition_of(record.id) != partition);
    record.tenant_id = Uuid::random();
    record.name = record.id.to_string();
    record.body = "{}";
    EXPECT_TRUE(entities_->insert(record));
    return record.id;
  }

  std::optional<model::KvValue> server_attribute(const Uuid& device, const std::string& key) {
    auto found =
        attributes_->find({model::EntityType::kDevice, device}, AttributeScope::kServer, {key});
    if (!found || found->empty()) return std::nullopt;
    return found->front().value;
  }

  // Waits for the attribute writes DeviceActivity made without waiting.
  void settle() {
    ASSERT_TRUE(telemetry_->save_attributes_sync({model::EntityType::kAsset, Uuid::random()},
                                                 AttributeScope::kServer, {{"x", true}}));
  }

  fs::path dir_;
  ManualClock clock_{1'700'000'000'000};
  SubscriptionHub hub_;
  std::shared_ptr<storage::sqlite::TelemetryDb> db_;
  std::unique_ptr<storage::sqlite::SqliteTimeseriesStore> timeseries_;
  std::unique_ptr<storage::sqlite::SqliteAttributeStore> attributes_;
  std::unique_ptr<TelemetryService> telemetry_;
  std::unique_ptr<storage::sqlite::SqliteEntityStore> entities_;
  std::vector<std::pair<Uuid, bool>> changes_;
};

TEST_F(DeviceActivityTest, ADeviceActiveBeforeARestartBecomesInactiveAfterIt) {
  const Uuid device = add_device();
  add_device();  // never active: nothing to restore
  {
    auto before = start();
    before->connected(device);
    settle();
  }
  changes_.clear();
  auto after = start();
  clock_.advance_ms(59'000);
  after->flush();
  EXPECT_TRUE(changes_.empty());
  clock_.advance_ms(2'000);
  after->flush();
  settle();
  EXPECT_EQ(changes_, (std::vector<std::pair<Uuid, bool>>{{device, false}}));
  EXPECT_EQ(server_attribute(device, "active"), model::KvValue(false));
}

TEST_F(DeviceActivityTest, TheDevicesOwnInactivityTimeoutOverridesTheDefault) {
  const Uuid device = add_device();
  auto activity = start();
  ASSERT_TRUE(telemetry_->save_attributes_sync({model::EntityType::kDevice, device},
                                               AttributeScope::kServer,
                                               {{"inactivityTimeout", std::int64_t{5000}}}));
  activity->connected(device);
  clock_.advance_ms(6'000);
  activity->flush();
  EXPECT_EQ(changes_, (std::vector<std::pair<Uuid, bool>>{{device, true}, {device, false}}));
  auto restarted = start();  // reads the override back
  restarted->active(device);
  clock_.advance_ms(6'000);
  restarted->flush();
  EXPECT_EQ(changes_.back(), std::make_pair(device, false));
}

TEST_F(DeviceActivityTest, OnlyTheDevicesOfOwnedPartitionsAreKept) {
  const Uuid owned = add_device(0);
  const Uuid elsewhere = add_device(1);
  auto activity = start({0});
  activity->connected(owned);
  activity->connected(elsewhere);  // its owner keeps it
  settle();
  EXPECT_EQ(changes_, (std::vector<std::pair<Uuid, bool>>{{owned, true}}));
  EXPECT_EQ(server_attribute(owned, "active"), model::KvValue(true));
  EXPECT_EQ(server_attribute(elsewhere, "active"), std::nullopt);
}

TEST_F(DeviceActivityTest, ARevokedPartitionsActivityIsWrittenAndItsNextOwnerTakesOver) {
  const Uuid device = add_device(1);
  auto first = start();
  first->connected(device);
  clock_.advance_ms(10'000);
  first->active(device);  // noted, not written yet
  first->on_revoked(1);
  EXPECT_EQ(server_attribute(device, "lastActivityTime"),
            model::KvValue(std::int64_t{1'700'000'010'000}))
      << "written before the revoke returns, for the next owner";
  clock_.advance_ms(60'000);
  first->flush();
  EXPECT_EQ(changes_, (std::vector<std::pair<Uuid, bool>>{{device, true}}))
      << "a revoked partition's devices are no longer this one's to mark inactive";

  auto next = start({1});  // another process gets the partition
  next->flush();
  settle();
  EXPECT_EQ(changes_.back(), std::make_pair(device, false)) << "it read the state back";
}

}  // namespace
}  // namespace pacificsoft::telemetry
