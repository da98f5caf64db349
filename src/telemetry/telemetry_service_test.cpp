#include "telemetry/telemetry_service.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>

#include "storage/sqlite/sqlite_attribute_store.h"
#include "storage/sqlite/sqlite_timeseries_store.h"
#include "telemetry/subscription_hub.h"

namespace pacificsoft::telemetry {
namespace {

namespace fs = std::filesystem;

// Real SQLite stores; what the tests look at is when the hub's listeners are told.
class TelemetryServiceTest : public ::testing::Test {
 protected:
  TelemetryServiceTest()
      : dir_(fs::temp_directory_path() / ("ps-telemetry-" + Uuid::random().to_string())) {
    fs::create_directories(dir_);
    db_ = *storage::sqlite::TelemetryDb::open((dir_ / "telemetry.db").string(), {});
    timeseries_ = std::make_unique<storage::sqlite::SqliteTimeseriesStore>(db_);
    attributes_ = std::make_unique<storage::sqlite::SqliteAttributeStore>(db_);
    telemetry_ = std::make_unique<TelemetryService>(*timeseries_, *attributes_, hub_, clock_);
    hub_.subscribe_timeseries(device_, [this](const auto&) { ++timeseries_updates_; });
    hub_.subscribe_attributes(device_,
                              [this](auto, const auto&, const auto&) { ++attribute_updates_; });
  }
  ~TelemetryServiceTest() override {
    telemetry_.reset();
    attributes_.reset();
    timeseries_.reset();
    db_.reset();
    fs::remove_all(dir_);
  }

  // Saves and returns what the store answered; `before` is the number of time-series updates
  // the subscribers had when save_timeseries returned, before the commit was waited for.
  Status save_points(std::vector<model::TsKv> points, LiveUpdate live, int& before) {
    std::promise<Status> committed;
    telemetry_->save_timeseries(
        device_, std::move(points), 0, [&](Status status) { committed.set_value(status); }, live);
    before = timeseries_updates_;
    return committed.get_future().get();
  }

  fs::path dir_;
  std::shared_ptr<storage::sqlite::TelemetryDb> db_;
  std::unique_ptr<storage::sqlite::SqliteTimeseriesStore> timeseries_;
  std::unique_ptr<storage::sqlite::SqliteAttributeStore> attributes_;
  SubscriptionHub hub_;
  SystemClock clock_;
  std::unique_ptr<TelemetryService> telemetry_;
  model::EntityId device_{model::EntityType::kDevice, Uuid::random()};
  std::atomic<int> timeseries_updates_{0};
  std::atomic<int> attribute_updates_{0};
};

TEST_F(TelemetryServiceTest, BeforeCommitShowsASaveAsSoonAsTheStoreTakesIt) {
  int before = 0;
  ASSERT_TRUE(save_points({{"t", 1000, 21.5}}, LiveUpdate::kBeforeCommit, before));
  EXPECT_EQ(before, 1);
  EXPECT_EQ(timeseries_updates_, 1);  // once, not again after the commit
}

TEST_F(TelemetryServiceTest, AfterCommitShowsASaveOnceCommitted) {
  int before = 0;
  ASSERT_TRUE(save_points({{"t", 1000, 21.5}}, LiveUpdate::kAfterCommit, before));
  EXPECT_EQ(timeseries_updates_, 1);
}

TEST_F(TelemetryServiceTest, ValuesTheStoreRefusesAreNeverShown) {
  int before = 0;
  Status saved =
      save_points({{std::string(300, 'k'), 1000, 1.0}}, LiveUpdate::kBeforeCommit, before);
  EXPECT_EQ(saved.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(timeseries_updates_, 0);
}

TEST_F(TelemetryServiceTest, AttributesBeforeCommitAreShownOnceAndTheListenerToldAfterTheCommit) {
  std::atomic<int> listened{0};
  telemetry_->on_attributes_saved([&](const auto&, auto, const auto&) { ++listened; });
  std::promise<Status> committed;
  telemetry_->save_attributes(
      device_, model::AttributeScope::kShared, {{"mode", std::string("eco")}},
      [&](Status status) { committed.set_value(status); }, LiveUpdate::kBeforeCommit);
  EXPECT_EQ(attribute_updates_, 1);
  ASSERT_TRUE(committed.get_future().get());
  EXPECT_EQ(attribute_updates_, 1);
  EXPECT_EQ(listened, 1);
  telemetry_->on_attributes_saved(nullptr);
}

// Regression: history reads took any number of keys (repeats included), each with up to
// kMaxHistoryLimit points in memory.
TEST(HistoryKeysTest, RepeatsAreDroppedAndMoreThanTheLimitRefused) {
  auto keys = history_keys({"t", "h", "t", "p", "h"});
  ASSERT_TRUE(keys);
  EXPECT_EQ(*keys, (std::vector<std::string>{"t", "h", "p"}));
  std::vector<std::string> many(1000, "same");
  for (std::size_t i = 1; i < kMaxHistoryKeys; ++i) many.push_back("k" + std::to_string(i));
  ASSERT_TRUE(history_keys(many));
  EXPECT_EQ(history_keys(many)->size(), kMaxHistoryKeys);
  many.push_back("one-more");
  auto refused = history_keys(many);
  EXPECT_EQ(refused.status().code(), ErrorCode::kBadRequestParams);
  EXPECT_EQ(refused.status().message(), "At most 100 keys can be read at once");
}

}  // namespace
}  // namespace pacificsoft::telemetry
