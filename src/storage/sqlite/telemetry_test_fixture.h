// Test fixture for the telemetry stores: a fresh file in a temp dir, both stores on one
// TelemetryDb, and blocking helpers over the asynchronous save().
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>

#include "storage/sqlite/sqlite_attribute_store.h"
#include "storage/sqlite/sqlite_timeseries_store.h"
#include "storage/telemetry_store_conformance.h"

namespace pacificsoft::storage::sqlite {

using conformance::aggregated;
using conformance::raw;

class TelemetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("ps_ts_" + Uuid::random().to_string());
    std::filesystem::create_directories(dir_);
    reopen();
  }
  void TearDown() override {
    close();
    std::filesystem::remove_all(dir_);
  }
  void close() {
    ts_.reset();
    attrs_.reset();
    db_.reset();
  }
  void reopen(TelemetryDbOptions options = {}) {
    close();
    auto opened = TelemetryDb::open(path(), options);
    ASSERT_TRUE(opened.is_ok()) << opened.status().to_string();
    db_ = *opened;
    ts_ = std::make_unique<SqliteTimeseriesStore>(db_);
    attrs_ = std::make_unique<SqliteAttributeStore>(db_);
  }
  std::string path() const { return (dir_ / "telemetry.db").string(); }

  Status save(std::vector<model::TsKv> points, std::int64_t ttl_s = 0,
              const model::EntityId* entity = nullptr) {
    std::promise<Status> done;
    ts_->save(entity ? *entity : entity_, std::move(points), ttl_s,
              [&done](Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  }
  Status save_attributes(model::AttributeScope scope, std::vector<model::AttributeKv> values) {
    std::promise<Status> done;
    attrs_->save(entity_, scope, std::move(values),
                 [&done](Status status) { done.set_value(std::move(status)); });
    return done.get_future().get();
  }
  std::vector<model::TsKv> query(const TsQuery& query) {
    auto result = ts_->query(entity_, query);
    EXPECT_TRUE(result.is_ok()) << result.status().to_string();
    return result.is_ok() ? *result : std::vector<model::TsKv>();
  }
  // One integer from SQL run on a separate connection to the file.
  std::int64_t sql_int(const std::string& sql) {
    sqlite3* handle = nullptr;
    sqlite3_open(path().c_str(), &handle);
    sqlite3_stmt* stmt = nullptr;
    std::int64_t value = -1;
    if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      value = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    return value;
  }

  std::filesystem::path dir_;
  std::shared_ptr<TelemetryDb> db_;
  std::unique_ptr<SqliteTimeseriesStore> ts_;
  std::unique_ptr<SqliteAttributeStore> attrs_;
  model::EntityId entity_{model::EntityType::kDevice, Uuid::random()};
};

}  // namespace pacificsoft::storage::sqlite
